package fsa

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/bradfitz/gomemcache/memcache"
)

// MemcachedCache is FSA_CACHE memcached: a Cache in a memcached server
// through github.com/bradfitz/gomemcache. Nothing is kept in the process:
// every lookup asks the server, so an uncache on one instance is seen by
// the others on their next read.
//
// memcached cannot list or delete keys by prefix: DeletePrefix and Clear
// work by generations. The app's keys have scopes (FSA_CACHE_PREFIX and a
// kind, then that and the login: what UncacheUser and ClearCache name),
// and one for the whole store (Clear); each scope has a random generation
// in the server, and a value is stored with the generations of its
// scopes. A Get reads the value and those generations in one round trip
// and is a miss when one differs; DeletePrefix of a scope, or Clear,
// draws a new generation, so that the old values are never read again
// (memcached evicts them in time). A generation evicted is drawn anew,
// which leaves its values unread too. DeletePrefix of a prefix that is
// not a scope is an error.
//
// Keys are SHA-256 hashes of the app's keys (memcached takes 250 bytes
// without spaces). While the server cannot be reached, Get reports a
// miss and Set drops the value (a warning is logged at most once a
// minute); the client reconnects on the next request.
type MemcachedCache struct {
	client *memcache.Client
	prefix string // FSA_CACHE_PREFIX, to find the scopes of a key
	addr   string
	warn   *sharedWarn
}

const genSize = 8 // bytes of a generation

// memcachedServer reads FSA_CACHE_OPTS for memcached as pymemcache's
// server: "host:port", or [host, port]; default localhost:11211.
func memcachedServer(opts map[string]any) (string, error) {
	server := "localhost:11211"
	for name, v := range opts {
		if name != "server" {
			return "", fmt.Errorf("unexpected option %q: want server (\"host:port\" or [host, port]), and ttl", name)
		}
		switch v := v.(type) {
		case string:
			if _, _, err := net.SplitHostPort(v); err != nil {
				return "", fmt.Errorf("server: %w", err)
			}
			server = v
		case []any:
			if len(v) == 2 {
				host, hok := v[0].(string)
				port, pok := v[1].(int64)
				if hok && pok && port >= 1 && port <= 65535 {
					server = net.JoinHostPort(host, strconv.FormatInt(port, 10))
					continue
				}
			}
			return "", errors.New("server: want \"host:port\" or [host, port]")
		default:
			return "", errors.New("server: want \"host:port\" or [host, port]")
		}
	}
	return server, nil
}

// NewMemcachedCache connects to a memcached server as FSA_CACHE memcached
// does, with FSA_CACHE_OPTS opts (but ttl), for the keys of an app of
// FSA_CACHE_PREFIX prefix: it fails when the server does not answer,
// naming its address.
func NewMemcachedCache(opts map[string]any, prefix string, log *slog.Logger) (*MemcachedCache, error) {
	addr, err := memcachedServer(opts)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	client := memcache.New(addr)
	client.Timeout = time.Second
	client.MaxIdleConns = 64
	if err := client.Ping(); err != nil {
		return nil, fmt.Errorf("memcached cache at %s: %w", addr, err)
	}
	return &MemcachedCache{client: client, prefix: prefix, addr: addr,
		warn: &sharedWarn{log: log, what: "memcached cache at " + addr, now: time.Now}}, nil
}

// Addr returns the server's address, host:port.
func (m *MemcachedCache) Addr() string { return m.addr }

// Close closes the idle connections.
func (m *MemcachedCache) Close() error { return m.client.Close() }

// hashKey is the server's key of an app's key ('v') or of a scope's
// generation ('g').
func hashKey(kind byte, key string) string {
	sum := sha256.Sum256([]byte(key))
	return string(kind) + hex.EncodeToString(sum[:])
}

// scopes returns the scopes of a key: the store, FSA_CACHE_PREFIX and the
// kind, then the key's first part (the login) for the kinds that have one.
func (m *MemcachedCache) scopes(key string) []string {
	rest, ok := strings.CutPrefix(key, m.prefix)
	if !ok || len(rest) < 2 {
		return []string{""}
	}
	scopes := []string{"", m.prefix + rest[:2]}
	if n := firstPart(rest[2:]); n > 0 {
		scopes = append(scopes, key[:len(m.prefix)+2+n])
	}
	return scopes
}

// firstPart returns the length of the length-prefixed part ("5:alice")
// that starts s, 0 if none does.
func firstPart(s string) int {
	colon := strings.IndexByte(s, ':')
	if colon < 1 {
		return 0
	}
	n, err := strconv.Atoi(s[:colon])
	if err != nil || n < 0 || colon+1+n > len(s) || strconv.Itoa(n) != s[:colon] {
		return 0
	}
	return colon + 1 + n
}

