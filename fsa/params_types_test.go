package fsa_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// exactBody is fsatest.String, for the many exact bodies of these tables.
var exactBody = fsatest.String

// problemLines is an exact body of several problems, one a line.
func problemLines(problems ...string) *string { return exactBody(strings.Join(problems, "\n")) }

// numberFields has one optional field of each integer and float type.
type numberFields struct {
	I   *int
	I8  *int8
	I16 *int16
	I32 *int32
	I64 *int64
	U   *uint
	U8  *uint8
	U16 *uint16
	U32 *uint32
	U64 *uint64
	F32 *float32
	F64 *float64
	B   *bool
	S   *string
}

// setFields returns the fields of a struct of pointers that are set, by
// lower-case Go name, as JSON text (a number decoded as a float64 could
// not carry every uint64).
func setFields(in any) (any, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	json.Unmarshal(b, &m)
	out := map[string]string{}
	for k, v := range m {
		if string(v) != "null" {
			out[strings.ToLower(k)] = string(v)
		}
	}
	return out, nil
}

func TestNumberParameters(t *testing.T) {
	app := newApp(t, nil)
	fsa.Get(app, "/n", fsa.Open, func(_ *fsa.Context, in numberFields) (any, error) { return setFields(in) })
	fsa.Post(app, "/n", fsa.Open, func(_ *fsa.Context, in numberFields) (any, error) { return setFields(in) })
	q := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
	got := func(kv ...string) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	post := func(name string, body map[string]any, status int, want any) fsatest.Case {
		tc := fsatest.Case{Name: "JSON " + name, Method: "POST", JSON: body, WantStatus: status}
		switch w := want.(type) {
		case string:
			tc.WantExact = exactBody(w)
		case map[string]any:
			tc.WantJSON = w
		}
		return tc
	}
	client(t, app).Run(t, withPath("/n", []fsatest.Case{
		{Name: "nothing", WantStatus: 200, WantExact: exactBody("{}\n")},
		{Name: "int16 bounds", Query: q("i16", "-32768", "u16", "65535"), WantStatus: 200, WantJSON: got("i16", "-32768", "u16", "65535")},
		{Name: "int16 overflow", Query: q("i16", "32768"), WantStatus: 400, WantExact: exactBody(`parameter "i16" is out of range for int16`)},
		{Name: "int32 underflow", Query: q("i32", "-2147483649"), WantStatus: 400, WantExact: exactBody(`parameter "i32" is out of range for int32`)},
		{Name: "int64 bounds", Query: q("i64", "-9223372036854775808"), WantStatus: 200, WantJSON: got("i64", "-9223372036854775808")},
		{Name: "int64 overflow", Query: q("i64", "9223372036854775808"), WantStatus: 400, WantExact: exactBody(`parameter "i64" is out of range for int64`)},
		{Name: "uint64 max", Query: q("u64", "18446744073709551615"), WantStatus: 200, WantJSON: got("u64", "18446744073709551615")},
		{Name: "uint64 overflow", Query: q("u64", "0x1_0000_0000_0000_0000"), WantStatus: 400, WantExact: exactBody(`parameter "u64" is out of range for uint64`)},
		{Name: "uint8 hexadecimal", Query: q("u8", "0XfF"), WantStatus: 200, WantJSON: got("u8", "255")},
		{Name: "uint plus sign", Query: q("u", "+7"), WantStatus: 200, WantJSON: got("u", "7")},
		{Name: "uint32 negative", Query: q("u32", "-1"), WantStatus: 400, WantExact: exactBody(`parameter "u32" must not be negative`)},
		{Name: "int8 negative octal", Query: q("i8", "-0o17"), WantStatus: 200, WantJSON: got("i8", "-15")},
		{Name: "underscore after prefix", Query: q("i", "0x_1f"), WantStatus: 200, WantJSON: got("i", "31")},
		{Name: "double underscore", Query: q("i", "1__0"), WantStatus: 400, WantExact: exactBody(`parameter "i" must be an integer`)},
		{Name: "leading underscore", Query: q("i", "_1"), WantStatus: 400, WantExact: exactBody(`parameter "i" must be an integer`)},
		{Name: "trailing underscore", Query: q("i", "1_"), WantStatus: 400, WantExact: exactBody(`parameter "i" must be an integer`)},
		{Name: "zero underscore digit", Query: q("i", "0_7"), WantStatus: 400, WantExact: exactBody(`parameter "i" must be an integer`)},
		{Name: "bare prefix", Query: q("i", "0x"), WantStatus: 400, WantExact: exactBody(`parameter "i" must be an integer`)},
		{Name: "empty int", Query: q("i", ""), WantStatus: 400, WantExact: exactBody(`parameter "i" must be an integer`)},
		{Name: "decimal for int", Query: q("i", "1.0"), WantStatus: 400, WantExact: exactBody(`parameter "i" must be an integer`)},
		{Name: "tab and newline", Query: q("i", "\t12\n"), WantStatus: 200, WantJSON: got("i", "12")},
		{Name: "float forms", Query: q("f64", "5.", "f32", ".25"), WantStatus: 200, WantJSON: got("f64", "5", "f32", "0.25")},
		{Name: "float underscores", Query: q("f64", "1_000.5"), WantStatus: 200, WantJSON: got("f64", "1000.5")},
		{Name: "float64 overflow", Query: q("f64", "1e309"), WantStatus: 400, WantExact: exactBody(`parameter "f64" is out of range for float64`)},
		{Name: "infinity spelled out", Query: q("f64", "-Infinity"), WantStatus: 400, WantExact: exactBody(`parameter "f64" must be a finite number`)},
		{Name: "empty float", Query: q("f32", ""), WantStatus: 400, WantExact: exactBody(`parameter "f32" must be a number`)},
		{Name: "bool t", Query: q("b", "t"), WantStatus: 200, WantJSON: got("b", "true")},
		{Name: "bool 0", Query: q("b", "0"), WantStatus: 200, WantJSON: got("b", "false")},
		{Name: "empty string", Query: q("s", ""), WantStatus: 200, WantJSON: got("s", `""`)},
		{Name: "form values", Method: "POST", Form: q("i32", "0b101", "f32", "2.5"), WantStatus: 200, WantJSON: got("i32", "5", "f32", "2.5")},
		{Name: "multipart values", Method: "POST", Form: q("i8", "-8", "s", "x y"), Files: url.Values{}, WantStatus: 200, WantJSON: got("i8", "-8", "s", `"x y"`)},
		{Name: "multipart on GET", Form: q("u8", "300"), Files: url.Values{}, WantStatus: 400, WantExact: exactBody(`parameter "u8" is out of range for uint8`)},
		{Name: "JSON on GET", JSON: map[string]any{"i": 3}, WantStatus: 200, WantJSON: got("i", "3")},
		{Name: "vendor JSON", Method: "POST", Body: `{"i":"4"}`, Header: map[string][]string{"Content-Type": {"application/problem+json"}}, WantStatus: 200,
			WantJSON: got("i", "4")},
		{Name: "other bodies are refused", Method: "POST", Body: "i=5", Header: map[string][]string{"Content-Type": {"text/plain"}}, WantStatus: 400,
			WantExact: exactBody("unsupported content type: send application/json, application/x-www-form-urlencoded or multipart/form-data")},
		{Name: "form int16 overflow", Method: "POST", Form: q("i16", "40000"), WantStatus: 400, WantExact: exactBody(`parameter "i16" is out of range for int16`)},
		post("uint64 max", map[string]any{"u64": json.Number("18446744073709551615")}, 200, got("u64", "18446744073709551615")),
		post("int64 exactly", map[string]any{"i64": json.Number("9007199254740993")}, 200, got("i64", "9007199254740993")),
		post("int32 overflow", map[string]any{"i32": json.Number("2147483648")}, 400, `parameter "i32" is out of range for int32`),
		post("exponent for int", map[string]any{"i": json.Number("1e2")}, 400, `parameter "i" must be an integer`),
		post("negative uint", map[string]any{"u": -1}, 400, `parameter "u" must not be negative`),
		post("string int", map[string]any{"i16": " 0x7fff "}, 200, got("i16", "32767")),
		post("string int bad", map[string]any{"i16": "0x8000"}, 400, `parameter "i16" is out of range for int16`),
		post("string for uint", map[string]any{"u8": "x"}, 400, `parameter "u8" must be an integer`),
		post("object for int", map[string]any{"i": map[string]any{}}, 400, `parameter "i" must be an integer`),
		post("array for uint", map[string]any{"u": []int{1}}, 400, `parameter "u" must be an unsigned integer`),
		post("float32 overflow", map[string]any{"f32": 1e39}, 400, `parameter "f32" is out of range for float32`),
		post("float from int", map[string]any{"f64": 2}, 200, got("f64", "2")),
		post("float string", map[string]any{"f64": "1e3"}, 200, got("f64", "1000")),
		post("float string NaN", map[string]any{"f64": "nan"}, 400, `parameter "f64" must be a finite number`),
		post("bool for float", map[string]any{"f32": false}, 400, `parameter "f32" must be a number`),
		post("bool string", map[string]any{"b": "no"}, 200, got("b", "true")),
		post("bool null", map[string]any{"b": nil}, 200, "{}\n"),
		post("string for bool", map[string]any{"b": []bool{true}}, 400, `parameter "b" must be true or false`),
		post("unicode string", map[string]any{"s": "héllo ☃"}, 200, got("s", `"héllo ☃"`)),
		post("bool for string", map[string]any{"s": true}, 400, `parameter "s" must be a string`),
		post("object for string", map[string]any{"s": map[string]any{"a": 1}}, 400, `parameter "s" must be a string`),
	}))
}

