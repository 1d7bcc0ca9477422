// FlaskSimpleAuth's own test suite (test/test_flask.py), its responses:
// this file holds test_early_return, test_bad_4, test_error_response,
// test_add_headers, test_request_hooks, test_user_errors,
// test_jsonify_with_generators, test_jsonify_with_types and
// test_default_type, each a subtest of TestPeerResponses named after it,
// a row per assertion (or group of assertions), each saying with fsaRow
// how it stands for FlaskSimpleAuth's. It also holds the rs helpers that
// config_test.go shares.
package peer_test

import (
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/fsa-go/fsa-go/tests/peer"
	"github.com/labstack/echo/v4"
)

// TestPeerResponses is FlaskSimpleAuth's response tests, in its order.
func TestPeerResponses(t *testing.T) {
	t.Run("test_early_return", rsEarlyReturn)
	t.Run("test_bad_4", rsBad4)
	t.Run("test_error_response", rsErrorResponse)
	t.Run("test_add_headers", rsAddHeaders)
	t.Run("test_request_hooks", rsRequestHooks)
	t.Run("test_user_errors", rsUserErrors)
	t.Run("test_jsonify_with_generators", rsJsonifyGenerators)
	t.Run("test_jsonify_with_types", rsJsonifyTypes)
	t.Run("test_default_type", rsDefaultType)
}

// rsRow is one expectation: a request and what its response must show
// (by default it stands for caseAsserts of its case), or a check that is
// not a request (run, standing for 1 by default).
type rsRow struct {
	how
	fsatest.Case
	wantHeaderRE map[string]string                         // header values that must match a regexp
	wantJSON     any                                       // the whole JSON body, as encoding/json decodes it
	check        func(t *testing.T, res *fsatest.Response) // further checks of the response
	run          func(t *testing.T)                        // a row that is not a request
}

// rsRun runs each row as a subtest of t, against app.
func rsRun(t *testing.T, app http.Handler, rows []rsRow) {
	t.Helper()
	c := fsatest.New(app)
	for _, row := range rows {
		name := row.Name
		if name == "" {
			name = cmp.Or(row.Method, http.MethodGet) + " " + row.Path
		}
		t.Run(name, func(t *testing.T) {
			if row.run != nil {
				row.record(t, 1)
				row.run(t)
				return
			}
			def := caseAsserts(row.Case)
			if def == 1 && (row.wantHeaderRE != nil || row.wantJSON != nil) {
				def = 2
			}
			row.record(t, def)
			res := c.Check(t, row.Case)
			for header, re := range row.wantHeaderRE {
				if got := res.Header.Get(header); !regexp.MustCompile(re).MatchString(got) {
					t.Errorf("header %s is %q, want a match of %s", header, got, re)
				}
			}
			if row.wantJSON != nil {
				var got any
				if err := json.Unmarshal(res.Body, &got); err != nil || !reflect.DeepEqual(got, row.wantJSON) {
					t.Errorf("body %q, want the JSON %#v", res.Body, row.wantJSON)
				}
			}
			if row.check != nil {
				row.check(t, res)
			}
		})
	}
}

// rsPeer returns FlaskSimpleAuth's test application with extra
// directives (name, value pairs), or fails.
func rsPeer(t *testing.T, directives ...any) *fsa.App {
	t.Helper()
	app, err := peer.New(directives...)
	if err != nil {
		t.Fatalf("peer.New: %v", err)
	}
	return app
}

// rsQuiet returns the options of an app that reads no environment and
// logs nothing, then opts.
func rsQuiet(opts ...fsa.Option) []fsa.Option {
	return append([]fsa.Option{fsa.LookupEnv(nil), fsa.Logger(slog.New(slog.NewTextHandler(io.Discard, nil)))}, opts...)
}

// rsNew returns an app named name with only the directives given (name,
// value pairs), as FlaskSimpleAuth's tests make with fsa.Flask(name, ...),
// or fails.
func rsNew(t *testing.T, name string, directives ...any) *fsa.App {
	t.Helper()
	app, err := fsa.New(name, rsQuiet(fsatest.Directives(directives...)...)...)
	if err != nil {
		t.Fatalf("fsa.New: %v", err)
	}
	return app
}

