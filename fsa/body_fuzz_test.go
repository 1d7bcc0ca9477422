package fsa

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
)

// decodeObject is the plain encoding/json reading of a JSON object body
// that parseJSON must agree with: members in order, or an error.
func decodeObject(body []byte) (keys []string, values map[string]json.RawMessage, ok bool) {
	values = map[string]json.RawMessage{}
	if len(bytes.Trim(body, jsonSpace)) == 0 {
		return nil, values, true
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, false
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, nil, false
		}
		key := tok.(string)
		if _, dup := values[key]; dup {
			return nil, nil, false
		}
		values[key] = value
		keys = append(keys, key)
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, false
	}
	return keys, values, true
}

// FuzzParseJSON checks that the scan of a JSON body finds what
// encoding/json finds: the same members, in the same order, with the same
// values, and refuses what it refuses.
func FuzzParseJSON(f *testing.F) {
	for _, seed := range []string{``, ` `, `{}`, ` { } `, `{"a":1}`, `{"a" : [1, {"b":"}"}], "c":"\"q\\\\"}`,
		`{"a":1,"a":2}`, `[1]`, `{"a":}`, `{"a":1} {}`, `{"\u00e9":true,"x":null,"y":-1.5e3}`, "{\"a\":\"\xff\"}",
		`{"a":{"b":{"c":[[],{}]}},"d":"]"}`, `{"k\"ey":"v"}`, `"str"`, `nul`, "\t{\"a\"\n:\r1}\n",
		manyMembers(20, ""), manyMembers(20, "m3"), manyMembers(17, "m16")} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var d requestData
		err := d.parseJSON(body, math.MaxInt) // depth: TestJSONDepth
		keys, values, ok := decodeObject(body)
		if ok != (err == nil) {
			t.Fatalf("%q: parseJSON error %v, encoding/json ok %v", body, err, ok)
		}
		if !ok {
			if asError(err) == nil || asError(err).Status != 400 {
				t.Fatalf("%q: %v, want a 400", body, err)
			}
			return
		}
		if !slices.Equal(d.keys, keys) {
			t.Fatalf("%q: keys %q, want %q", body, d.keys, keys)
		}
		for _, k := range keys {
			if got, _ := d.member(k); !bytes.Equal(got, values[k]) {
				t.Fatalf("%q: member %q is %q, want %q", body, k, got, values[k])
			}
		}
	})
}

// manyMembers is a JSON object of n members m0, m1..., and dup again.
func manyMembers(n int, dup string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, `"m%d":%d,`, i, i)
	}
	if dup != "" {
		fmt.Fprintf(&b, `"%s":true,`, dup)
	}
	return strings.TrimSuffix(b.String(), ",") + "}"
}
