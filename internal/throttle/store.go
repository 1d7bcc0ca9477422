package throttle

import (
	"math"
	"sync"
	"time"
)

// A Store keeps counters and locks that expire. Its operations are atomic
// each, so that a shared store (Redis's INCR and SET PX) can implement them
// exactly.
type Store interface {
	// Incr adds one to the counter key and returns its new value. A counter
	// that does not exist, or has expired, starts at 1 and lives for ttl.
	Incr(key string, ttl time.Duration) (int64, error)
	// Lock locks key for d from now, unless it is locked for longer.
	Lock(key string, d time.Duration) error
	// Locked returns how long key stays locked, 0 when it is not.
	Locked(key string) (time.Duration, error)
	// Delete forgets counters and locks.
	Delete(keys ...string) error
}

// lockWeight is the count of a lock in the memory store: a lock outranks
// every counter when the store must forget something.
const lockWeight = math.MaxInt64

// evictionSample is how many entries a full memory store looks at to find
// one to forget.
const evictionSample = 64

// MemoryStore is a Store in memory, bounded: when it is full, a new key
// takes the place of an expired entry or, if none of a sample is expired,
// of the entry of the lowest count. An attacker who rotates logins or
// addresses so fills it with counts of 1, and pushes out their own new
// keys before anybody's live counter of several failures or any lock. It
// is safe for concurrent use.
type MemoryStore struct {
	max int
	now func() time.Time

	mu      sync.Mutex
	entries map[string]*entry
}

// entry is a counter or a lock.
type entry struct {
	count   int64 // lockWeight for a lock
	expires time.Time
}

// NewMemoryStore returns a store of at most size entries (at least 1), on
// the clock now (time.Now when nil).
func NewMemoryStore(size int, now func() time.Time) *MemoryStore {
	if now == nil {
		now = time.Now
	}
	return &MemoryStore{max: max(size, 1), now: now, entries: map[string]*entry{}}
}

// Len returns the number of entries, expired ones included.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

// Incr implements Store.
func (s *MemoryStore) Incr(key string, ttl time.Duration) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if e := s.entries[key]; e != nil && now.Before(e.expires) {
		e.count++
		return e.count, nil
	}
	s.put(key, &entry{count: 1, expires: now.Add(ttl)}, now)
	return 1, nil
}

// Lock implements Store.
func (s *MemoryStore) Lock(key string, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	until := now.Add(d)
	if e := s.entries[key]; e != nil && e.expires.After(until) {
		return nil
	}
	s.put(key, &entry{count: lockWeight, expires: until}, now)
	return nil
}

// Locked implements Store.
func (s *MemoryStore) Locked(key string) (time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.entries[key]; e != nil {
		if left := e.expires.Sub(s.now()); left > 0 {
			return left, nil
		}
	}
	return 0, nil
}

// Delete implements Store.
func (s *MemoryStore) Delete(keys ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		delete(s.entries, k)
	}
	return nil
}

// put sets key, making room first when the store is full.
func (s *MemoryStore) put(key string, e *entry, now time.Time) {
	if _, ok := s.entries[key]; !ok && len(s.entries) >= s.max {
		s.evict(now)
	}
	s.entries[key] = e
}

// evict forgets one entry: the first expired one of a sample of the map
// (whose iteration order is random), else the sample's lowest count, the
// one expiring first among equals.
func (s *MemoryStore) evict(now time.Time) {
	var victim string
	var least *entry
	n := 0
	for k, e := range s.entries {
		if !now.Before(e.expires) {
			victim = k
			break
		}
		if least == nil || e.count < least.count || e.count == least.count && e.expires.Before(least.expires) {
			victim, least = k, e
		}
		if n++; n == evictionSample {
			break
		}
	}
	delete(s.entries, victim)
}