// rsWithOptions returns an app configured as the peer app (FSA_AUTH
// token, fake, basic, param, none), with options that peer.New cannot
// take, such as ErrorFormat.
func rsWithOptions(t *testing.T, opts ...fsa.Option) *fsa.App {
	t.Helper()
	base := rsQuiet(fsa.Set("FSA_AUTH", []any{"token", "fake", "basic", "param", "none"}),
		fsa.Set("FSA_TOKEN_SECRET", peer.Secret), fsa.Set("FSA_PASSWORD_SCHEME", "plaintext"))
	app, err := fsa.New("Test", append(base, opts...)...)
	if err != nil {
		t.Fatalf("fsa.New: %v", err)
	}
	return app
}

// rsChecked checks app's declarations, or fails.
func rsChecked(t *testing.T, app *fsa.App) *fsa.App {
	t.Helper()
	if err := app.Check(); err != nil {
		t.Fatalf("Check: %v", err)
	}
	return app
}

// rsFail is a handler that returns err.
func rsFail(err error) fsa.HandlerFunc[struct{}, any] {
	return func(*fsa.Context, struct{}) (any, error) { return nil, err }
}

// rsText is a handler that returns s.
func rsText(s string) fsa.HandlerFunc[struct{}, any] {
	return func(*fsa.Context, struct{}) (any, error) { return s, nil }
}

// rsOops is FlaskSimpleAuth's error_response hook of test_error_response:
// Response(f"OOPS: {m}", c, content_type="text/plain").
func rsOops(msg string, _ int) ([]byte, string) {
	return []byte("OOPS: " + msg), "text/plain"
}

// rsConfigError returns the *fsa.ConfigError in err, or nil.
func rsConfigError(err error) *fsa.ConfigError {
	var ce *fsa.ConfigError
	if errors.As(err, &ce) {
		return ce
	}
	return nil
}

// rsEarlyReturn is test_early_return: App.py's before_request returns
// ("early return", code) for /early-return/<code>.
func rsEarlyReturn(t *testing.T) {
	app := rsPeer(t)
	app.BeforeRequest(func(c *fsa.Context) error { // App.py's early_return
		if code, ok := strings.CutPrefix(c.Request().URL.Path, "/early-return/"); ok {
			status, err := strconv.Atoi(code)
			if err != nil {
				return err
			}
			return c.Respond(status, "early return")
		}
		return nil
	})
	fsa.Get(app, "/early-return/<code>", fsa.Open, func(*fsa.Context, struct{ Code int }) (any, error) {
		return nil, fsa.Err(500, "should not get there")
	})
	rsRun(t, rsChecked(t, app), []rsRow{
		{Case: fsatest.Case{Path: "/early-return/418", WantStatus: 418, WantBody: "early return"}},
		{Case: fsatest.Case{Path: "/early-return/200", WantStatus: 200, WantBody: "early return"}},
		// ours: the hooks run before routing, as FlaskSimpleAuth's: a path no route serves runs them too
		{how: how{own: true}, Case: fsatest.Case{Path: "/early-return/200/unrouted", WantStatus: 500,
			WantBody: "internal error caught at before request hook"}},
		{how: how{own: true}, Case: fsatest.Case{Path: "/unrouted", WantStatus: 404}},
	})
}

// rsBad4 is test_bad_4: AppBad's create_badapp_4 (FSA_AUTH none), whose
// /any raises.
func rsBad4(t *testing.T) {
	app := rsNew(t, "bad 4", "FSA_AUTH", "none")
	fsa.Get(app, "/ok", fsa.Open, rsText("ok is ok!"))
	fsa.Get(app, "/any", fsa.Open, rsFail(errors.New("intended exception on get_any!")))
	fsa.Get(app, "/panic", fsa.Open, func(*fsa.Context, struct{}) (any, error) { panic("intended panic on get_panic!") })
	rsRun(t, rsChecked(t, app), []rsRow{
		// check(200): the body is ours to check
		{how: how{n: 1}, Case: fsatest.Case{Path: "/ok", WantStatus: 200, WantExact: fsatest.String("ok is ok!")}},
		// differs: FlaskSimpleAuth names the stage "no params" (its wrapper of a handler without
		// parameters): "internal error caught at no params on /any"; ours is the handler stage
		// (documented in "Handlers")
		{how: how{differs: `the internal error names the handler stage (FSA: "internal error caught at no params on /any")`},
			Case: fsatest.Case{Path: "/any", WantStatus: 500, WantExact: fsatest.String("internal error caught at handler on /any")}},
		// ours: a Go panic is a Python exception too
		{how: how{own: true}, Case: fsatest.Case{Path: "/panic", WantStatus: 500, WantExact: fsatest.String("internal error caught at handler on /panic")}},
		{Case: fsatest.Case{Path: "/no-such-route", WantStatus: 404}},
	})
}

