package literal

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// secret appears in string literals of error cases: no message may show it.
const secret = "s3cret"

func TestParseConfigFile(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Setting
	}{
		{"empty file", "", nil},
		{"comments and blank lines only", "# a comment\n\n   \n\t# indented comment\n", nil},
		{"one setting", "FSA_MODE = 'dev'\n", []Setting{{"FSA_MODE", "dev", 1}}},
		{"no final newline", "FSA_MODE = 'dev'", []Setting{{"FSA_MODE", "dev", 1}}},
		{"no spaces", "A=-1", []Setting{{"A", int64(-1), 1}}},
		{"identifier characters", "_a1_B2 = 1", []Setting{{"_a1_B2", int64(1), 1}}},
		{"lines and order", "# header\nA = 1\n\nB = 2 # trailing comment\n# c\nC = 3\n",
			[]Setting{{"A", int64(1), 2}, {"B", int64(2), 4}, {"C", int64(3), 6}}},
		{"hash in string", `A = "#not a comment" # comment`, []Setting{{"A", "#not a comment", 1}}},
		{"multi-line list with comments", "A = [\n  1,  # one\n\n  2,\n]\nB = 3",
			[]Setting{{"A", []any{int64(1), int64(2)}, 1}, {"B", int64(3), 6}}},
		{"multi-line dict", "A = {\n  'k': 'v',\n}\nB = None",
			[]Setting{{"A", map[string]any{"k": "v"}, 1}, {"B", nil, 4}}},
		{"backslash continuation", "A = \\\n  42\nB = 1", []Setting{{"A", int64(42), 1}, {"B", int64(1), 3}}},
		{"continuation joins strings", "A = 'ab' \\\n 'cd'", []Setting{{"A", "abcd", 1}}},
		{"triple-quoted string spans lines", "A = '''x\ny\nz'''\nB = 2",
			[]Setting{{"A", "x\ny\nz", 1}, {"B", int64(2), 4}}},
		{"string concatenation across lines", "A = (\n  'abc'\n  'def'\n)\nB = 1",
			[]Setting{{"A", "abcdef", 1}, {"B", int64(1), 5}}},
		{"CRLF line endings", "A = 1\r\nB = '''x\r\ny'''\r\n",
			[]Setting{{"A", int64(1), 1}, {"B", "x\ny", 2}}},
		{"byte order mark", "\uFEFFA = 1", []Setting{{"A", int64(1), 1}}},
		{"JSON spelling", `A = {"a": [true, false, null], "b": 1.5}`,
			[]Setting{{"A", map[string]any{"a": []any{true, false, nil}, "b": 1.5}, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFile("app.cfg", []byte(tt.src))
			if err != nil {
				t.Fatalf("ParseFile(%q): %v", tt.src, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseFile(%q) = %#v, want %#v", tt.src, got, tt.want)
			}
		})
	}
}

// TestParseValue checks values, each given as the value of a setting X.
func TestParseValue(t *testing.T) {
	deep := strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth)
	var deepWant any = []any{}
	for range maxDepth - 1 {
		deepWant = []any{deepWant}
	}
	tests := []struct {
		name string
		src  string
		want any
	}{
		// strings
		{"double quotes", `"abc"`, "abc"},
		{"single quotes", `'abc'`, "abc"},
		{"empty string", `""`, ""},
		{"quote escapes", `'\\ \' \"'`, `\ ' "`},
		{"control escapes", `"\n\r\t\b\f\v\a"`, "\n\r\t\b\f\v\a"},
		{"octal escapes", `"\0|\7|\101|\1234"`, "\x00|\x07|A|S4"},
		{"hex escape is a code point", `"\x41\xe9"`, "Aé"},
		{"unicode escapes", `"\u00e9\U0001F600"`, "é😀"},
		{"unknown escape kept", `"\d\w\8\q"`, `\d\w\8\q`},
		{"backslash newline in string", "'ab\\\ncd'", "abcd"},
		{"raw string", `r"[a-z]\d\\"`, `[a-z]\d\\`},
		{"raw string upper R", `R'\n'`, `\n`},
		{"raw string escaped quote", `r"a\"b"`, `a\"b`},
		{"raw backslash newline", "r'a\\\nb'", "a\\\nb"},
		{"triple double quotes", `"""a"b""c"""`, `a"b""c`},
		{"triple single quotes", "'''a\n'b'\n'''", "a\n'b'\n"},
		{"raw triple quotes", `r"""\d"""`, `\d`},
		{"u prefix", `u"x" U'y'`, "xy"},
		{"adjacent strings", `"abc" 'def' """ghi"""`, "abcdefghi"},
		{"non-ASCII", `"ü€😀"`, "ü€😀"},
		// numbers
		{"zero", "0", int64(0)},
		{"zeros", "00", int64(0)},
		{"decimal", "42", int64(42)},
		{"underscores", "1_000_000", int64(1000000)},
		{"hex", "0xFF", int64(255)},
		{"hex underscore after prefix", "0X_ff", int64(255)},
		{"octal", "0o17", int64(15)},
		{"binary", "0b1_01", int64(5)},
		{"negative", "-42", int64(-42)},
		{"plus", "+42", int64(42)},
		{"sign apart", "- 1", int64(-1)},
		{"min int64", "-9223372036854775808", int64(math.MinInt64)},
		{"max int64", "0x7fff_ffff_ffff_ffff", int64(math.MaxInt64)},
		{"float", "1.5", 1.5},
		{"float without integer part", ".5", 0.5},
		{"float without fraction", "1.", 1.0},
		{"float exponent", "1e3", 1000.0},
		{"float signed exponent", "1.5E-2", 0.015},
		{"float underscores", "1_000.000_1", 1000.0001},
		{"float with leading zeros", "00.5", 0.5},
		{"negative float", "-2.5e1", -25.0},
		{"float underflow", "1e-400", 0.0},
		// names
		{"True", "True", true},
		{"False", "False", false},
		{"None", "None", nil},
		{"true", "true", true},
		{"false", "false", false},
		{"null", "null", nil},
		// containers
		{"list", "[1, 'a', None]", []any{int64(1), "a", nil}},
		{"empty list", "[]", []any{}},
		{"list trailing comma", "[1, 2,]", []any{int64(1), int64(2)}},
		{"tuple", "(1, 2)", []any{int64(1), int64(2)}},
		{"empty tuple", "()", []any{}},
		{"one-element tuple", "(1,)", []any{int64(1)}},
		{"parenthesised value", "((1))", int64(1)},
		{"dict", `{"a": 1, 'b': [2]}`, map[string]any{"a": int64(1), "b": []any{int64(2)}}},
		{"empty dict", "{}", map[string]any{}},
		{"dict trailing comma", `{"a": 1,}`, map[string]any{"a": int64(1)}},
		{"dict key concatenation", `{"a" "b": 1}`, map[string]any{"ab": int64(1)}},
		{"nested", `{"a": [(1, {"b": ()})]}`, map[string]any{"a": []any{[]any{int64(1), map[string]any{"b": []any{}}}}}},
		{"nesting at the limit", deep, deepWant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "X = " + tt.src
			got, err := ParseFile("app.cfg", []byte(src))
			if err != nil {
				t.Fatalf("ParseFile(%q): %v", src, err)
			}
			want := []Setting{{"X", tt.want, 1}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ParseFile(%q) = %#v, want %#v", src, got, want)
			}
		})
	}
}

