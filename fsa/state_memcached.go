package fsa

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/bradfitz/gomemcache/memcache"
)

// memcachedState is a MemcachedCache's server as the app's shared state.
// memcached has no scripts: each operation is an add, an increment or a
// compare-and-swap, retried when another instance changed the key in
// between. Expiries are whole seconds, rounded up.
type memcachedState struct{ *MemcachedCache }

func (m *MemcachedCache) state() stateStore { return memcachedState{m} }

// casTries bounds the retries of a compare-and-swap that other instances
// keep winning.
const casTries = 8

func (m memcachedState) stateError(err error) error {
	return fmt.Errorf("memcached at %s: %w", m.addr, err)
}

// expiration is memcached's expiry of ttl: seconds, or a Unix time past
// 30 days.
func expiration(ttl time.Duration) int32 {
	secs := (ttl + time.Second - 1) / time.Second
	if secs > 30*24*3600 {
		return int32(time.Now().Add(ttl).Unix())
	}
	return int32(max(secs, 1))
}

// Incr implements the throttle's store: add 0 if missing, then increment.
func (m memcachedState) Incr(key string, ttl time.Duration) (int64, error) {
	k := hashKey('s', key)
	for range casTries {
		err := m.client.Add(&memcache.Item{Key: k, Value: []byte("0"), Expiration: expiration(ttl)})
		if err != nil && !errors.Is(err, memcache.ErrNotStored) {
			return 0, m.stateError(err)
		}
		n, err := m.client.Increment(k, 1)
		switch {
		case err == nil:
			return int64(n), nil
		case !errors.Is(err, memcache.ErrCacheMiss): // else it expired in between
			return 0, m.stateError(err)
		}
	}
	return 0, m.stateError(errors.New("increment: too many retries"))
}

// number reads a value of the state, 0 when missing.
func (m memcachedState) number(k string) (*memcache.Item, int64, error) {
	item, err := m.client.Get(k)
	if errors.Is(err, memcache.ErrCacheMiss) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, m.stateError(err)
	}
	n, err := strconv.ParseInt(string(item.Value), 10, 64)
	if err != nil {
		return nil, 0, m.stateError(errors.New("not a number"))
	}
	return item, n, nil
}

// raise sets k to n for ttl when n is greater than its value, by add or
// compare-and-swap, and tells whether it did.
func (m memcachedState) raise(k string, n int64, ttl time.Duration) (bool, error) {
	for range casTries {
		item, v, err := m.number(k)
		switch {
		case err != nil:
			return false, err
		case item != nil && v >= n:
			return false, nil
		case item == nil:
			err = m.client.Add(&memcache.Item{Key: k, Value: strconv.AppendInt(nil, n, 10), Expiration: expiration(ttl)})
		default:
			item.Value, item.Expiration = strconv.AppendInt(nil, n, 10), expiration(ttl)
			err = m.client.CompareAndSwap(item)
		}
		switch {
		case err == nil:
			return true, nil
		case !errors.Is(err, memcache.ErrNotStored) && !errors.Is(err, memcache.ErrCASConflict):
			return false, m.stateError(err)
		}
	}
	return false, m.stateError(errors.New("compare-and-swap: too many retries"))
}

// Lock implements the throttle's store: the lock's value is when it ends,
// in Unix milliseconds.
func (m memcachedState) Lock(key string, d time.Duration) error {
	_, err := m.raise(hashKey('s', key), time.Now().Add(d).UnixMilli(), d)
	return err
}

// Locked implements the throttle's store.
func (m memcachedState) Locked(key string) (time.Duration, error) {
	_, until, err := m.number(hashKey('s', key))
	if err != nil {
		return 0, err
	}
	return max(time.Until(time.UnixMilli(until)), 0), nil
}

// Delete implements the throttle's store.
func (m memcachedState) Delete(keys ...string) error {
	for _, k := range keys {
		if err := m.client.Delete(hashKey('s', k)); err != nil && !errors.Is(err, memcache.ErrCacheMiss) {
			return m.stateError(err)
		}
	}
	return nil
}

// Advance implements the shared state's Advance.
func (m memcachedState) Advance(_ context.Context, key string, n int64, ttl time.Duration) (bool, error) {
	return m.raise(hashKey('s', key), n, ttl)
}

// Values implements the shared state's Values, in one round trip.
func (m memcachedState) Values(_ context.Context, keys ...string) ([]int64, error) {
	hashed := make([]string, len(keys))
	for i, k := range keys {
		hashed[i] = hashKey('s', k)
	}
	items, err := m.client.GetMulti(hashed)
	if err != nil {
		return nil, m.stateError(err)
	}
	values := make([]int64, len(keys))
	for i, k := range hashed {
		if item, ok := items[k]; ok {
			if values[i], err = strconv.ParseInt(string(item.Value), 10, 64); err != nil {
				return nil, m.stateError(errors.New("not a number"))
			}
		}
	}
	return values, nil
}
