package fsa

import (
	"container/list"
	"context"
	"hash/maphash"
	"strings"
	"sync"
	"time"
)

// Cache keeps small values for a while, in front of the checks that cost:
// token signatures, and the application's hooks. Keys never hold a clear
// password or a raw token. Implementations must be safe for concurrent
// use; a shared store (Redis...) plugs in with the Caching option.
//
// Get and Set cannot fail: a store that cannot be reached should report a
// miss and drop the value, and the framework then does the check itself.
// Delete, DeletePrefix and Clear report their failure, as an entry that
// stays would keep a revoked result alive.
type Cache interface {
	// Get returns the value of key, if it is there and not expired. The
	// caller must not modify it.
	Get(ctx context.Context, key string) (value []byte, ok bool)
	// Set stores a value for ttl; the cache keeps it.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration)
	// Delete removes key, if it is there.
	Delete(ctx context.Context, key string) error
	// DeletePrefix removes every key that starts with prefix: the
	// entries of a user (see App.UncacheUser).
	DeletePrefix(ctx context.Context, prefix string) error
	// Clear removes every key.
	Clear(ctx context.Context) error
}

// MemoryCache is an in-process Cache of bounded size whose entries expire.
// When it is full, a new entry replaces an expired one, else a random one
// (NewMemoryCache) or the least recently used (NewLRUCache).
type MemoryCache struct {
	seed     maphash.Seed
	perShard int
	lru      bool
	now      func() time.Time
	shards   [16]memoryShard
}

type memoryShard struct {
	mu    sync.RWMutex
	items map[string]*memoryItem
	order *list.List // with lru: the most recently used first
}

type memoryItem struct {
	value   []byte
	expires time.Time
	elem    *list.Element // with lru: its place in order
}

// NewMemoryCache returns an in-process cache of about size entries, that
// makes room by evicting an expired or a random entry.
func NewMemoryCache(size int) *MemoryCache {
	return newMemoryCache(size, false)
}

// NewLRUCache returns an in-process cache of about size entries, that
// makes room by evicting the least recently used entry.
func NewLRUCache(size int) *MemoryCache {
	return newMemoryCache(size, true)
}

func newMemoryCache(size int, lru bool) *MemoryCache {
	m := &MemoryCache{seed: maphash.MakeSeed(), perShard: max(1, size/16), lru: lru, now: time.Now}
	for i := range m.shards {
		m.shards[i].items = map[string]*memoryItem{}
		if lru {
			m.shards[i].order = list.New()
		}
	}
	return m
}

func (m *MemoryCache) shard(key string) *memoryShard {
	return &m.shards[maphash.String(m.seed, key)%uint64(len(m.shards))]
}

// Get returns the value of key, if it is there and not expired. The
// entry is read under its shard's lock, as Set renews entries in place.
// With lru, an expired entry goes rather than becoming the most recently
// used.
func (m *MemoryCache) Get(_ context.Context, key string) ([]byte, bool) {
	s := m.shard(key)
	now := m.now()
	if m.lru {
		s.mu.Lock()
		defer s.mu.Unlock()
		item, ok := s.items[key]
		switch {
		case !ok:
			return nil, false
		case !now.Before(item.expires):
			s.delete(key)
			return nil, false
		}
		s.order.MoveToFront(item.elem)
		return item.value, true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if item, ok := s.items[key]; ok && now.Before(item.expires) {
		return item.value, true
	}
	return nil, false
}

// Set stores a value for ttl.
func (m *MemoryCache) Set(_ context.Context, key string, value []byte, ttl time.Duration) {
	now := m.now()
	s := m.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.items[key]; ok {
		old.value, old.expires = value, now.Add(ttl)
		if m.lru {
			s.order.MoveToFront(old.elem)
		}
		return
	}
	if len(s.items) >= m.perShard {
		s.delete(m.victim(s, now))
	}
	item := &memoryItem{value: value, expires: now.Add(ttl)}
	if m.lru {
		item.elem = s.order.PushFront(key)
	}
	s.items[key] = item
}

// victim chooses the entry that makes room: the least recently used, or
// an expired one among a few random ones, else the last of them.
func (m *MemoryCache) victim(s *memoryShard, now time.Time) string {
	if m.lru {
		return s.order.Back().Value.(string)
	}
	evict, seen := "", 0
	for k, item := range s.items { // map order is random
		evict = k
		if seen++; !now.Before(item.expires) || seen == 8 {
			break
		}
	}
	return evict
}

// delete removes a key from a locked shard.
func (s *memoryShard) delete(key string) {
	if item, ok := s.items[key]; ok {
		if item.elem != nil {
			s.order.Remove(item.elem)
		}
		delete(s.items, key)
	}
}

// Delete removes key.
func (m *MemoryCache) Delete(_ context.Context, key string) error {
	s := m.shard(key)
	s.mu.Lock()
	s.delete(key)
	s.mu.Unlock()
	return nil
}

// DeletePrefix removes every key that starts with prefix.
func (m *MemoryCache) DeletePrefix(_ context.Context, prefix string) error {
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		for key := range s.items {
			if strings.HasPrefix(key, prefix) {
				s.delete(key)
			}
		}
		s.mu.Unlock()
	}
	return nil
}

// Clear removes every key.
func (m *MemoryCache) Clear(context.Context) error {
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		clear(s.items)
		if m.lru {
			s.order.Init()
		}
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

// noCache is FSA_CACHE none: it keeps nothing.
type noCache struct{}

func (noCache) Get(context.Context, string) ([]byte, bool)         { return nil, false }
func (noCache) Set(context.Context, string, []byte, time.Duration) {}
func (noCache) Delete(context.Context, string) error               { return nil }
func (noCache) DeletePrefix(context.Context, string) error         { return nil }
func (noCache) Clear(context.Context) error                        { return nil }