// rsErrorResponse is test_error_response: the error_response hook,
// FSA_ERROR_RESPONSE plain, json, json:KEY, a function and bad values,
// and Flask's own errors through the formatter (json:bad).
func rsErrorResponse(t *testing.T) {
	textPlain := map[string]string{"Content-Type": "text/plain"}
	appJSON := map[string]string{"Content-Type": "application/json"}
	t.Run("error_response hook", func(t *testing.T) {
		// app.error_response(oops): the ErrorFormat option
		app := rsWithOptions(t, fsa.ErrorFormat(rsOops))
		fsa.Get(app, "/oops", fsa.Open, rsFail(fsa.Err(499, "oops!")))
		rsRun(t, rsChecked(t, app), []rsRow{
			{Case: fsatest.Case{Path: "/oops", WantStatus: 499, WantExact: fsatest.String("OOPS: oops!")}},
		})
	})
	t.Run("plain", func(t *testing.T) {
		app := rsPeer(t, "FSA_ERROR_RESPONSE", "plain")
		fsa.Get(app, "/aaps", fsa.Open, rsFail(fsa.Err(499, "aaps!")))
		rsRun(t, rsChecked(t, app), []rsRow{
			{Case: fsatest.Case{Name: "body", Path: "/aaps", WantStatus: 499, WantExact: fsatest.String("aaps!")}},
			// differs: FlaskSimpleAuth says text/plain; ours names the charset (documented in "Errors and responses")
			{how: how{n: 1, differs: "text/plain names its charset, text/plain; charset=utf-8 (FSA: text/plain)"},
				Case: fsatest.Case{Name: "content type", Path: "/aaps", WantStatus: 499,
					WantHeader: map[string]string{"Content-Type": "text/plain; charset=utf-8"}}},
		})
	})
	t.Run("json", func(t *testing.T) {
		app := rsPeer(t, "FSA_ERROR_RESPONSE", "json")
		fsa.Get(app, "/iips", fsa.Open, rsFail(fsa.Err(499, "iips!")))
		rsRun(t, rsChecked(t, app), []rsRow{
			{Case: fsatest.Case{Name: "content type", Path: "/iips", WantStatus: 499, WantHeader: appJSON}},
			// differs: every JSON response ends with a new line, errors included
			{how: how{n: 1, differs: `every JSON response ends with a new line, errors included (FSA: "iips!" without)`},
				Case: fsatest.Case{Name: "body", Path: "/iips", WantStatus: 499, WantExact: fsatest.String("\"iips!\"\n")}},
		})
	})
	t.Run("json:BLA", func(t *testing.T) {
		app := rsPeer(t, "FSA_ERROR_RESPONSE", "json:BLA")
		fsa.Get(app, "/uups", fsa.Open, rsFail(fsa.Err(499, "uups!")))
		rsRun(t, rsChecked(t, app), []rsRow{
			{Case: fsatest.Case{Name: "content type", Path: "/uups", WantStatus: 499, WantHeader: appJSON}},
			// differs: Go's JSON has no space after the colon (documented), and ends with a new line
			{how: how{n: 1, differs: `Go's JSON, {"BLA":"uups!"} and a new line (FSA: {"BLA": "uups!"})`},
				Case: fsatest.Case{Name: "body", Path: "/uups", WantStatus: 499, WantExact: fsatest.String("{\"BLA\":\"uups!\"}\n")}},
		})
	})
	t.Run("function", func(t *testing.T) {
		// FSA_ERROR_RESPONSE=oops: the ErrorFormat option (a directive names no Go function)
		app := rsWithOptions(t, fsa.ErrorFormat(rsOops))
		fsa.Get(app, "/eeps", fsa.Open, rsFail(fsa.Err(499, "eeps!")))
		rsRun(t, rsChecked(t, app), []rsRow{
			{how: how{n: 3}, Case: fsatest.Case{Path: "/eeps", WantStatus: 499, WantExact: fsatest.String("OOPS: eeps!"), WantHeader: textPlain}},
		})
	})
	t.Run("bad values", func(t *testing.T) {
		// FlaskSimpleAuth: ConfigError "unexpected FSA_ERROR_RESPONSE ..." for True, None and "bad value"
		for _, row := range []struct {
			name    string
			value   any
			want    string
			differs string
		}{
			{name: "True", value: true, want: "unexpected value of type bool", differs: "wording, ours: unexpected value of type bool: want a string"},
			{name: "None", value: nil, want: "unexpected value of type None", differs: "wording, ours: unexpected value of type None: want a string"},
			{name: "bad value", value: "bad value", want: `unexpected value "bad value"`, differs: `wording, ours: unexpected value "bad value": want plain, json, json:KEY or problem`},
		} {
			t.Run(row.name, func(t *testing.T) {
				fsaRow(t, differs, 1, row.differs)
				_, err := peer.New("FSA_ERROR_RESPONSE", row.value)
				ce := rsConfigError(err)
				if ce == nil || ce.Name != "FSA_ERROR_RESPONSE" || !strings.Contains(err.Error(), row.want) {
					t.Errorf("FSA_ERROR_RESPONSE = %#v: error %v, want a *fsa.ConfigError on FSA_ERROR_RESPONSE saying %q", row.value, err, row.want)
				}
			})
		}
	})
	t.Run("json:bad", func(t *testing.T) {
		// Flask's own errors (405, 404) go through the formatter too
		app := rsNew(t, "not-implemented", "FSA_AUTH", "none", "FSA_ERROR_RESPONSE", "json:bad")
		fsa.Get(app, "/implemented", fsa.Open, rsFail(fsa.Err(418, "oops")))
		rsRun(t, rsChecked(t, app), []rsRow{
			{how: how{n: 3}, Case: fsatest.Case{Path: "/implemented", WantStatus: 418, WantBody: `"bad":`, WantHeader: appJSON}},
			{how: how{n: 3}, Case: fsatest.Case{Method: "POST", Path: "/implemented", WantStatus: 405, WantBody: `"bad":`, WantHeader: appJSON}},
			{how: how{n: 3}, Case: fsatest.Case{Path: "/not-implemented", WantStatus: 404, WantBody: `"bad":`, WantHeader: appJSON}},
		})
	})
}

