package fsa_test

import (
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
	"github.com/labstack/echo/v4"
)

// declareGet returns a declaration of a GET route with input type In.
func declareGet[In any](path string) func(*fsa.App) {
	return func(app *fsa.App) {
		fsa.Get(app, path, fsa.Open, func(*fsa.Context, In) (any, error) { return nil, nil })
	}
}

// Types of the declaration errors.
type (
	embedded     struct{ X int }
	withEmbedded struct {
		embedded
		N int
	}
	hasFunc      struct{ F func() }
	hasChan      struct{ C chan int }
	hasEmbedded  struct{ embedded }
	memberChan   struct{ Who hasChan }
	deepFunc     struct{ L []map[string]*hasFunc }
	intKeys      struct{ M map[int]string }
	stringerList struct{ S []fmt.Stringer }
	chanField    struct{ C chan int }
	arrayField   struct{ A [2]int }
	nonFiniteInt struct {
		N int `param:"n,nonfinite"`
	}
	nonFiniteMap struct {
		M map[string]float64 `param:"m,nonfinite"`
	}
	unknownOption struct {
		N int `param:"n,omitempty"`
	}
	stringInt struct {
		X string
	}
	intFloat struct {
		X int
	}
	optionalPath struct {
		ID *int
	}
	headerPath struct {
		ID string `header:"X-Id"`
	}
	validateUser struct {
		U fsa.CurrentUser `validate:"min=2"`
	}
	defaultRequest struct {
		R *http.Request `default:"x"`
	}
	validateEcho struct {
		E echo.Context `validate:"required"`
	}
	defaultFile struct {
		F *multipart.FileHeader `default:"x"`
	}
	validateRest struct {
		Rest map[string]any `param:"*" validate:"required"`
	}
	twoRests struct {
		A map[string]any `param:"*"`
		B map[string]any `param:"*"`
	}
	wrongRest struct {
		Rest map[string]string `param:"*"`
	}
	headerCookie struct {
		X string `header:"X" cookie:"x"`
	}
	headerDup struct {
		Agent string `header:"User-Agent"`
		Other string `param:"agent"`
	}
	badListDefault struct {
		L []int `default:"1,2"`
	}
	badListItemDefault struct {
		L []int `default:"[1, \"2\"]"`
	}
	badStructDefault struct {
		P pet `default:"{\"kind\": \"cat\", \"legs\": 4}"`
	}
	missingMemberDefault struct {
		P pet `default:"{}"`
	}
	invalidStructDefault struct {
		P pet `default:"{\"kind\": \"cow\"}" validate:"required"`
	}
	badHeaderDefault struct {
		N int `header:"X-N" default:"x"`
	}
	badNonFiniteDefault struct {
		F float64 `default:"NaN"`
	}
	badDive struct {
		N int `validate:"dive"`
	}
	badNested struct {
		P struct {
			X int `validate:"nosuchtag"`
		}
	}
	badNestedInList struct {
		L []struct {
			X int `validate:"gt=x=y"`
		}
	}
)