func TestParseConfigFileErrors(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		line    int
		setting string // Error.Name
		msg     string // substring of Error.Msg
	}{
		// not literals
		{"product", "X = 60*24", 1, "X", "expressions are not supported (only literal values)"},
		{"sum", "A = 1\nX = 1 + 2", 2, "X", "expressions are not supported"},
		{"string sum", `X = "s3cret" + "b"`, 1, "X", "expressions are not supported"},
		{"conditional", "X = 1 if y else 2", 1, "X", "expressions are not supported"},
		{"keyword", "X = not True", 1, "X", "expressions are not supported"},
		{"lambda", "X = lambda: 1", 1, "X", "expressions are not supported"},
		{"two values", "X = 1 2", 1, "X", "expressions are not supported"},
		{"subscript", `X = "s3cret"[0]`, 1, "X", "expressions are not supported"},
		{"method call", `X = "s3cret".upper()`, 1, "X", "expressions are not supported"},
		{"call on parenthesised value", "X = (1)(2)", 1, "X", "expressions are not supported"},
		{"negated name literal", "X = -True", 1, "X", "expressions are not supported"},
		{"double minus", "X = --1", 1, "X", "expressions are not supported"},
		{"ellipsis", "X = ...", 1, "X", "expressions are not supported"},
		{"unpacking in dict", "X = {**d}", 1, "X", "expressions are not supported"},
		{"unpacking in list", "X = [*a]", 1, "X", "expressions are not supported"},
		{"expression after multi-line string", "X = '''s3cret\n\n''' * 2", 3, "X", "expressions are not supported"},
		{"expression after continuation", "X = 1 \\\n + 2", 2, "X", "expressions are not supported"},
		{"environment lookup", `X = os.environ["X"]`, 1, "X", "names are not supported: os (only literal values)"},
		{"call", `X = int("3")`, 1, "X", "names are not supported: int"},
		{"inf", "X = inf", 1, "X", "names are not supported: inf"},
		{"nan", "X = -nan", 1, "X", "names are not supported: nan"},
		{"name in list", "X = [1,\n  y]", 2, "X", "names are not supported: y"},
		// not assignments
		{"import", "import os", 1, "", "expected an assignment NAME = value"},
		{"colon", `FSA_MODE: "dev"`, 1, "", "expected an assignment NAME = value"},
		{"comparison", "A = 1\nFSA_MODE == 1", 2, "", "expected an assignment NAME = value"},
		{"augmented assignment", "x += 1", 1, "", "expected an assignment NAME = value"},
		{"docstring", `"""s3cret"""`, 1, "", "expected an assignment NAME = value"},
		{"number as name", "1 = 2", 1, "", "expected an assignment NAME = value"},
		{"keyword as name", "True = 1", 1, "", "expected an assignment NAME = value"},
		{"multiple targets", "A, B = 1, 2", 1, "", "expected an assignment NAME = value"},
		{"chained assignment", "A = B = 1", 1, "A", "names are not supported: B"},
		{"indentation", "A = 1\n  B = 2", 2, "", "unexpected indentation"},
		{"top-level tuple", "X = 1, 2", 1, "X", "tuples need parentheses"},
		{"semicolon", "X = 1; Y = 2", 1, "X", "unexpected ';'"},
		{"given twice", "A = 1\nB = 2\nA = 3", 3, "A", "given twice (first on line 1)"},
		// missing parts
		{"empty value", "FSA_MODE =", 1, "FSA_MODE", "missing value"},
		{"empty value before next line", "X =\nY = 1", 1, "X", "missing value"},
		{"empty value after comma", "X = [1,,2]", 1, "X", "missing value"},
		{"empty value in dict", `X = {"a": }`, 1, "X", "missing value"},
		{"missing comma", "X = [1 2]", 1, "X", "missing ','"},
		{"missing comma on a later line", "X = [\n  1,\n  2 3]", 3, "X", "missing ','"},
		{"missing colon", `X = {"s3cret" 1}`, 1, "X", "missing ':'"},
		// brackets
		{"list never closed", "X = [1,\n  2,\n", 1, "X", "'[' was never closed"},
		{"never closed before next setting", "X = [1, 2\nY = 3", 1, "X", "'[' was never closed"},
		{"never closed before next setting after comma", "X = (1,\nY = 3", 1, "X", "'(' was never closed"},
		{"dict never closed", "A = 1\nX = {'a': [1], 'b':", 2, "X", "'{' was never closed"},
		{"innermost never closed", "X = [1, {\n", 1, "X", "'{' was never closed"},
		{"mismatched", "X = [\n1, 2)", 2, "X", "')' does not match '[' on line 1"},
		{"mismatched after comma", "X = {'a': 1, ]", 1, "X", "']' does not match '{' on line 1"},
		{"unmatched", "X = 1)", 1, "X", "unmatched ')'"},
		{"unmatched first", "X = ]", 1, "X", "unmatched ']'"},
		{"nesting too deep", "X = " + strings.Repeat("[", maxDepth+1), 1, "X", "nesting too deep"},
		// dicts
		{"non-string key", "X = {1: 2}", 1, "X", "dict keys must be strings"},
		{"null key", "X = {\n None: 2}", 2, "X", "dict keys must be strings"},
		{"duplicate key", `X = {"s3cret": 1,` + "\n" + `"s3cret": 2}`, 2, "X", "duplicate dict key"},
		{"set", `X = {"s3cret", "b"}`, 1, "X", "sets are not supported"},
		// strings
		{"unterminated string", "A = 1\nX = 's3cret", 2, "X", "unterminated string"},
		{"newline in string", "X = \"s3cret\nB = 1\"", 1, "X", "unterminated string"},
		{"unterminated triple-quoted string", "X = '''s3cret\n\n", 1, "X", "unterminated triple-quoted string"},
		{"unterminated raw string", `X = r"s3cret\"`, 1, "X", "unterminated string"},
		{"bytes", `X = b"s3cret"`, 1, "X", "bytes literals are not supported"},
		{"raw bytes", `X = Rb"s3cret"`, 1, "X", "bytes literals are not supported"},
		{"f-string", `X = f"{s3cret}"`, 1, "X", "f-strings are not supported"},
		{"t-string", `X = t"{s3cret}"`, 1, "X", "t-strings are not supported"},
		{"bad hex escape", `X = "s3cret\xZZ"`, 1, "X", `invalid \x escape`},
		{"short unicode escape", `X = "s3cret\u12"`, 1, "X", `invalid \u escape`},
		{"surrogate escape", `X = "s3cret\ud800"`, 1, "X", `invalid \u escape`},
		{"escape out of range", `X = "s3cret\U00110000"`, 1, "X", `invalid \U escape`},
		{"escape line", "X = '''s3cret\n\\x'''", 2, "X", `invalid \x escape`},
		{"named escape", `X = "\N{DASH}s3cret"`, 1, "X", `\N{...} escapes are not supported`},
		// numbers
		{"leading zero", "X = 011", 1, "X", "leading zeros are not allowed"},
		{"leading zero underscore", "X = 0_1", 1, "X", "leading zeros are not allowed"},
		{"int out of range", "X = 9223372036854775808", 1, "X", "number out of range"},
		{"negative int out of range", "X = -0x8000_0000_0000_0001", 1, "X", "number out of range"},
		{"float out of range", "X = 1e999", 1, "X", "number out of range"},
		{"double underscore", "X = 1__0", 1, "X", "invalid number"},
		{"trailing underscore", "X = 1_", 1, "X", "invalid number"},
		{"bad hex digit", "X = 0xg", 1, "X", "invalid number"},
		{"bad octal digit", "X = 0o8", 1, "X", "invalid number"},
		{"empty exponent", "X = 1e", 1, "X", "invalid number"},
		{"hex float", "X = 0x1p3", 1, "X", "invalid number"},
		{"letters after number", "X = 1abc", 1, "X", "invalid number"},
		{"complex", "X = 1.5j", 1, "X", "complex numbers are not supported"},
		// characters
		{"unexpected character", "X = $s3cret", 1, "X", "unexpected character '$'"},
		{"unexpected character on next line", "X = 1\n?", 2, "", "unexpected character '?'"},
		{"backslash inside line", "X = 1 \\ 2", 1, "X", "backslash must end the line"},
		{"invalid UTF-8", "A = 1\nX = 's3cret\xff'", 2, "", "invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFile("app.cfg", []byte(tt.src))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseFile(%q) = %#v, %v; want an *Error", tt.src, got, err)
			}
			if got != nil {
				t.Errorf("ParseFile(%q) returned settings with an error", tt.src)
			}
			if e.Source != "app.cfg" || e.Line != tt.line || e.Name != tt.setting || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("ParseFile(%q): got %q (line %d, name %q), want line %d, name %q, message containing %q",
					tt.src, e.Error(), e.Line, e.Name, tt.line, tt.setting, tt.msg)
			}
			if strings.Contains(e.Error(), secret) {
				t.Errorf("ParseFile(%q): error %q shows a string's contents", tt.src, e.Error())
			}
		})
	}
}