// rsAddHeaders is test_add_headers: FSA_ADD_HEADERS, add_headers()
// and, in debug mode, FSA-Delay.
func rsAddHeaders(t *testing.T) {
	// FSA_ADD_HEADERS={"Service": "FSA", "Headers": lambda r, _: len(r.headers)}, then
	// app.add_headers(Now="Maintenant"): string headers are the directive, a function
	// an AfterRequest hook (directive table)
	app := rsPeer(t, "FSA_MODE", "debug", "FSA_ADD_HEADERS", map[string]any{"Service": "FSA", "Now": "Maintenant"})
	app.AfterRequest(func(c *fsa.Context, _ int) {
		c.Header().Set("Headers", strconv.Itoa(len(c.Header())))
	})
	fsa.Get(app, "/heads", fsa.Open, rsText(""))
	rsRun(t, rsChecked(t, app), []rsRow{
		{how: how{n: 1}, Case: fsatest.Case{Name: "status", Path: "/heads", WantStatus: 200}},
		// differs: a header computed by a function is set by an AfterRequest hook (FSA_ADD_HEADERS holds strings)
		{how: how{n: 1, differs: "FSA_ADD_HEADERS holds strings: the computed Headers header is an AfterRequest hook's (directive table)"},
			Case:         fsatest.Case{Name: "Service, Headers, Now", Path: "/heads", WantStatus: 200},
			wantHeaderRE: map[string]string{"Service": `^FSA$`, "Headers": `^\d+$`, "Now": `^Maintenant$`}},
		{how: how{n: 1}, Case: fsatest.Case{Name: "FSA-Delay", Path: "/heads", WantStatus: 200}, wantHeaderRE: map[string]string{"FSA-Delay": `^\d+\.\d{6}$`}},
	})
}

