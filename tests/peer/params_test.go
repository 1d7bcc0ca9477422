// FlaskSimpleAuth's parameter tests on its test app (test/App.py's routes,
// written as Go input structs): this file holds test_typed_params,
// test_types, test_params, test_route, test_infer, test_when, test_uuid,
// test_complex, test_bool, test_custom, test_path, test_string,
// test_underscore, test_jsondata, test_shadowing, test_cookie and
// test_headers, each a subtest of TestPeerParams named after it, one row
// (or a few) per FlaskSimpleAuth assertion. params_apps_test.go holds the
// parameter tests that build their own app.
package peer_test

import (
	"bytes"
	"cmp"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/tests/peer"
	"github.com/labstack/echo/v4"
)

// ppRow is one expectation: a request and what its response must show
// (or a check that is not a request: run), and the FlaskSimpleAuth
// assertions it stands for.
type ppRow struct {
	fsatest.Case
	also    []string                                  // more parts the body must contain
	check   func(t *testing.T, res *fsatest.Response) // further checks of the response
	run     func(t *testing.T)                        // a row that is not a request
	n       int                                       // FlaskSimpleAuth's assertions the row stands for (0: caseAsserts)
	own     bool                                      // a check of ours, standing for no FlaskSimpleAuth assertion
	differs string                                    // asserts our documented difference, this one
	na      string                                    // no meaning in Go: skipped with this reason
	notYet  string                                    // a feature still to build: skipped with this reason (naming its issue)
}

// stands sets the FlaskSimpleAuth assertions the row stands for.
func (r ppRow) stands(n int) ppRow {
	r.n = n
	return r
}

// differ marks the row as asserting our documented difference why.
func (r ppRow) differ(why string) ppRow {
	r.differs = why
	return r
}

// ppRun runs the rows in order, each as a subtest that first says, with
// fsaRow, what it stands for.
func ppRun(t *testing.T, c *fsatest.Client, rows []ppRow) {
	t.Helper()
	for _, row := range rows {
		name := cmp.Or(row.Name, cmp.Or(row.Method, http.MethodGet)+" "+row.Path)
		t.Run(name, func(t *testing.T) {
			t.Helper()
			how{n: row.n, own: row.own, differs: row.differs, na: row.na, notYet: row.notYet}.record(t, caseAsserts(row.Case))
			if row.run != nil {
				row.run(t)
				return
			}
			res := c.Check(t, row.Case)
			for _, part := range row.also {
				if !bytes.Contains(res.Body, []byte(part)) {
					t.Errorf("%s: body %q does not contain %q", row.Path, res.Body, part)
				}
			}
			if row.check != nil {
				row.check(t, res)
			}
		})
	}
}

// ppNA is a row with no meaning in Go, standing for n assertions.
func ppNA(name string, n int, why string) ppRow {
	return ppRow{Case: fsatest.Case{Name: name}, n: n, na: why}
}

// ppServe returns a client of FlaskSimpleAuth's test app (peer.New) with
// the directives given and test/App.py's parameter routes, checked.
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

// ppLocal returns a client of an app of a test function's own, like
// FlaskSimpleAuth's fsa.Flask(name, FSA_AUTH="none"): the directives
// given, then the routes that declare adds, checked.
func ppLocal(t *testing.T, name string, declare func(app *fsa.App), directives ...any) *fsatest.Client {
	t.Helper()
	app, err := ppNew(name, directives...)
	if err != nil {
		t.Fatal(err)
	}
	declare(app)
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return fsatest.New(h)
}

// ppNew is fsa.New(name) with FSA_AUTH none, quiet and reading no
// environment, then the directives as name, value pairs.
func ppNew(name string, directives ...any) (*fsa.App, error) {
	opts := []fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))), fsa.Set("FSA_AUTH", "none")}
	for i := 0; i+1 < len(directives); i += 2 {
		opts = append(opts, fsa.Set(directives[i].(string), directives[i+1]))
	}
	return fsa.New(name, opts...)
}