func TestParameterDeclarationErrors(t *testing.T) {
	tests := []struct {
		name    string
		declare func(*fsa.App)
		want    string
	}{
		{"func", declareGet[hasFunc]("/d"), `route GET /d: field F (parameter "f"): unsupported type func()`},
		{"chan", declareGet[hasChan]("/d"), `route GET /d: field C (parameter "c"): unsupported type chan int`},
		{"interface with methods", declareGet[stringerList]("/d"), `field S (parameter "s"): unsupported type fmt.Stringer`},
		{"channel", declareGet[chanField]("/d"), `field C (parameter "c"): unsupported type chan int`},
		{"array", declareGet[arrayField]("/d"), `field A (parameter "a"): unsupported type [2]int`},
		{"map with int keys", declareGet[intKeys]("/d"), `field M (parameter "m"): unsupported type map[int]string: map keys must be strings`},
		{"unsupported member", declareGet[memberChan]("/d"),
			`field Who (parameter "who"): type fsa_test.hasChan, field C: unsupported type chan int`},
		{"deep unsupported member", declareGet[deepFunc]("/d"),
			`field L (parameter "l"): type fsa_test.hasFunc, field F: unsupported type func()`},
		{"embedded field", declareGet[withEmbedded]("/d"), `field embedded (parameter "embedded"): embedded fields are not supported`},
		{"embedded member", declareGet[struct{ P hasEmbedded }]("/d"),
			`field P (parameter "p"): type fsa_test.hasEmbedded: embedded field embedded is not supported`},
		{"nonfinite on an int", declareGet[nonFiniteInt]("/d"), `field N (parameter "n"): the nonfinite option applies to floats and complex numbers`},
		{"nonfinite on a map", declareGet[nonFiniteMap]("/d"), `field M (parameter "m"): the nonfinite option applies to floats and complex numbers`},
		{"unknown option", declareGet[unknownOption]("/d"), `field N (parameter "n"): unknown param tag option "omitempty"`},
		{"int converter on a string", declareGet[stringInt]("/d/<int:x>"),
			`route GET /d/:x: field X (parameter "x"): inconsistent type for int converter: string`},
		{"float converter on an int", declareGet[intFloat]("/d/<float:x>"), `field X (parameter "x"): inconsistent type for float converter: int`},
		{"uuid converter on an int", declareGet[intFloat]("/d/<uuid:x>"), `field X (parameter "x"): inconsistent type for uuid converter: int`},
		{"path converter on an int", declareGet[intFloat]("/d/<path:x>"), `field X (parameter "x"): inconsistent type for path converter: int`},
		{"string converter on an int", declareGet[intFloat]("/d/<string:x>"), `field X (parameter "x"): inconsistent type for string converter: int`},
		{"optional path variable", declareGet[optionalPath]("/d/:id"), `field ID (parameter "id"): a path variable cannot be optional`},
		{"header path variable", declareGet[headerPath]("/d/:id"), `field ID (parameter "id"): a path variable cannot be a header or a cookie`},
		{"path converter not last", declareGet[stringInt]("/d/<path:x>/y"), `route GET /d/*/y: a path converter must end the path`},
		{"two path converters", declareGet[struct{ X, Y string }]("/d/<path:x>/<path:y>"), `a path converter must end the path`},
		{"validate on CurrentUser", func(app *fsa.App) {
			fsa.Get(app, "/d", fsa.Auth, func(*fsa.Context, validateUser) (any, error) { return nil, nil })
		}, `field U (parameter "u"): validate and default tags apply to request parameters, headers and cookies`},
		{"default on the request", declareGet[defaultRequest]("/d"),
			`field R (parameter "r"): validate and default tags apply to request parameters, headers and cookies`},
		{"validate on echo.Context", declareGet[validateEcho]("/d"),
			`field E (parameter "e"): validate and default tags apply to request parameters, headers and cookies`},
		{"validate on the catch-all", declareGet[validateRest]("/d"),
			`field Rest (parameter "*"): validate and default tags apply to request parameters, headers and cookies`},
		{"default on a file", declareGet[defaultFile]("/d"), `field F (parameter "f"): a file cannot have a default`},
		{"two catch-alls", declareGet[twoRests]("/d"), `field B (parameter "*"): another field takes the remaining parameters`},
		{"catch-all type", declareGet[wrongRest]("/d"),
			`field Rest (parameter "*"): the remaining parameters go to a map[string]any, not map[string]string`},
		{"header and cookie", declareGet[headerCookie]("/d"), `field X (parameter "x"): both a header and a cookie`},
		{"header named like a parameter", declareGet[headerDup]("/d"), `field Other (parameter "agent"): another field has the same request name`},
		{"list default not JSON", declareGet[badListDefault]("/d"), `field L (parameter "l"): default must be a JSON array`},
		{"list default item", declareGet[badListItemDefault]("/d"), `field L (parameter "l"): default "l[1]" must be an integer`},
		{"struct default member", declareGet[badStructDefault]("/d"), `field P (parameter "p"): default has no member "legs"`},
		{"struct default missing member", declareGet[missingMemberDefault]("/d"), `field P (parameter "p"): default "p.kind" is missing`},
		{"struct default fails validation", declareGet[invalidStructDefault]("/d"),
			`field P (parameter "p"): default value fails validation "required"`},
		{"header default", declareGet[badHeaderDefault]("/d"), `field N (parameter "n"): default must be an integer`},
		{"NaN default", declareGet[badNonFiniteDefault]("/d"), `field F (parameter "f"): default must be a finite number`},
		{"dive on an int", declareGet[badDive]("/d"), `field N (parameter "n"): invalid validate tag "dive"`},
		{"nested unknown tag", declareGet[badNested]("/d"),
			`field P (parameter "p"): type struct { X int "validate:\"nosuchtag\"" }: unknown validate tag "nosuchtag"`},
		{"nested bad tag in a list", declareGet[badNestedInList]("/d"), `field L (parameter "l"): type struct { X int "validate:\"gt=x=y\"" }: invalid validate tag`},
		{"CurrentUser on an Open route", declareGet[me]("/d"), `route GET /d: CurrentUser on an Open route`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp(t, nil)
			tt.declare(app)
			err := app.Check()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check: %v\nwant: %s", err, tt.want)
			}
			if _, herr := app.Handler(); herr == nil {
				t.Error("Handler serves an app that does not check")
			}
		})
	}
}