// rsRequestHooks is test_request_hooks: FSA_AFTER_REQUEST, then a
// before-request hook that answers 555.
func rsRequestHooks(t *testing.T) {
	// FSA_AFTER_REQUEST=[after_cool]: app.AfterRequest (directive table)
	app := rsPeer(t)
	app.AfterRequest(func(c *fsa.Context, _ int) { c.Header().Set("Cool", "Calvin") })
	fsa.Get(app, "/cool", fsa.Open, rsText("this is cool!"))
	rsRun(t, rsChecked(t, app), []rsRow{
		{how: how{n: 3}, Case: fsatest.Case{Name: "after request", Path: "/cool", WantStatus: 200, WantExact: fsatest.String("this is cool!"),
			WantHeader: map[string]string{"Cool": "Calvin"}}},
	})
	// before_bad returns Response("Ooops!", 555): a BeforeRequest hook's *fsa.Error is the response
	bad := rsPeer(t)
	bad.BeforeRequest(func(*fsa.Context) error { return fsa.Err(555, "Ooops!") })
	fsa.Get(bad, "/cool", fsa.Open, rsText("this is cool!"))
	rsRun(t, rsChecked(t, bad), []rsRow{
		{Case: fsatest.Case{Name: "before request", Path: "/cool", WantStatus: 555, WantExact: fsatest.String("Ooops!")}},
	})
}

// rsUserErrors is test_user_errors: FSA_KEEP_USER_ERRORS re-raises a
// handler's error to Flask, which answers its own 500.
func rsUserErrors(t *testing.T) {
	oops := rsFail(errors.New("internal error in get_oops!"))
	keep := rsNew(t, "user-errors", "FSA_AUTH", "none", "FSA_KEEP_USER_ERRORS", true)
	var seen error // what echo's middleware sees: FlaskSimpleAuth re-raises to Flask
	keep.Echo().Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(ec echo.Context) error {
			seen = next(ec)
			return seen
		}
	})
	fsa.Get(keep, "/oops", fsa.Open, oops)
	rsRun(t, rsChecked(t, keep), []rsRow{
		{how: how{n: 1}, Case: fsatest.Case{Name: "kept", Path: "/oops", WantStatus: 500}},
		{how: how{n: 1}, Case: fsatest.Case{Name: "kept, echo's answer", Path: "/oops", WantStatus: 500,
			WantBody: "The server encountered an internal error"}},
		{how: how{own: true}, Case: fsatest.Case{Name: "echo sees the handler's error", Path: "/oops", WantStatus: 500},
			check: func(t *testing.T, _ *fsatest.Response) {
				if seen == nil || seen.Error() != "internal error in get_oops!" {
					t.Errorf("echo's middleware saw %v", seen)
				}
			}},
	})
	dont := rsNew(t, "user-errors", "FSA_AUTH", "none", "FSA_KEEP_USER_ERRORS", false)
	fsa.Get(dont, "/oops", fsa.Open, oops)
	rsRun(t, rsChecked(t, dont), []rsRow{
		{Case: fsatest.Case{Name: "not kept", Path: "/oops", WantStatus: 500, WantBody: "internal error caught at"}},
	})
}

// rsWhat is the input of test_jsonify_with_generators' route.
type rsWhat struct{ What string }

