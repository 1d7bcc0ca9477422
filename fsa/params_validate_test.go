package fsa_test

import (
	"net/url"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// vmInput has a field per family of validate tags.
type vmInput struct {
	Req   string   `validate:"required"`
	Year  int      `validate:"gte=1450,lte=2100" default:"2000"`
	Small int      `validate:"gt=0,lt=10" default:"1"`
	Code  string   `validate:"len=3" default:"abc"`
	Nick  string   `validate:"min=2,max=5" default:"moe"`
	Tags  []string `validate:"max=2,dive,alpha" default:"[]"`
	Size  int      `validate:"len=4" default:"4"`
	Eq    int      `validate:"eq=7" default:"7"`
	Ne    int      `validate:"ne=0" default:"1"`
	Color string   `validate:"oneof=red green blue" default:"red"`
	Mail  *string  `validate:"omitempty,email"`
	Site  *string  `validate:"omitempty,url"`
	ID    *string  `validate:"omitempty,uuid4"`
	Word  *string  `validate:"omitempty,alphanum"`
	Hex   *string  `validate:"omitempty,hexadecimal"`
	Host  *string  `validate:"omitempty,ip"`
	Pre   *string  `validate:"omitempty,startswith=ab"`
	Day   *string  `validate:"omitempty,datetime=2006-01-02"`
	Odd   *string  `validate:"omitempty,excluded_with=Req"`
}

// Validation failures are worded for a person, naming the parameter by
// its request name, and never show the value sent; a tag without words is
// shown as written.
func TestValidationMessages(t *testing.T) {
	app := newApp(t, nil)
	fsa.Get(app, "/v", fsa.Open, func(*fsa.Context, vmInput) (any, error) { return "ok", nil })
	c := client(t, app)
	q := func(kv ...string) url.Values {
		v := url.Values{"req": {"x"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v[kv[i]] = append(v[kv[i]], kv[i+1])
		}
		return v
	}
	c.Run(t, []fsatest.Case{
		{Name: "valid", Path: "/v", Query: q(), WantStatus: 200},
		{Name: "required", Path: "/v", Query: url.Values{"req": {""}}, WantStatus: 400, WantExact: exactBody(`parameter "req" is required`)},
		{Name: "gte", Path: "/v", Query: q("year", "1000"), WantStatus: 400, WantExact: exactBody(`parameter "year" must be at least 1450`)},
		{Name: "lte", Path: "/v", Query: q("year", "3000"), WantStatus: 400, WantExact: exactBody(`parameter "year" must be at most 2100`)},
		{Name: "gt", Path: "/v", Query: q("small", "0"), WantStatus: 400, WantExact: exactBody(`parameter "small" must be greater than 0`)},
		{Name: "lt", Path: "/v", Query: q("small", "10"), WantStatus: 400, WantExact: exactBody(`parameter "small" must be less than 10`)},
		{Name: "len of a string", Path: "/v", Query: q("code", "abcd"), WantStatus: 400, WantExact: exactBody(`parameter "code" must have 3 characters`)},
		{Name: "len of a number", Path: "/v", Query: q("size", "5"), WantStatus: 400, WantExact: exactBody(`parameter "size" must be 4`)},
		{Name: "min of a string", Path: "/v", Query: q("nick", "m"), WantStatus: 400, WantExact: exactBody(`parameter "nick" must have at least 2 characters`)},
		{Name: "max of a string", Path: "/v", Query: q("nick", "calvin"), WantStatus: 400, WantExact: exactBody(`parameter "nick" must have at most 5 characters`)},
		{Name: "max of a list", Path: "/v", Query: q("tags", "a", "tags", "b", "tags", "c"), WantStatus: 400,
			WantExact: exactBody(`parameter "tags" must have at most 2 items`)},
		{Name: "dive: the item named", Path: "/v", Query: q("tags", "a", "tags", "b2"), WantStatus: 400,
			WantExact: exactBody(`parameter "tags[1]" must contain only letters`)},
		{Name: "eq", Path: "/v", Query: q("eq", "8"), WantStatus: 400, WantExact: exactBody(`parameter "eq" must be 7`)},
		{Name: "ne", Path: "/v", Query: q("ne", "0"), WantStatus: 400, WantExact: exactBody(`parameter "ne" must not be 0`)},
		{Name: "oneof", Path: "/v", Query: q("color", "pink"), WantStatus: 400, WantExact: exactBody(`parameter "color" must be one of: red, green, blue`)},
		{Name: "email", Path: "/v", Query: q("mail", "calvin"), WantStatus: 400, WantExact: exactBody(`parameter "mail" must be an email address`)},
		{Name: "url", Path: "/v", Query: q("site", "nope"), WantStatus: 400, WantExact: exactBody(`parameter "site" must be a URL`)},
		{Name: "uuid4", Path: "/v", Query: q("id", "123"), WantStatus: 400, WantExact: exactBody(`parameter "id" must be a version 4 UUID`)},
		{Name: "alphanum", Path: "/v", Query: q("word", "a-b"), WantStatus: 400, WantExact: exactBody(`parameter "word" must contain only letters and digits`)},
		{Name: "hexadecimal", Path: "/v", Query: q("hex", "xyz"), WantStatus: 400, WantExact: exactBody(`parameter "hex" must be hexadecimal`)},
		{Name: "ip", Path: "/v", Query: q("host", "300.1.1.1"), WantStatus: 400, WantExact: exactBody(`parameter "host" must be an IP address`)},
		{Name: "startswith", Path: "/v", Query: q("pre", "xy"), WantStatus: 400, WantExact: exactBody(`parameter "pre" must start with "ab"`)},
		{Name: "datetime", Path: "/v", Query: q("day", "07/12/2026"), WantStatus: 400,
			WantExact: exactBody(`parameter "day" must be a date and time in the layout "2006-01-02"`)},
		{Name: "a tag without words: as written", Path: "/v", Query: q("odd", "x"), WantStatus: 400,
			WantExact: exactBody(`parameter "odd" fails validation "excluded_with=Req"`)},
		{Name: "never the value sent", Path: "/v", Query: q("mail", "s3cret-value"), WantStatus: 400,
			WantExact: exactBody(`parameter "mail" must be an email address`)},
	})
}

// A validate tag the validator does not know is a declaration error at
// Check, naming the route, the field and the tag, never a failure per
// request.
func TestUnknownValidateTag(t *testing.T) {
	tests := []struct {
		name    string
		declare func(*fsa.App)
		want    string
	}{
		{"a typo", func(app *fsa.App) {
			fsa.Get(app, "/books", fsa.Open, func(*fsa.Context, struct {
				Year int `validate:"between=1450,2100"`
			}) (any, error) {
				return nil, nil
			})
		}, `route GET /books: field Year (parameter "year"): unknown validate tag "between" in "between=1450,2100"`},
		{"after a known tag", func(app *fsa.App) {
			fsa.Get(app, "/books", fsa.Open, func(*fsa.Context, struct {
				Title string `validate:"required,titlecase"`
			}) (any, error) {
				return nil, nil
			})
		}, `route GET /books: field Title (parameter "title"): unknown validate tag "titlecase" in "required,titlecase"`},
		{"in a nested struct", func(app *fsa.App) {
			fsa.Post(app, "/books", fsa.Auth, func(*fsa.Context, struct {
				Book struct {
					Isbn string `validate:"isbn14"`
				}
			}) (any, error) {
				return nil, nil
			})
		}, `route POST /books: field Book (parameter "book"): type struct { Isbn string "validate:\"isbn14\"" }: unknown validate tag "isbn14"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp(t, nil, "FSA_AUTH", []string{"basic", "none"})
			tt.declare(app)
			if err := app.Check(); err == nil || err.Error() != tt.want {
				t.Errorf("Check: %v\nwant: %s", err, tt.want)
			}
		})
	}
}