// isScope tells whether DeletePrefix may be given prefix.
func (m *MemcachedCache) isScope(prefix string) bool {
	rest, ok := strings.CutPrefix(prefix, m.prefix)
	return ok && len(rest) >= 2 && (len(rest) == 2 || firstPart(rest[2:]) == len(rest)-2)
}

// Get reads the value and its scopes' generations in one round trip.
func (m *MemcachedCache) Get(_ context.Context, key string) ([]byte, bool) {
	scopes := m.scopes(key)
	var keys [4]string
	keys[0] = hashKey('v', key)
	for i, s := range scopes {
		keys[i+1] = hashKey('g', s)
	}
	items, err := m.client.GetMulti(keys[:len(scopes)+1])
	if err != nil {
		m.warn.warn("get", err)
		return nil, false
	}
	v, ok := items[keys[0]]
	if !ok || len(v.Value) < genSize*len(scopes) {
		return nil, false
	}
	for i := range scopes {
		g, ok := items[keys[i+1]]
		if !ok || string(g.Value) != string(v.Value[i*genSize:(i+1)*genSize]) {
			return nil, false
		}
	}
	return v.Value[genSize*len(scopes):], true
}

// generations returns the current generations of scopes, drawing those
// that are missing.
func (m *MemcachedCache) generations(scopes []string) ([]byte, error) {
	keys := make([]string, len(scopes))
	for i, s := range scopes {
		keys[i] = hashKey('g', s)
	}
	items, err := m.client.GetMulti(keys)
	if err != nil {
		return nil, err
	}
	gens := make([]byte, 0, genSize*len(scopes))
	for _, k := range keys {
		g, ok := items[k]
		if !ok || len(g.Value) != genSize {
			if g, err = m.newGeneration(k, true); err != nil {
				return nil, err
			}
		}
		gens = append(gens, g.Value...)
	}
	return gens, nil
}

// newGeneration draws a generation for a scope's key: with add, only if
// it has none (else the one it has).
func (m *MemcachedCache) newGeneration(key string, add bool) (*memcache.Item, error) {
	item := &memcache.Item{Key: key, Value: make([]byte, genSize)}
	_, _ = rand.Read(item.Value)
	if !add {
		return item, m.client.Set(item)
	}
	err := m.client.Add(item)
	if errors.Is(err, memcache.ErrNotStored) { // drawn meanwhile by another
		if item, err = m.client.Get(key); err == nil && len(item.Value) != genSize {
			err = errors.New("bad generation")
		}
	}
	return item, err
}

// Set stores a value with its scopes' generations, for ttl in whole
// seconds (at least one).
func (m *MemcachedCache) Set(_ context.Context, key string, value []byte, ttl time.Duration) {
	if ttl <= 0 {
		_ = m.Delete(context.Background(), key)
		return
	}
	gens, err := m.generations(m.scopes(key))
	if err == nil {
		secs := int32(min((ttl+time.Second-1)/time.Second, 30*24*3600)) // more is a date to memcached
		err = m.client.Set(&memcache.Item{Key: hashKey('v', key), Value: append(gens, value...), Expiration: secs})
	}
	if err != nil {
		m.warn.warn("set", err)
	}
}

// Delete removes key.
func (m *MemcachedCache) Delete(_ context.Context, key string) error {
	if err := m.client.Delete(hashKey('v', key)); err != nil && !errors.Is(err, memcache.ErrCacheMiss) {
		return fmt.Errorf("memcached cache at %s: %w", m.addr, err)
	}
	return nil
}

// DeletePrefix makes the values of a scope unreadable: a new generation.
func (m *MemcachedCache) DeletePrefix(_ context.Context, prefix string) error {
	if !m.isScope(prefix) {
		return fmt.Errorf("memcached cache: cannot delete by prefix %q: only FSA_CACHE_PREFIX and a kind, then a login", prefix)
	}
	if _, err := m.newGeneration(hashKey('g', prefix), false); err != nil {
		return fmt.Errorf("memcached cache at %s: %w", m.addr, err)
	}
	return nil
}

// Clear makes every value unreadable: a new generation of the store.
func (m *MemcachedCache) Clear(context.Context) error {
	if _, err := m.newGeneration(hashKey('g', ""), false); err != nil {
		return fmt.Errorf("memcached cache at %s: %w", m.addr, err)
	}
	return nil
}
