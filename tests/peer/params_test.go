// FlaskSimpleAuth's parameter tests (test/test_flask.py's test_typed_params,
// test_types, test_params, test_route, test_infer, test_when, test_uuid,
// test_complex, test_bool, test_custom, test_path, test_string,
// test_underscore, test_bads' unexpected parameters, test_shadowing,
// test_cookie, test_headers, test_jsondata, test_file_storage,
// test_generics, test_pydantic_models, test_multi_400, the optional int
// matrix and test_mixing): the "Parameters" bullets of the behaviour spec's
// §11, one t.Run group per bullet, one row per expectation, on the routes
// of FlaskSimpleAuth's test app (test/App.py) written as Go input structs.
//
// Rows: 205 (typed params 15, type 25, kwargs required defaults 8, route
// infer when 9, uuid complex bool custom path 20, underscore 3, unexpected
// 4, shadow 9, cookies headers 4, JsonData 20, files 11, generics 45,
// models 18, multi 400 2, optional int 12).
//   - as FlaskSimpleAuth: 182
//   - documented difference: 16 (each commented "// differs:")
//   - n/a in Go: 7 (commented "// n/a:", skipped: complex ×3, the other
//     spellings of list[str]|None and of int|None, list[str]|list[int],
//     list[None])
//   - framework gap: 0
package peer_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/tests/peer"
)

// ppRow is one expectation: a request and what its response must show, the
// parts the body must also contain, or a reason to skip it.
type ppRow struct {
	fsatest.Case
	also []string // more parts the body must contain
	skip string   // "n/a: ..." or "framework gap: ...": the row is skipped
}

// ppRun runs the rows in order, each as a subtest.
func ppRun(t *testing.T, c *fsatest.Client, rows []ppRow) {
	t.Helper()
	for _, row := range rows {
		t.Run(row.Name, func(t *testing.T) {
			if row.skip != "" {
				t.Skip(row.skip)
			}
			res := c.Check(t, row.Case)
			for _, part := range row.also {
				if !bytes.Contains(res.Body, []byte(part)) {
					t.Errorf("%s: body %q does not contain %q", row.Path, res.Body, part)
				}
			}
		})
	}
}

// ppServe returns a client of FlaskSimpleAuth's test app (peer.New) with
// the directives given and the parameter routes, checked.
func ppServe(t *testing.T, directives ...any) *fsatest.Client {
	t.Helper()
	app, err := peer.New(directives...)
	if err != nil {
		t.Fatal(err)
	}
	ppRoutes(app)
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return fsatest.New(h)
}

// Python's spellings of results.

// ppFloat writes a float as Python's str does: 12.0, 54.32.
func ppFloat(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEnI") {
		s += ".0"
	}
	return s
}

// ppBool writes a bool as Python's str does.
func ppBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// ppPyJSON reads a JSON value as Python does (integers and floats apart)
// and returns its Python type name and its json.dumps text.
func ppPyJSON(raw []byte) (string, string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return ppPyValue(dec)
}

func ppPyValue(dec *json.Decoder) (string, string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", "", err
	}
	switch v := tok.(type) {
	case nil:
		return "NoneType", "null", nil
	case bool:
		return "bool", strconv.FormatBool(v), nil
	case json.Number:
		if !strings.ContainsAny(string(v), ".eE") {
			return "int", string(v), nil
		}
		f, err := v.Float64()
		return "float", ppFloat(f), err
	case string:
		b, err := json.Marshal(v)
		return "str", string(b), err
	case json.Delim:
		var items []string
		for dec.More() {
			key := ""
			if v == '{' {
				k, err := dec.Token()
				if err != nil {
					return "", "", err
				}
				b, _ := json.Marshal(k)
				key = string(b) + ": "
			}
			_, item, err := ppPyValue(dec)
			if err != nil {
				return "", "", err
			}
			items = append(items, key+item)
		}
		if _, err := dec.Token(); err != nil {
			return "", "", err
		}
		if v == '{' {
			return "dict", "{" + strings.Join(items, ", ") + "}", nil
		}
		return "list", "[" + strings.Join(items, ", ") + "]", nil
	}
	return "", "", fmt.Errorf("unexpected JSON token %v", tok)
}

// The custom types of test/App.py.

// ppUUID is Python's uuid.UUID: a dashed hexadecimal UUID.
type ppUUID [16]byte

func (u *ppUUID) UnmarshalText(b []byte) error {
	s := string(b)
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return errors.New("badly formed hexadecimal UUID string")
	}
	h, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
	if err != nil || len(h) != 16 {
		return errors.New("badly formed hexadecimal UUID string")
	}
	copy(u[:], h)
	return nil
}

