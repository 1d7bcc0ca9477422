package fsa

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Cache keys are FSA_CACHE_PREFIX, a kind, then length-prefixed parts,
// the login first, so that the entries of a user share a prefix:
//
//	u. login                       password hash ("" for no such user)
//	c. login group                 GroupCheck
//	g. login group                 UserInGroup
//	p. login domain mode ids...    object permission (see idText)
//	T. login realm                 a token CreateToken made, reused
//	t. sha256(config, realm, token) a token's check (see tokens.cacheKey)
//
// Keys never hold a password or a token: only the stored hash is cached,
// and the password check itself is never cached.
func (a *App) cacheKey(kind string, parts ...string) string {
	var b strings.Builder
	b.WriteString(a.config.CachePrefix)
	b.WriteString(kind)
	for _, p := range parts {
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}

// cached returns the cached value of key, or computes and caches it. An
// error is returned and not cached.
func (a *App) cached(ctx context.Context, key string, compute func() ([]byte, error)) ([]byte, error) {
	return a.cachedFor(ctx, key, a.config.CacheTTL, compute)
}

// cachedFor is cached with another time to live.
func (a *App) cachedFor(ctx context.Context, key string, ttl time.Duration, compute func() ([]byte, error)) ([]byte, error) {
	if value, ok := a.cache.Get(ctx, key); ok {
		return value, nil
	}
	value, err := compute()
	if err == nil {
		a.cache.Set(ctx, key, value, ttl)
	}
	return value, err
}

// cachedBool is cached for a yes or no result.
func (a *App) cachedBool(ctx context.Context, key string, compute func() (bool, error)) (bool, error) {
	value, err := a.cached(ctx, key, func() ([]byte, error) {
		yes, err := compute()
		if yes {
			return []byte{1}, err
		}
		return []byte{0}, err
	})
	return len(value) == 1 && value[0] == 1, err
}

// userPass returns the stored hash of a login through the cache: "" (no
// such user) is cached too, as FlaskSimpleAuth does.
func (a *App) userPass(ctx context.Context, login string) (string, error) {
	hash, err := a.cached(ctx, a.cacheKey("u.", login), func() ([]byte, error) {
		hash, err := a.getUserPass(ctx, login)
		return []byte(hash), err
	})
	return string(hash), err
}

// inGroup tells whether a login is in a group, through the cache.
func (a *App) inGroup(ctx context.Context, login, group string) (bool, error) {
	if check := a.groupChecks[group]; check != nil {
		return a.cachedBool(ctx, a.cacheKey("c.", login, group), func() (bool, error) { return check(ctx, login) })
	}
	return a.cachedBool(ctx, a.cacheKey("g.", login, group), func() (bool, error) { return a.userInGroup(ctx, login, group) })
}

// objectKey is the cache key of an object permission.
func (a *App) objectKey(login, domain, mode string, ids []any) string {
	parts := []string{login, domain, mode}
	for _, id := range ids {
		parts = append(parts, idText(id))
	}
	return a.cacheKey("p.", parts...)
}

// idText writes an object identifier for a key, by its value and not by
// how it prints: a String method may print two values alike, and so does
// fmt.Sprint two structs ({"a b", "c"} and {"a", "b c"}), which would
// share a cached permission. Strings, numbers and booleans are written
// as their underlying value, so that UncacheObject may be given 3 for a
// named int type; other values in Go syntax (%#v).
func idText(id any) string {
	switch v := reflect.ValueOf(id); v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'g', -1, 32)
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	}
	return fmt.Sprintf("%#v", id)
}

// UncachePassword forgets the cached password hash of a login: call it
// when a password changes or a user is added or removed. Without a
// GetUserPass hook no hash is cached: an error.
func (a *App) UncachePassword(ctx context.Context, login string) error {
	a.mu.Lock()
	hooked := a.getUserPass != nil
	a.mu.Unlock()
	if !hooked {
		return errors.New("UncachePassword: no GetUserPass hook: no password hash is cached")
	}
	return a.cache.Delete(ctx, a.cacheKey("u.", login))
}