// ppDecl is a row that declares a route on a fresh app (ppNew) and wants
// app.Check to fail saying want.
func ppDecl(name string, declare func(app *fsa.App), want string) ppRow {
	return ppRow{Case: fsatest.Case{Name: name}, n: 1, run: func(t *testing.T) {
		app, err := ppNew("decl")
		if err != nil {
			t.Fatal(err)
		}
		declare(app)
		if err := app.Check(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check: %v, want an error saying %q", err, want)
		}
	}}
}

// ppNop is a handler of any input.
func ppNop[In any](*fsa.Context, In) (any, error) { return nil, nil }

// ppIsJSON checks that the response is JSON and holds want.
func ppIsJSON(want any) func(t *testing.T, res *fsatest.Response) {
	return func(t *testing.T, res *fsatest.Response) {
		t.Helper()
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q, want JSON", ct)
		}
		var got any
		if err := json.Unmarshal(res.Body, &got); err != nil {
			t.Fatalf("body %q: %v", res.Body, err)
		}
		wantJSON, _ := json.Marshal(want)
		var w any
		_ = json.Unmarshal(wantJSON, &w)
		if !reflect.DeepEqual(got, w) {
			t.Errorf("JSON %s, want %s", res.Body, wantJSON)
		}
	}
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

// ppComplex writes a complex as Python's str does: 0j, -1j, (1+1j).
func ppComplex(c complex128) string {
	part := func(f float64) string {
		if a := math.Abs(f); a != 0 && (a < 1e-4 || a >= 1e16) {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	re, im := real(c), imag(c)
	if re == 0 && !math.Signbit(re) {
		return part(im) + "j"
	}
	sign := "+"
	if math.Signbit(im) {
		sign = "-"
	}
	return "(" + part(re) + sign + part(math.Abs(im)) + "j)"
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

// App.py's Foo and Bla special parameters (app.special_parameter): Bla is
// registered twice, the second provider wins.
type (
	ppSpecialFoo string
	ppSpecialBla string
)

// ppRoutes declares test/App.py's parameter routes on app.
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
	fsa.Special(app, func(*fsa.Context) (ppSpecialFoo, error) { return "foo", nil })
	fsa.Special(app, func(*fsa.Context) (ppSpecialBla, error) { return "BAD", nil })
	fsa.Special(app, func(*fsa.Context) (ppSpecialBla, error) { return "bla", nil })

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
	// get_request(req: Request, ses: Session, glo: Globals, env: Environ)
	// returns req.base_url: Go has the *http.Request, and no Flask session,
	// globals or WSGI environ
	fsa.Get(app, "/request", fsa.Open, func(c *fsa.Context, in struct{ Req *http.Request }) (any, error) {
		return "http://" + in.Req.Host + in.Req.URL.Path, nil
	})
	fsa.Get(app, "/special", fsa.Open, func(c *fsa.Context, in struct {
		Foo ppSpecialFoo
		Bla ppSpecialBla
	}) (any, error) {
		return string(in.Foo) + "-" + string(in.Bla), nil
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
	// get_oops raises ErrorResponse("Ooops!", 518)
	fsa.Get(app, "/oops", fsa.Open, func(*fsa.Context, struct{}) (any, error) { return nil, fsa.Err(518, "Ooops!") })
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
	// test_uuid, test_complex, test_bool, test_custom, test_path, test_string
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
	// get_cplx(c1: complex, c2: complex = 1+1j) returns f"{c1+c2}"
	fsa.Get(app, "/cplx", fsa.Open, func(c *fsa.Context, in struct {
		C1 complex128
		C2 complex128 `default:"1+1j"`
	}) (any, error) {
		return ppComplex(in.C1 + in.C2), nil
	})
	// get_cplx_c(c: complex) returns str(c + 1j)
	fsa.Get(app, "/cplx/<c>", fsa.Open, func(c *fsa.Context, in struct{ C complex128 }) (any, error) {
		return ppComplex(in.C + 1i), nil
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

	// /add/2 a=2.0 b=4.0 → 12.0; /mul/2 j,k,unused: 200 when unexpected
	// parameters are ignored, 400 when rejected; missing or non-numeric →
	// 400; /div i=10 j=3 → 3, JSON 100,"4" → 25, only i → 0; /sub 42-20 →
	// 22, only j 400, only i 42; /request ends with /request; /special
	// foo-bla.
	t.Run("test_typed_params", func(t *testing.T) {
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
			// res.data.endswith(b"/request"): req.base_url
			{Case: fsatest.Case{Name: "request", Path: "/request", WantStatus: ok}, n: 2,
				check: func(t *testing.T, res *fsatest.Response) {
					if !bytes.HasSuffix(res.Body, []byte("/request")) {
						t.Errorf("body %q does not end with /request", res.Body)
					}
				}},
			ppGet("special", "/special", nil, ok, "foo-bla"),
		})
	})

	// /type: f `1.0`, JSON "2.0"/2.0; i `0b11`→3, `0x11`→17 (form/JSON),
	// `0o11`→9, `11`; b `0`,``,`False`,`fALSE`,`F`→False,
	// `1`,`foofoo`,`True`,JSON "True"/true→True, false→False; s.
	t.Run("test_types", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("f 1.0", "/type", ppForm("f", "1.0"), ok, "float 1.0"),
			ppJSON("f JSON string 2.0", "/type", map[string]any{"f": "2.0"}, ok, "float 2.0"),
			ppRaw("f JSON 2.0", "/type", `{"f": 2.0}`, ok, "float 2.0"),
			ppGet("i 0b11", "/type", ppForm("i", "0b11"), ok, "int 3"),
			ppGet("i 0x11", "/type", ppForm("i", "0x11"), ok, "int 17"),
			ppJSON("i JSON string 0x11", "/type", map[string]any{"i": "0x11"}, ok, "int 17"),
			ppJSON("i JSON 0x11", "/type", map[string]any{"i": 0x11}, ok, "int 17"),
			ppGet("i 0o11", "/type", ppForm("i", "0o11"), ok, "int 9"),
			// FlaskSimpleAuth's comment, not an assertion: 011 is not accepted as octal (int(s, 0))
			{Case: ppGet("i 011", "/type", ppForm("i", "011"), bad, "").Case, own: true},
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
	// `hello world`.
	t.Run("test_params", func(t *testing.T) {
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

	// /one/<int:i> msg[,punct] `42: hello !`; no msg 400; /one/bad 404;
	// /two (a plain Flask route) 403; /oops (ErrorResponse) 518.
	t.Run("test_route", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("one", "/one/42", ppForm("msg", "hello"), ok, "42: hello !"),
			ppGet("one punct", "/one/42", ppForm("msg", "hello", "punct", "?"), ok, "42: hello ?"),
			ppGet("one missing msg", "/one/42", nil, bad, ""),
			ppGet("one bad i", "/one/bad", ppForm("msg", "hi"), notFound, ""),
			// differs: a route added straight on echo (Flask.route, bypassing FSA's decorator) is refused by app.Check (FSA closes it: 403)
			{Case: fsatest.Case{Name: "/two plain echo route"}, n: 1,
				differs: "a route added straight on Echo(), as /two is on Flask, is refused at declaration by app.Check (FSA serves it closed: 403)",
				run: func(t *testing.T) {
					app, err := peer.New()
					if err != nil {
						t.Fatal(err)
					}
					app.Echo().GET("/two", func(c echo.Context) error { return c.String(http.StatusOK, "2") })
					const want = "route GET /two was added on Echo() without an authorization"
					if err := app.Check(); err == nil || !strings.Contains(err.Error(), want) {
						t.Errorf("Check: %v, want an error saying %q", err, want)
					}
				}},
			// the request sends LOGIN, an authentication parameter
			ppGet("oops ErrorResponse", "/oops", ppForm("LOGIN", "calvin"), 518, "Ooops!").stands(1),
		})
	})

	// /infer/1.000 `1.0 4`, i=2 s=hello `2.0 10`.
	t.Run("test_infer", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("infer", "/infer/1.000", nil, ok, "1.0 4"),
			ppGet("infer i s", "/infer/2.000", ppForm("i", "2", "s", "hello"), ok, "2.0 10"),
		})
	})

	// /when d `days`; d bad or t bad → 400.
	t.Run("test_when", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppMsg(ppGet("when", "/when", ppForm("d", "1970-03-20", "LOGIN", "calvin"), ok, ""), "days"),
			ppGet("when bad d", "/when", ppForm("d", "not a date", "LOGIN", "calvin"), bad, ""),
			ppGet("when bad t", "/when", ppForm("d", "2005-04-21", "t", "not a time", "LOGIN", "calvin"), bad, ""),
		})
	})

	// UUID path 200, invalid 404; param 200, invalid 400 (the bodies are
	// ours: FlaskSimpleAuth checks the statuses).
	t.Run("test_uuid", func(t *testing.T) {
		const u1, u2 = "12345678-1234-1234-1234-1234567890ab", "23456789-1234-1234-1234-1234567890ab"
		ppRun(t, c, []ppRow{
			ppGet("uuid path", "/superid/"+u1, nil, ok, "uid = "+u1+"/None").stands(1),
			ppGet("uuid path invalid", "/superid/not-a-valid-uuid", nil, notFound, ""),
			ppGet("uuid param", "/superid/"+u2, ppForm("u", u1), ok, "uid = "+u2+"/"+u1).stands(1),
			ppGet("uuid param invalid", "/superid/"+u1, ppForm("u", "invalid uuid"), bad, ""),
		})
	})

	// /cplx c1=-1-1j (c2=1+1j) → `0j`; /cplx/-1j (+1j) → `0j`; /cplx/zero
	// 400.
	t.Run("test_complex", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("cplx", "/cplx", ppForm("c1", "-1-1j"), ok, "0j"),
			ppGet("cplx path", "/cplx/-1j", nil, ok, "0j"),
			// differs: a path variable that does not convert is a 404, the route does not match (FSA casts after matching: 400)
			ppGet("cplx path zero", "/cplx/zero", nil, notFound, "").
				differ("a path variable that does not convert is a 404: the route does not match (FSA casts after matching: 400)"),
			// ours: Python's str(complex), and Go's spelling of the parameter
			{Case: ppGet("cplx Go spelling", "/cplx", ppForm("c1", "1.5-2i"), ok, "(2.5-1j)").Case, own: true},
		})
	})

	// /bool/1 True, f/0 False, hello True, /bool/ 404.
	t.Run("test_bool", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("bool 1", "/bool/1", nil, ok, "True"),
			ppGet("bool f", "/bool/f", nil, ok, "False"),
			ppGet("bool 0", "/bool/0", nil, ok, "False"),
			ppGet("bool hello", "/bool/hello", nil, ok, "True"),
			ppGet("bool empty", "/bool/", nil, notFound, ""),
		})
	})

	// Custom class Mail (needs `@`): path and parameter 200, bad 400;
	// custom cast `my_int: 5432`.
	t.Run("test_custom", func(t *testing.T) {
		const s, h, m = "susie@comics.net", "hobbes@comics.net", "moe@comics.net"
		ppRun(t, c, []ppRow{
			ppGet("mail", "/mail/"+s, nil, ok, s+" calvin@comics.net"),
			ppGet("mail ad2", "/mail/"+h, ppForm("ad2", m), ok, h+" "+m),
			// differs: a path variable that does not convert is a 404, the route does not match (FSA casts after matching: 400)
			ppGet("mail bad path", "/mail/bad-email-address", nil, notFound, "").
				differ("a path variable that does not convert is a 404: the route does not match (FSA casts after matching: 400)"),
			ppGet("mail bad ad2", "/mail/"+m, ppForm("ad2", "bad-email-address"), bad, ""),
			ppGet("custom cast", "/myint/5432", nil, ok, "my_int: 5432"),
		})
	})

	// /path/foo `foo`, /path/foo/bla `foo/bla`.
	t.Run("test_path", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("path", "/path/foo", nil, ok, "foo"),
			ppGet("path slash", "/path/foo/bla", nil, ok, "foo/bla"),
		})
	})

	t.Run("test_string", func(t *testing.T) {
		ppRun(t, c, []ppRow{ppGet("string", "/string/foo", nil, ok, "foo")})
	})

	// /_/<_def> (_int,_,_pass=True): missing 400; `foo/2/5/True`;
	// pass=False `bla/4/6/False`.
	t.Run("test_underscore", func(t *testing.T) {
		ppRun(t, c, []ppRow{
			ppGet("missing", "/_/foo", nil, bad, ""),
			ppGet("defaults", "/_/foo", ppForm("int", "2", "_", "hello"), ok, "foo/2/5/True"),
			ppGet("pass False", "/_/bla", ppForm("int", "4", "_", "world!", "pass", "False"), ok, "bla/4/6/False"),
		})
	})

	// JsonData: form `null`→`NoneType: null`, `5432` int, `false` bool,
	// `54.3200`→`float: 54.32`, lists, dicts; JSON strings `"null"`,
	// `"9876"` stay str. Each assertion is the status and the body
	// (JsonData as json.RawMessage, so that the handler tells ints from
	// floats as Python does).
	t.Run("test_jsondata", func(t *testing.T) {
		rows := []ppRow{
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
		}
		for i := range rows {
			rows[i].n = 1 // assert res.status_code == 200 and res.data == ...
		}
		ppRun(t, c, rows)
	})

	// /shadow/<stuff> (CurrentApp lapp, blup="Yukon"): `Test: foo Yukon`;
	// stuff/lapp as params 400 naming them; query beats form; repeated →
	// first. (lapp is a special type standing for CurrentApp)
	t.Run("test_shadowing", func(t *testing.T) {
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

	// Cookies foo, then bla, then bar set (Flask's client keeps them):
	// `cookie foo: bla, bla: None, bar: foobla`, then bla: foo, then bar: 42.
	t.Run("test_cookie", func(t *testing.T) {
		cookie := func(name, cookies, want string) ppRow {
			return ppRow{Case: fsatest.Case{Name: name, Path: "/cookie/foo", Header: http.Header{"Cookie": {cookies}},
				WantStatus: ok, WantExact: fsatest.String(want)}}
		}
		ppRun(t, c, []ppRow{
			cookie("foo", "foo=bla", "cookie foo: bla, bla: None, bar: foobla"),
			cookie("foo bla", "foo=bla; bla=foo", "cookie foo: bla, bla: foo, bar: foobla"),
			cookie("foo bla bar", "foo=bla; bla=foo; bar=42", "cookie foo: bla, bla: foo, bar: 42"),
			// ours: a missing required cookie is a 400 naming it (FSA, not asserted: 500)
			{Case: fsatest.Case{Name: "cookie missing", Path: "/cookie/foo", WantStatus: bad, WantExact: fsatest.String(`cookie "foo" is missing`)}, own: true},
		})
	})

	// Headers user_agent, hello (sent `HELLO`) → JSON: Hello is World!,
	// User-Agent is there.
	t.Run("test_headers", func(t *testing.T) {
		const agent = "Werkzeug/3.1.3" // Flask's test client sends one
		ppRun(t, c, []ppRow{
			{Case: fsatest.Case{Name: "headers", Path: "/headers", Header: http.Header{"HELLO": {"World!"}, "User-Agent": {agent}},
				WantStatus: ok, WantJSON: map[string]any{"Hello": "World!", "User-Agent": agent}}, n: 3},
			// ours: a missing required header is a 400 naming it (FSA, not asserted: 500)
			{Case: fsatest.Case{Name: "header missing", Path: "/headers", Header: http.Header{"User-Agent": {agent}},
				WantStatus: bad, WantExact: fsatest.String(`header "Hello" is missing`)}, own: true},
		})
	})
}
