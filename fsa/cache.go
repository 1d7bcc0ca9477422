package fsa

import (
	"context"
	"hash/maphash"
	"sync"
	"time"
)

// Cache keeps small values for a while, in front of the checks that cost:
// token signatures, and the application's hooks. Keys never hold a clear
// password or a raw token. Implementations must be safe for concurrent
// use; a shared store (Redis...) plugs in with the Caching option.
//
// Get and Set cannot fail: a store that cannot answer should report a
// miss and drop the value, and the framework then does the check itself.
// Delete and Clear report their failure, as an entry that stays would
// keep a revoked answer alive.
type Cache interface {
	// Get returns the value of key, if it is there and not expired. The
	// caller must not modify it.
	Get(ctx context.Context, key string) (value []byte, ok bool)
	// Set stores a value for ttl; the cache keeps it.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration)
	// Delete removes key, if it is there.
	Delete(ctx context.Context, key string) error
	// Clear removes every key.
	Clear(ctx context.Context) error
}

// MemoryCache is an in-process Cache of bounded size whose entries expire.
// When it is full, a new entry replaces an expired one, else a random one.
type MemoryCache struct {
	seed     maphash.Seed
	perShard int
	now      func() time.Time
	shards   [16]memoryShard
}

type memoryShard struct {
	mu    sync.RWMutex
	items map[string]memoryItem
}

type memoryItem struct {
	value   []byte
	expires time.Time
}

// NewMemoryCache returns an in-process cache of about size entries.
func NewMemoryCache(size int) *MemoryCache {
	m := &MemoryCache{seed: maphash.MakeSeed(), perShard: max(1, size/16), now: time.Now}
	for i := range m.shards {
		m.shards[i].items = map[string]memoryItem{}
	}
	return m
}

func (m *MemoryCache) shard(key string) *memoryShard {
	return &m.shards[maphash.String(m.seed, key)%uint64(len(m.shards))]
}

// Get returns the value of key, if it is there and not expired.
func (m *MemoryCache) Get(_ context.Context, key string) ([]byte, bool) {
	s := m.shard(key)
	s.mu.RLock()
	item, ok := s.items[key]
	s.mu.RUnlock()
	if !ok || !m.now().Before(item.expires) {
		return nil, false
	}
	return item.value, true
}

// Set stores a value for ttl.
func (m *MemoryCache) Set(_ context.Context, key string, value []byte, ttl time.Duration) {
	now := m.now()
	s := m.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.items[key]; !ok && len(s.items) >= m.perShard {
		evict, seen := "", 0
		for k, item := range s.items { // map order is random
			evict = k
			if seen++; !now.Before(item.expires) || seen == 8 {
				break
			}
		}
		delete(s.items, evict)
	}
	s.items[key] = memoryItem{value: value, expires: now.Add(ttl)}
}

// Delete removes key.
func (m *MemoryCache) Delete(_ context.Context, key string) error {
	s := m.shard(key)
	s.mu.Lock()
	delete(s.items, key)
	s.mu.Unlock()
	return nil
}

// Clear removes every key.
func (m *MemoryCache) Clear(context.Context) error {
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		clear(s.items)
		s.mu.Unlock()
	}
	return nil
}

// Len returns the number of entries, expired ones included.
func (m *MemoryCache) Len() int {
	n := 0
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.RLock()
		n += len(s.items)
		s.mu.RUnlock()
	}
	return n
}