// mail is a type with a registered cast.
type mail string

// typedFields has the types with their own conversions.
type typedFields struct {
	When  time.Time
	Wait  time.Duration
	Addr  netip.Addr
	Mail  mail
	Later *time.Time
	Day   time.Time     `default:"2024-02-29"`
	Pause time.Duration `default:"1m"`
	Host  *netip.Addr   `default:"::1"`
}

func TestTypedParameters(t *testing.T) {
	app := newApp(t, nil)
	fsa.Cast(app, func(s string) (mail, error) {
		if !strings.Contains(s, "@") {
			return "", errors.New("no @ in a mail address")
		}
		return mail(strings.ToLower(s)), nil
	})
	show := func(_ *fsa.Context, in typedFields) (any, error) {
		out := map[string]any{"when": in.When.Format(time.RFC3339Nano), "wait": in.Wait.String(), "addr": in.Addr.String(),
			"mail": in.Mail, "day": in.Day.Format(time.RFC3339), "pause": in.Pause.String(), "host": in.Host.String()}
		if in.Later != nil {
			out["later"] = in.Later.Format(time.RFC3339)
		}
		return out, nil
	}
	fsa.Get(app, "/t", fsa.Open, show)
	fsa.Post(app, "/t", fsa.Open, show)
	q := func(kv ...string) url.Values {
		v := url.Values{"when": {"2024-01-02T03:04:05Z"}, "wait": {"1h30m"}, "addr": {"192.0.2.1"}, "mail": {"Calvin@Example.com"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	j := func(kv ...any) map[string]any {
		m := map[string]any{"when": "2024-01-02T03:04:05Z", "wait": "1h30m", "addr": "192.0.2.1", "mail": "Calvin@Example.com"}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	badTime := `parameter "when" must be a date (2006-01-02) or a time (RFC 3339)`
	client(t, app).Run(t, withPath("/t", []fsatest.Case{
		{Name: "query", Query: q(), WantStatus: 200, WantJSON: map[string]any{"when": "2024-01-02T03:04:05Z", "wait": "1h30m0s",
			"addr": "192.0.2.1", "mail": "calvin@example.com", "day": "2024-02-29T00:00:00Z", "pause": "1m0s", "host": "::1"}},
		{Name: "zone offset", Query: q("when", "2024-01-02T03:04:05.5+02:00"), WantStatus: 200, WantJSON: map[string]any{"when": "2024-01-02T03:04:05.5+02:00"}},
		{Name: "space separator", Query: q("when", "2024-01-02 03:04:05Z"), WantStatus: 200, WantJSON: map[string]any{"when": "2024-01-02T03:04:05Z"}},
		{Name: "no zone is UTC", Query: q("when", "2024-01-02T03:04:05.123"), WantStatus: 200, WantJSON: map[string]any{"when": "2024-01-02T03:04:05.123Z"}},
		{Name: "no zone, space", Query: q("when", "2024-01-02 03:04"), WantStatus: 400, WantExact: exactBody(badTime)},
		{Name: "plain date", Query: q("when", "2024-01-02"), WantStatus: 200, WantJSON: map[string]any{"when": "2024-01-02T00:00:00Z"}},
		{Name: "no such date", Query: q("when", "2023-02-29"), WantStatus: 400, WantExact: exactBody(badTime)},
		{Name: "compact date", Query: q("when", "20240102"), WantStatus: 400, WantExact: exactBody(badTime)},
		{Name: "time only", Query: q("when", "03:04:05"), WantStatus: 400, WantExact: exactBody(badTime)},
		{Name: "optional time", Query: q("later", "2025-06-01"), WantStatus: 200, WantJSON: map[string]any{"later": "2025-06-01T00:00:00Z"}},
		{Name: "defaults overridden", Query: q("day", "2020-01-01", "pause", "2s", "host", "10.0.0.1"), WantStatus: 200,
			WantJSON: map[string]any{"day": "2020-01-01T00:00:00Z", "pause": "2s", "host": "10.0.0.1"}},
		{Name: "negative duration", Query: q("wait", "-1.5s"), WantStatus: 200, WantJSON: map[string]any{"wait": "-1.5s"}},
		{Name: "duration without unit", Query: q("wait", "10"), WantStatus: 400, WantExact: exactBody(`parameter "wait" must be a duration (1h30m)`)},
		{Name: "duration in days", Query: q("wait", "1d"), WantStatus: 400, WantExact: exactBody(`parameter "wait" must be a duration (1h30m)`)},
		{Name: "IPv6", Query: q("addr", "2001:db8::1"), WantStatus: 200, WantJSON: map[string]any{"addr": "2001:db8::1"}},
		{Name: "bad address", Query: q("addr", "192.0.2.256"), WantStatus: 400, WantExact: exactBody(`parameter "addr" must be a valid netip.Addr`)},
		// the type's rule: UnmarshalText takes "" as the zero Addr
		{Name: "empty address", Query: q("addr", ""), WantStatus: 200, WantJSON: map[string]any{"addr": "invalid IP"}},
		{Name: "bad optional address", Query: q("host", "localhost"), WantStatus: 400, WantExact: exactBody(`parameter "host" must be a valid netip.Addr`)},
		{Name: "cast error", Query: q("mail", "calvin"), WantStatus: 400, WantExact: exactBody(`parameter "mail" cast error: no @ in a mail address`)},
		{Name: "form", Method: "POST", Form: q("when", "2024-01-02", "wait", "90s"), WantStatus: 200,
			WantJSON: map[string]any{"when": "2024-01-02T00:00:00Z", "wait": "1m30s"}},
		{Name: "form errors", Method: "POST", Form: q("when", "soon", "wait", "later", "addr", "x", "mail", ""), WantStatus: 400,
			WantExact: problemLines(badTime, `parameter "wait" must be a duration (1h30m)`, `parameter "addr" must be a valid netip.Addr`,
				`parameter "mail" cast error: no @ in a mail address`)},
		{Name: "JSON", Method: "POST", JSON: j("when", "2024-01-02 10:00:00+01:00", "later", nil), WantStatus: 200,
			WantJSON: map[string]any{"when": "2024-01-02T10:00:00+01:00", "mail": "calvin@example.com", "later": nil}},
		{Name: "JSON number for a time", Method: "POST", JSON: j("when", 1704164645), WantStatus: 400,
			WantExact: exactBody(`parameter "when" must be a date or time`)},
		{Name: "JSON number for a duration", Method: "POST", JSON: j("wait", 60), WantStatus: 400,
			WantExact: exactBody(`parameter "wait" must be a duration`)},
		{Name: "JSON number for an address", Method: "POST", JSON: j("addr", 3221225985), WantStatus: 400,
			WantExact: exactBody(`parameter "addr" must be a string`)},
		{Name: "JSON bad address", Method: "POST", JSON: j("addr", "::g"), WantStatus: 400,
			WantExact: exactBody(`parameter "addr" must be a valid netip.Addr`)},
		{Name: "JSON number to cast", Method: "POST", JSON: j("mail", 5432), WantStatus: 400,
			WantExact: exactBody(`parameter "mail" cast error: no @ in a mail address`)},
		{Name: "JSON null to cast", Method: "POST", JSON: j("mail", nil), WantStatus: 400,
			WantExact: exactBody(`parameter "mail" cast error: no @ in a mail address`)},
		{Name: "JSON null for a time", Method: "POST", JSON: j("when", nil), WantStatus: 400,
			WantExact: exactBody(`parameter "when" must be a date or time`)},
		{Name: "missing", Query: url.Values{}, WantStatus: 400, WantExact: problemLines(`parameter "when" is missing`,
			`parameter "wait" is missing`, `parameter "addr" is missing`, `parameter "mail" is missing`)},
	}))
}

// listFields has required, optional, defaulted and validated lists.
type listFields struct {
	Li  []int `validate:"dive,gt=0"`
	Ls  *[]string
	Ld  []int  `default:"[1, 2]"`
	Lv  *[]int `validate:"omitempty,max=2"`
	Lf  *[]float64
	Any *[]any
}

func TestListParameters(t *testing.T) {
	app := newApp(t, nil)
	show := func(_ *fsa.Context, in listFields) (any, error) {
		out := map[string]any{"li": in.Li, "ld": in.Ld}
		if in.Ls != nil {
			out["ls"] = *in.Ls
		}
		if in.Lv != nil {
			out["lv"] = *in.Lv
		}
		if in.Lf != nil {
			out["lf"] = *in.Lf
		}
		if in.Any != nil {
			out["any"] = *in.Any
		}
		return out, nil
	}
	fsa.Get(app, "/l", fsa.Open, show)
	fsa.Post(app, "/l", fsa.Open, show)
	fsa.Get(app, "/lt", fsa.Open, func(_ *fsa.Context, in struct{ Lt []time.Time }) (any, error) { return in.Lt, nil })
	client(t, app).Run(t, withPath("/l", []fsatest.Case{
		{Name: "repeated query", Path: "/l?li=1&li=0x2&li=3", WantStatus: 200,
			WantExact: exactBody(`{"ld":[1,2],"li":[1,2,3]}` + "\n")},
		{Name: "query then form", Path: "/l?li=1&ls=a", Form: url.Values{"li": {"2", "3"}, "ls": {"b"}}, WantStatus: 200,
			WantJSON: map[string]any{"li": []int{1, 2, 3}, "ls": []string{"a", "b"}}},
		{Name: "form on POST", Method: "POST", Form: url.Values{"li": {"4", "5"}, "ld": {"7"}}, WantStatus: 200,
			WantJSON: map[string]any{"li": []int{4, 5}, "ld": []int{7}}},
		{Name: "one value", Path: "/l?li=9&ls=", WantStatus: 200, WantJSON: map[string]any{"li": []int{9}, "ls": []string{""}}},
		{Name: "item error", Path: "/l?li=1&li=x", WantStatus: 400, WantExact: exactBody(`parameter "li[1]" must be an integer`)},
		{Name: "first item error only", Path: "/l?li=y&li=x", WantStatus: 400, WantExact: exactBody(`parameter "li[0]" must be an integer`)},
		{Name: "item range", Path: "/l?li=1&ld=99999999999999999999", WantStatus: 400, WantExact: exactBody(`parameter "ld[0]" is out of range for int64`)},
		{Name: "item validation", Path: "/l?li=1&li=0&li=-3", WantStatus: 400,
			WantExact: problemLines(`parameter "li[1]" must be greater than 0`, `parameter "li[2]" must be greater than 0`)},
		{Name: "list validation", Path: "/l?li=1&lv=1&lv=2&lv=3", WantStatus: 400, WantExact: exactBody(`parameter "lv" must have at most 2 items`)},
		{Name: "JSON text in a query is one item", Path: "/l?li=[1,2]", WantStatus: 400, WantExact: exactBody(`parameter "li[0]" must be an integer`)},
		{Name: "empty item", Path: "/l?li=", WantStatus: 400, WantExact: exactBody(`parameter "li[0]" must be an integer`)},
		{Name: "missing", Path: "/l?ls=a", WantStatus: 400, WantExact: exactBody(`parameter "li" is missing`)},
		{Name: "times", Path: "/lt?lt=2024-01-02&lt=2024-01-03T10:00:00%2B02:00", WantStatus: 200,
			WantExact: exactBody(`["2024-01-02T00:00:00Z","2024-01-03T10:00:00+02:00"]` + "\n")},
		{Name: "bad time", Path: "/lt?lt=2024-01-02&lt=tomorrow", WantStatus: 400,
			WantExact: exactBody(`parameter "lt[1]" must be a date (2006-01-02) or a time (RFC 3339)`)},
		{Name: "JSON arrays", Method: "POST", JSON: map[string]any{"li": []int{1, 2}, "ls": []string{"x"}, "ld": []int{}}, WantStatus: 200,
			WantExact: exactBody(`{"ld":[],"li":[1,2],"ls":["x"]}` + "\n")},
		{Name: "JSON then query", Method: "POST", Path: "/l?ls=q", JSON: map[string]any{"li": []int{1}}, WantStatus: 200,
			WantJSON: map[string]any{"ls": []string{"q"}}},
		{Name: "JSON beats query", Method: "POST", Path: "/l?li=8", JSON: map[string]any{"li": []int{1}}, WantStatus: 200,
			WantJSON: map[string]any{"li": []int{1}}},
		{Name: "JSON empty array", Method: "POST", JSON: map[string]any{"li": []int{}}, WantStatus: 200, WantJSON: map[string]any{"li": []int{}}},
		{Name: "JSON items are strict", Method: "POST", JSON: map[string]any{"li": []any{1, "2"}}, WantStatus: 400,
			WantExact: exactBody(`parameter "li[1]" must be an integer`)},
		{Name: "JSON float item", Method: "POST", JSON: map[string]any{"li": []any{1.5}}, WantStatus: 400,
			WantExact: exactBody(`parameter "li[0]" must be an integer`)},
		{Name: "JSON null item", Method: "POST", JSON: map[string]any{"li": []any{1}, "ls": []any{"a", nil}}, WantStatus: 400,
			WantExact: exactBody(`parameter "ls[1]" must be a string`)},
		{Name: "JSON item validation", Method: "POST", JSON: map[string]any{"li": []int{3, 0}}, WantStatus: 400,
			WantExact: exactBody(`parameter "li[1]" must be greater than 0`)},
		{Name: "JSON not an array", Method: "POST", JSON: map[string]any{"li": 5}, WantStatus: 400,
			WantExact: exactBody(`parameter "li" must be an array`)},
		{Name: "JSON string not re-parsed", Method: "POST", JSON: map[string]any{"li": "[1]"}, WantStatus: 400,
			WantExact: exactBody(`parameter "li" must be an array`)},
		{Name: "JSON null required", Method: "POST", JSON: map[string]any{"li": nil}, WantStatus: 400,
			WantExact: exactBody(`parameter "li" must be an array`)},
		{Name: "JSON null optional", Method: "POST", JSON: map[string]any{"li": []int{1}, "ls": nil, "lv": nil}, WantStatus: 200,
			WantExact: exactBody(`{"ld":[1,2],"li":[1]}` + "\n")},
		{Name: "JSON null default", Method: "POST", JSON: map[string]any{"li": []int{1}, "ld": nil}, WantStatus: 400,
			WantExact: exactBody(`parameter "ld" must be an array`)},
		{Name: "JSON floats", Method: "POST", JSON: map[string]any{"li": []int{1}, "lf": []any{1, 2.5, -1e-3}}, WantStatus: 200,
			WantJSON: map[string]any{"lf": []float64{1, 2.5, -0.001}}},
		{Name: "NaN item refused", Path: "/l?li=1&lf=1&lf=NaN", WantStatus: 400, WantExact: exactBody(`parameter "lf[1]" must be a finite number`)},
		{Name: "list of any from a query", Path: "/l?li=1&any=1&any=%22a%22&any=null", WantStatus: 200,
			WantJSON: map[string]any{"any": []any{1, "a", nil}}},
		{Name: "list of any, bad JSON", Path: "/l?li=1&any=1&any=a", WantStatus: 400, WantExact: exactBody(`parameter "any[1]" must be JSON`)},
		{Name: "list of any from JSON", Method: "POST", JSON: map[string]any{"li": []int{1}, "any": []any{true, map[string]any{"a": nil}}},
			WantStatus: 200, WantJSON: map[string]any{"any": []any{true, map[string]any{"a": nil}}}},
	}))
}

// nonFinite has floats that may be NaN or infinite.
type nonFinite struct {
	F float64   `param:"f,nonfinite"`
	G *float32  `param:",nonfinite"`
	L []float64 `param:"l,nonfinite" default:"[]"`
	H float64   `default:"0"`
}

func TestNonFiniteParameters(t *testing.T) {
	app := newApp(t, nil)
	show := func(_ *fsa.Context, in nonFinite) (any, error) {
		g := "nil"
		if in.G != nil {
			g = fmt.Sprint(*in.G)
		}
		return fmt.Sprint(in.F, " ", g, " ", in.L, " ", in.H), nil
	}
	fsa.Get(app, "/f", fsa.Open, show)
	fsa.Post(app, "/f", fsa.Open, show)
	client(t, app).Run(t, withPath("/f", []fsatest.Case{
		{Name: "NaN", Path: "/f?f=NaN", WantStatus: 200, WantExact: exactBody("NaN nil [] 0")},
		{Name: "infinities", Path: "/f?f=-inf&g=Infinity", WantStatus: 200, WantExact: exactBody("-Inf +Inf [] 0")},
		{Name: "overflow is infinite", Path: "/f?f=1e309&g=-1e39", WantStatus: 200, WantExact: exactBody("+Inf -Inf [] 0")},
		{Name: "list", Path: "/f?f=1&l=nan&l=2&l=+inf", WantStatus: 200, WantExact: exactBody("1 nil [NaN 2 +Inf] 0")},
		{Name: "still a number", Path: "/f?f=infinite", WantStatus: 400, WantExact: exactBody(`parameter "f" must be a number`)},
		{Name: "other floats stay finite", Path: "/f?f=1&h=inf", WantStatus: 400, WantExact: exactBody(`parameter "h" must be a finite number`)},
		{Name: "other floats stay in range", Path: "/f?f=1&h=1e309", WantStatus: 400, WantExact: exactBody(`parameter "h" is out of range for float64`)},
		{Name: "JSON string", Method: "POST", JSON: map[string]any{"f": "nan", "g": "-inf"}, WantStatus: 200, WantExact: exactBody("NaN -Inf [] 0")},
		{Name: "JSON number overflow", Method: "POST", Body: `{"f": 1e999}`, Header: map[string][]string{"Content-Type": {"application/json"}},
			WantStatus: 200, WantExact: exactBody("+Inf nil [] 0")},
		// inside an array values have their JSON kind: a JSON list cannot hold NaN
		{Name: "JSON array string item", Method: "POST", JSON: map[string]any{"f": 1, "l": []any{1, "nan"}}, WantStatus: 400,
			WantExact: exactBody(`parameter "l[1]" must be a number`)},
	}))
}

// complexIn has complex parameters, one with a default.
type complexIn struct {
	C   complex128
	D   complex64  `default:"1+1j"`
	Inf complex128 `param:",nonfinite" default:"0"`
}

func TestComplexParameters(t *testing.T) {
	app := newApp(t, nil)
	show := func(_ *fsa.Context, in complexIn) (any, error) { return fmt.Sprint(in.C, " ", in.D, " ", in.Inf), nil }
	fsa.Get(app, "/c", fsa.Open, show)
	fsa.Post(app, "/c", fsa.Open, show)
	client(t, app).Run(t, withPath("/c", []fsatest.Case{
		{Name: "Python spelling", Path: "/c?c=-1-1j", WantStatus: 200, WantExact: exactBody("(-1-1i) (1+1i) (0+0i)")},
		{Name: "Go spelling", Path: "/c?c=2.5i&d=3", WantStatus: 200, WantExact: exactBody("(0+2.5i) (3+0i) (0+0i)")},
		{Name: "parentheses and a unit j", Path: "/c?c=(1-j)&d=J", WantStatus: 200, WantExact: exactBody("(1-1i) (0+1i) (0+0i)")},
		{Name: "not a number", Path: "/c?c=zero", WantStatus: 400, WantExact: exactBody(`parameter "c" must be a complex number`)},
		{Name: "hexadecimal", Path: "/c?c=0x1p1", WantStatus: 400, WantExact: exactBody(`parameter "c" must be a complex number`)},
		{Name: "finite", Path: "/c?c=inf", WantStatus: 400, WantExact: exactBody(`parameter "c" must be a finite complex number`)},
		{Name: "out of range", Path: "/c?c=1e39i&d=1", WantStatus: 200, WantExact: exactBody("(0+1e+39i) (1+0i) (0+0i)")},
		{Name: "complex64 out of range", Path: "/c?c=1&d=1e39", WantStatus: 400, WantExact: exactBody(`parameter "d" is out of range for a complex64`)},
		{Name: "nonfinite", Path: "/c?c=1&inf=nan%2Binfi", WantStatus: 200, WantExact: exactBody("(1+0i) (1+1i) (NaN+Infi)")},
		{Name: "JSON number", Method: "POST", JSON: map[string]any{"c": 2}, WantStatus: 200, WantExact: exactBody("(2+0i) (1+1i) (0+0i)")},
		{Name: "JSON string", Method: "POST", JSON: map[string]any{"c": "1+2j"}, WantStatus: 200, WantExact: exactBody("(1+2i) (1+1i) (0+0i)")},
		{Name: "JSON boolean", Method: "POST", JSON: map[string]any{"c": true}, WantStatus: 400, WantExact: exactBody(`parameter "c" must be a complex number`)},
	}))
}

// person is a struct parameter: encoding/json names, strict decoding.
type person struct {
	Name   string    `json:"name" validate:"min=2"`
	Born   time.Time `json:"born"`
	Nick   *string   `json:"nick"`
	Tags   []string  `json:"tags,omitempty"`
	Pet    *pet      `json:"pet"`
	Age    int       `json:",omitzero"`
	Skip   string    `json:"-"`
	Dash   string    `json:"-,omitempty"`
	secret string
}

type pet struct {
	Kind string `json:"kind" validate:"oneof=cat dog tiger"`
}

// node is a recursive struct parameter.
type node struct {
	Label    string `json:"label" validate:"required"`
	Children []node `json:"children,omitempty" validate:"dive"`
}

func (n node) count() int {
	c := 1
	for _, child := range n.Children {
		c += child.count()
	}
	return c
}

// chain is recursive through a pointer.
type chain struct {
	V    int    `json:"v"`
	Next *chain `json:"next"`
}

type withStructs struct {
	Who  person
	Team *[]person `validate:"omitempty,dive"`
	Opt  *person
	Def  pet `default:"{\"kind\": \"cat\"}"`
}

func TestStructParameters(t *testing.T) {
	app := newApp(t, nil)
	show := func(_ *fsa.Context, in withStructs) (any, error) {
		out := map[string]any{"name": in.Who.Name, "born": in.Who.Born.Format(time.RFC3339), "age": in.Who.Age,
			"def": in.Def.Kind, "dash": in.Who.Dash, "skip": in.Who.Skip, "secret": in.Who.secret}
		if in.Who.Nick != nil {
			out["nick"] = *in.Who.Nick
		}
		if in.Who.Tags != nil {
			out["tags"] = in.Who.Tags
		}
		if in.Who.Pet != nil {
			out["pet"] = in.Who.Pet.Kind
		}
		if in.Team != nil {
			out["team"] = len(*in.Team)
		}
		if in.Opt != nil {
			out["opt"] = in.Opt.Name
		}
		return out, nil
	}
	fsa.Get(app, "/s", fsa.Open, show)
	fsa.Post(app, "/s", fsa.Open, show)
	fsa.Post(app, "/tree", fsa.Open, func(_ *fsa.Context, in struct{ Tree node }) (any, error) { return in.Tree.count(), nil })
	fsa.Get(app, "/tree", fsa.Open, func(_ *fsa.Context, in struct{ Tree node }) (any, error) { return in.Tree.count(), nil })
	fsa.Post(app, "/chain", fsa.Open, func(_ *fsa.Context, in struct{ C chain }) (any, error) {
		sum := 0
		for c := &in.C; c != nil; c = c.Next {
			sum += c.V
		}
		return sum, nil
	})
	who := `{"name":"Calvin","born":"1985-11-18"}`
	jsonHeader := map[string][]string{"Content-Type": {"application/json"}}
	w := func(kv ...any) map[string]any {
		m := map[string]any{"name": "Calvin", "born": "1985-11-18"}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(m, kv[i].(string))
			} else {
				m[kv[i].(string)] = kv[i+1]
			}
		}
		return map[string]any{"who": m}
	}
	client(t, app).Run(t, withPath("/s", []fsatest.Case{
		{Name: "JSON object", Method: "POST", JSON: w(), WantStatus: 200,
			WantJSON: map[string]any{"name": "Calvin", "born": "1985-11-18T00:00:00Z", "age": 0, "def": "cat"}},
		{Name: "JSON text in a query", Query: url.Values{"who": {who}}, WantStatus: 200, WantJSON: map[string]any{"name": "Calvin"}},
		{Name: "JSON text in a form", Method: "POST", Form: url.Values{"who": {who}, "def": {`{"kind":"dog"}`}}, WantStatus: 200,
			WantJSON: map[string]any{"name": "Calvin", "def": "dog"}},
		{Name: "JSON text in a query after a JSON body", Method: "POST", Path: "/s?who=" + url.QueryEscape(who), JSON: map[string]any{},
			WantStatus: 200, WantJSON: map[string]any{"name": "Calvin"}},
		{Name: "all members", Method: "POST", JSON: w("nick", "C", "tags", []string{"a", "b"}, "pet", map[string]any{"kind": "tiger"}, "Age", 6),
			WantStatus: 200, WantJSON: map[string]any{"nick": "C", "tags": []string{"a", "b"}, "pet": "tiger", "age": 6}},
		{Name: "members without case", Method: "POST", JSON: map[string]any{"who": map[string]any{"NAME": "Calvin", "Born": "1985-11-18T10:00:00Z", "age": 6}},
			WantStatus: 200, WantJSON: map[string]any{"name": "Calvin", "age": 6}},
		{Name: "dash member", Method: "POST", JSON: w("-", "d"), WantStatus: 200, WantJSON: map[string]any{"dash": "d"}},
		{Name: "null pointer members", Method: "POST", JSON: w("nick", nil, "pet", nil), WantStatus: 200},
		{Name: "nulls", Method: "POST", Body: `{"who":{"name":"Calvin","born":"1985-11-18","nick":null,"pet":null},"opt":null,"team":null}`,
			Header: jsonHeader, WantStatus: 200, WantJSON: map[string]any{"nick": nil, "opt": nil, "team": nil}},
		{Name: "JSON string not re-parsed", Method: "POST", JSON: map[string]any{"who": who}, WantStatus: 400,
			WantExact: exactBody(`parameter "who" must be an object`)},
		{Name: "not JSON in a query", Query: url.Values{"who": {"Calvin"}}, WantStatus: 400, WantExact: exactBody(`parameter "who" must be a JSON object`)},
		{Name: "JSON array in a query", Query: url.Values{"who": {"[]"}}, WantStatus: 400, WantExact: exactBody(`parameter "who" must be an object`)},
		{Name: "JSON null required", Method: "POST", JSON: map[string]any{"who": nil}, WantStatus: 400, WantExact: exactBody(`parameter "who" must be an object`)},
		{Name: "unknown member", Method: "POST", JSON: w("x", 1), WantStatus: 400, WantExact: exactBody(`parameter "who" has no member "x"`)},
		{Name: "skipped member is unknown", Method: "POST", JSON: w("Skip", "s"), WantStatus: 400, WantExact: exactBody(`parameter "who" has no member "Skip"`)},
		{Name: "unexported member is unknown", Method: "POST", JSON: w("secret", "s"), WantStatus: 400, WantExact: exactBody(`parameter "who" has no member "secret"`)},
		{Name: "member twice, by case", Method: "POST", JSON: w("Name", "Hobbes"), WantStatus: 400, WantExact: exactBody(`parameter "who" has member "name" twice`)},
		{Name: "member twice", Method: "POST", Body: `{"who":{"name":"Calvin","name":"Hobbes","born":"1985-11-18"}}`, Header: jsonHeader,
			WantStatus: 400, WantExact: exactBody(`parameter "who" has member "name" twice`)},
		{Name: "missing member", Method: "POST", JSON: w("born", nil), WantStatus: 400, WantExact: exactBody(`parameter "who.born" is missing`)},
		{Name: "missing members", Method: "POST", JSON: map[string]any{"who": map[string]any{}}, WantStatus: 400,
			WantExact: exactBody(`parameter "who.name" is missing`)},
		{Name: "bad member", Method: "POST", JSON: w("born", "yesterday"), WantStatus: 400,
			WantExact: exactBody(`parameter "who.born" must be a date (2006-01-02) or a time (RFC 3339)`)},
		{Name: "members are strict", Method: "POST", JSON: w("Age", "6"), WantStatus: 400, WantExact: exactBody(`parameter "who.Age" must be an integer`)},
		{Name: "null member", Method: "POST", JSON: w("name", nil, "x", nil), WantStatus: 400, WantExact: exactBody(`parameter "who.name" is missing`)},
		{Name: "null non-pointer member", Method: "POST", Body: `{"who":{"name":null,"born":"1985-11-18"}}`, Header: jsonHeader,
			WantStatus: 400, WantExact: exactBody(`parameter "who.name" must be a string`)},
		{Name: "bad list member", Method: "POST", JSON: w("tags", []any{"a", 1}), WantStatus: 400, WantExact: exactBody(`parameter "who.tags[1]" must be a string`)},
		{Name: "bad nested member", Method: "POST", JSON: w("pet", map[string]any{"kind": "cat", "legs": 4}), WantStatus: 400,
			WantExact: exactBody(`parameter "who.pet" has no member "legs"`)},
		{Name: "validation", Method: "POST", JSON: w("name", "C"), WantStatus: 400, WantExact: exactBody(`parameter "who.name" must have at least 2 characters`)},
		{Name: "nested validation", Method: "POST", JSON: w("name", "C", "pet", map[string]any{"kind": "fish"}), WantStatus: 400,
			WantExact: problemLines(`parameter "who.name" must have at least 2 characters`, `parameter "who.pet.kind" must be one of: cat, dog, tiger`)},
		{Name: "default validated", Method: "POST", JSON: map[string]any{"who": w()["who"], "def": map[string]any{"kind": "fish"}}, WantStatus: 400,
			WantExact: exactBody(`parameter "def.kind" must be one of: cat, dog, tiger`)},
		{Name: "list of structs", Method: "POST", JSON: map[string]any{"who": w()["who"], "team": []any{w()["who"], w()["who"]}},
			WantStatus: 200, WantJSON: map[string]any{"team": 2}},
		{Name: "repeated structs in a query", Path: "/s?team=" + url.QueryEscape(who) + "&team=" + url.QueryEscape(who), Query: url.Values{"who": {who}},
			WantStatus: 200, WantJSON: map[string]any{"team": 2}},
		{Name: "list of structs, bad item", Method: "POST", JSON: map[string]any{"who": w()["who"], "team": []any{w()["who"], 1}},
			WantStatus: 400, WantExact: exactBody(`parameter "team[1]" must be an object`)},
		{Name: "list of structs, missing member", Method: "POST", JSON: map[string]any{"who": w()["who"], "team": []any{map[string]any{"name": "Susie"}}},
			WantStatus: 400, WantExact: exactBody(`parameter "team[0].born" is missing`)},
		{Name: "list of structs, validation", Method: "POST",
			JSON:       map[string]any{"who": w()["who"], "team": []any{w()["who"], w("name", "S", "pet", map[string]any{"kind": "cow"})["who"]}},
			WantStatus: 400, WantExact: problemLines(`parameter "team[1].name" must have at least 2 characters`, `parameter "team[1].pet.kind" must be one of: cat, dog, tiger`)},
		{Name: "optional struct", Method: "POST", JSON: map[string]any{"who": w()["who"], "opt": map[string]any{"name": "Susie", "born": "1985-01-01"}},
			WantStatus: 200, WantJSON: map[string]any{"opt": "Susie"}},
		{Name: "optional struct validated", Method: "POST", JSON: map[string]any{"who": w()["who"], "opt": map[string]any{"name": "S", "born": "1985-01-01"}},
			WantStatus: 400, WantExact: exactBody(`parameter "opt.name" must have at least 2 characters`)},
		{Name: "conversion error skips validation", Method: "POST", JSON: map[string]any{"who": map[string]any{"name": "C", "born": 1}},
			WantStatus: 400, WantExact: exactBody(`parameter "who.born" must be a date or time`)},
		{Name: "tree", Method: "POST", Path: "/tree", WantStatus: 200, WantExact: exactBody("5\n"),
			JSON: map[string]any{"tree": map[string]any{"label": "a", "children": []any{
				map[string]any{"label": "b"},
				map[string]any{"label": "c", "children": []any{map[string]any{"label": "d"}, map[string]any{"label": "e", "children": []any{}}}},
			}}}},
		{Name: "tree in a query", Path: "/tree?tree=" + url.QueryEscape(`{"label":"a","children":[{"label":"b"}]}`), WantStatus: 200, WantExact: exactBody("2\n")},
		{Name: "deep tree error", Method: "POST", Path: "/tree", WantStatus: 400, WantExact: exactBody(`parameter "tree.children[0].children[1].label" must be a string`),
			JSON: map[string]any{"tree": map[string]any{"label": "a", "children": []any{
				map[string]any{"label": "b", "children": []any{map[string]any{"label": "c"}, map[string]any{"label": 4}}},
			}}}},
		{Name: "deep tree validation", Method: "POST", Path: "/tree", WantStatus: 400,
			WantExact: exactBody(`parameter "tree.children[0].children[1].label" is required`),
			JSON: map[string]any{"tree": map[string]any{"label": "a", "children": []any{
				map[string]any{"label": "b", "children": []any{map[string]any{"label": "c"}, map[string]any{"label": ""}}},
			}}}},
		{Name: "chain", Method: "POST", Path: "/chain", JSON: map[string]any{"c": map[string]any{"v": 1, "next": map[string]any{"v": 2, "next": map[string]any{"v": 3}}}},
			WantStatus: 200, WantExact: exactBody("6\n")},
		{Name: "chain error", Method: "POST", Path: "/chain", JSON: map[string]any{"c": map[string]any{"v": 1, "next": map[string]any{"next": nil}}},
			WantStatus: 400, WantExact: exactBody(`parameter "c.next.v" is missing`)},
	}))
}

type withMaps struct {
	M  map[string]int `validate:"dive,gt=0"`
	ML *map[string][]string
	MP map[string]pet  `default:"{}" validate:"dive"` // the validator's rule: dive into maps and slices
	MD map[string]bool `default:"{\"x\": true}"`
}

func TestMapParameters(t *testing.T) {
	app := newApp(t, nil)
	show := func(_ *fsa.Context, in withMaps) (any, error) {
		out := map[string]any{"m": in.M, "mp": in.MP, "md": in.MD}
		if in.ML != nil {
			out["ml"] = *in.ML
		}
		return out, nil
	}
	fsa.Get(app, "/m", fsa.Open, show)
	fsa.Post(app, "/m", fsa.Open, show)
	jsonHeader := map[string][]string{"Content-Type": {"application/json"}}
	client(t, app).Run(t, withPath("/m", []fsatest.Case{
		{Name: "JSON", Method: "POST", JSON: map[string]any{"m": map[string]int{"a": 1, "b": 2}, "ml": map[string]any{"x": []string{"y"}}},
			WantStatus: 200, WantExact: exactBody(`{"m":{"a":1,"b":2},"md":{"x":true},"ml":{"x":["y"]},"mp":{}}` + "\n")},
		{Name: "JSON text in a query", Query: url.Values{"m": {`{"a": 1}`}, "mp": {`{"tom":{"kind":"cat"}}`}, "md": {`{}`}}, WantStatus: 200,
			WantExact: exactBody(`{"m":{"a":1},"md":{},"mp":{"tom":{"kind":"cat"}}}` + "\n")},
		{Name: "JSON text in a form", Method: "POST", Form: url.Values{"m": {`{"é": 3}`}}, WantStatus: 200, WantJSON: map[string]any{"m": map[string]int{"é": 3}}},
		{Name: "empty map", Method: "POST", JSON: map[string]any{"m": map[string]int{}}, WantStatus: 200, WantJSON: map[string]any{"m": map[string]int{}}},
		{Name: "values are strict", Method: "POST", JSON: map[string]any{"m": map[string]any{"a": "1"}}, WantStatus: 400,
			WantExact: exactBody(`parameter "m.a" must be an integer`)},
		{Name: "value range", Query: url.Values{"m": {`{"a": 1e100}`}}, WantStatus: 400, WantExact: exactBody(`parameter "m.a" must be an integer`)},
		{Name: "not an object", Method: "POST", JSON: map[string]any{"m": []int{1}}, WantStatus: 400, WantExact: exactBody(`parameter "m" must be an object`)},
		{Name: "not JSON in a query", Query: url.Values{"m": {`a=1`}}, WantStatus: 400, WantExact: exactBody(`parameter "m" must be a JSON object`)},
		{Name: "JSON string not re-parsed", Method: "POST", JSON: map[string]any{"m": `{"a":1}`}, WantStatus: 400,
			WantExact: exactBody(`parameter "m" must be an object`)},
		{Name: "key twice", Method: "POST", Body: `{"m":{"a":1,"a":2}}`, Header: jsonHeader, WantStatus: 400,
			WantExact: exactBody(`parameter "m" has member "a" twice`)},
		{Name: "keys keep their case", Method: "POST", JSON: map[string]any{"m": map[string]int{"a": 1, "A": 2}}, WantStatus: 200,
			WantJSON: map[string]any{"m": map[string]int{"a": 1, "A": 2}}},
		{Name: "nested list error", Method: "POST", JSON: map[string]any{"m": map[string]int{}, "ml": map[string]any{"x": []any{"y", false}}}, WantStatus: 400,
			WantExact: exactBody(`parameter "ml.x[1]" must be a string`)},
		{Name: "struct value error", Method: "POST", JSON: map[string]any{"m": map[string]int{}, "mp": map[string]any{"tom": map[string]any{}}}, WantStatus: 400,
			WantExact: exactBody(`parameter "mp.tom.kind" is missing`)},
		{Name: "value validation", Method: "POST", JSON: map[string]any{"m": map[string]int{"a": 0}}, WantStatus: 400,
			WantExact: exactBody(`parameter "m.a" must be greater than 0`)},
		{Name: "struct value validation", Method: "POST", JSON: map[string]any{"m": map[string]int{}, "mp": map[string]any{"tom": map[string]any{"kind": "mouse"}}},
			WantStatus: 400, WantExact: exactBody(`parameter "mp.tom.kind" must be one of: cat, dog, tiger`)},
		{Name: "null optional", Method: "POST", JSON: map[string]any{"m": map[string]int{}, "ml": nil}, WantStatus: 200},
		{Name: "null value", Method: "POST", JSON: map[string]any{"m": map[string]any{"a": nil}}, WantStatus: 400, WantExact: exactBody(`parameter "m.a" must be an integer`)},
		{Name: "missing", WantStatus: 400, WantExact: exactBody(`parameter "m" is missing`)},
	}))
}

type rawFields struct {
	V any
	R json.RawMessage
	O *json.RawMessage
	P *any `param:"p" default:"[1]"`
}

func TestRawJSONParameters(t *testing.T) {
	app := newApp(t, nil)
	show := func(_ *fsa.Context, in rawFields) (any, error) {
		out := map[string]any{"v": in.V, "type": fmt.Sprintf("%T", in.V), "r": string(in.R)}
		if in.O != nil {
			out["o"] = string(*in.O)
		}
		if in.P != nil {
			out["p"] = *in.P
		}
		return out, nil
	}
	fsa.Get(app, "/j", fsa.Open, show)
	fsa.Post(app, "/j", fsa.Open, show)
	jsonHeader := map[string][]string{"Content-Type": {"application/json"}}
	body := func(name, body string, status int, want map[string]any) fsatest.Case {
		return fsatest.Case{Name: name, Method: "POST", Body: body, Header: jsonHeader, WantStatus: status, WantJSON: want}
	}
	client(t, app).Run(t, withPath("/j", []fsatest.Case{
		body("JSON values", `{"v": {"a": [1, 2.5]}, "r": {"b" : [true, null]}}`, 200,
			map[string]any{"v": map[string]any{"a": []any{1, 2.5}}, "type": "map[string]interface {}", "r": `{"b" : [true, null]}`, "p": []int{1}}),
		body("JSON null is a value", `{"v": null, "r": null, "p": null}`, 200, map[string]any{"v": nil, "type": "<nil>", "r": "null", "p": nil}),
		body("JSON string null", `{"v": "null", "r": "null"}`, 200, map[string]any{"v": "null", "type": "string", "r": `"null"`}),
		body("JSON number", `{"v": 5432, "r": 1e3, "o": 0}`, 200, map[string]any{"v": 5432, "type": "float64", "r": "1e3", "o": "0"}),
		body("JSON null optional raw", `{"v": 1, "r": 1, "o": null}`, 200, map[string]any{"r": "1"}),
		{Name: "query null", Query: url.Values{"v": {"null"}, "r": {"null"}}, WantStatus: 200, WantJSON: map[string]any{"v": nil, "type": "<nil>", "r": "null"}},
		{Name: "query number", Query: url.Values{"v": {"54.3200"}, "r": {"54.3200"}}, WantStatus: 200,
			WantJSON: map[string]any{"v": 54.32, "type": "float64", "r": "54.3200"}},
		{Name: "query false", Query: url.Values{"v": {"false"}, "r": {" [1, 2] "}}, WantStatus: 200,
			WantJSON: map[string]any{"v": false, "type": "bool", "r": " [1, 2] "}},
		{Name: "query string", Query: url.Values{"v": {`"abc"`}, "r": {`"abc"`}, "p": {"{}"}}, WantStatus: 200,
			WantJSON: map[string]any{"v": "abc", "r": `"abc"`, "p": map[string]any{}}},
		{Name: "form", Method: "POST", Form: url.Values{"v": {`{"x": [null]}`}, "r": {"[]"}, "o": {"true"}}, WantStatus: 200,
			WantJSON: map[string]any{"v": map[string]any{"x": []any{nil}}, "r": "[]", "o": "true"}},
		{Name: "query not JSON", Query: url.Values{"v": {"abc"}, "r": {"{"}, "o": {""}, "p": {"[1,]"}}, WantStatus: 400,
			WantExact: problemLines(`parameter "v" must be JSON`, `parameter "r" must be JSON`, `parameter "o" must be JSON`, `parameter "p" must be JSON`)},
		{Name: "missing", WantStatus: 400, WantExact: problemLines(`parameter "v" is missing`, `parameter "r" is missing`)},
	}))
}

func TestSnakeCaseNames(t *testing.T) {
	type names struct {
		ID             *string
		URL            *string
		XMLHttpRequest *string
		Page2Size      *string
		A1B            *string
		IPv4Addr       *string // snake_case splits before the last capital of a run: i_pv4_addr
		Under_Score    *string
		ÉtéCase        *string
	}
	app := newApp(t, nil)
	fsa.Get(app, "/n", fsa.Open, func(_ *fsa.Context, in names) (any, error) { return setFields(in) })
	want := map[string]string{"ID": "id", "URL": "url", "XMLHttpRequest": "xml_http_request", "Page2Size": "page2_size",
		"A1B": "a1_b", "IPv4Addr": "i_pv4_addr", "Under_Score": "under_score", "ÉtéCase": "été_case"}
	var cases []fsatest.Case
	for goName, name := range want {
		cases = append(cases, fsatest.Case{Name: goName, Path: "/n", Query: url.Values{name: {"x"}}, WantStatus: 200,
			WantExact: exactBody(`{"` + strings.ToLower(goName) + `":"\"x\""}` + "\n")})
	}
	client(t, app).Run(t, cases)
}
