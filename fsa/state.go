package fsa

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsa-go/fsa-go/internal/throttle"
)

// stateStore keeps the security state that the instances of an app must
// share: token revocations, the throttle's counters and locks, and Digest
// nonce counts. FSA_CACHE redis and memcached implement it on their
// server; without one, revocations live in a memoryState and the rest in
// the engines' own memory.
//
// Its errors are never read as "nothing there": a revocation store that
// does not answer refuses tokens (see errRevocationStore), a nonce count
// store refuses Digest credentials.
type stateStore interface {
	throttle.Store
	revocationStore
}

// revocationStore keeps numbers that expire: revocations, and Digest
// nonce counts.
type revocationStore interface {
	// Advance sets key to n for ttl when n is greater than the key's value
	// (0 when it has none), atomically, and tells whether it did.
	Advance(ctx context.Context, key string, n int64, ttl time.Duration) (bool, error)
	// Values returns the values of keys, 0 for a key that has none.
	Values(ctx context.Context, keys ...string) ([]int64, error)
}

// maxMemoryRevocations bounds the revocations kept in memory. A revocation
// cannot be forgotten before the tokens it refuses expire: a full store
// refuses new revocations (RevokeToken's error) rather than drop one.
const maxMemoryRevocations = 1 << 20

// errStateDown is the cause of the 503s of a shared store lost: warned
// of once a minute rather than logged with each response.
var errStateDown = errors.New("shared store unavailable")

// errStateFull is a revocation the memory store has no room for.
var errStateFull = errors.New("fsa: revocation store full: too many live revocations")

// memoryState is the revocations of a single process: a revocationStore.
type memoryState struct {
	now func() time.Time
	n   atomic.Int64 // entries, read without the lock: none is the usual case

	mu      sync.RWMutex
	entries map[string]stateEntry
}

type stateEntry struct {
	n       int64
	expires time.Time
}

func newMemoryState(now func() time.Time) *memoryState {
	return &memoryState{now: now, entries: map[string]stateEntry{}}
}

// Advance implements stateStore's Advance.
func (m *memoryState) Advance(_ context.Context, key string, n int64, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if e, ok := m.entries[key]; ok && now.Before(e.expires) && e.n >= n {
		return false, nil
	}
	if _, ok := m.entries[key]; !ok && len(m.entries) >= maxMemoryRevocations {
		for k, e := range m.entries {
			if !now.Before(e.expires) {
				delete(m.entries, k)
			}
		}
		if len(m.entries) >= maxMemoryRevocations {
			return false, errStateFull
		}
	}
	m.entries[key] = stateEntry{n: n, expires: now.Add(ttl)}
	m.n.Store(int64(len(m.entries)))
	return true, nil
}

// Values implements stateStore's Values.
func (m *memoryState) Values(_ context.Context, keys ...string) ([]int64, error) {
	values := make([]int64, len(keys))
	if m.n.Load() == 0 {
		return values, nil
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	now := m.now()
	for i, k := range keys {
		if e, ok := m.entries[k]; ok && now.Before(e.expires) {
			values[i] = e.n
		}
	}
	return values, nil
}

// nonceCounts keeps Digest nonce counts in the shared store.
type nonceCounts struct {
	state  revocationStore
	prefix string // FSA_CACHE_PREFIX
}

// Advance implements digest.Counts.
func (n *nonceCounts) Advance(ctx context.Context, key string, nc int64, ttl time.Duration) (bool, error) {
	return n.state.Advance(ctx, n.prefix+"d."+key, nc, ttl)
}

// sharedThrottleStore keeps the throttle's counters in the shared store,
// under the app's FSA_CACHE_PREFIX, so that limits hold across instances.
// While the shared store does not answer, the process counts on its own
// (limits then hold per instance) and a warning is logged at most once a
// minute: a lost store neither locks every user out nor lifts the limits.
type sharedThrottleStore struct {
	shared stateStore
	local  throttle.Store
	prefix string
	warn   *sharedWarn
}

func (s *sharedThrottleStore) key(k string) string { return s.prefix + "h." + k }

// Incr implements throttle.Store.
func (s *sharedThrottleStore) Incr(key string, ttl time.Duration) (int64, error) {
	n, err := s.shared.Incr(s.key(key), ttl)
	if err != nil {
		s.warn.warn("throttle", err)
		return s.local.Incr(key, ttl)
	}
	return n, nil
}

// Lock implements throttle.Store.
func (s *sharedThrottleStore) Lock(key string, d time.Duration) error {
	if err := s.shared.Lock(s.key(key), d); err != nil {
		s.warn.warn("throttle", err)
		return s.local.Lock(key, d)
	}
	return nil
}

// Locked implements throttle.Store: the longer of the shared and local
// locks, so that a lock counted locally while the store was away holds.
func (s *sharedThrottleStore) Locked(key string) (time.Duration, error) {
	local, _ := s.local.Locked(key)
	d, err := s.shared.Locked(s.key(key))
	if err != nil {
		s.warn.warn("throttle", err)
	}
	return max(d, local), nil
}

// Delete implements throttle.Store.
func (s *sharedThrottleStore) Delete(keys ...string) error {
	shared := make([]string, len(keys))
	for i, k := range keys {
		shared[i] = s.key(k)
	}
	if err := s.shared.Delete(shared...); err != nil {
		s.warn.warn("throttle", err)
	}
	return s.local.Delete(keys...)
}
