package contract

import (
	"mime/multipart"
	"net/url"
	"strings"
	"testing"
)

// A body's parameters are read as fsa reads them, as text a query would
// send.
func TestBodyParams(t *testing.T) {
	var multi strings.Builder
	mw := multipart.NewWriter(&multi)
	mw.WriteField("li", "1")
	mw.WriteField("li", "2")
	mw.Close()
	for _, c := range []struct {
		name, ctype, body string
		want              url.Values
	}{
		{"form", "application/x-www-form-urlencoded", "li=1&li=2&p=%7B%7D", url.Values{"li": {"1", "2"}, "p": {"{}"}}},
		{"multipart", mw.FormDataContentType(), multi.String(), url.Values{"li": {"1", "2"}}},
		{"JSON", "application/json; charset=utf-8", `{"s":"x","n":7,"li":[1,"a"],"o":{"a":1},"z":null,"e":[]}`,
			url.Values{"s": {"x"}, "n": {"7"}, "li": {"1", "a"}, "o": {`{"a":1}`}, "z": {"null"}}},
		{"JSON not an object", "application/json", `[1]`, nil},
		{"text", "text/plain", "li=1", nil},
	} {
		got := bodyParams(c.ctype, []byte(c.body))
		if got.Encode() != c.want.Encode() {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// int64Format takes what a float64 can say of an int64.
func TestInt64Format(t *testing.T) {
	for _, c := range []struct {
		v  any
		ok bool
	}{
		{float64(42), true}, {float64(-1 << 63), true}, {float64(1 << 63), true}, // 2^63-25 decoded as a float64
		{float64(1 << 64), false}, {1.5, false}, {"12", true},
	} {
		if err := int64Format(c.v); (err == nil) != c.ok {
			t.Errorf("%v: %v, want ok %v", c.v, err, c.ok)
		}
	}
}

// A 400 answer the document cannot describe.
func TestCannotTell(t *testing.T) {
	for answer, want := range map[string]bool{
		`{"error":"unexpected http parameter \"name\""}`: true,
		`password is too short`:                          true,
		`parameter "li" must be an integer`:              false,
	} {
		if CannotTell(answer) != want {
			t.Errorf("%q: %v, want %v", answer, !want, want)
		}
	}
}
