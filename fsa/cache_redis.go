package fsa

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/redis/rueidis"
)

// sharedWarn logs a shared store's fault at most once a minute: while the
// server is away every request would log it.
type sharedWarn struct {
	log    *slog.Logger
	what   string // "redis cache at host:port"
	effect string // what clients see meanwhile; "" for a cache's misses
	last   atomic.Int64
	now    func() time.Time
}

func (w *sharedWarn) warn(op string, err error) {
	if errors.Is(err, context.Canceled) {
		return // the request went: not the server's fault
	}
	now := w.now().UnixNano()
	last := w.last.Load()
	if last != 0 && now-last < int64(time.Minute) || !w.last.CompareAndSwap(last, now) {
		return
	}
	effect := w.effect
	if effect == "" {
		effect = "lookups are misses, the hooks answer"
	}
	w.log.Warn("fsa: "+w.what+" unavailable: "+effect+" (warned at most once a minute)", "op", op, "err", err)
}

// RedisCache is FSA_CACHE redis: a Cache in a Redis server (or one that
// speaks its protocol, RESP3) through github.com/redis/rueidis, with
// client-side caching: a value read is kept by the process, and the
// server tells every process that read it when any of them changes or
// deletes it (CLIENT TRACKING), so that a hit is read locally and an
// uncache on one instance is seen at once by the others.
//
// While the server cannot be reached, Get reports a miss and Set drops
// the value (a warning is logged at most once a minute); Delete,
// DeletePrefix and Clear report the error. The client reconnects by
// itself, and drops its local copies when the connection breaks.
type RedisCache struct {
	client rueidis.Client
	ttl    time.Duration // of the local copies, at most: the server's expiry bounds them too
	warn   *sharedWarn
	addr   string
}

// redisOptions reads FSA_CACHE_OPTS for redis, as FlaskSimpleAuth passes
// them to redis.Redis: host (default localhost), port (6379), db (0),
// username, password, or url (redis://user:password@host:port/db, which
// excludes the others). ttl is read by setCacheOpts.
func redisOptions(opts map[string]any) (rueidis.ClientOption, error) {
	var o rueidis.ClientOption
	if u, ok := opts["url"]; ok {
		for name := range opts {
			if name != "url" {
				return o, fmt.Errorf("url and %s: give one or the other", name)
			}
		}
		s, ok := u.(string)
		if !ok {
			return o, errors.New("url: want a string")
		}
		var err error
		if o, err = rueidis.ParseURL(s); err != nil {
			return o, fmt.Errorf("url: %w", redactURL(err, s))
		}
		return o, nil
	}
	host, port := "localhost", int64(6379)
	for _, name := range slices.Sorted(mapKeys(opts)) {
		v := opts[name]
		var err error
		switch name {
		case "host":
			host, err = optString(name, v)
		case "port":
			port, err = optInt(name, v, 1, 65535)
		case "db":
			var db int64
			db, err = optInt(name, v, 0, 1<<20)
			o.SelectDB = int(db)
		case "username":
			o.Username, err = optString(name, v)
		case "password":
			o.Password, err = optString(name, v)
		default:
			err = fmt.Errorf("unexpected option %q: want host, port, db, username, password or url, and ttl", name)
		}
		if err != nil {
			return o, err
		}
	}
	o.InitAddress = []string{net.JoinHostPort(host, strconv.FormatInt(port, 10))}
	return o, nil
}

// redactURL removes the url from a parse error, which may show its password.
func redactURL(err error, s string) error {
	if u, perr := url.Parse(s); perr == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			return errors.New(strings.ReplaceAll(err.Error(), s, u.Redacted()))
		}
	}
	return err
}

func mapKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func optString(name string, v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	return "", fmt.Errorf("%s: want a string", name)
}

func optInt(name string, v any, lo, hi int64) (int64, error) {
	n, ok := v.(int64)
	if !ok || n < lo || n > hi {
		return 0, fmt.Errorf("%s: want a number from %d to %d", name, lo, hi)
	}
	return n, nil
}

// NewRedisCache connects to a Redis server as FSA_CACHE redis does, with
// FSA_CACHE_OPTS opts (but ttl): it fails when the server cannot be
// reached, naming its address (never its password). ttl bounds the
// process's copies of the values. Close it when done.
func NewRedisCache(opts map[string]any, ttl time.Duration, log *slog.Logger) (*RedisCache, error) {
	o, err := redisOptions(opts)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	addr := strings.Join(o.InitAddress, ",")
	o.Dialer.Timeout = 2 * time.Second
	o.ConnWriteTimeout = 2 * time.Second
	o.DisableRetry = true // a failed read is a miss: the hooks answer
	o.ClientName = "fsa-go"
	client, err := rueidis.NewClient(o)
	if err != nil {
		if o.Password != "" {
			err = errors.New(strings.ReplaceAll(err.Error(), o.Password, "xxxxx"))
		}
		return nil, fmt.Errorf("redis cache at %s: %w", addr, err)
	}
	return &RedisCache{client: client, ttl: max(ttl, time.Second), addr: addr,
		warn: &sharedWarn{log: log, what: "redis cache at " + addr, now: time.Now}}, nil
}

