package fsa

import (
	"container/heap"
	"container/list"
	"context"
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// Cache keeps small values for a while, in front of the checks that cost:
// token signatures, and the application's hooks. Keys never hold a clear
// password or a raw token. Implementations must be safe for concurrent
// use. FSA_CACHE redis and memcached (RedisCache, MemcachedCache) share
// it between instances; another store plugs in with the Caching option.
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

// memoryCacheKinds names the kinds of NewCache, for errors.
const memoryCacheKinds = "ttl, lru, tlru, lfu, fifo, rr or dict"

// cacheKind is the eviction of a MemoryCache.
type cacheKind uint8

const (
	kindTTL  cacheKind = iota // least recently used, expired ones first
	kindLRU                   // least recently used
	kindTLRU                  // as ttl: every entry has its own expiry
	kindLFU                   // least frequently used, then least recently
	kindFIFO                  // first set (or set again) first out
	kindRR                    // random
	kindDict                  // first inserted first out; set again keeps its place
)

// parseCacheKind returns the kind a name of FSA_CACHE stands for.
func parseCacheKind(name string) (cacheKind, bool) {
	switch name {
	case "ttl":
		return kindTTL, true
	case "lru":
		return kindLRU, true
	case "tlru":
		return kindTLRU, true
	case "lfu":
		return kindLFU, true
	case "fifo":
		return kindFIFO, true
	case "rr":
		return kindRR, true
	case "dict":
		return kindDict, true
	}
	return 0, false
}

// ordered: the kind keeps its entries in a list, the next to go first.
func (k cacheKind) ordered() bool { return k != kindLFU && k != kindRR }

// readMoves: a Get changes the order, so it takes the shard's write lock.
func (k cacheKind) readMoves() bool {
	return k == kindTTL || k == kindLRU || k == kindTLRU || k == kindLFU
}

// MemoryCache is an in-process Cache of bounded size whose entries expire,
// each at the ttl it was set for, whatever the kind. When it is full, an
// expired entry makes room first, then the entry its kind chooses (see
// NewCache). It is safe for concurrent use.
//
// A cache of fewer than 1024 entries is one map under one lock; a larger
// one is 16 shards of size/16 entries, each under its own lock and
// evicting among its own entries, so that the order of eviction holds
// within a shard.
type MemoryCache struct {
	seed     maphash.Seed
	perShard int
	kind     cacheKind
	now      func() time.Time
	shards   []memoryShard
}

// memoryShard holds entries under its lock: a map, a heap by expiry, and
// the kind's order of eviction (order, freqs or all).
type memoryShard struct {
	kind   cacheKind
	mu     sync.RWMutex
	items  map[string]*memoryItem
	expiry expiryHeap
	order  *list.List    // ordered kinds: the next to go at the front
	freqs  *list.List    // lfu: *lfuBucket by uses, the fewest first
	all    []*memoryItem // rr: every entry, to draw one
}

type memoryItem struct {
	key     string
	value   []byte
	expires time.Time
	exp     int           // index in the shard's expiry heap
	elem    *list.Element // ordered kinds: its place in order; lfu: in its bucket
	bucket  *list.Element // lfu: its bucket in freqs
	pos     int           // rr: index in all
}

// lfuBucket holds the entries of a number of uses, the least recently
// used first: an LFU of constant time, as cachetools' LFUCache.
type lfuBucket struct {
	uses  uint64
	items list.List
}

// NewCache returns an in-process cache of kind, holding size entries at
// most (at least one), each kept until the ttl it was set for. The kinds
// are those of FSA_CACHE but none, and evict as FlaskSimpleAuth's
// cachetools caches do, once the expired entries have gone (a Set drops
// those of its shard):
//
//   - ttl: the least recently used (a Get or a Set uses an entry);
//   - lru: the least recently used;
//   - tlru: the least recently used: as ttl, since every entry has its
//     own expiry here (cachetools' TTLCache has one ttl for all, its
//     TLRUCache a time to use per entry);
//   - lfu: the least frequently used (a Get or a Set uses it), the least
//     recently used of those;
//   - fifo: the first set (setting a key again puts it last);
//   - rr: one drawn at random;
//   - dict: the first set (setting a key again keeps its place, as in a
//     Python dict). cachetools' dict never evicts: unbounded, it would
//     let requests that are not even authenticated (a login that does not
//     exist is cached) fill the memory.
//
// The kinds ttl, tlru, lru and lfu take a shard's write lock on Get, the
// others a read lock.
func NewCache(kind string, size int) (*MemoryCache, error) {
	if k, ok := parseCacheKind(kind); ok {
		return newMemoryCache(size, k), nil
	}
	return nil, fmt.Errorf("unexpected cache kind %q: want %s", kind, memoryCacheKinds)
}

// NewMemoryCache returns the default in-process cache, FSA_CACHE ttl, of
// size entries at most: it makes room with an expired entry, else the
// least recently used.
func NewMemoryCache(size int) *MemoryCache {
	return newMemoryCache(size, kindTTL)
}

// NewLRUCache returns an in-process cache of size entries at most, FSA_CACHE
// lru: it makes room with an expired entry, else the least recently used.
func NewLRUCache(size int) *MemoryCache {
	return newMemoryCache(size, kindLRU)
}

func newMemoryCache(size int, kind cacheKind) *MemoryCache {
	size = max(1, size)
	n := 1
	if size >= 1024 {
		n = 16
	}
	m := &MemoryCache{seed: maphash.MakeSeed(), perShard: size / n, kind: kind, now: time.Now,
		shards: make([]memoryShard, n)}
	for i := range m.shards {
		m.shards[i].init(kind)
	}
	return m
}

func (s *memoryShard) init(kind cacheKind) {
	s.kind = kind
	s.items = map[string]*memoryItem{}
	s.expiry = nil
	s.freqs = nil
	if kind == kindLFU {
		s.freqs = list.New()
	}
	s.all = nil
	s.order = nil
	if kind.ordered() {
		s.order = list.New()
	}
}

func (m *MemoryCache) shard(key string) *memoryShard {
	if len(m.shards) == 1 {
		return &m.shards[0]
	}
	return &m.shards[maphash.String(m.seed, key)%uint64(len(m.shards))]
}

// Get returns the value of key, if it is there and not expired. An
// expired entry goes, when the kind takes the write lock anyway.
func (m *MemoryCache) Get(_ context.Context, key string) ([]byte, bool) {
	s := m.shard(key)
	now := m.now()
	if !m.kind.readMoves() {
		s.mu.RLock()
		defer s.mu.RUnlock()
		if item, ok := s.items[key]; ok && now.Before(item.expires) {
			return item.value, true
		}
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	item, ok := s.items[key]
	switch {
	case !ok:
		return nil, false
	case !now.Before(item.expires):
		s.remove(item)
		return nil, false
	}
	s.use(item, false)
	return item.value, true
}

// Set stores a value for ttl. A ttl of zero or less removes key.
func (m *MemoryCache) Set(_ context.Context, key string, value []byte, ttl time.Duration) {
	now := m.now()
	s := m.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire(now)
	old, ok := s.items[key]
	switch {
	case ttl <= 0:
		if ok {
			s.remove(old)
		}
		return
	case ok:
		old.value, old.expires = value, now.Add(ttl)
		heap.Fix(&s.expiry, old.exp)
		s.use(old, true)
		return
	}
	if len(s.items) >= m.perShard {
		s.remove(s.victim())
	}
	item := &memoryItem{key: key, value: value, expires: now.Add(ttl)}
	s.items[key] = item
	heap.Push(&s.expiry, item)
	switch s.kind {
	case kindLFU:
		first := s.freqs.Front()
		if first == nil || first.Value.(*lfuBucket).uses != 1 {
			first = s.freqs.PushFront(&lfuBucket{uses: 1})
		}
		item.bucket, item.elem = first, first.Value.(*lfuBucket).items.PushBack(item)
	case kindRR:
		item.pos = len(s.all)
		s.all = append(s.all, item)
	default:
		item.elem = s.order.PushBack(item)
	}
}

// use records a Get (set false) or a Set of an entry there.
func (s *memoryShard) use(item *memoryItem, set bool) {
	switch s.kind {
	case kindTTL, kindLRU, kindTLRU:
		s.order.MoveToBack(item.elem)
	case kindFIFO:
		if set {
			s.order.MoveToBack(item.elem)
		}
	case kindLFU:
		b := item.bucket.Value.(*lfuBucket)
		next := item.bucket.Next()
		if next == nil || next.Value.(*lfuBucket).uses != b.uses+1 {
			next = s.freqs.InsertAfter(&lfuBucket{uses: b.uses + 1}, item.bucket)
		}
		s.unbucket(item)
		item.bucket, item.elem = next, next.Value.(*lfuBucket).items.PushBack(item)
	}
}

// expire removes the expired entries of a locked shard.
func (s *memoryShard) expire(now time.Time) {
	for len(s.expiry) > 0 && !now.Before(s.expiry[0].expires) {
		s.remove(s.expiry[0])
	}
}

// victim chooses the live entry that makes room in a full shard.
func (s *memoryShard) victim() *memoryItem {
	switch s.kind {
	case kindLFU:
		return s.freqs.Front().Value.(*lfuBucket).items.Front().Value.(*memoryItem)
	case kindRR:
		return s.all[rand.IntN(len(s.all))]
	}
	return s.order.Front().Value.(*memoryItem)
}

// remove removes an entry from a locked shard.
func (s *memoryShard) remove(item *memoryItem) {
	delete(s.items, item.key)
	heap.Remove(&s.expiry, item.exp)
	switch s.kind {
	case kindLFU:
		s.unbucket(item)
	case kindRR:
		last := len(s.all) - 1
		s.all[item.pos] = s.all[last]
		s.all[item.pos].pos = item.pos
		s.all[last] = nil
		s.all = s.all[:last]
	default:
		s.order.Remove(item.elem)
	}
}

// unbucket takes an entry out of its lfu bucket, and the bucket out of
// freqs once empty.
func (s *memoryShard) unbucket(item *memoryItem) {
	b := item.bucket.Value.(*lfuBucket)
	b.items.Remove(item.elem)
	if b.items.Len() == 0 {
		s.freqs.Remove(item.bucket)
	}
}

// Delete removes key.
func (m *MemoryCache) Delete(_ context.Context, key string) error {
	s := m.shard(key)
	s.mu.Lock()
	if item, ok := s.items[key]; ok {
		s.remove(item)
	}
	s.mu.Unlock()
	return nil
}

// DeletePrefix removes every key that starts with prefix.
func (m *MemoryCache) DeletePrefix(_ context.Context, prefix string) error {
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		for key, item := range s.items {
			if strings.HasPrefix(key, prefix) {
				s.remove(item)
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
		s.init(m.kind)
		s.mu.Unlock()
	}
	return nil
}

// Len returns the number of entries, expired ones included until a Set
// in their shard, or a Get of them (ttl, tlru, lru, lfu), removes them.
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

// expiryHeap orders entries by expiry, the first to expire on top.
type expiryHeap []*memoryItem

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].exp, h[j].exp = i, j
}
func (h *expiryHeap) Push(x any) {
	item := x.(*memoryItem)
	item.exp = len(*h)
	*h = append(*h, item)
}
func (h *expiryHeap) Pop() any {
	old := *h
	item := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return item
}

// noCache is FSA_CACHE none: it keeps nothing.
type noCache struct{}

func (noCache) Get(context.Context, string) ([]byte, bool)         { return nil, false }
func (noCache) Set(context.Context, string, []byte, time.Duration) {}
func (noCache) Delete(context.Context, string) error               { return nil }
func (noCache) DeletePrefix(context.Context, string) error         { return nil }
func (noCache) Clear(context.Context) error                        { return nil }
