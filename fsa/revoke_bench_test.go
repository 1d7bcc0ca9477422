package fsa

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/internal/srvtest"
)

// BenchmarkRevocationCheck is the check that every valid token gets, on
// each store: in memory with no revocation (the usual case, a load) and
// with 10,000 (a map lookup), on a real redis-server (the process's
// copies of the two keys, which the server invalidates), and on memcached
// (a round trip: it keeps nothing in the process). The store holds 10,000
// revocations of other tokens and logins in each case.
func BenchmarkRevocationCheck(b *testing.B) {
	ctx := context.Background()
	stores := []struct {
		name string
		dirs []any
		fill bool
	}{
		{"memory-empty", nil, false},
		{"memory", nil, true},
		{"redis", []any{"FSA_CACHE", "redis", "FSA_CACHE_OPTS", map[string]any{"host": "127.0.0.1", "port": int64(srvtest.Redis(b).Port)}}, true},
		{"memcached", []any{"FSA_CACHE", "memcached", "FSA_CACHE_OPTS", map[string]any{"server": srvtest.Memcached(b).Addr}}, true},
	}
	for _, s := range stores {
		b.Run(s.name, func(b *testing.B) {
			app := fzApp(b, nil, append([]any{"FSA_AUTH", []string{"token"}, "FSA_TOKEN_SECRET", "0123456789-0123456789-0123456789"}, s.dirs...)...)
			b.Cleanup(func() { _ = app.Close() })
			t := app.tokens
			if s.fill {
				for i := range 10000 {
					if _, err := t.state.Advance(ctx, t.revokeID('j', strconv.Itoa(i)), 1, time.Hour); err != nil {
						b.Fatal(err)
					}
					if _, err := t.state.Advance(ctx, t.userKey("user"+strconv.Itoa(i)), time.Now().Unix(), time.Hour); err != nil {
						b.Fatal(err)
					}
				}
			}
			token, err := app.CreateToken("calvin")
			if err != nil {
				b.Fatal(err)
			}
			info, err := t.inspect(token)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := t.revoked(ctx, info); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
