package fsa

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"
)

// hasValidateTags tells whether a type holds struct fields with validate
// tags, which validation must then reach.
func hasValidateTags(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return hasValidateTags(t.Elem(), seen)
	case reflect.Struct:
		if seen[t] || t == typeTime {
			return false
		}
		seen[t] = true
		for i := range t.NumField() {
			sf := t.Field(i)
			if _, ok := sf.Tag.Lookup("validate"); ok || sf.IsExported() && hasValidateTags(sf.Type, seen) {
				return true
			}
		}
	}
	return false
}

// checkStructTags runs the validate tags of the struct types t holds on
// zero values, so that a nested tag validator does not know is a
// declaration error rather than a panic per request.
func checkStructTags(v *validator.Validate, t reflect.Type, seen map[reflect.Type]bool) (err error) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return checkStructTags(v, t.Elem(), seen)
	case reflect.Struct:
		if seen[t] || t == typeTime {
			return nil
		}
		seen[t] = true
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("type %s: %w", t, tagError("", p))
			}
		}()
		v.Struct(reflect.New(t).Interface())
		for i := range t.NumField() {
			if sf := t.Field(i); sf.IsExported() {
				if err := checkStructTags(v, sf.Type, seen); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkTag runs a validate tag once on value, so that a tag validator
// does not know is a declaration error rather than a panic per request.
func checkTag(v *validator.Validate, value any, tag string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = tagError(tag, p)
		}
	}()
	v.Var(value, tag)
	return nil
}

// undefinedTag finds the name in validator's panic for a tag it does not
// know.
var undefinedTag = regexp.MustCompile(`^Undefined validation function '([^']*)'`)

// tagError words validator's panic p on the validate tag tag ("" when
// unknown): a tag that is neither validator's nor registered with the
// app's validator is named as such.
func tagError(tag string, p any) error {
	if m := undefinedTag.FindStringSubmatch(fmt.Sprint(p)); m != nil {
		if tag != "" && tag != m[1] {
			return fmt.Errorf("unknown validate tag %q in %q", m[1], tag)
		}
		return fmt.Errorf("unknown validate tag %q", m[1])
	}
	if tag != "" {
		return fmt.Errorf("invalid validate tag %q: %v", tag, p)
	}
	return fmt.Errorf("invalid validate tag: %v", p)
}

// validationProblems runs the validate tags of dst and words their
// failures with request names, leaving out the fields in skip.
func (p *plan) validationProblems(v *validator.Validate, d *requestData, dst reflect.Value, skip []string) []problemLine {
	var err error
	if len(p.skipNS) == 0 {
		err = v.Struct(dst.Addr().Interface())
	} else {
		err = v.StructFiltered(dst.Addr().Interface(), p.skipFilter)
	}
	if err == nil {
		return nil
	}

	var fieldErrs validator.ValidationErrors
	if !errors.As(err, &fieldErrs) {
		return []problemLine{{len(p.fields), "invalid parameters", "", ""}}
	}

	var lines []problemLine
	for _, fe := range fieldErrs {
		top, name := p.displayName(fe.StructNamespace())
		if slices.Contains(skip, top) {
			continue
		}
		what, pname, in := "parameter", top, d.in(top)
		i := slices.IndexFunc(p.fields, func(f field) bool { return f.name == top })
		if i < 0 {
			i = len(p.fields)
		} else {
			f := &p.fields[i]
			if f.kind == kindHeader || f.kind == kindCookie {
				what, name = map[kind]string{kindHeader: "header", kindCookie: "cookie"}[f.kind], f.key+strings.TrimPrefix(name, top)
			}
			pname, in = f.requestName(), f.in(d)
		}
		lines = append(lines, problemLine{i, what + " " + quote(name) + " " + validationMessage(fe), pname, in})
	}
	return lines
}

