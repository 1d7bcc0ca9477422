package fsa

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Revocations. A revoked token is refused with a 401 "revoked auth token"
// until it expires, on every instance that shares the app's store
// (FSA_CACHE redis or memcached; without one, in this process). Two kinds
// of record, checked once a token is known valid, on every request:
//
//   - a token's: a JWT by its jti (or, without one, by its claims), an
//     fsa token by its signature; kept until the token expires;
//   - a login's cutoff, a whole second: every token of the login issued
//     before it is refused; kept for FSA_TOKEN_DELAY (no token lives
//     longer, see CreateToken) and FSA_TOKEN_GRACE.
//
// A JWT's issue time is its iat; an fsa token carries none, so its issue
// time is its expiry less FSA_TOKEN_DELAY, and a JWT without iat (one
// FlaskSimpleAuth made) is read the same way.

// errRevoked is a token revoked.
func errRevoked() error {
	return &Error{Status: http.StatusUnauthorized, Message: errRevokedToken.Error(), Err: errRevokedToken}
}

// errRevocationStore is the 503 of a token that cannot be checked against
// the revocations: the store did not answer. Fail closed: a token that
// may be revoked is never accepted.
func errRevocationStore(err error) error {
	return &Error{Status: http.StatusServiceUnavailable, Message: "revocation store unavailable",
		Header: http.Header{"Retry-After": {"1"}}, Err: fmt.Errorf("%w: %w", errStateDown, err)}
}

// revokeID is the revocation key of a token's own record, from what
// identifies it: its jti, its claims or its signature.
func (t *tokens) revokeID(kind byte, id string) string {
	sum := sha256.Sum256([]byte(id))
	return t.statePrefix + string(kind) + "." + hex.EncodeToString(sum[:16])
}

// userKey is the key of a login's cutoff.
func (t *tokens) userKey(login string) string { return t.statePrefix + "u." + login }

// issued is when a token was issued, as revocations read it.
func (t *tokens) issued(info tokenInfo) time.Time {
	if !info.issued.IsZero() {
		return info.issued
	}
	return info.expires.Add(-t.delay)
}

// shared tells whether the revocations are in a shared store, which may
// not answer.
func (t *tokens) shared() bool {
	_, local := t.state.(*memoryState)
	return !local
}

// revoked refuses a valid token that a revocation names.
func (t *tokens) revoked(ctx context.Context, info tokenInfo) error {
	if m, ok := t.state.(*memoryState); ok && m.n.Load() == 0 {
		return nil // none at all, the usual case of one process
	}
	values, err := t.state.Values(ctx, info.revokeKey, t.userKey(info.user))
	switch {
	case err != nil:
		t.stateWarn.warn("revocations", err)
		return errRevocationStore(err)
	case values[0] != 0:
		return errRevoked()
	case values[1] != 0 && t.issued(info).Before(time.Unix(values[1], 0)):
		return errRevoked()
	}
	return nil
}

