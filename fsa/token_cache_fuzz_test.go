package fsa

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// FuzzTokenInfo: a cached token check decodes to what was encoded, and
// any bytes a shared store may hold decode without a panic, or not at all.
func FuzzTokenInfo(f *testing.F) {
	f.Add(int64(2110954996), int64(2110951396), "r.0a1b2c.j.00ff", "calvin", "read write", []byte{})
	f.Add(int64(-1), int64(0), "", "", "", []byte{0x80, 0x80, 0x80})
	f.Add(int64(0), int64(0), "k", "hobbes", "", encodeTokenInfo(tokenInfo{user: "susie", expires: time.Unix(1, 0)}))
	f.Fuzz(func(t *testing.T, exp, iat int64, key, user, scopes string, raw []byte) {
		if info, ok := decodeTokenInfo(raw); ok && len(info.user)+len(info.revokeKey) > len(raw) {
			t.Fatalf("decoded %d bytes of strings from %d bytes", len(info.user)+len(info.revokeKey), len(raw))
		}
		in := tokenInfo{user: user, expires: time.Unix(exp, 0), revokeKey: key, scopes: strings.Fields(scopes)}
		if iat != 0 {
			in.issued = time.Unix(iat, 0)
		}
		out, ok := decodeTokenInfo(encodeTokenInfo(in))
		if !ok || out.user != in.user || !out.expires.Equal(in.expires) || !out.issued.Equal(in.issued) ||
			out.revokeKey != in.revokeKey || !slices.Equal(out.scopes, in.scopes) {
			t.Fatalf("decode(encode(%+v)) = %+v, %v", in, out, ok)
		}
	})
}
