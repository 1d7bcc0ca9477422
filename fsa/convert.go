package fsa

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// converter sets dst from a request value: a string from the path, the
// query or a form, or a JSON value from a JSON body. Its errors are the
// end of a message "parameter "x" ...".
type converter struct {
	fromString func(s string, dst reflect.Value) error
	fromJSON   func(raw json.RawMessage, dst reflect.Value) error
}

// converterFor returns the converter of a field type, or false when the
// type is not supported.
func converterFor(t reflect.Type) (converter, bool) {
	var parse func(string, reflect.Value) error
	switch t.Kind() {
	case reflect.String:
		parse = func(s string, dst reflect.Value) error { dst.SetString(s); return nil }
		return converter{parse, jsonString(parse)}, true
	case reflect.Bool:
		parse = func(s string, dst reflect.Value) error { dst.SetBool(parseBool(s)); return nil }
		return converter{parse, jsonLiteral(parse, "true or false", func(raw json.RawMessage) bool {
			return string(raw) == "true" || string(raw) == "false"
		})}, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := t.Bits()
		parse = func(s string, dst reflect.Value) error {
			n, err := parseInt(s, bits)
			if err == nil {
				dst.SetInt(n)
			}
			return err
		}
		return converter{parse, jsonLiteral(parse, "an integer", isJSONNumber)}, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		bits := t.Bits()
		parse = func(s string, dst reflect.Value) error {
			n, err := parseUint(s, bits)
			if err == nil {
				dst.SetUint(n)
			}
			return err
		}
		return converter{parse, jsonLiteral(parse, "an unsigned integer", isJSONNumber)}, true
	case reflect.Float32, reflect.Float64:
		bits := t.Bits()
		parse = func(s string, dst reflect.Value) error {
			f, err := parseFloat(s, bits)
			if err == nil {
				dst.SetFloat(f)
			}
			return err
		}
		return converter{parse, jsonLiteral(parse, "a number", isJSONNumber)}, true
	}
	return converter{}, false
}

// jsonString accepts a JSON string only.
func jsonString(parse func(string, reflect.Value) error) func(json.RawMessage, reflect.Value) error {
	return func(raw json.RawMessage, dst reflect.Value) error {
		var s string
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
			return errors.New("must be a string")
		}
		return parse(s, dst)
	}
}

// jsonLiteral accepts a JSON literal that isLiteral recognizes, or a JSON
// string holding the value as a request parameter would ("4" for 4), as
// FlaskSimpleAuth does.
func jsonLiteral(parse func(string, reflect.Value) error, what string, isLiteral func(json.RawMessage) bool) func(json.RawMessage, reflect.Value) error {
	return func(raw json.RawMessage, dst reflect.Value) error {
		if len(raw) > 0 && raw[0] == '"' {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return errors.New("must be " + what)
			}
			return parse(s, dst)
		}
		if !isLiteral(raw) {
			return errors.New("must be " + what)
		}
		return parse(string(raw), dst)
	}
}

func isJSONNumber(raw json.RawMessage) bool {
	return len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9')
}

// parseBool is FlaskSimpleAuth's rule: "", "0", "false" and "f", in any
// case, are false; anything else is true.
func parseBool(s string) bool {
	switch strings.ToLower(s) {
	case "", "0", "false", "f":
		return false
	}
	return true
}

var errInteger = errors.New("must be an integer")

// parseInt reads an integer as Python's int(s, 0) does: surrounding
// spaces, a sign, 0x / 0o / 0b prefixes and _ between digits; a decimal
// with a leading zero (011) is refused.
func parseInt(s string, bits int) (int64, error) {
	s, err := pythonInt(s)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(s, 0, bits)
	return n, numError(err, bits, "int")
}

// parseUint is parseInt for unsigned types.
func parseUint(s string, bits int) (uint64, error) {
	s, err := pythonInt(s)
	if err != nil {
		return 0, err
	}
	if strings.HasPrefix(s, "-") {
		return 0, errors.New("must not be negative")
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(s, "+"), 0, bits)
	return n, numError(err, bits, "uint")
}

// pythonInt checks what strconv's base 0 would read differently from
// Python: a leading zero on a decimal is octal in Go, an error in Python.
func pythonInt(s string) (string, error) {
	s = strings.TrimSpace(s)
	digits := strings.TrimLeft(s, "+-")
	if len(digits) > 1 && digits[0] == '0' && (digits[1] >= '0' && digits[1] <= '9' || digits[1] == '_') {
		if strings.Trim(digits, "0_") != "" || strings.HasSuffix(digits, "_") {
			return "", errInteger
		}
		return strings.ReplaceAll(s, "_", ""), nil // 00, 0_0
	}
	return s, nil
}

// parseFloat reads a float; NaN and infinities are refused, as JSON
// cannot carry them back.
func parseFloat(s string, bits int) (float64, error) {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "xX") { // Go's hexadecimal floats, unknown to Python
		return 0, errors.New("must be a number")
	}
	f, err := strconv.ParseFloat(s, bits)
	if err != nil {
		return 0, numError(err, bits, "float")
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, errors.New("must be a finite number")
	}
	return f, nil
}

// numError turns a strconv error into a message that does not echo the value.
func numError(err error, bits int, kind string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, strconv.ErrRange) {
		return fmt.Errorf("is out of range for %s%d", kind, bits)
	}
	if kind == "float" {
		return errors.New("must be a number")
	}
	return errInteger
}