func TestParameterDeclarationErrorsAtOnce(t *testing.T) {
	type many struct {
		C   chan int
		N   int `param:"n,nonfinite"`
		D   int `default:"x"`
		ID  *int
		Two map[string]any `param:"*"`
	}
	app := newApp(t, nil)
	declareGet[many]("/d/:id")(app)
	err := app.Check()
	for _, want := range []string{`field C (parameter "c"): unsupported type chan int`,
		`field N (parameter "n"): the nonfinite option applies to floats and complex numbers`, `field D (parameter "d"): default must be an integer`,
		`field ID (parameter "id"): a path variable cannot be optional`, `path variable "id" has no input field`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check: %v\nwant: %s", err, want)
		}
	}
}

// TestLateRegistrations checks that casts and special types registered
// after a route, but before the app is checked, apply to it.
func TestLateRegistrations(t *testing.T) {
	app := newApp(t, nil)
	fsa.Get(app, "/m", fsa.Open, func(_ *fsa.Context, in struct {
		M mail
		T tenant
	}) (any, error) {
		return string(in.M) + " " + in.T.ID, nil
	})
	type code struct{ s string } // not a string: a uuid thanks to its cast
	fsa.Get(app, "/c/<uuid:c>", fsa.Open, func(_ *fsa.Context, in struct{ C code }) (any, error) { return in.C.s, nil })
	fsa.Cast(app, func(s string) (mail, error) { return mail(strings.ToUpper(s)), nil })
	fsa.Cast(app, func(s string) (code, error) { return code{strings.ToLower(s)}, nil })
	fsa.Special(app, func(*fsa.Context) (tenant, error) { return tenant{"acme"}, nil })
	client(t, app).Run(t, []fsatest.Case{
		{Path: "/m?m=a@b", WantStatus: 200, WantExact: exactBody("A@B acme")},
		{Path: "/m?m=a@b&t=x", WantStatus: 400, WantExact: exactBody(`unexpected request parameter "t"`)},
		{Path: "/c/123E4567-E89B-12D3-A456-426614174000", WantStatus: 200, WantExact: exactBody("123e4567-e89b-12d3-a456-426614174000")},
	})
	// without a cast, mail is a string: the same type in another app
	other := newApp(t, nil)
	fsa.Get(other, "/m", fsa.Open, func(_ *fsa.Context, in struct{ M mail }) (any, error) { return string(in.M), nil })
	client(t, other).Check(t, fsatest.Case{Path: "/m?m=a@b", WantStatus: 200, WantExact: exactBody("a@b")})
}

// TestConverterReuse checks that a type broken in one field does not
// leave half-built converters that a later field would use.
func TestConverterReuse(t *testing.T) {
	type broken struct {
		Name string
		Bad  chan int
	}
	type holder struct {
		Good []pet
		Bad  []broken
	}
	app := newApp(t, nil)
	declareGet[holder]("/h")(app)
	err := app.Check()
	if err == nil || !strings.Contains(err.Error(), `field Bad (parameter "bad"): type fsa_test.broken, field Bad: unsupported type chan int`) {
		t.Fatalf("Check: %v", err)
	}
	// the same app's converter of broken is remembered as broken
	app = newApp(t, nil)
	declareGet[struct{ A, B broken }]("/h")(app)
	err = app.Check()
	if err == nil || strings.Count(err.Error(), "unsupported type chan int") != 2 {
		t.Fatalf("Check: %v", err)
	}
}
