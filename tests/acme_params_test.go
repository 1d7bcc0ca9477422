package tests

import (
	"net/url"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// daysSince counts the days from a date to today, as GET /days does.
func daysSince(date string) int64 {
	born, _ := time.Parse(time.DateOnly, date)
	y, m, d := time.Now().Date()
	return (time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() - born.Unix()) / 86400
}

// The tutorial's test_days, in form, query and JSON variants.
func TestAcmeDays(t *testing.T) {
	forEachBackend(t, testAcmeDays)
}

func testAcmeDays(t *testing.T, b backend) {
	who := func(name, born string) url.Values {
		return url.Values{"who": {`{"name":"` + name + `","born":"` + born + `"}`}}
	}
	ok := func(name, born string) map[string]any {
		return map[string]any{"name": name, "days": daysSince(born)}
	}
	acme(t, b).Run(t, []fsatest.Case{
		{Name: "form", Path: "/days", Form: who("Hobbes", "2020-07-29"), WantStatus: 200, WantJSON: ok("Hobbes", "2020-07-29")},
		{Name: "query", Path: "/days", Query: who("Calvin", "1970-03-20"), WantStatus: 200, WantJSON: ok("Calvin", "1970-03-20")},
		{Name: "json", Path: "/days", JSON: map[string]any{"who": map[string]any{"name": "Susie", "born": "1970-10-14"}},
			WantStatus: 200, WantJSON: ok("Susie", "1970-10-14")},
		{Name: "RFC 3339 time", Path: "/days", JSON: map[string]any{"who": map[string]any{"name": "Susie", "born": "1970-10-14T10:00:00+02:00"}},
			WantStatus: 200, WantJSON: ok("Susie", "1970-10-14")},
		{Name: "form invalid date", Path: "/days", Form: who("Calvin", "unknown"), WantStatus: 400,
			WantJSON: map[string]any{"error": `parameter "who.born" must be a date (2006-01-02) or a time (RFC 3339)`}},
		{Name: "json invalid date", Path: "/days", JSON: map[string]any{"who": map[string]any{"name": "Hobbes", "born": "not yesterday"}},
			WantStatus: 400, WantJSON: map[string]any{"error": `parameter "who.born" must be a date (2006-01-02) or a time (RFC 3339)`}},
		{Name: "missing", Path: "/days", WantStatus: 400, WantJSON: map[string]any{"error": `parameter "who" is missing`}},
		{Name: "missing member", Path: "/days", JSON: map[string]any{"who": map[string]any{"name": "Hobbes"}},
			WantStatus: 400, WantJSON: map[string]any{"error": `parameter "who.born" is missing`}},
		{Name: "unknown member", Path: "/days", JSON: map[string]any{"who": map[string]any{"name": "Hobbes", "born": "2020-07-29", "age": 4}},
			WantStatus: 400, WantJSON: map[string]any{"error": `parameter "who" has no member "age"`}},
		{Name: "empty name", Path: "/days", Form: who("", "2020-07-29"), WantStatus: 400,
			WantJSON: map[string]any{"error": `parameter "who.name" is required`}},
		{Name: "not JSON", Path: "/days", Form: url.Values{"who": {"Hobbes"}}, WantStatus: 400,
			WantJSON: map[string]any{"error": `parameter "who" must be a JSON object`}},
		{Name: "JSON string in JSON body", Path: "/days", JSON: map[string]any{"who": `{"name":"Hobbes","born":"2020-07-29"}`},
			WantStatus: 400, WantJSON: map[string]any{"error": `parameter "who" must be an object`}},
	})
}

// The tutorial's test_primes and its curl lines.
func TestAcmePrimes(t *testing.T) {
	forEachBackend(t, testAcmePrimes)
}

func testAcmePrimes(t *testing.T, b backend) {
	exact := fsatest.String
	acme(t, b).Run(t, []fsatest.Case{
		{Name: "query", Path: "/primes?li=7&li=8", WantStatus: 200, WantExact: exact("[7]\n")},
		{Name: "form", Path: "/primes", Form: url.Values{"li": {"1", "10", "11"}}, WantStatus: 200, WantExact: exact("[11]\n")},
		{Name: "json", Path: "/primes", JSON: map[string]any{"li": []int{1, 2, 3, 4, 5, 6, 7, 8, 9}}, WantStatus: 200, WantExact: exact("[2,3,5,7]\n")},
		{Name: "json curl", Path: "/primes", JSON: map[string]any{"li": []int{1, 10, 11, 20, 21, 23}}, WantStatus: 200, WantExact: exact("[11,23]\n")},
		{Name: "query and form", Path: "/primes?li=3", Form: url.Values{"li": {"5"}}, WantStatus: 200, WantExact: exact("[3,5]\n")},
		{Name: "none prime", Path: "/primes?li=4", WantStatus: 200, WantExact: exact("[]\n")},
		{Name: "large prime", Path: "/primes?li=9223372036854775783", WantStatus: 200, WantExact: exact("[9223372036854775783]\n")},
		{Name: "json strings", Path: "/primes", JSON: map[string]any{"li": []string{"odd", "even"}}, WantStatus: 400,
			WantJSON: map[string]any{"error": `parameter "li[0]" must be an integer`}},
		{Name: "form strings", Path: "/primes", Form: url.Values{"li": {"prime", "time"}}, WantStatus: 400,
			WantJSON: map[string]any{"error": `parameter "li[0]" must be an integer`}},
		{Name: "json not a list", Path: "/primes", JSON: map[string]any{"li": 7}, WantStatus: 400,
			WantJSON: map[string]any{"error": `parameter "li" must be an array`}},
		{Name: "missing", Path: "/primes", WantStatus: 400, WantJSON: map[string]any{"error": `parameter "li" is missing`}},
		{Name: "too many", Path: "/primes", JSON: map[string]any{"li": make([]int, 1001)}, WantStatus: 400,
			WantJSON: map[string]any{"error": `parameter "li" must have at most 1000 items`}},
	})
}

// The tutorial's test_len and its curl lines.
func TestAcmeLen(t *testing.T) {
	forEachBackend(t, testAcmeLen)
}

func testAcmeLen(t *testing.T, b backend) {
	length := func(n any) map[string]any { return map[string]any{"len": n} }
	p := func(text string) url.Values { return url.Values{"p": {text}} }
	acme(t, b).Run(t, []fsatest.Case{
		{Name: "json object", Path: "/len", JSON: map[string]any{"p": map[string]any{"hi": "w!"}}, WantStatus: 200, WantJSON: length(1)},
		{Name: "json array", Path: "/len", JSON: map[string]any{"p": []string{"foo", "bla"}}, WantStatus: 200, WantJSON: length(2)},
		{Name: "json string", Path: "/len", JSON: map[string]any{"p": "hi!"}, WantStatus: 200, WantJSON: length(3)},
		{Name: "json null", Path: "/len", JSON: map[string]any{"p": nil}, WantStatus: 200, WantJSON: length("not available")},
		{Name: "json string not parsed", Path: "/len", JSON: map[string]any{"p": "[1,2,3,4]"}, WantStatus: 200, WantJSON: length(9)},
		{Name: "form string", Path: "/len", Form: p(`"hi!"`), WantStatus: 200, WantJSON: length(3)},
		{Name: "form object", Path: "/len", Form: p(`{"hi":"w!"}`), WantStatus: 200, WantJSON: length(1)},
		{Name: "form array", Path: "/len", Form: p(`[1,2]`), WantStatus: 200, WantJSON: length(2)},
		{Name: "form number", Path: "/len", Form: p(`3.14`), WantStatus: 200, WantJSON: length("not available")},
		{Name: "form null", Path: "/len", Form: p(`null`), WantStatus: 200, WantJSON: length("not available")},
		{Name: "query characters", Path: "/len", Query: p(`"été"`), WantStatus: 200, WantJSON: length(3)},
		{Name: "missing", Path: "/len", WantStatus: 400, WantJSON: map[string]any{"error": `parameter "p" is missing`}},
		{Name: "not JSON", Path: "/len", Form: p("bad-json"), WantStatus: 400, WantJSON: map[string]any{"error": `parameter "p" must be JSON`}},
	})
}
