package literal

import (
	"errors"
	"strings"
	"testing"
)

// checkLiteral reports values that are not of the types the parser promises.
func checkLiteral(t *testing.T, v any) {
	t.Helper()
	switch v := v.(type) {
	case nil, bool, int64, float64, string:
	case []any:
		if v == nil {
			t.Errorf("nil list")
		}
		for _, x := range v {
			checkLiteral(t, x)
		}
	case map[string]any:
		if v == nil {
			t.Errorf("nil dict")
		}
		for _, x := range v {
			checkLiteral(t, x)
		}
	default:
		t.Errorf("value of type %T", v)
	}
}

// checkError reports errors that are not an *Error of source with a
// plausible line.
func checkError(t *testing.T, err error, source string, maxLine int) {
	t.Helper()
	var e *Error
	switch {
	case !errors.As(err, &e):
		t.Errorf("error %v of type %T", err, err)
	case e.Source != source || e.Line < 0 || e.Line > maxLine || e.Msg == "":
		t.Errorf("bad error %#v", e)
	}
}

func FuzzParseConfigFile(f *testing.F) {
	for _, seed := range []string{
		"",
		"A = 1\n",
		"# comment\nFSA_MODE = 'dev'  # comment\n\nB = [1, 2.5, -3,]\n",
		"A = {'a': (1,), \"b\": [True, None, null], 'c': {}}\n",
		"A = '''x\ny''' 'z'\nB = r\"\\d\" u'\\x41\\u00e9\\n'\n",
		"A = \\\n  0x_ff\nB = (\n 'a'\n 'b'\n)\n",
		"A = 1\nA = 2\n",
		"A = [1, 2\nB = 3\n",
		"A = 60*24\n",
		"A = {1: 2}\n",
		"  A = 1\n",
		"A = '\\N{DASH}' b'' f''\n",
		"A = ((((((((((1))))))))))\n",
		"A = 1e999, 011, 1_, 0o8\n",
		"A = \"\xff\"\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		settings, err := ParseFile("fuzz", src)
		if err != nil {
			checkError(t, err, "fuzz", strings.Count(string(src), "\n")+strings.Count(string(src), "\r")+1)
			return
		}
		seen := make(map[string]bool)
		for _, s := range settings {
			if s.Name == "" || !isLetter(s.Name[0]) && s.Name[0] != '_' || seen[s.Name] || s.Line < 1 {
				t.Errorf("bad setting %q on line %d", s.Name, s.Line)
			}
			seen[s.Name] = true
			checkLiteral(t, s.Value)
		}
	})
}

func FuzzParseLiteral(f *testing.F) {
	for _, seed := range []string{
		"", "1", "-0x10", ".5e-3", "'a' \"b\"", "[1, (2,), {'a': None}]",
		"true", "hunter2", "1, 2", "[1,\n2", "'''\n'''", "\"\\ud800\"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		v, err := ParseValue("environment", src)
		if err != nil {
			checkError(t, err, "environment", 0)
			return
		}
		checkLiteral(t, v)
	})
}