// settle waits, 100 ms at most, until the store shows a revocation just
// made: a shared store's copy in this process may be told of the change a
// moment after the command that made it, and the request that follows a
// revocation on this instance must see it.
func (t *tokens) settle(ctx context.Context, key string, n int64) {
	for deadline := time.Now().Add(100 * time.Millisecond); time.Now().Before(deadline); {
		if values, err := t.state.Values(ctx, key); err == nil && values[0] >= n {
			return
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// RevokeToken revokes a token of this app, whatever its realm: every
// instance refuses it from then on, with a 401 "revoked auth token", until
// it expires. An expired token needs no revocation: nil. A token that is
// not one of the app's is an error. So is a store that does not answer:
// the token is then not revoked.
func (a *App) RevokeToken(ctx context.Context, token string) error {
	t := a.tokens
	if t == nil {
		return errors.New("fsa: RevokeToken: FSA_TOKEN_TYPE is None")
	}
	info, err := t.inspect(token)
	if err != nil {
		return err
	}
	live := info.expires.Sub(t.now()) + t.grace + time.Second
	if live <= time.Second {
		return nil
	}
	if _, err := t.state.Advance(ctx, info.revokeKey, 1, live); err != nil {
		return errors.Join(errors.New("fsa: RevokeToken: the token is not revoked"), err)
	}
	t.settle(ctx, info.revokeKey, 1)
	return nil
}

// RevokeToken revokes the token that authenticated the request (see
// App.RevokeToken): the user logs out. With the cookie carrier, the
// response deletes the token cookie instead of renewing it. A request
// that no token authenticated is an internal error.
func (c *Context) RevokeToken() error {
	if c.token == "" {
		return errors.New("fsa: RevokeToken: no token authenticated the request")
	}
	if err := c.app.RevokeToken(c, c.token); err != nil {
		return err
	}
	c.app.deleteTokenCookie(c)
	return nil
}

// RevokeUser revokes every token of login issued until now, whatever its
// realm, on every instance ("log out everywhere", after a password
// change, or to cut off a stolen token). A token made after it is
// accepted: CreateToken waits, a second at most, when a token made at
// once would look issued before the revocation (issue times are whole
// seconds). A store that does not answer is an error: nothing is revoked.
func (a *App) RevokeUser(ctx context.Context, login string) error {
	t := a.tokens
	if t == nil {
		return errors.New("fsa: RevokeUser: FSA_TOKEN_TYPE is None")
	}
	if login == "" {
		return errors.New("fsa: RevokeUser: empty login")
	}
	now := t.now()
	cutoff := now.Truncate(time.Second).Add(time.Second)
	key := t.userKey(login)
	if _, err := t.state.Advance(ctx, key, cutoff.Unix(), cutoff.Sub(now)+t.delay+t.grace+time.Second); err != nil {
		return errors.Join(errors.New("fsa: RevokeUser: the tokens are not revoked"), err)
	}
	t.settle(ctx, key, cutoff.Unix())
	return nil
}

// fresh returns a token of user made by mint that no revocation refuses:
// it waits, if it must, until a token made then looks issued after its
// login's revocation; and fsa tokens made in one second are the same, so
// that a token revoked would be made again within its second: the next
// second's is made instead.
func (t *tokens) fresh(ctx context.Context, user string, delay time.Duration, mint func() (string, tokenInfo, error)) (string, tokenInfo, error) {
	if err := t.waitRevocation(ctx, user, delay); err != nil {
		return "", tokenInfo{}, err
	}
	token, info, err := mint()
	if err != nil || t.jwt { // a JWT's jti is new
		return token, info, err
	}
	if err := t.revoked(ctx, info); !errors.Is(err, errRevokedToken) {
		return token, info, err
	}
	now := t.now()
	timer := time.NewTimer(now.Truncate(time.Second).Add(time.Second).Sub(now))
	defer timer.Stop()
	select {
	case <-timer.C:
		return mint()
	case <-ctx.Done():
		return "", tokenInfo{}, ctx.Err()
	}
}

// maxRevocationWait bounds how long CreateToken waits for a token that a
// revocation of its login would not refuse.
const maxRevocationWait = 2 * time.Second

// waitRevocation waits until a token of user made now, of that delay,
// would not be refused by a revocation of its login, if it must. A store
// that does not answer is an error.
func (t *tokens) waitRevocation(ctx context.Context, user string, delay time.Duration) error {
	values, err := t.state.Values(ctx, t.userKey(user))
	if err != nil {
		t.stateWarn.warn("revocations", err)
		return errRevocationStore(err)
	}
	if values[0] == 0 {
		return nil
	}
	cutoff := time.Unix(values[0], 0)
	// the issue time a token made at instant at will have
	issued := func(at time.Time) time.Time {
		if t.jwt {
			return at.Truncate(time.Second)
		}
		return at.Add(delay).Truncate(time.Second).Add(-t.delay)
	}
	now := t.now()
	if !issued(now).Before(cutoff) {
		return nil
	}
	// the first instant whose token is issued at the cutoff or after
	at := cutoff
	if !t.jwt {
		at = cutoff.Add(t.delay)
		if at.Truncate(time.Second) != at {
			at = at.Truncate(time.Second).Add(time.Second)
		}
		at = at.Add(-delay)
	}
	wait := at.Sub(now)
	if wait > maxRevocationWait {
		return errors.New("fsa: CreateToken: an fsa token of a delay shorter than FSA_TOKEN_DELAY would look issued before the revocation of its login: make it later, or use FSA_TOKEN_TYPE jwt")
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