// UncacheGroup forgets whether a login is in a group: call it when the
// membership changes. A group that is neither in FSA_AUTHZ_GROUPS nor
// declared with GroupCheck is an error naming the known groups, unless
// the app declares none and a UserInGroup hook takes any group. Before
// Check, the groups are those declared so far.
func (a *App) UncacheGroup(ctx context.Context, login, group string) error {
	if err := a.checkUncacheGroup(group); err != nil {
		return err
	}
	if err := a.cache.Delete(ctx, a.cacheKey("c.", login, group)); err != nil {
		return err
	}
	return a.cache.Delete(ctx, a.cacheKey("g.", login, group))
}

// UncacheObject forgets a permission of a login on an object, given by
// the values that identify it (as the hook gets them, or for a named
// string, number or boolean type, their underlying value): call it when
// the object is created (its NotFound is cached too), changes hands or
// is deleted. A number of another type that has the hook's value, 3 for
// an int64, names the same entry.
//
// Arguments that could not name a cached permission are an error naming
// what is known, so that a typo does not leave a stale permission cached
// for the ttl: a domain without an ObjectPerm hook, a mode that no route
// declares for the domain, a number of ids other than the hook's, an id
// of another kind than the hook's (a string for an int, another struct
// type) or a number the hook's type cannot hold (-1 for a uint). Before
// Check, the domains and modes are those of the hooks and routes declared
// so far: call it once they all are.
func (a *App) UncacheObject(ctx context.Context, domain, login, mode string, ids ...any) error {
	if err := a.checkUncacheObject(domain, mode, ids); err != nil {
		return err
	}
	return a.cache.Delete(ctx, a.objectKey(login, domain, mode, ids))
}

// addObjectModes records the modes of a route's object permissions, which
// UncacheObject accepts.
func (a *App) addObjectModes(authz Authz) {
	if authz == nil {
		return
	}
	for _, it := range authz.items() {
		if o, ok := it.(objectAuthz); ok && !slices.Contains(a.objectModes[o.domain], o.mode) {
			a.objectModes[o.domain] = append(a.objectModes[o.domain], o.mode)
			slices.Sort(a.objectModes[o.domain])
		}
	}
}

// checkUncacheObject checks UncacheObject's arguments against the hooks
// and the routes' object permissions.
func (a *App) checkUncacheObject(domain, mode string, ids []any) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	hook, ok := a.objectHooks[domain]
	if !ok {
		return fmt.Errorf("UncacheObject: no object permission domain %q (known: %s)", domain, quotedKeys(a.objectHooks))
	}
	if modes := a.objectModes[domain]; !slices.Contains(modes, mode) {
		return fmt.Errorf("UncacheObject: domain %q has no mode %q on any route (modes: %s)", domain, mode, quoted(modes))
	}
	if n := len(hook.types); len(ids) != n {
		noun := "ids"
		if n == 1 {
			noun = "id"
		}
		return fmt.Errorf("UncacheObject: domain %q takes %d %s, got %d", domain, n, noun, len(ids))
	}
	for i, id := range ids {
		if err := checkID(id, hook.types[i]); err != nil {
			return fmt.Errorf("UncacheObject: domain %q: id %d %w", domain, i+1, err)
		}
	}
	return nil
}

// checkID tells why id cannot make the key of a value of type want (see
// idText): strings and booleans are keyed by their value, whatever their
// type; numbers too, so that a number of any type names the hook's value
// it equals; other values by their type and value.
func checkID(id any, want reflect.Type) error {
	if want.Kind() == reflect.Interface {
		return nil
	}
	if id == nil {
		return fmt.Errorf("is <nil>, its hook takes %s", want)
	}
	got := reflect.TypeOf(id)
	switch {
	case isNumber(want.Kind()) && isNumber(got.Kind()):
		if text := idText(id); !holds(want, text) {
			return fmt.Errorf("is %T %s, which its hook's %s cannot hold", id, text, want)
		}
		return nil
	case want.Kind() == reflect.String || want.Kind() == reflect.Bool:
		if got.Kind() == want.Kind() {
			return nil
		}
	case got == want:
		return nil
	}
	return fmt.Errorf("is %T, its hook takes %s", id, want)
}

