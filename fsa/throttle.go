package fsa

import (
	"errors"
	"log/slog"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/fsa-go/fsa-go/internal/throttle"
)

// gateWait is how long a password verification waits for a place at the
// gate (FSA_PASSWORD_CONCURRENCY) before a 503.
const gateWait = 100 * time.Millisecond

// newThrottle returns the throttle of FSA_THROTTLE and FSA_THROTTLE_OPTS,
// nil when it is off. With a shared store, its counters are the store's,
// and the process's own while the store does not answer.
func newThrottle(cfg *Config, now func() time.Time, shared stateStore, log *slog.Logger) *throttle.Throttler {
	if !cfg.Throttle {
		return nil
	}
	o := cfg.ThrottleOpts
	var store throttle.Store = throttle.NewMemoryStore(o.Size, now)
	if shared != nil {
		store = &sharedThrottleStore{shared: shared, local: store, prefix: cfg.CachePrefix,
			warn: &sharedWarn{log: log, what: "shared throttle store", effect: "failures are counted by each instance", now: time.Now}}
	}
	return throttle.New(throttle.Options{Failures: o.Failures, AddressFailures: o.AddressFailures,
		LoginFailures: o.LoginFailures, Delay: o.Delay, MaxDelay: o.MaxDelay, Window: o.Window, Trust: o.Trust}, store)
}

// throttleAddr is the client address as the throttle counts it: an IPv6
// address by its /64, which one host or site usually holds whole.
func (c *Context) throttleAddr() string {
	addr := c.ClientAddr().Unmap()
	if addr.Is6() {
		return netip.PrefixFrom(addr, 64).Masked().String()
	}
	return addr.String()
}

// errThrottled is the 429 of an attempt the throttle refuses, whatever
// the login: it tells nothing of whether the login exists.
func errThrottled(wait time.Duration) error {
	seconds := strconv.Itoa(int(math.Ceil(wait.Seconds())))
	return &Error{Status: http.StatusTooManyRequests, Message: "too many failed authentications: retry later",
		Header: http.Header{"Retry-After": {seconds}}}
}

// errGateFull is the cause of errBusy: load shed on purpose, not an
// error to log.
var errGateFull = errors.New("password gate full")

// errBusy is the 503 of a password check turned away at the gate.
func errBusy() error {
	return &Error{Status: http.StatusServiceUnavailable, Message: "too many password checks at once: retry later",
		Header: http.Header{"Retry-After": {"1"}}, Err: errGateFull}
}

// throttleWait refuses an attempt of login (or "" for a token) when the
// throttle says to wait.
func (a *App) throttleWait(c *Context, login string) error {
	if a.throttle == nil {
		return nil
	}
	wait, err := a.throttle.Wait(login, c.throttleAddr())
	if err != nil {
		return err
	}
	if wait > 0 {
		a.throttled.Add(1)
		return errThrottled(wait)
	}
	return nil
}

// throttleResult counts a password check's result.
func (a *App) throttleResult(c *Context, login string, ok bool) error {
	if a.throttle == nil {
		return nil
	}
	if ok {
		return a.throttle.Success(login, c.throttleAddr())
	}
	return a.throttle.Failure(login, c.throttleAddr())
}

// ThrottleCounts returns how many requests the throttle refused with 429
// (FSA_THROTTLE) and how many password checks were turned away with 503
// (FSA_PASSWORD_CONCURRENCY) since the app was made.
func (a *App) ThrottleCounts() (throttled, shed int64) {
	return a.throttled.Load(), a.shed.Load()
}