func (u ppUUID) String() string {
	h := hex.EncodeToString(u[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// ppMail is App.py's Mail: an address must contain a '@'.
type ppMail string

func (m *ppMail) UnmarshalText(b []byte) error {
	if !bytes.Contains(b, []byte("@")) {
		return errors.New("email address must contain a '@'")
	}
	*m = ppMail(b)
	return nil
}

// ppMyInt is App.py's my_int, with a cast registered (app.cast).
type ppMyInt struct{ val int }

// ppClock is Python's datetime.time, from its ISO text.
type ppClock string

// ppLen is App.py's Len: the length of the string given.
type ppLen int

// ppCurrentApp stands for FlaskSimpleAuth's CurrentApp special parameter
// (no Go counterpart): a special type, filled with the app's name.
type ppCurrentApp string

// ppStuff is test_generics' Stuff, a str subclass.
type ppStuff string

// test_pydantic_models' Foo (pydantic), Bla (pydantic dataclass), Dim
// (dataclass) and Doom (special parameter); tuples are JSON arrays.
type ppFoo struct {
	F0 string `json:"f0"`
	F1 []int  `json:"f1"`
	F2 []any  `json:"f2"` // Tuple[str, float]
}

type ppBla struct {
	B0 []string `json:"b0"`
	B1 int      `json:"b1"`
}

type ppDim struct {
	D0 []any `json:"d0"` // Tuple[str, int]
	D1 int   `json:"d1"`
}

type ppDoom struct {
	I int     `json:"i"`
	F float64 `json:"f"`
}

// test_multi_400's special parameters: one raises a 400, one an exception.
type (
	ppParam400 string
	ppParamAny string
)

// ppLen0 returns "len: N".
func ppLen0(n int) (any, error) { return fmt.Sprintf("len: %d", n), nil }

// ppCreated sets 201 and returns s.
func ppCreated(c *fsa.Context, s any) (any, error) {
	c.Status(http.StatusCreated)
	return s, nil
}

// ppRoutes declares test/App.py's parameter routes, and those of the
// parameter tests' own apps, on app.
func ppRoutes(app *fsa.App) {
	fsa.Cast(app, func(s string) (ppMyInt, error) {
		n, err := strconv.Atoi(s)
		return ppMyInt{n}, err
	})
	fsa.Cast(app, func(s string) (ppClock, error) {
		for _, layout := range []string{"15:04:05.999999", "15:04"} {
			if _, err := time.Parse(layout, s); err == nil {
				return ppClock(s), nil
			}
		}
		return "", errors.New("invalid isoformat string")
	})
	fsa.Cast(app, func(s string) (ppLen, error) { return ppLen(utf8.RuneCountInString(s)), nil })
	fsa.Special(app, func(c *fsa.Context) (ppCurrentApp, error) { return ppCurrentApp(c.App().Name()), nil })
	fsa.Special(app, func(c *fsa.Context) (ppDoom, error) { return ppDoom{I: 1, F: 1.0}, nil })
	fsa.Special(app, func(c *fsa.Context) (ppParam400, error) { return "", fsa.Err(http.StatusBadRequest, "oops!") })
	fsa.Special(app, func(c *fsa.Context) (ppParamAny, error) { return "", errors.New("some internal error") })

	// test_typed_params
	fsa.Get(app, "/add/<i>", fsa.Open, func(c *fsa.Context, in struct {
		I    int
		A, B float64
	}) (any, error) {
		return ppFloat(float64(in.I) * (in.A + in.B)), nil
	})
	fsa.Get(app, "/mul/<i>", fsa.Open, func(c *fsa.Context, in struct{ I, J, K int }) (any, error) {
		return strconv.Itoa(in.I * in.J * in.K), nil
	})
	fsa.Get(app, "/div", fsa.Open, func(c *fsa.Context, in struct{ I, J *int }) (any, error) {
		if in.I == nil || in.J == nil {
			return "0", nil
		}
		q := *in.I / *in.J
		if (*in.I%*in.J != 0) && ((*in.I < 0) != (*in.J < 0)) { // Python's floor division
			q--
		}
		return strconv.Itoa(q), nil
	})
	fsa.Get(app, "/sub", fsa.Open, func(c *fsa.Context, in struct {
		I int
		J int `default:"0"`
	}) (any, error) {
		return strconv.Itoa(in.I - in.J), nil
	})
	// test_types
	fsa.Get(app, "/type", fsa.Open, func(c *fsa.Context, in struct {
		F *float64
		I *int
		B *bool
		S *string
	}) (any, error) {
		switch {
		case in.F != nil:
			return "float " + ppFloat(*in.F), nil
		case in.I != nil:
			return "int " + strconv.Itoa(*in.I), nil
		case in.B != nil:
			return "bool " + ppBool(*in.B), nil
		case in.S != nil:
			return "str " + *in.S, nil
		}
		return "", nil
	})
	// test_params
	fsa.Get(app, "/params", fsa.Open, func(c *fsa.Context, in struct {
		Kwargs map[string]any `param:"*"`
	}) (any, error) {
		return strings.Join(slices.Sorted(maps.Keys(in.Kwargs)), " "), nil
	})
	fsa.Get(app, "/required/true", fsa.Open, func(c *fsa.Context, in struct {
		S1 string `param:"s1"`
		S2 string `param:"s2"`
	}) (any, error) {
		return in.S1 + " " + in.S2, nil
	})
	fsa.Get(app, "/required/false", fsa.Open, func(c *fsa.Context, in struct {
		S1 string `param:"s1" default:"hello"`
		S2 string `param:"s2" default:"world"`
	}) (any, error) {
		return in.S1 + " " + in.S2, nil
	})
	// test_route, test_infer, test_when
	fsa.Get(app, "/one/<int:i>", fsa.Open, func(c *fsa.Context, in struct {
		I     int
		Msg   string
		Punct string `default:"!"`
	}) (any, error) {
		return fmt.Sprintf("%d: %s %s", in.I, in.Msg, in.Punct), nil
	})
	fsa.Get(app, "/infer/<id>", fsa.Open, func(c *fsa.Context, in struct {
		ID float64 `param:"id"`
		I  int     `default:"2"`
		S  string  `default:"hi"`
	}) (any, error) {
		return fmt.Sprintf("%s %d", ppFloat(in.ID), in.I*utf8.RuneCountInString(in.S)), nil
	})
	fsa.Get(app, "/when", fsa.Auth, func(c *fsa.Context, in struct {
		D time.Time
		T ppClock `default:"23:34:45"`
	}) (any, error) {
		today := time.Now().UTC().Truncate(24 * time.Hour)
		return fmt.Sprintf("in %d days, 0:00:00 %s", int(math.Round(in.D.Sub(today).Hours()/24)), in.T), nil
	})
	// test_uuid, test_bool, test_custom, test_path, test_string
	fsa.Get(app, "/superid/<uid>", fsa.Open, func(c *fsa.Context, in struct {
		UID ppUUID `param:"uid"`
		U   *ppUUID
	}) (any, error) {
		u := "None"
		if in.U != nil {
			u = in.U.String()
		}
		return fmt.Sprintf("uid = %s/%s", in.UID, u), nil
	})
	fsa.Get(app, "/bool/<b>", fsa.Open, func(c *fsa.Context, in struct{ B bool }) (any, error) { return ppBool(in.B), nil })
	fsa.Get(app, "/mail/<ad1>", fsa.Open, func(c *fsa.Context, in struct {
		Ad1 ppMail `param:"ad1"`
		Ad2 ppMail `param:"ad2" default:"calvin@comics.net"`
	}) (any, error) {
		return fmt.Sprintf("%s %s", in.Ad1, in.Ad2), nil
	})
	fsa.Get(app, "/myint/<i>", fsa.Open, func(c *fsa.Context, in struct{ I ppMyInt }) (any, error) {
		return fmt.Sprintf("my_int: %d", in.I.val), nil
	})
	fsa.Get(app, "/path/<path:p>", fsa.Open, func(c *fsa.Context, in struct{ P string }) (any, error) { return in.P, nil })
	fsa.Get(app, "/string/<s>", fsa.Open, func(c *fsa.Context, in struct{ S string }) (any, error) { return in.S, nil })
	// test_underscore: Python's _def, _int, _ and _pass are the request
	// parameters def, int, _ and pass
	fsa.Get(app, "/_/<def>", fsa.Open, func(c *fsa.Context, in struct {
		Def   string `param:"def"`
		Int   int    `param:"int"`
		Under ppLen  `param:"_"`
		Pass  bool   `param:"pass" default:"true"`
	}) (any, error) {
		return fmt.Sprintf("%s/%d/%d/%s", in.Def, in.Int, in.Under, ppBool(in.Pass)), nil
	})
	// test_bads' unexpected parameters
	fsa.Get(app, "/youpi", fsa.Open, func(c *fsa.Context, in struct{ I int }) (any, error) { return strconv.Itoa(in.I), nil })
	// test_shadowing, test_cookie, test_headers
	fsa.Get(app, "/shadow/<stuff>", fsa.Open, func(c *fsa.Context, in struct {
		Stuff string
		Lapp  ppCurrentApp
		Blup  string `default:"Yukon"`
	}) (any, error) {
		return fmt.Sprintf("%s: %s %s", in.Lapp, in.Stuff, in.Blup), nil
	})
	fsa.Get(app, "/cookie/foo", fsa.Open, func(c *fsa.Context, in struct {
		Foo string  `cookie:"foo"`
		Bla *string `cookie:"bla"`
		Bar string  `cookie:"bar" default:"foobla"`
	}) (any, error) {
		bla := "None"
		if in.Bla != nil {
			bla = *in.Bla
		}
		return fmt.Sprintf("cookie foo: %s, bla: %s, bar: %s", in.Foo, bla, in.Bar), nil
	})
	fsa.Get(app, "/headers", fsa.Open, func(c *fsa.Context, in struct {
		UserAgent string `header:""`
		Hello     string `header:""`
	}) (any, error) {
		return map[string]string{"User-Agent": in.UserAgent, "Hello": in.Hello}, nil
	})
	// test_jsondata: JsonData as the JSON text, read as Python does
	fsa.Get(app, "/json", fsa.Open, func(c *fsa.Context, in struct{ J json.RawMessage }) (any, error) {
		typ, text, err := ppPyJSON(in.J)
		return typ + ": " + text, err
	})
	// test_file_storage
	fsa.Post(app, "/upload", fsa.Open, func(c *fsa.Context, in struct{ File multipart.FileHeader }) (any, error) {
		return ppCreated(c, "file="+in.File.Filename)
	})
	fsa.Post(app, "/uploads", fsa.Open, func(c *fsa.Context, in struct {
		Kwargs map[string]any `param:"*"`
	}) (any, error) {
		return ppCreated(c, strings.Join(slices.Sorted(maps.Keys(in.Kwargs)), " "))
	})
	fsa.Post(app, "/mix", fsa.Open, func(c *fsa.Context, in struct {
		Data int
		File multipart.FileHeader
	}) (any, error) {
		return ppCreated(c, fmt.Sprintf("data=%d file=%s", in.Data, in.File.Filename))
	})
	fsa.Post(app, "/empty", fsa.Open, func(c *fsa.Context, _ struct{}) (any, error) { return "nothing", nil })
	fsa.Post(app, "/optional", fsa.Open, func(c *fsa.Context, in struct{ File *multipart.FileHeader }) (any, error) {
		if in.File == nil {
			return "no file", nil
		}
		return in.File.Filename, nil
	})
	// test_generics
	fsa.Get(app, "/l", fsa.Open, func(c *fsa.Context, in struct{ L []any }) (any, error) { return ppLen0(len(in.L)) })
	fsa.Get(app, "/ls", fsa.Open, func(c *fsa.Context, in struct{ L []string }) (any, error) { return ppLen0(len(in.L)) })
	fsa.Get(app, "/li", fsa.Open, func(c *fsa.Context, in struct{ L []int }) (any, error) { return ppLen0(len(in.L)) })
	fsa.Get(app, "/lf", fsa.Open, func(c *fsa.Context, in struct{ L []float64 }) (any, error) { return ppLen0(len(in.L)) })
	fsa.Get(app, "/lS", fsa.Open, func(c *fsa.Context, in struct{ L []ppStuff }) (any, error) { return ppLen0(len(in.L)) })
	fsa.Get(app, "/l0s", fsa.Open, func(c *fsa.Context, in struct{ L *[]string }) (any, error) {
		if in.L == nil {
			return "none", nil
		}
		return "list", nil
	})
	fsa.Get(app, "/dsi", fsa.Open, func(c *fsa.Context, in struct{ D map[string]int }) (any, error) { return ppLen0(len(in.D)) })
	fsa.Get(app, "/dsl", fsa.Open, func(c *fsa.Context, in struct{ D map[string][]int }) (any, error) {
		return ppLen0(len(in.D))
	})
	fsa.Get(app, "/lD", fsa.Open, func(c *fsa.Context, in struct{ L []time.Time }) (any, error) { return ppLen0(len(in.L)) })
	// test_pydantic_models
	fsa.Post(app, "/foo", fsa.Open, func(c *fsa.Context, in struct{ F ppFoo }) (any, error) {
		return ppCreated(c, map[string]string{"f": fmt.Sprint(in.F)})
	})
	fsa.Get(app, "/foo", fsa.Open, func(c *fsa.Context, _ struct{}) (any, error) {
		return ppFoo{F0: "ok", F1: []int{1, 2}, F2: []any{"hello", 1.0}}, nil
	})
	fsa.Post(app, "/bla", fsa.Open, func(c *fsa.Context, in struct{ B ppBla }) (any, error) { return ppCreated(c, in.B) })
	fsa.Post(app, "/dim", fsa.Open, func(c *fsa.Context, in struct{ D ppDim }) (any, error) { return ppCreated(c, in.D) })
	fsa.Get(app, "/doom", fsa.Open, func(c *fsa.Context, in struct{ D ppDoom }) (any, error) { return in.D, nil })
	// test_multi_400
	fsa.Get(app, "/400", fsa.Open, func(c *fsa.Context, in struct {
		I, J int
		F    multipart.FileHeader
		P    ppParam400
	}) (any, error) {
		return "oops 400", nil
	})
	fsa.Get(app, "/oops", fsa.Open, func(c *fsa.Context, in struct{ Q ppParamAny }) (any, error) { return "oops any", nil })
	// the optional int matrix, test_mixing
	fsa.Get(app, "/nint", fsa.Open, func(c *fsa.Context, in struct{ I *int }) (any, error) {
		return map[string]*int{"i": in.I}, nil
	})
	fsa.Get(app, "/mixing", fsa.Open, func(c *fsa.Context, in struct{ A, B int }) (any, error) { return in.A + in.B, nil })
}

// ppFile is a file of a multipart body.
type ppFile struct{ name, filename, content string }

// ppMultipart returns a multipart/form-data body of fields then files,
// with its Content-Type header: fsatest names files after their parameter,
// FlaskSimpleAuth's tests after the file (foo.txt).
func ppMultipart(t *testing.T, fields url.Values, files ...ppFile) (string, http.Header) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		for _, v := range fields[name] {
			if err := w.WriteField(name, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range files {
		part, err := w.CreateFormFile(f.name, f.filename)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(part, f.content); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), http.Header{"Content-Type": {w.FormDataContentType()}}
}

// ppGet is a GET row: a path, a form (nil: none), the status, and the
// exact body ("": not checked).
func ppGet(name, path string, form url.Values, status int, exact string) ppRow {
	tc := fsatest.Case{Name: name, Path: path, Form: form, WantStatus: status}
	if exact != "" {
		tc.WantExact = fsatest.String(exact)
	}
	return ppRow{Case: tc}
}

// ppJSON is a GET row with a JSON body.
func ppJSON(name, path string, body map[string]any, status int, exact string) ppRow {
	row := ppGet(name, path, nil, status, exact)
	row.JSON = body
	return row
}

// ppRaw is a GET row with a JSON body written as is (Python's 2.0 stays a
// float: Go would write 2).
func ppRaw(name, path, body string, status int, exact string) ppRow {
	row := ppGet(name, path, nil, status, exact)
	row.Body, row.Header = body, http.Header{"Content-Type": {"application/json"}}
	return row
}

// ppMsg adds a part the body must contain.
func ppMsg(row ppRow, msg string) ppRow {
	row.WantBody = msg
	return row
}

// ppSkip marks a row skipped.
func ppSkip(name, reason string) ppRow {
	return ppRow{Case: fsatest.Case{Name: name}, skip: reason}
}

// ppForm is a url.Values of name, value pairs.
func ppForm(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func TestPeerParams(t *testing.T) {
	c := ppServe(t)
	const ok, bad, notFound = http.StatusOK, http.StatusBadRequest, http.StatusNotFound

	// /add/2 a=2.0 b=4.0 → 12.0; /mul/2 j,k (+unused: 200 if not rejecting,
	// else 400; JSON j=5 k="4" → 40); missing/non-numeric → 400; /div i=10
	// j=3 → 3, JSON 100,"4" → 25, only i → 0; /sub 42-20 → 22, only j 400,
	// only i 42. (test_typed_params)
	t.Run("typed params", func(t *testing.T) {
		lax := ppServe(t, "FSA_REJECT_UNEXPECTED_PARAM", false)
		ppRun(t, lax, []ppRow{
			ppGet("mul unused ignored", "/mul/2", ppForm("j", "3", "k", "4", "unused", "x"), ok, "24"),
			ppJSON("mul unused ignored JSON", "/mul/2", map[string]any{"j": 5, "k": "4", "unused": "y"}, ok, "40"),
		})
		ppRun(t, c, []ppRow{
			ppGet("add", "/add/2", ppForm("a", "2.0", "b", "4.0"), ok, "12.0"),
			ppGet("mul unused rejected", "/mul/2", ppForm("j", "3", "k", "4", "unused", "x"), bad, ""),
			ppJSON("mul unused rejected JSON", "/mul/2", map[string]any{"j": 5, "k": "4", "unused": "y"}, bad, ""),
			ppGet("mul missing k", "/mul/1", ppForm("j", "3"), bad, ""),
			ppGet("mul missing j", "/mul/1", ppForm("k", "4"), bad, ""),
			ppGet("mul not numbers", "/mul/2", ppForm("j", "three", "k", "four"), bad, ""),
			ppJSON("mul not numbers JSON", "/mul/2", map[string]any{"j": "three", "k": "four"}, bad, ""),
			ppGet("div", "/div", ppForm("i", "10", "j", "3"), ok, "3"),
			ppJSON("div JSON", "/div", map[string]any{"i": 100, "j": "4"}, ok, "25"),
			ppGet("div only i", "/div", ppForm("i", "10"), ok, "0"),
			ppGet("sub", "/sub", ppForm("i", "42", "j", "20"), ok, "22"),
			ppGet("sub only j", "/sub", ppForm("j", "42"), bad, ""),
			ppGet("sub only i", "/sub", ppForm("i", "42"), ok, "42"),
		})
	})

	// /type: f `1.0`, JSON "2.0"/2.0; i `0b11`→3, `0x11`→17 (form/JSON),
	// `0o11`→9, `11`; b `0`,``,`False`,`fALSE`,`F`→False,
	// `1`,`foofoo`,`True`,JSON "True"/true→True, false→False. (test_types)
	t.Run("type", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("f 1.0", "/type", ppForm("f", "1.0"), ok, "float 1.0"),
			ppJSON("f JSON string 2.0", "/type", map[string]any{"f": "2.0"}, ok, "float 2.0"),
			ppRaw("f JSON 2.0", "/type", `{"f": 2.0}`, ok, "float 2.0"),
			ppGet("i 0b11", "/type", ppForm("i", "0b11"), ok, "int 3"),
			ppGet("i 0x11", "/type", ppForm("i", "0x11"), ok, "int 17"),
			ppJSON("i JSON string 0x11", "/type", map[string]any{"i": "0x11"}, ok, "int 17"),
			ppJSON("i JSON 0x11", "/type", map[string]any{"i": 0x11}, ok, "int 17"),
			ppGet("i 0o11", "/type", ppForm("i", "0o11"), ok, "int 9"),
			// FlaskSimpleAuth's note: 011 is not accepted as octal (int(s, 0))
			ppGet("i 011", "/type", ppForm("i", "011"), bad, ""),
			ppGet("i 11", "/type", ppForm("i", "11"), ok, "int 11"),
			ppJSON("i JSON string 11", "/type", map[string]any{"i": "11"}, ok, "int 11"),
			ppJSON("i JSON 11", "/type", map[string]any{"i": 11}, ok, "int 11"),
			ppGet("b 0", "/type", ppForm("b", "0"), ok, "bool False"),
			ppGet("b empty", "/type", ppForm("b", ""), ok, "bool False"),
			ppGet("b False", "/type", ppForm("b", "False"), ok, "bool False"),
			ppGet("b fALSE", "/type", ppForm("b", "fALSE"), ok, "bool False"),
			ppGet("b F", "/type", ppForm("b", "F"), ok, "bool False"),
			ppGet("b 1", "/type", ppForm("b", "1"), ok, "bool True"),
			ppGet("b foofoo", "/type", ppForm("b", "foofoo"), ok, "bool True"),
			ppGet("b True", "/type", ppForm("b", "True"), ok, "bool True"),
			ppJSON("b JSON string True", "/type", map[string]any{"b": "True"}, ok, "bool True"),
			ppJSON("b JSON true", "/type", map[string]any{"b": true}, ok, "bool True"),
			ppJSON("b JSON false", "/type", map[string]any{"b": false}, ok, "bool False"),
			ppGet("s", "/type", ppForm("s", "Hello World!"), ok, "str Hello World!"),
			ppJSON("s JSON", "/type", map[string]any{"s": "Hello World?"}, ok, "str Hello World?"),
		})
	})

	// **kwargs → `a b c`; required s1,s2 (400 if either missing); defaults
	// `hello world`. (test_params)
	t.Run("kwargs required defaults", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("kwargs", "/params", ppForm("a", "1", "b", "2", "c", "3"), ok, "a b c"),
			ppGet("required both", "/required/true", ppForm("s1", "su", "s2", "sie"), ok, "su sie"),
			ppGet("required missing s1", "/required/true", ppForm("s2", "sie"), bad, ""),
			ppGet("required missing s2", "/required/true", ppForm("s1", "su"), bad, ""),
			ppGet("defaults both", "/required/false", ppForm("s1", "su", "s2", "sie"), ok, "su sie"),
			ppGet("defaults none", "/required/false", nil, ok, "hello world"),
			ppGet("defaults s2", "/required/false", ppForm("s2", "sie"), ok, "hello sie"),
			ppGet("defaults s1", "/required/false", ppForm("s1", "su"), ok, "su world"),
		})
	})

	// /one/<int:i> msg[,punct] `42: hello !`; no msg 400; /one/bad 404.
	// /infer/1.000 `1.0 4`, i=2 s=hello `2.0 10`. /when d bad or t bad →
	// 400. (test_route, test_infer, test_when)
	t.Run("route infer when", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("one", "/one/42", ppForm("msg", "hello"), ok, "42: hello !"),
			ppGet("one punct", "/one/42", ppForm("msg", "hello", "punct", "?"), ok, "42: hello ?"),
			ppGet("one missing msg", "/one/42", nil, bad, ""),
			ppGet("one bad i", "/one/bad", ppForm("msg", "hi"), notFound, ""),
			ppGet("infer", "/infer/1.000", nil, ok, "1.0 4"),
			ppGet("infer i s", "/infer/2.000", ppForm("i", "2", "s", "hello"), ok, "2.0 10"),
			ppMsg(ppGet("when", "/when", ppForm("d", "1970-03-20", "LOGIN", "calvin"), ok, ""), "days"),
			ppGet("when bad d", "/when", ppForm("d", "not a date", "LOGIN", "calvin"), bad, ""),
			ppGet("when bad t", "/when", ppForm("d", "2005-04-21", "t", "not a time", "LOGIN", "calvin"), bad, ""),
		})
	})

	// UUID path invalid 404, param invalid 400. /cplx `-1-1j` → `0j`,
	// /cplx/zero 400. /bool/1 True, f/0 False, hello True, /bool/ 404.
	// Custom class Mail (needs `@`) bad 400; custom cast `my_int: 5432`.
	// /path/foo/bla `foo/bla`. (test_uuid, test_complex, test_bool,
	// test_custom, test_path, test_string)
	t.Run("uuid complex bool custom path", func(t *testing.T) {
		const u1, u2 = "12345678-1234-1234-1234-1234567890ab", "23456789-1234-1234-1234-1234567890ab"
		const s, h, m = "susie@comics.net", "hobbes@comics.net", "moe@comics.net"
		complexNA := "n/a: Python's complex has no Go counterpart"
		ppRun(t, c, []ppRow{
			ppGet("uuid path", "/superid/"+u1, nil, ok, "uid = "+u1+"/None"),
			ppGet("uuid path invalid", "/superid/not-a-valid-uuid", nil, notFound, ""),
			ppGet("uuid param", "/superid/"+u2, ppForm("u", u1), ok, "uid = "+u2+"/"+u1),
			ppGet("uuid param invalid", "/superid/"+u1, ppForm("u", "invalid uuid"), bad, ""),
			// n/a: Python's complex has no Go counterpart
			ppSkip("cplx -1-1j", complexNA),
			// n/a: Python's complex has no Go counterpart
			ppSkip("cplx path -1j", complexNA),
			// n/a: Python's complex has no Go counterpart
			ppSkip("cplx path zero", complexNA),
			ppGet("bool 1", "/bool/1", nil, ok, "True"),
			ppGet("bool f", "/bool/f", nil, ok, "False"),
			ppGet("bool 0", "/bool/0", nil, ok, "False"),
			ppGet("bool hello", "/bool/hello", nil, ok, "True"),
			ppGet("bool empty", "/bool/", nil, notFound, ""),
			ppGet("mail", "/mail/"+s, nil, ok, s+" calvin@comics.net"),
			ppGet("mail ad2", "/mail/"+h, ppForm("ad2", m), ok, h+" "+m),
			// differs: a path variable that does not convert is a 404, the route does not match (FSA casts after matching: 400)
			ppGet("mail bad path", "/mail/bad-email-address", nil, notFound, ""),
			ppGet("mail bad ad2", "/mail/"+m, ppForm("ad2", "bad-email-address"), bad, ""),
			ppGet("custom cast", "/myint/5432", nil, ok, "my_int: 5432"),
			ppGet("path", "/path/foo", nil, ok, "foo"),
			ppGet("path slash", "/path/foo/bla", nil, ok, "foo/bla"),
			ppGet("string", "/string/foo", nil, ok, "foo"),
		})
	})

	// /_/<_def> (_int,_,_pass=True): missing 400; `foo/2/5/True`;
	// pass=False `bla/4/6/False`. (test_underscore)
	t.Run("underscore", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("missing", "/_/foo", nil, bad, ""),
			ppGet("defaults", "/_/foo", ppForm("int", "2", "_", "hello"), ok, "foo/2/5/True"),
			ppGet("pass False", "/_/bla", ppForm("int", "4", "_", "world!", "pass", "False"), ok, "bla/4/6/False"),
		})
	})

	// Extra j 400 `unexpected http parameter "j"`; JSON h `unexpected json
	// parameter "h"`. (test_bads)
	t.Run("unexpected", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("form", "/youpi", ppForm("i", "5432"), ok, "5432"),
			ppJSON("JSON", "/youpi", map[string]any{"i": 5432}, ok, "5432"),
			ppMsg(ppGet("form j", "/youpi", ppForm("i", "5432", "j", "oops!"), bad, ""), `unexpected http parameter "j"`),
			ppMsg(ppJSON("JSON h", "/youpi", map[string]any{"i": 5432, "h": "oops!"}, bad, ""), `unexpected json parameter "h"`),
		})
	})

	// /shadow/<stuff> (CurrentApp lapp, blup="Yukon"): `Test: foo Yukon`;
	// stuff/lapp as params 400 naming them; query beats form; repeated →
	// first. (test_shadowing; lapp is a special type standing for
	// CurrentApp)
	t.Run("shadow", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("plain", "/shadow/foo", nil, ok, "Test: foo Yukon"),
			ppMsg(ppJSON("stuff JSON", "/shadow/foo", map[string]any{"stuff": "bla"}, bad, ""), `"stuff"`),
			ppMsg(ppGet("stuff form", "/shadow/bla", ppForm("stuff", "foo"), bad, ""), `"stuff"`),
			ppMsg(ppJSON("lapp JSON", "/shadow/foo", map[string]any{"lapp": "bla"}, bad, ""), `"lapp"`),
			ppMsg(ppGet("lapp form", "/shadow/bla", ppForm("lapp", "foo"), bad, ""), `"lapp"`),
			ppJSON("blup JSON", "/shadow/foo", map[string]any{"blup": "Manitoba"}, ok, "Test: foo Manitoba"),
			ppGet("blup form", "/shadow/bla", ppForm("blup", "Quebec"), ok, "Test: bla Quebec"),
			ppGet("query beats form", "/shadow/bla?blup=Manitoba", ppForm("blup", "Quebec"), ok, "Test: bla Manitoba"),
			ppGet("repeated", "/shadow/bla?blup=Manitoba&blup=Quebec", nil, ok, "Test: bla Manitoba"),
		})
	})

	// Cookies foo, bla=None, bar="foobla" → `cookie foo: bla, bla: None,
	// bar: foobla`. Headers user_agent/hello (sent `HELLO`) → JSON.
	// (test_cookie, test_headers)
	t.Run("cookies headers", func(t *testing.T) {
		const agent = "Werkzeug/3.1.3" // Flask's test client sends one
		ppRun(t, c, []ppRow{
			{Case: fsatest.Case{Name: "cookie", Path: "/cookie/foo", Header: http.Header{"Cookie": {"foo=bla"}},
				WantStatus: ok, WantExact: fsatest.String("cookie foo: bla, bla: None, bar: foobla")}},
			// differs: a missing required cookie is a 400 naming it (FSA: 500)
			{Case: fsatest.Case{Name: "cookie missing", Path: "/cookie/foo", WantStatus: bad, WantExact: fsatest.String(`cookie "foo" is missing`)}},
			{Case: fsatest.Case{Name: "headers", Path: "/headers", Header: http.Header{"HELLO": {"World!"}, "User-Agent": {agent}},
				WantStatus: ok, WantJSON: map[string]any{"Hello": "World!", "User-Agent": agent}}},
			// differs: a missing required header is a 400 naming it (FSA: 500)
			{Case: fsatest.Case{Name: "header missing", Path: "/headers", Header: http.Header{"User-Agent": {agent}},
				WantStatus: bad, WantExact: fsatest.String(`header "Hello" is missing`)}},
		})
	})

	// JsonData form `null`→`NoneType: null`, `5432` int, `false` bool,
	// `54.3200`→`float: 54.32`, lists/dicts; JSON strings `"null"`, `"9876"`
	// stay str. (test_jsondata; JsonData as json.RawMessage, so that the
	// handler tells ints from floats as Python does)
	t.Run("JsonData", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("form null", "/json", ppForm("j", "null"), ok, "NoneType: null"),
			ppRaw("JSON null", "/json", `{"j": null}`, ok, "NoneType: null"),
			ppGet("form int", "/json", ppForm("j", "5432"), ok, "int: 5432"),
			ppRaw("JSON int", "/json", `{"j": 1234}`, ok, "int: 1234"),
			ppGet("form bool", "/json", ppForm("j", "false"), ok, "bool: false"),
			ppRaw("JSON bool", "/json", `{"j": true}`, ok, "bool: true"),
			ppGet("form float", "/json", ppForm("j", "54.3200"), ok, "float: 54.32"),
			ppRaw("JSON float", "/json", `{"j": 1.0000}`, ok, "float: 1.0"),
			ppGet("form list", "/json", ppForm("j", "[1, 2]"), ok, "list: [1, 2]"),
			ppRaw("JSON list", "/json", `{"j": [4, 5]}`, ok, "list: [4, 5]"),
			ppGet("form dict", "/json", ppForm("j", `{"n":1}`), ok, `dict: {"n": 1}`),
			ppRaw("JSON dict", "/json", `{"j": {"p": 3}}`, ok, `dict: {"p": 3}`),
			ppRaw("JSON mixed list", "/json", `{"j": [false, true, [3, 14.000], {"q": 4}]}`, ok, `list: [false, true, [3, 14.0], {"q": 4}]`),
			ppRaw("JSON nested dict", "/json", `{"j": {"a": {"b": {"c": 3}}}}`, ok, `dict: {"a": {"b": {"c": 3}}}`),
			ppJSON("JSON string null", "/json", map[string]any{"j": "null"}, ok, `str: "null"`),
			ppJSON("JSON string true", "/json", map[string]any{"j": "true"}, ok, `str: "true"`),
			ppJSON("JSON string int", "/json", map[string]any{"j": "9876"}, ok, `str: "9876"`),
			ppJSON("JSON string float", "/json", map[string]any{"j": "32.10"}, ok, `str: "32.10"`),
			ppJSON("JSON string list", "/json", map[string]any{"j": "[3, 4]"}, ok, `str: "[3, 4]"`),
			ppJSON("JSON string dict", "/json", map[string]any{"j": `{"m": 2}`}, ok, `str: "{\"m\": 2}"`),
		})
	})

	// Files: ok 201 `file=foo.txt`; absent `parameter "file" is missing`;
	// extra `unexpected http parameter "stuff"`; string `parameter "file"
	// type error`; **kwargs `bla foo`; file as int `cannot cast to int`;
	// no-param route `unexpected http parameters: bla foo`; optional absent
	// `no file`. (test_file_storage)
	t.Run("files", func(t *testing.T) {
		post := func(name, path string, status int, msg string, fields url.Values, files ...ppFile) ppRow {
			body, header := ppMultipart(t, fields, files...)
			return ppRow{Case: fsatest.Case{Name: name, Method: http.MethodPost, Path: path, Body: body, Header: header,
				WantStatus: status, WantBody: msg}}
		}
		file := func(name, content string) ppFile { return ppFile{name, "foo.txt", content} }
		ppRun(t, c, []ppRow{
			post("upload", "/upload", http.StatusCreated, "file=foo.txt", nil, file("file", "hello file!\n")),
			post("upload absent", "/upload", bad, `parameter "file" is missing`, nil, file("stuff", "hello stuff!\n")),
			post("upload extra", "/upload", bad, `unexpected http parameter "stuff"`, nil,
				file("file", "hello file!\n"), file("stuff", "hello stuff!\n")),
			// differs: conversion messages do not echo the value sent (FSA: `parameter "file" type error on bla.txt for <class ...>`)
			{Case: fsatest.Case{Name: "upload string", Method: http.MethodPost, Path: "/upload", Form: ppForm("file", "bla.txt"),
				WantStatus: bad, WantExact: fsatest.String(`parameter "file" must be an uploaded file`)}},
			post("uploads kwargs", "/uploads", http.StatusCreated, "bla foo", nil, file("foo", "hello foo!\n"), file("bla", "hello bla!\n")),
			post("mix", "/mix", http.StatusCreated, "data=42 file=foo.txt", ppForm("data", "42"), file("file", "hello file!\n")),
			// differs: conversion messages are fsa-go's own wording (FSA: `error on parameter "data": cannot cast to int: FileStorage`)
			post("mix file as int", "/mix", bad, `parameter "data" must not be an uploaded file`, nil,
				file("data", "hello data!\n"), file("file", "hello file!\n")),
			{Case: fsatest.Case{Name: "empty", Method: http.MethodPost, Path: "/empty", WantStatus: ok, WantExact: fsatest.String("nothing")}},
			// differs: a route without parameters names each unexpected one on its own line, as any route does (FSA: `unexpected http parameters: bla foo`)
			post("empty files", "/empty", bad, "unexpected http parameter \"bla\"\nunexpected http parameter \"foo\"", nil,
				file("foo", "hello foo!\n"), file("bla", "hello bla!\n")),
			post("optional", "/optional", ok, "foo.txt", nil, file("file", "hello opt!\n")),
			{Case: fsatest.Case{Name: "optional absent", Method: http.MethodPost, Path: "/optional", Form: url.Values{},
				WantStatus: ok, WantExact: fsatest.String("no file")}},
		})
	})

	// Generics (JSON): list[str] [x,2] ok; missing/string 400; list[int]
	// [True,2] 400; query repeats counted; Optional list absent ok;
	// dict[str,int] with 3.14/false/[]/str/num 400; dict[str,list[int]]
	// null/str/list/{b:1}/[True]/[1.5] 400; list[str]|list[int] mixed 400;
	// list[None] [0] 400; list[date] bad 400. (test_generics)
	t.Run("generics", func(t *testing.T) {
		type m = map[string]any
		ppRun(t, c, []ppRow{
			ppJSON("list", "/l", m{"l": []any{"hello", "world"}}, ok, "len: 2"),
			ppJSON("list empty", "/l", m{"l": []any{}}, ok, "len: 0"),
			ppJSON("list[str]", "/ls", m{"l": []any{"hello", "world"}}, ok, "len: 2"),
			ppJSON("list[str] empty", "/ls", m{"l": []any{}}, ok, "len: 0"),
			// differs: inside a JSON array values must have their JSON kind: 2 is not a string (FSA casts it to "2")
			ppJSON("list[str] with 2", "/ls", m{"l": []any{"hello", 2}}, bad, ""),
			ppJSON("list[str] missing", "/ls", m{}, bad, ""),
			ppJSON("list[str] string", "/ls", m{"l": "a list of strings"}, bad, ""),
			ppJSON("list[int]", "/li", m{"l": []any{1, 2}}, ok, "len: 2"),
			ppJSON("list[int] empty", "/li", m{"l": []any{}}, ok, "len: 0"),
			ppJSON("list[int] missing", "/li", m{}, bad, ""),
			ppJSON("list[int] with True", "/li", m{"l": []any{true, 2}}, bad, ""),
			ppJSON("list[int] string", "/li", m{"l": "a list of ints"}, bad, ""),
			ppRaw("list[float]", "/lf", `{"l": [0.0, 1.0, 2.0]}`, ok, "len: 3"),
			ppGet("list[str] repeated", "/ls?l=hello&l=world", nil, ok, "len: 2"),
			ppGet("list[int] repeated", "/li?l=1&l=2&l=3", nil, ok, "len: 3"),
			ppJSON("optional list", "/l0s", m{"l": []any{"hello", "world"}}, ok, "list"),
			ppJSON("optional list empty", "/l0s", m{"l": []any{}}, ok, "list"),
			ppJSON("optional list absent", "/l0s", m{}, ok, "none"),
			// differs: inside a JSON array values must have their JSON kind: 2 is not a string (FSA casts it to "2")
			ppJSON("optional list with 2", "/l0s", m{"l": []any{"hello", 2}}, bad, ""),
			ppJSON("optional list string", "/l0s", m{"l": "a list of strings"}, bad, ""),
			// n/a: Optional[list[str]] and Union[list[str], None] are spellings of list[str]|None: Go has *[]string only
			ppSkip("optional list spellings", "n/a: Optional[list[str]] and Union[list[str], None] are Python spellings of list[str]|None: Go has *[]string only"),
			ppJSON("dict[str,int]", "/dsi", m{"d": m{"a": 1, "b": 2}}, ok, "len: 2"),
			ppJSON("dict[str,int] empty", "/dsi", m{"d": m{}}, ok, "len: 0"),
			ppJSON("dict[str,int] missing", "/dsi", m{}, bad, ""),
			ppJSON("dict[str,int] float", "/dsi", m{"d": m{"a": 1, "b": 3.14159}}, bad, ""),
			ppJSON("dict[str,int] false", "/dsi", m{"d": m{"a": false, "b": 3}}, bad, ""),
			ppJSON("dict[str,int] list", "/dsi", m{"d": []any{}}, bad, ""),
			ppJSON("dict[str,int] string", "/dsi", m{"d": "dict of str to int"}, bad, ""),
			ppJSON("dict[str,int] number", "/dsi", m{"d": 3.1415927}, bad, ""),
			ppJSON("dict[str,list[int]]", "/dsl", m{"d": m{"a": []any{}, "b": []any{1, 2}}}, ok, "len: 2"),
			ppJSON("dict[str,list[int]] empty", "/dsl", m{"d": m{}}, ok, "len: 0"),
			ppRaw("dict[str,list[int]] null", "/dsl", `{"d": null}`, bad, ""),
			ppJSON("dict[str,list[int]] string", "/dsl", m{"d": "hello world"}, bad, ""),
			ppJSON("dict[str,list[int]] list", "/dsl", m{"d": []any{"hello", "world"}}, bad, ""),
			ppJSON("dict[str,list[int]] int item", "/dsl", m{"d": m{"a": []any{}, "b": 1}}, bad, ""),
			ppJSON("dict[str,list[int]] True", "/dsl", m{"d": m{"a": []any{true}, "b": []any{1, 2}}}, bad, ""),
			ppJSON("dict[str,list[int]] 1.5", "/dsl", m{"d": m{"a": []any{}, "b": []any{1.5, 2}}}, bad, ""),
			// n/a: a union of generic types (list[str]|list[int]) has no Go counterpart
			ppSkip("list[str]|list[int] mixed", "n/a: a union of generic types (list[str]|list[int]) has no Go counterpart"),
			// n/a: list[None], a list of Python's None, has no Go counterpart
			ppSkip("list[None] [0]", "n/a: list[None], a list of Python's None, has no Go counterpart"),
			ppGet("list[Stuff] repeated", "/lS?l=hello&l=world", nil, ok, "len: 2"),
			ppJSON("list[Stuff]", "/lS", m{"l": []any{"hello", "world!"}}, ok, "len: 2"),
			ppGet("list[date] repeated", "/lD?l=1970-10-14&l=1970-03-20", nil, ok, "len: 2"),
			ppJSON("list[date] empty", "/lD", m{"l": []any{}}, ok, "len: 0"),
			ppJSON("list[date]", "/lD", m{"l": []any{"2020-07-29"}}, ok, "len: 1"),
			ppJSON("list[date] bad", "/lD", m{"l": []any{"not-a-valid-date"}}, bad, ""),
		})
	})

	// Models: JSON object 201; missing field 400 `cast error`; number 400
	// `unexpected value 5432 for dict`; form JSON string 201; form `1234`
	// `cast error on 1234`. (test_pydantic_models)
	t.Run("models", func(t *testing.T) {
		type m = map[string]any
		fooOK := m{"f0": "ok", "f1": []any{1, 2}, "f2": []any{"hello", 1.0}}
		fooKO := m{"f0": "ok", "f1": []any{1, 2}}
		blaOK := m{"b0": []any{"hello", "world"}, "b1": 5432}
		blaKO := m{"b0": []any{}, "b1": "forty-two"}
		dimOK := m{"d0": []any{"Calvin", 6}, "d1": 5432}
		text := func(v any) string {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		// post sends a JSON body, or a form; msg is the exact message of a 400
		post := func(name, path string, body m, form url.Values, status int, msg string) ppRow {
			tc := fsatest.Case{Name: name, Method: http.MethodPost, Path: path, Form: form, WantStatus: status}
			if body != nil {
				tc.JSON = body
			}
			if msg != "" {
				tc.WantExact = fsatest.String(msg)
			}
			return ppRow{Case: tc}
		}
		created := http.StatusCreated
		echo := func(row ppRow, want m) ppRow {
			row.WantJSON = want
			return row
		}
		ppRun(t, c, []ppRow{
			post("Foo JSON", "/foo", m{"f": fooOK}, nil, created, ""),
			// differs: struct problems name the member, with fsa-go's wording (FSA: pydantic's `cast error on {...}`)
			post("Foo JSON missing f2", "/foo", m{"f": fooKO}, nil, bad, `parameter "f.f2" is missing`),
			// differs: conversion messages do not echo the value sent (FSA: `unexpected value 5432 for dict`)
			post("Foo JSON number", "/foo", m{"f": 5432}, nil, bad, `parameter "f" must be an object`),
			post("Foo form", "/foo", nil, ppForm("f", text(fooOK)), created, ""),
			// differs: struct problems name the member, with fsa-go's wording (FSA: pydantic's `cast error on {...}`)
			post("Foo form missing f2", "/foo", nil, ppForm("f", text(fooKO)), bad, `parameter "f.f2" is missing`),
			// differs: conversion messages do not echo the value sent (FSA: `cast error on 1234`)
			post("Foo form number", "/foo", nil, ppForm("f", "1234"), bad, `parameter "f" must be an object`),
			{Case: fsatest.Case{Name: "Foo jsonify", Path: "/foo", WantStatus: ok, WantJSON: fooOK}},
			echo(post("Bla JSON", "/bla", m{"b": blaOK}, nil, created, ""), blaOK),
			// differs: conversion messages do not echo the value sent (FSA: `cast error on {...}`)
			post("Bla JSON bad b1", "/bla", m{"b": blaKO}, nil, bad, `parameter "b.b1" must be an integer`),
			// differs: conversion messages do not echo the value sent (FSA: `unexpected value True for dict`)
			post("Bla JSON true", "/bla", m{"b": true}, nil, bad, `parameter "b" must be an object`),
			post("Bla form", "/bla", nil, ppForm("b", text(blaOK)), created, ""),
			post("Bla form bad b1", "/bla", nil, ppForm("b", text(blaKO)), bad, ""),
			// differs: conversion messages do not echo the value sent (FSA: `unexpected value False for dict`)
			post("Bla JSON false", "/bla", m{"b": false}, nil, bad, `parameter "b" must be an object`),
			echo(post("Dim JSON", "/dim", m{"d": dimOK}, nil, created, ""), dimOK),
			post("Dim JSON number", "/dim", m{"d": 3.14159}, nil, bad, ""),
			post("Dim form", "/dim", nil, ppForm("d", text(dimOK)), created, ""),
			post("Dim JSON other number", "/dim", m{"d": 2.78}, nil, bad, ""),
			{Case: fsatest.Case{Name: "Doom special", Path: "/doom", WantStatus: ok, WantJSON: m{"i": 1, "f": 1.0}}},
		})
	})

	// Multi-400: JSON {i:"one", k:42} → one 400 naming i,j,k,f,p; raising
	// special param → 500 naming q. (test_multi_400)
	t.Run("multi 400", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			{Case: fsatest.Case{Name: "all problems", Path: "/400", JSON: map[string]any{"i": "one", "k": 42}, WantStatus: bad,
				WantBody: `"i"`}, also: []string{`"j"`, `"k"`, `"f"`, `parameter "p": oops!`}},
			// differs: internal errors name the stage and the route, never the cause (FSA: `unexpected error on parameter "q" (...)`)
			{Case: fsatest.Case{Name: "raising special", Path: "/oops", WantStatus: http.StatusInternalServerError,
				WantExact: fsatest.String("internal error caught at parameters on /oops")}},
		})
	})

	// `i: int|None` (5 spellings) × {42,0,1,None} × {JSON, form} → `{"i":
	// v}` (35 cases). Query+JSON mix → 42. (test_mixing)
	t.Run("optional int", func(t *testing.T) {
		var rows []ppRow
		for _, v := range []any{42, 0, 1, nil} {
			rows = append(rows, ppRow{Case: fsatest.Case{Name: fmt.Sprintf("JSON %v", v), Path: "/nint",
				JSON: map[string]any{"i": v}, WantStatus: ok, WantJSON: map[string]any{"i": v}}})
		}
		for _, v := range []int{42, 0, 1} {
			rows = append(rows, ppRow{Case: fsatest.Case{Name: fmt.Sprintf("form %d", v), Path: "/nint",
				Form: ppForm("i", strconv.Itoa(v)), WantStatus: ok, WantJSON: map[string]any{"i": v}}})
		}
		rows = append(rows,
			// n/a: int|None, None|int, Optional[int], Union[int, None] and Union[None, int] are Python spellings of one type: Go has *int only
			ppSkip("other spellings", "n/a: int|None, None|int, Optional[int], Union[int, None], Union[None, int] are Python spellings of one type: Go has *int only"),
			ppGet("mixing query", "/mixing?a=40&b=2", nil, ok, "42\n"),
			ppGet("mixing form", "/mixing", ppForm("a", "39", "b", "3"), ok, "42\n"),
			ppJSON("mixing JSON", "/mixing", map[string]any{"a": 37, "b": 5}, ok, "42\n"),
			ppJSON("mixing query and JSON", "/mixing?a=35", map[string]any{"b": 7}, ok, "42\n"),
		)
		ppRun(t, c, rows)
	})
}