// validationMessage says, for a person, what a failed validate tag wants,
// after the parameter's name: "must be at least 1450". It shows the tag's
// parameter, which the app wrote, never the value sent. A tag it does not
// word is shown as is: fails validation "tag=param".
func validationMessage(fe validator.FieldError) string {
	param := fe.Param()
	var size string // what a size tag counts, "" for a number's value
	switch fe.Kind() {
	case reflect.String:
		size = " characters"
	case reflect.Slice, reflect.Array, reflect.Map:
		size = " items"
	}
	bound := func(number, sized string) string {
		if size == "" {
			return "must be " + number + " " + param
		}
		return "must have " + sized + " " + param + size
	}

	switch fe.Tag() {
	case "required", "required_if", "required_unless", "required_with", "required_with_all",
		"required_without", "required_without_all":
		return "is required"
	case "min", "gte":
		return bound("at least", "at least")
	case "max", "lte":
		return bound("at most", "at most")
	case "gt":
		return bound("greater than", "more than")
	case "lt":
		return bound("less than", "fewer than")
	case "len":
		if size == "" {
			return "must be " + param
		}
		return "must have " + param + size
	case "eq":
		return "must be " + param
	case "ne":
		return "must not be " + param
	case "oneof":
		return "must be one of: " + strings.Join(strings.Fields(param), ", ")
	case "contains":
		return "must contain " + strconv.Quote(param)
	case "excludes":
		return "must not contain " + strconv.Quote(param)
	case "startswith":
		return "must start with " + strconv.Quote(param)
	case "endswith":
		return "must end with " + strconv.Quote(param)
	case "datetime":
		return "must be a date and time in the layout " + strconv.Quote(param)
	case "uuid3", "uuid4", "uuid5":
		return "must be a version " + fe.Tag()[4:] + " UUID"
	}
	if words, ok := validationWords[fe.Tag()]; ok {
		return words
	}
	check := fe.Tag()
	if param != "" {
		check += "=" + param
	}
	return "fails validation " + strconv.Quote(check)
}

// validationWords word the tags without parameters.
var validationWords = map[string]string{
	"email":        "must be an email address",
	"url":          "must be a URL",
	"http_url":     "must be an HTTP or HTTPS URL",
	"uri":          "must be a URI",
	"uuid":         "must be a UUID",
	"alpha":        "must contain only letters",
	"alphanum":     "must contain only letters and digits",
	"alphaunicode": "must contain only letters",
	"numeric":      "must be numeric",
	"number":       "must be a number",
	"hexadecimal":  "must be hexadecimal",
	"ascii":        "must contain only ASCII characters",
	"printascii":   "must contain only printable ASCII characters",
	"lowercase":    "must be lowercase",
	"uppercase":    "must be uppercase",
	"ip":           "must be an IP address",
	"ipv4":         "must be an IPv4 address",
	"ipv6":         "must be an IPv6 address",
	"cidr":         "must be a network in CIDR notation",
	"hostname":     "must be a host name",
	"fqdn":         "must be a fully qualified domain name",
	"boolean":      "must be a boolean",
	"json":         "must be JSON",
	"unique":       "must not repeat a value",
	"base64":       "must be base64",
	"e164":         "must be a phone number in E.164 form",
	"semver":       "must be a semantic version",
	"jwt":          "must be a JWT",
}

// displayName turns a validator namespace of Go names (Input.Who.Born,
// Input.Li[2], Input.M[k]) into the request's names (who.born, li[2],
// m.k), as conversion errors name them: the field's request name, then
// the members' JSON names and the map keys. top is the field's.
func (p *plan) displayName(ns string) (top, name string) {
	if p.typ.Name() != "" {
		ns = strings.TrimPrefix(ns, p.typ.Name()+".")
	}

	var b strings.Builder
	t := p.typ
	for first := true; ns != ""; first = false {
		end := strings.IndexAny(ns, ".[")
		if end < 0 {
			end = len(ns)
		}
		goName := ns[:end]
		ns = ns[end:]

		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		sf, ok := reflect.StructField{}, false
		if t.Kind() == reflect.Struct {
			sf, ok = t.FieldByName(goName)
		}
		switch {
		case !ok:
			b.WriteString(goName)
		case first:
			top, _ = requestName(sf)
			b.WriteString(top)
		default:
			b.WriteByte('.')
			jsonName, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if jsonName == "" || jsonName == "-" {
				jsonName = sf.Name
			}
			b.WriteString(jsonName)
		}
		if ok {
			t = sf.Type
		}

		for strings.HasPrefix(ns, "[") { // indexes and keys
			end := strings.IndexByte(ns, ']') + 1
			if end == 0 {
				end = len(ns)
			}
			for t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if t.Kind() == reflect.Map {
				b.WriteString("." + strings.TrimSuffix(ns[1:end], "]"))
			} else {
				b.WriteString(ns[:end])
			}
			ns = ns[end:]
			if t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
				t = t.Elem()
			}
		}

		ns = strings.TrimPrefix(ns, ".")
	}
	return top, b.String()
}

// newValidator returns the app's validator.
func newValidator() *validator.Validate {
	return validator.New(validator.WithRequiredStructEnabled())
}