func TestParseLiteral(t *testing.T) {
	tests := []struct {
		src  string
		want any
	}{
		{`"dev"`, "dev"},
		{"  42\n", int64(42)},
		{"-1.5", -1.5},
		{"true", true},
		{"None", nil},
		{"[1,\n 2]  # comment", []any{int64(1), int64(2)}},
		{`{"a": ("b",)}`, map[string]any{"a": []any{"b"}}},
		{`'a' "b"`, "ab"},
	}
	for _, tt := range tests {
		got, err := ParseValue("environment", tt.src)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseValue(%q) = %#v, %v; want %#v", tt.src, got, err, tt.want)
		}
	}
}

func TestParseLiteralErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		msg  string
	}{
		{"empty", "", "missing value"},
		{"blank", "  # comment\n", "missing value"},
		{"two lines", "1\n2", "only one value is allowed"},
		{"two values", "1 2", "expressions are not supported"},
		{"tuple", "1, 2", "tuples need parentheses"},
		{"assignment", "X = 1", "names are not supported (only literal values)"},
		{"bare word", "s3cret", "names are not supported (only literal values)"},
		{"bare words", "s3cret s3cret", "names are not supported"},
		{"unexpected character", "$s3cret", "unexpected character"},
		{"never closed", "[1,\n2", "'[' was never closed"},
		{"unterminated string", `"s3cret`, "unterminated string"},
		{"invalid UTF-8", "\"s3cret\xff\"", "invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseValue("environment", tt.src)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseValue(%q) = %#v, %v; want an *Error", tt.src, got, err)
			}
			if e.Source != "environment" || e.Line != 0 || e.Name != "" || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("ParseValue(%q): got %#v, want message containing %q", tt.src, e, tt.msg)
			}
			if strings.Contains(e.Error(), secret) || strings.Contains(e.Error(), "$") {
				t.Errorf("ParseValue(%q): error %q shows the value", tt.src, e.Error())
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{Error{Source: "app.cfg", Line: 3, Name: "X", Msg: "missing value"}, "app.cfg:3: X: missing value"},
		{Error{Source: "app.cfg", Line: 2, Msg: "unexpected indentation"}, "app.cfg:2: unexpected indentation"},
		{Error{Source: "environment", Msg: "missing value"}, "environment: missing value"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%#v.Error() = %q, want %q", tt.err, got, tt.want)
		}
	}
}