// Addr returns the server's address, host:port.
func (r *RedisCache) Addr() string { return r.addr }

// Close closes the connections.
func (r *RedisCache) Close() error {
	r.client.Close()
	return nil
}

// Len returns the number of keys of the database (DBSIZE), for
// CacheStats: other apps' keys included, -1 when the server does not
// answer.
func (r *RedisCache) Len() int {
	n, err := r.client.Do(context.Background(), r.client.B().Dbsize().Build()).AsInt64()
	if err != nil {
		return -1
	}
	return int(n)
}

// Get reads key from the process's copy, else from the server (keeping a
// copy the server invalidates).
func (r *RedisCache) Get(ctx context.Context, key string) ([]byte, bool) {
	v, err := r.client.DoCache(ctx, r.client.B().Get().Key(key).Cache(), r.ttl).ToString()
	switch {
	case err == nil: // the caller must not modify the value (Cache.Get): no copy
		return unsafe.Slice(unsafe.StringData(v), len(v)), true
	case rueidis.IsRedisNil(err):
	default:
		r.warn.warn("get", err)
	}
	return nil, false
}

// Set stores a value for ttl, in milliseconds.
func (r *RedisCache) Set(ctx context.Context, key string, value []byte, ttl time.Duration) {
	if ttl <= 0 {
		_ = r.Delete(ctx, key)
		return
	}
	cmd := r.client.B().Set().Key(key).Value(rueidis.BinaryString(value)).PxMilliseconds(max(1, ttl.Milliseconds())).Build()
	if err := r.client.Do(ctx, cmd).Error(); err != nil {
		r.warn.warn("set", err)
	}
}

// Delete removes key: every process's copy goes.
func (r *RedisCache) Delete(ctx context.Context, key string) error {
	if err := r.client.Do(ctx, r.client.B().Del().Key(key).Build()).Error(); err != nil {
		return fmt.Errorf("redis cache at %s: %w", r.addr, err)
	}
	r.settle(ctx, key)
	return nil
}

// settle waits, 100 ms at most, until this process's copies of keys are
// gone: the server's invalidation may come a moment after the reply to
// the command that deleted them (on another connection of the client, or
// after the reply), and a request that follows an uncache on this
// instance must not read the old value.
func (r *RedisCache) settle(ctx context.Context, keys ...string) {
	cmds := make([]rueidis.CacheableTTL, len(keys))
	for deadline := time.Now().Add(100 * time.Millisecond); ; {
		for i, k := range keys { // a command is used once
			cmds[i] = rueidis.CT(r.client.B().Get().Key(k).Cache(), r.ttl)
		}
		gone := true
		for _, res := range r.client.DoMultiCache(ctx, cmds...) {
			if res.Error() == nil {
				gone = false
				break
			}
		}
		if gone || time.Now().After(deadline) {
			return
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// DeletePrefix removes the keys that start with prefix: SCAN MATCH, then
// DEL of what it finds.
func (r *RedisCache) DeletePrefix(ctx context.Context, prefix string) error {
	pattern := globEscape(prefix) + "*"
	cursor := uint64(0)
	for {
		e, err := r.client.Do(ctx, r.client.B().Scan().Cursor(cursor).Match(pattern).Count(1000).Build()).AsScanEntry()
		if err != nil {
			return fmt.Errorf("redis cache at %s: %w", r.addr, err)
		}
		if len(e.Elements) > 0 {
			if err := r.client.Do(ctx, r.client.B().Del().Key(e.Elements...).Build()).Error(); err != nil {
				return fmt.Errorf("redis cache at %s: %w", r.addr, err)
			}
			r.settle(ctx, e.Elements...)
		}
		if cursor = e.Cursor; cursor == 0 {
			return nil
		}
	}
}

// Clear removes every key of the database: FLUSHDB. A key of this
// process, read before, tells when the server's invalidation of all its
// copies has come.
func (r *RedisCache) Clear(ctx context.Context) error {
	const mark = "fsa:clear-mark"
	if err := r.client.Do(ctx, r.client.B().Set().Key(mark).Value("1").Build()).Error(); err != nil {
		return fmt.Errorf("redis cache at %s: %w", r.addr, err)
	}
	for deadline := time.Now().Add(100 * time.Millisecond); time.Now().Before(deadline); { // the mark is read and copied
		if _, ok := r.Get(ctx, mark); ok {
			break
		}
		time.Sleep(100 * time.Microsecond)
	}
	if err := r.client.Do(ctx, r.client.B().Flushdb().Build()).Error(); err != nil {
		return fmt.Errorf("redis cache at %s: %w", r.addr, err)
	}
	r.settle(ctx, mark)
	return nil
}

// globEscape escapes the characters of a SCAN MATCH pattern.
func globEscape(s string) string {
	if !strings.ContainsAny(s, `*?[]\`) {
		return s
	}
	var b strings.Builder
	for _, c := range []byte(s) {
		if strings.IndexByte(`*?[]\`, c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}
