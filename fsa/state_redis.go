package fsa

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/rueidis"
)

// The scripts of RedisCache's shared state: each runs atomically in the
// server, so that two instances counting at once both count.
var (
	// incrScript adds one to a counter; the first one sets its expiry.
	incrScript = rueidis.NewLuaScript(`local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`)
	// lockScript locks for ARGV[1] ms unless the lock lasts longer.
	lockScript = rueidis.NewLuaScript(`if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], 'L', 'PX', ARGV[1])
end
return 0`)
	// advanceScript sets ARGV[1] for ARGV[2] ms if greater than the value.
	advanceScript = rueidis.NewLuaScript(`local v = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if tonumber(ARGV[1]) <= v then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`)
)

// redisState is a RedisCache's server as the app's shared state.
type redisState struct{ *RedisCache }

func (r *RedisCache) state() stateStore { return redisState{r} }

// stateTimeout bounds a shared state operation that has no request
// context (the throttle's).
const stateTimeout = 2 * time.Second

func (r redisState) stateError(err error) error {
	return fmt.Errorf("redis at %s: %w", r.addr, err)
}

// Incr implements the throttle's store: INCR, and PEXPIRE on the first.
func (r redisState) Incr(key string, ttl time.Duration) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	n, err := incrScript.Exec(ctx, r.client, []string{key}, []string{millis(ttl)}).AsInt64()
	if err != nil {
		return 0, r.stateError(err)
	}
	return n, nil
}

// Lock implements the throttle's store.
func (r redisState) Lock(key string, d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	if err := lockScript.Exec(ctx, r.client, []string{key}, []string{millis(d)}).Error(); err != nil {
		return r.stateError(err)
	}
	return nil
}

// Locked implements the throttle's store: PTTL.
func (r redisState) Locked(key string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	ms, err := r.client.Do(ctx, r.client.B().Pttl().Key(key).Build()).AsInt64()
	if err != nil {
		return 0, r.stateError(err)
	}
	return time.Duration(max(ms, 0)) * time.Millisecond, nil // -2: no key, -1: no expiry (not ours)
}

// Delete implements the throttle's store: DEL.
func (r redisState) Delete(keys ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	if err := r.client.Do(ctx, r.client.B().Del().Key(keys...).Build()).Error(); err != nil {
		return r.stateError(err)
	}
	return nil
}

// Advance implements the shared state's Advance with a script.
func (r redisState) Advance(ctx context.Context, key string, n int64, ttl time.Duration) (bool, error) {
	done, err := advanceScript.Exec(ctx, r.client, []string{key}, []string{strconv.FormatInt(n, 10), millis(ttl)}).AsInt64()
	if err != nil {
		return false, r.stateError(err)
	}
	return done == 1, nil
}

// Values implements the shared state's Values: GETs kept by the process
// until the server says they changed, so that checking a revocation is
// usually read locally.
func (r redisState) Values(ctx context.Context, keys ...string) ([]int64, error) {
	cmds := make([]rueidis.CacheableTTL, len(keys))
	for i, k := range keys {
		cmds[i] = rueidis.CT(r.client.B().Get().Key(k).Cache(), r.ttl)
	}
	values := make([]int64, len(keys))
	for i, res := range r.client.DoMultiCache(ctx, cmds...) {
		if err := res.Error(); err != nil {
			if rueidis.IsRedisNil(err) {
				continue
			}
			return nil, r.stateError(err)
		}
		n, err := res.AsInt64() // a string of digits: parsed without a copy
		if err != nil {
			return nil, r.stateError(fmt.Errorf("key %d: not a number", i))
		}
		values[i] = n
	}
	return values, nil
}

func millis(d time.Duration) string { return strconv.FormatInt(max(1, d.Milliseconds()), 10) }
