// Package throttle slows down password guessing: it counts failed
// authentications per login and client address, per address across logins
// (credential stuffing) and per login across addresses (distributed
// guessing), and past a threshold refuses further attempts for a delay
// that doubles with each failure, up to a cap. A refused attempt is not a
// failure: a flood cannot push a count up and lock the real user out, and
// a login that succeeded from an address before is not locked out there by
// guesses from elsewhere. Unknown logins are counted as known ones are.
//
// It also bounds how many password verifications run at once (Gate), so
// that a flood of guesses cannot take every core.
package throttle

import (
	"time"
)

// Options are a Throttler's thresholds. A zero field takes its default.
type Options struct {
	// Failures is how many failures of one login from one address are free:
	// the next attempt waits Delay, then twice as long after each further
	// failure, up to MaxDelay. Default value 5.
	Failures int
	// AddressFailures is the same, per address whatever the login.
	// Default value 20.
	AddressFailures int
	// LoginFailures is the same, per login whatever the address; an
	// address where the login succeeded before is exempt. Default value 100.
	LoginFailures int
	// Delay is the first wait. Default value 1 second.
	Delay time.Duration
	// MaxDelay caps the wait. Default value 15 minutes.
	MaxDelay time.Duration
	// Window is how long a failure counts. Default value 1 hour.
	Window time.Duration
	// Trust is how long a success makes an address exempt from its login's
	// lock. Default value 30 days.
	Trust time.Duration
}

// withDefaults fills the zero fields.
func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Failures, 5)
	def(&o.AddressFailures, 20)
	def(&o.LoginFailures, 100)
	defDur(&o.Delay, time.Second)
	defDur(&o.MaxDelay, 15*time.Minute)
	defDur(&o.Window, time.Hour)
	defDur(&o.Trust, 30*24*time.Hour)
	return o
}

// Throttler counts failures in a Store and says when to refuse. It is safe
// for concurrent use as far as its Store is.
type Throttler struct {
	o     Options
	store Store
}

// New returns a Throttler of the options on store.
func New(o Options, store Store) *Throttler {
	return &Throttler{o: o.withDefaults(), store: store}
}

// The keys of a login and an address: counters, their locks ("!" first)
// and trusted pairs. The NUL byte cannot be in a login or an address.
func pairKey(login, addr string) string  { return "p\x00" + login + "\x00" + addr }
func addrKey(addr string) string         { return "a\x00" + addr }
func loginKey(login string) string       { return "l\x00" + login }
func trustKey(login, addr string) string { return "t\x00" + login + "\x00" + addr }
func lockKey(counter string) string      { return "!" + counter }

// Wait returns how long an attempt of login from addr must wait, 0 when it
// may go on. Call it before verifying anything; a refused attempt is not a
// failure. login is "" for an attempt that names none (a token), which
// only the address's lock refuses.
func (t *Throttler) Wait(login, addr string) (time.Duration, error) {
	keys := []string{lockKey(addrKey(addr))}
	if login != "" {
		keys = append(keys, lockKey(pairKey(login, addr)))
		trusted, err := t.store.Locked(trustKey(login, addr))
		if err != nil {
			return 0, err
		}
		if trusted == 0 {
			keys = append(keys, lockKey(loginKey(login)))
		}
	}

	var wait time.Duration
	for _, k := range keys {
		left, err := t.store.Locked(k)
		if err != nil {
			return 0, err
		}
		wait = max(wait, left)
	}
	return wait, nil
}

// Failure counts a failed attempt of login (or "" for a token) from addr,
// and locks what passed its threshold.
func (t *Throttler) Failure(login, addr string) error {
	type counter struct {
		key       string
		threshold int
	}
	counters := []counter{{addrKey(addr), t.o.AddressFailures}}
	if login != "" {
		counters = append(counters, counter{pairKey(login, addr), t.o.Failures}, counter{loginKey(login), t.o.LoginFailures})
	}

	for _, c := range counters {
		n, err := t.store.Incr(c.key, t.o.Window)
		if err != nil {
			return err
		}
		// the threshold-th failure locks for Delay, each one after doubles it
		if over := n - int64(c.threshold) + 1; over > 0 {
			if err := t.store.Lock(lockKey(c.key), t.delay(over)); err != nil {
				return err
			}
		}
	}
	return nil
}

// delay is the wait after the over-th failure past a threshold: Delay,
// doubling, up to MaxDelay.
func (t *Throttler) delay(over int64) time.Duration {
	d := t.o.Delay
	for i := int64(1); i < over && d < t.o.MaxDelay; i++ {
		d *= 2
	}
	return min(d, t.o.MaxDelay)
}

// Success forgets the failures of login from addr and trusts addr for
// login: its login's lock, caused by guesses from elsewhere, does not
// refuse it. The address's and the login's own counts stay.
func (t *Throttler) Success(login, addr string) error {
	if err := t.store.Delete(pairKey(login, addr), lockKey(pairKey(login, addr))); err != nil {
		return err
	}
	return t.store.Lock(trustKey(login, addr), t.o.Trust)
}