// rsRange is Python's range(lo, hi), a Go iterator: test_jsonify_with_generators'
// gen(i) is rsRange(0, i).
func rsRange(lo, hi int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := lo; i < hi; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

// rsJsonifyGenerators is test_jsonify_with_generators: fsa.jsonify of a
// list, and of Python's iterators (map, filter, range, a generator),
// which a Go handler returns as an iter.Seq.
func rsJsonifyGenerators(t *testing.T) {
	app := rsNew(t, "json-gen", "FSA_AUTH", "none")
	fsa.Get(app, "/json", fsa.Open, func(_ *fsa.Context, in rsWhat) (any, error) {
		l := []int{0, 1, 2}
		switch in.What {
		case "list":
			return l, nil
		case "map": // map(lambda i: i+1, l)
			return iter.Seq[int](func(yield func(int) bool) {
				for _, i := range l {
					if !yield(i + 1) {
						return
					}
				}
			}), nil
		case "filter": // filter(lambda i: i>0, l)
			return iter.Seq[int](func(yield func(int) bool) {
				for _, i := range l {
					if i > 0 && !yield(i) {
						return
					}
				}
			}), nil
		case "range": // range(2, 3)
			return rsRange(2, 3), nil
		case "gen": // gen(2)
			return rsRange(0, 2), nil
		}
		return nil, nil
	})
	what := func(w string) url.Values { return url.Values{"what": {w}} }
	rsRun(t, rsChecked(t, app), []rsRow{
		{Case: fsatest.Case{Name: "list", Path: "/json", Form: what("list"), WantStatus: 200, WantExact: fsatest.String("[0,1,2]\n")}},
		{Case: fsatest.Case{Name: "map", Path: "/json", Form: what("map"), WantStatus: 200, WantExact: fsatest.String("[1,2,3]\n")}},
		{Case: fsatest.Case{Name: "filter", Path: "/json", Form: what("filter"), WantStatus: 200, WantExact: fsatest.String("[1,2]\n")}},
		{Case: fsatest.Case{Name: "range", Path: "/json", Form: what("range"), WantStatus: 200, WantExact: fsatest.String("[2]\n")}},
		{Case: fsatest.Case{Name: "gen", Path: "/json", Form: what("gen"), WantStatus: 200, WantExact: fsatest.String("[0,1]\n")}},
	})
}

// rsPair is test_jsonify_with_types' Pair, encoded [i, j] as
// FSA_JSON_CONVERTER {Pair: lambda p: [p._i, p._j]} does: in Go, its own
// MarshalJSON.
type rsPair struct{ i, j int }

func (p rsPair) MarshalJSON() ([]byte, error) { return json.Marshal([]int{p.i, p.j}) }

// rsTriplet is test_jsonify_with_types' Triplet, whose str() is
// "/1-2-3/", written by FSA_JSON_ALLSTR: in Go, its own MarshalText.
type rsTriplet struct{ i, j, k int }

func (p rsTriplet) MarshalText() ([]byte, error) {
	return []byte("/" + strconv.Itoa(p.i) + "-" + strconv.Itoa(p.j) + "-" + strconv.Itoa(p.k) + "/"), nil
}

// rsComplex is a complex number encoded [real, imag], as
// FSA_JSON_CONVERTER {complex: lambda c: [c.real, c.imag]} does.
type rsComplex complex128

func (c rsComplex) MarshalJSON() ([]byte, error) {
	return json.Marshal([]float64{real(c), imag(c)})
}

// rsJsonifyTypes is test_jsonify_with_types: FSA_JSON_CONVERTER,
// FSA_JSON_ALLSTR, a float, and a Response passed through.
func rsJsonifyTypes(t *testing.T) {
	// FSA_JSON_CONVERTER: mapped to the types' MarshalJSON; FSA_JSON_ALLSTR is refused
	// and a type writes its own text with MarshalText (directive table)
	app := rsNew(t, "json", "FSA_AUTH", "none")
	fsa.Get(app, "/pair", fsa.Open, func(_ *fsa.Context, in struct{ I, J int }) (any, error) { return rsPair{in.I, in.J}, nil })
	fsa.Get(app, "/triplet", fsa.Open, func(_ *fsa.Context, in struct{ I, J, K int }) (any, error) {
		return rsTriplet{in.I, in.J, in.K}, nil
	})
	fsa.Get(app, "/delay", fsa.Open, func(_ *fsa.Context, in struct{ D time.Time }) (any, error) {
		return in.D.Sub(time.Date(2020, 7, 29, 0, 0, 0, 0, time.UTC)), nil
	})
	fsa.Get(app, "/rotate", fsa.Open, func(_ *fsa.Context, in struct{ C complex128 }) (any, error) {
		return rsComplex(in.C * 1i), nil
	})
	fsa.Get(app, "/raw", fsa.Open, func(_ *fsa.Context, in struct{ R float64 }) (any, error) { return in.R, nil })
	// jsonify(Response(...)) passes it through: in Go, a response written through c.Echo()
	fsa.Get(app, "/skip", fsa.Open, func(c *fsa.Context, _ struct{}) (any, error) {
		return nil, c.Echo().JSONBlob(http.StatusOK, []byte(`["hello", "world!"]`))
	})
	days1600 := float64(1600 * 24 * time.Hour)
	rsRun(t, rsChecked(t, app), []rsRow{
		{Case: fsatest.Case{Path: "/pair", JSON: map[string]any{"i": 18, "j": 42}, WantStatus: 200}, wantJSON: []any{18.0, 42.0}},
		{how: how{differs: "FSA_JSON_ALLSTR is refused: a type writes its own text with MarshalText (directive table)"},
			Case: fsatest.Case{Path: "/triplet", JSON: map[string]any{"i": 1, "j": 2, "k": 3}, WantStatus: 200}, wantJSON: "/1-2-3/"},
		{how: how{n: 1}, Case: fsatest.Case{Name: "GET /delay status", Path: "/delay", Form: url.Values{"d": {"2024-12-15"}}, WantStatus: 200}},
		// differs: FSA_JSON_ALLSTR writes str(timedelta), "1600 days, 0:00:00"; a time.Duration is JSON nanoseconds
		{how: how{n: 1, differs: `FSA_JSON_ALLSTR is refused: a time.Duration is JSON nanoseconds (FSA: str(timedelta), "1600 days, 0:00:00")`},
			Case: fsatest.Case{Name: "GET /delay JSON", Path: "/delay", Form: url.Values{"d": {"2024-12-15"}}, WantStatus: 200}, wantJSON: days1600},
		{Case: fsatest.Case{Path: "/rotate", JSON: map[string]any{"c": "1+1j"}, WantStatus: 200}, wantJSON: []any{-1.0, 1.0}},
		{Case: fsatest.Case{Path: "/raw", Form: url.Values{"r": {"3.14"}}, WantStatus: 200}, wantJSON: 3.14},
		{Case: fsatest.Case{Path: "/skip", WantStatus: 200}, wantJSON: []any{"hello", "world!"}},
		// ours: FSA_JSON_ALLSTR is refused with its reason (directive table)
		{how: how{own: true}, Case: fsatest.Case{Name: "FSA_JSON_ALLSTR refused"}, run: func(t *testing.T) {
			_, err := peer.New("FSA_JSON_ALLSTR", true)
			if ce := rsConfigError(err); ce == nil || ce.Name != "FSA_JSON_ALLSTR" || !strings.Contains(err.Error(), "MarshalJSON") {
				t.Errorf("FSA_JSON_ALLSTR = True: error %v, want a *fsa.ConfigError on FSA_JSON_ALLSTR naming MarshalJSON", err)
			}
		}},
	})
}

// rsDefaultType is test_default_type: FSA_DEFAULT_CONTENT_TYPE is the
// type of string results.
func rsDefaultType(t *testing.T) {
	app := rsNew(t, "default-type", "FSA_AUTH", "none", "FSA_DEFAULT_CONTENT_TYPE", "application/xml")
	fsa.Get(app, "/hello", fsa.Open, func(*fsa.Context, struct{}) (any, error) { // fsa.jsonify("hello")
		return json.RawMessage(`"hello"`), nil
	})
	fsa.Get(app, "/bonjour", fsa.Open, func(c *fsa.Context, _ struct{}) (any, error) { // ("<x>bonjour</x>", 200)
		c.Status(http.StatusOK)
		return "<x>bonjour</x>", nil
	})
	fsa.Get(app, "/guttentag", fsa.Open, rsText("<X>Gutten Tag</X>"))
	fsa.Get(app, "/ola", fsa.Open, func(*fsa.Context, struct{}) (any, error) { return nil, nil })
	fsa.Get(app, "/ciao", fsa.Open, func(c *fsa.Context, _ struct{}) (any, error) { // (None, 204)
		c.Status(http.StatusNoContent)
		return nil, nil
	})
	xml := map[string]string{"Content-Type": "application/xml"}
	// differs: text/plain with its charset (documented)
	const charset = "text/plain names its charset, text/plain; charset=utf-8 (FSA: text/plain)"
	textPlain := map[string]string{"Content-Type": "text/plain; charset=utf-8"}
	rsRun(t, rsChecked(t, app), []rsRow{
		{Case: fsatest.Case{Path: "/hello", WantStatus: 200}, wantJSON: "hello"},
		{how: how{n: 3}, Case: fsatest.Case{Path: "/bonjour", WantStatus: 200, WantExact: fsatest.String("<x>bonjour</x>"), WantHeader: xml}},
		{how: how{n: 3}, Case: fsatest.Case{Path: "/guttentag", WantStatus: 200, WantExact: fsatest.String("<X>Gutten Tag</X>"), WantHeader: xml}},
		{Case: fsatest.Case{Name: "GET /ola", Path: "/ola", WantStatus: 200, WantExact: fsatest.String("")}},
		{how: how{n: 1, differs: charset}, Case: fsatest.Case{Name: "GET /ola content type", Path: "/ola", WantStatus: 200, WantHeader: textPlain}},
		{Case: fsatest.Case{Name: "GET /ciao", Path: "/ciao", WantStatus: 204, WantExact: fsatest.String("")}},
		{how: how{n: 1, differs: charset}, Case: fsatest.Case{Name: "GET /ciao content type", Path: "/ciao", WantStatus: 204, WantHeader: textPlain}},
	})
}