// isNumber tells whether idText writes values of kind k as numbers.
func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

// holds tells whether a value of number type t has text as its idText.
func holds(t reflect.Type, text string) bool {
	switch k := t.Kind(); {
	case k >= reflect.Int && k <= reflect.Int64:
		v, err := strconv.ParseInt(text, 10, t.Bits())
		return err == nil && strconv.FormatInt(v, 10) == text
	case k >= reflect.Uint && k <= reflect.Uintptr:
		v, err := strconv.ParseUint(text, 10, t.Bits())
		return err == nil && strconv.FormatUint(v, 10) == text
	default:
		v, err := strconv.ParseFloat(text, t.Bits())
		return err == nil && strconv.FormatFloat(v, 'g', -1, t.Bits()) == text
	}
}

// checkUncacheGroup checks UncacheGroup's group, as routes' groups are.
func (a *App) checkUncacheGroup(group string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	declared := slices.Concat(a.config.AuthzGroups, slices.Collect(maps.Keys(a.groupChecks)))
	if slices.Contains(declared, group) || len(declared) == 0 && a.userInGroup != nil {
		return nil
	}
	slices.Sort(declared)
	return fmt.Errorf("UncacheGroup: unknown group %q (known: %s)", group, quoted(slices.Compact(declared)))
}

// quoted returns names quoted, comma separated, or "none".
func quoted(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// quotedKeys returns the keys of m, sorted and quoted.
func quotedKeys[V any](m map[string]V) string {
	return quoted(slices.Sorted(maps.Keys(m)))
}

// UncacheToken forgets the check of a token in a realm ("" for the
// app's): the next request checks its signature again. Tokens are
// stateless: this does not revoke one, which stays valid until it expires.
//
// With FSA_TOKEN_TYPE None there is nothing to forget: an error.
func (a *App) UncacheToken(ctx context.Context, token, realm string) error {
	if a.tokens == nil {
		return errors.New("UncacheToken: FSA_TOKEN_TYPE is None: no token is checked")
	}
	if realm == "" {
		realm = a.config.Realm
	}
	a.tokens.memo.forget(token)
	return a.cache.Delete(ctx, a.tokens.cacheKey(token, realm))
}

// UncacheUserToken forgets the token CreateToken made for a login in a
// realm ("" for the app's), so that the next one is new. With
// FSA_TOKEN_TYPE None there is nothing to forget: an error.
func (a *App) UncacheUserToken(ctx context.Context, login, realm string) error {
	if a.tokens == nil {
		return errors.New("UncacheUserToken: FSA_TOKEN_TYPE is None: no token is made")
	}
	if realm == "" {
		realm = a.config.Realm
	}
	return a.cache.Delete(ctx, a.cacheKey("T.", login, realm))
}

// UncacheUser forgets everything cached about a login: password hash,
// groups, object permissions and made tokens. It returns the first error.
func (a *App) UncacheUser(ctx context.Context, login string) error {
	for _, kind := range []string{"u.", "c.", "g.", "p.", "T."} {
		if err := a.cache.DeletePrefix(ctx, a.cacheKey(kind, login)); err != nil {
			return err
		}
	}
	return nil
}

// cacheKinds are the kinds of the app's keys, which follow
// FSA_CACHE_PREFIX.
var cacheKinds = []string{"u.", "c.", "g.", "p.", "T.", "t."}

// ClearCache forgets everything the app cached: with FSA_CACHE_PREFIX,
// the keys of that prefix followed by one of the app's kinds, so that an
// app whose prefix merely starts with this one ("app1", "app10") keeps
// its entries; else the whole cache. It returns the first error.
func (a *App) ClearCache(ctx context.Context) error {
	if a.tokens != nil {
		a.tokens.memo.forget("")
	}
	if a.config.CachePrefix == "" {
		return a.cache.Clear(ctx)
	}
	for _, kind := range cacheKinds {
		if err := a.cache.DeletePrefix(ctx, a.config.CachePrefix+kind); err != nil {
			return err
		}
	}
	return nil
}
