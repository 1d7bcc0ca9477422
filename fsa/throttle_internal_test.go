package fsa

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// A known and an unknown login cost the same hashing work, one
// verification per attempt (a dummy hash for the unknown one), and a
// throttled attempt costs none: counted, not timed.
func TestThrottleHashingWork(t *testing.T) {
	for _, login := range []string{"calvin", "nobody"} {
		t.Run(login, func(t *testing.T) {
			app := fzApp(t, nil, "FSA_AUTH", []string{"basic"}, "FSA_THROTTLE", true,
				"FSA_THROTTLE_OPTS", map[string]any{"failures": 3}, "FSA_PASSWORD_OPTS", map[string]any{"rounds": 4})
			hash, err := app.HashPassword("hobbes")
			if err != nil {
				t.Fatal(err)
			}
			app.GetUserPass(func(_ context.Context, l string) (string, error) {
				return map[string]string{"calvin": hash}[l], nil
			})
			Get(app, "/who", Auth, func(c *Context, _ struct{}) (any, error) { return c.User(), nil })
			h, err := app.Handler()
			if err != nil {
				t.Fatal(err)
			}

			statuses := []int{}
			for range 5 {
				r := httptest.NewRequest("GET", "/who", nil)
				r.RemoteAddr = "127.0.0.1:1"
				r.SetBasicAuth(login, "wrong")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				statuses = append(statuses, w.Code)
			}
			want := []int{401, 401, 401, http.StatusTooManyRequests, http.StatusTooManyRequests}
			if !slices.Equal(statuses, want) {
				t.Errorf("statuses %v, want %v", statuses, want)
			}
			if n := app.hashed.Load(); n != 3 {
				t.Errorf("%d verifications, want 3: one per attempt up to the lock, none after", n)
			}
		})
	}
}
