package fsa_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
)

// localRequest is a request from this host: over plain HTTP, FSA_SECURE
// (on by default) refuses clients from elsewhere with 403.
func localRequest(method, target string, body io.Reader) *http.Request {
	r := httptest.NewRequest(method, target, body)
	r.RemoteAddr = "127.0.0.1:50000"
	return r
}

// An app with an open route and a closed one. The authorization is a
// required argument of every route.
func ExampleNew() {
	app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.ConfigData("acme.conf", []byte(`
FSA_MODE = "prod"
FSA_ERROR_RESPONSE = "json:error"
`)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fsa.Get(app, "/hello", fsa.Open, func(*fsa.Context, struct{}) (any, error) {
		return map[string]string{"msg": "hello"}, nil
	})
	fsa.Delete(app, "/hello", fsa.Close, func(*fsa.Context, struct{}) (any, error) {
		return nil, nil
	})
	h, err := app.Handler()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, method := range []string{"GET", "DELETE"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, localRequest(method, "/hello", nil))
		fmt.Print(rec.Code, " ", rec.Body.String())
	}
	// Output:
	// 200 {"msg":"hello"}
	// 403 {"error":"currently closed route"}
}

// Handler input: fields are request parameters, named in snake_case (or
// by a param tag), converted to their types and validated; problems come
// back all at once in one 400.
func ExampleGet() {
	type Sum struct {
		A     int  `validate:"gte=0"`
		B     int  `default:"1"`
		Twice bool `param:"x2" default:"false"`
	}
	app, _ := fsa.New("calc", fsa.LookupEnv(nil))
	fsa.Get(app, "/sum", fsa.Open, func(c *fsa.Context, in Sum) (any, error) {
		sum := in.A + in.B
		if in.Twice {
			sum *= 2
		}
		return fmt.Sprint(sum), nil
	})
	h, _ := app.Handler()
	for _, query := range []string{"a=0x10", "a=2&b=3&x2=true", "a=-1&c=3"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, localRequest("GET", "/sum?"+query, nil))
		fmt.Printf("%d %s\n", rec.Code, strings.ReplaceAll(rec.Body.String(), "\n", "; "))
	}
	// Output:
	// 200 17
	// 200 10
	// 400 parameter "a" must be at least 0; unexpected http parameter "c"
}

// A handler's error: an *fsa.Error keeps its status; any other error is an
// internal error whose cause is logged, never shown.
func ExampleErr() {
	type Stuff struct {
		Name string
	}
	app, _ := fsa.New("acme", fsa.LookupEnv(nil), fsa.Set("FSA_ERROR_RESPONSE", "json:error"))
	fsa.Post(app, "/stuff", fsa.Open, func(c *fsa.Context, in Stuff) (any, error) {
		if in.Name == "pinte" {
			return nil, fsa.Err(http.StatusConflict, "cannot overwrite existing stuff: pinte")
		}
		c.Status(http.StatusCreated)
		return "stuff added: " + in.Name, nil
	})
	h, _ := app.Handler()
	for _, name := range []string{"verre", "pinte"} {
		rec := httptest.NewRecorder()
		req := localRequest("POST", "/stuff", strings.NewReader(url.Values{"name": {name}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// 201 stuff added: verre
	// 409 {"error":"cannot overwrite existing stuff: pinte"}
}

// Struct, list and raw JSON parameters: a struct comes as a JSON object
// (or its JSON text in a query or form), a list as repeated parameters or
// a JSON array; problems name the member or the item.
func ExampleGet_structAndList() {
	type Someone struct {
		Name string    `json:"name" validate:"required"`
		Born time.Time `json:"born"` // a plain date is accepted
	}
	type Input struct {
		Who  Someone
		Tags []string `validate:"dive,alpha"`
	}
	app, _ := fsa.New("people", fsa.LookupEnv(nil))
	fsa.Get(app, "/who", fsa.Open, func(c *fsa.Context, in Input) (any, error) {
		return fmt.Sprintf("%s %d %v", in.Who.Name, in.Who.Born.Year(), in.Tags), nil
	})
	h, _ := app.Handler()
	for _, query := range []url.Values{
		{"who": {`{"name":"Hobbes","born":"1985-11-18"}`}, "tags": {"tiger", "friend"}},
		{"who": {`{"name":"Hobbes","born":"yesterday"}`}, "tags": {"tiger", "2"}},
		{"who": {`{"name":"Hobbes"}`}},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, localRequest("GET", "/who?"+query.Encode(), nil))
		fmt.Printf("%d %s\n", rec.Code, strings.ReplaceAll(rec.Body.String(), "\n", "; "))
	}
	// Output:
	// 200 Hobbes 1985 [tiger friend]
	// 400 parameter "who.born" must be a date (2006-01-02) or a time (RFC 3339); parameter "tags[1]" must contain only letters
	// 400 parameter "who.born" is missing; parameter "tags" is missing
}

// Cast registers how a request value becomes an application type; Special
// registers a type the framework provides from the request, never from
// its parameters.
func ExampleCast() {
	type Celsius float64
	type Client struct{ Agent string }
	app, _ := fsa.New("weather", fsa.LookupEnv(nil))
	fsa.Cast(app, func(s string) (Celsius, error) {
		var f float64
		if _, err := fmt.Sscanf(s, "%gC", &f); err != nil {
			return 0, errors.New("want degrees like 21.5C")
		}
		return Celsius(f), nil
	})
	fsa.Special(app, func(c *fsa.Context) (Client, error) {
		return Client{Agent: c.Request().UserAgent()}, nil
	})
	fsa.Get(app, "/temp", fsa.Open, func(c *fsa.Context, in struct {
		T      Celsius
		Client Client
	}) (any, error) {
		return fmt.Sprintf("%.1fF for %s", float64(in.T)*9/5+32, in.Client.Agent), nil
	})
	h, _ := app.Handler()
	for _, t := range []string{"21.5C", "warm"} {
		rec := httptest.NewRecorder()
		req := localRequest("GET", "/temp?t="+t, nil)
		req.Header.Set("User-Agent", "curl")
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Body.String())
	}
	// Output:
	// 200 70.7F for curl
	// 400 parameter "t" cast error: want degrees like 21.5C
}

// Application settings are the configuration's names that do not start
// with FSA_. SettingOr reads one as the type of its default, and says
// which setting is wrong when the file gives another type.
func ExampleSettingOr() {
	app, err := fsa.New("acme", fsa.LookupEnv(nil), fsa.ConfigData("acme.conf", []byte(`
ACME_PAGE_SIZE = 20
ACME_ADMINS = ["calvin", "susie"]
ACME_TIMEOUT = "30s"
`)))
	if err != nil {
		fmt.Println(err)
		return
	}
	size, err := fsa.SettingOr(app, "ACME_PAGE_SIZE", 10)
	fmt.Println(size, err)
	admins, err := fsa.SettingOr(app, "ACME_ADMINS", []string{})
	fmt.Println(admins, err)
	motd, err := fsa.SettingOr(app, "ACME_MOTD", "welcome")
	fmt.Println(motd, err)
	_, err = fsa.SettingOr(app, "ACME_TIMEOUT", 0)
	fmt.Println(err)
	// Output:
	// 20 <nil>
	// [calvin susie] <nil>
	// welcome <nil>
	// configuration: ACME_TIMEOUT: unexpected value of type str: want int
}
