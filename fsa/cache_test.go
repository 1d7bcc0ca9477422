package fsa_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
)

var _ fsa.Cache = (*fsa.MemoryCache)(nil)

// cacheKinds are FSA_CACHE's in-process kinds.
var cacheKinds = []string{"ttl", "lru", "tlru", "lfu", "fifo", "rr", "dict"}

func newCache(t testing.TB, kind string, size int) *fsa.MemoryCache {
	t.Helper()
	m, err := fsa.NewCache(kind, size)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Every kind: what is set is got until its TTL, deleted or cleared.
func TestMemoryCache(t *testing.T) {
	ctx := context.Background()
	type op struct {
		do    string // set, get, delete, clear, sleep, len
		key   string
		value string        // set; get: the value wanted, "" for a miss
		ttl   time.Duration // set; sleep
		n     int           // len
	}
	tests := []struct {
		name string
		ops  []op
	}{
		{"miss", []op{{do: "get", key: "a"}, {do: "len", n: 0}}},
		{"set then get", []op{{do: "set", key: "a", value: "1", ttl: time.Hour}, {do: "get", key: "a", value: "1"}, {do: "get", key: "b"}, {do: "len", n: 1}}},
		{"empty key", []op{{do: "set", key: "", value: "1", ttl: time.Hour}, {do: "get", key: "", value: "1"}}},
		{"overwrite", []op{{do: "set", key: "a", value: "1", ttl: time.Hour}, {do: "set", key: "a", value: "2", ttl: time.Hour},
			{do: "get", key: "a", value: "2"}, {do: "len", n: 1}}},
		{"zero TTL", []op{{do: "set", key: "a", value: "1", ttl: 0}, {do: "get", key: "a"}, {do: "len", n: 0}}},
		{"negative TTL", []op{{do: "set", key: "a", value: "1", ttl: -time.Second}, {do: "get", key: "a"}, {do: "len", n: 0}}},
		{"zero TTL removes", []op{{do: "set", key: "a", value: "1", ttl: time.Hour}, {do: "set", key: "a", value: "2", ttl: 0},
			{do: "get", key: "a"}, {do: "len", n: 0}}},
		{"expiry", []op{{do: "set", key: "a", value: "1", ttl: time.Millisecond}, {do: "set", key: "b", value: "2", ttl: time.Hour},
			{do: "sleep", ttl: 5 * time.Millisecond}, {do: "get", key: "a"}, {do: "get", key: "b", value: "2"},
			{do: "set", key: "c", value: "3", ttl: time.Hour}, {do: "get", key: "a"}, {do: "get", key: "c", value: "3"}}},
		{"renewed TTL", []op{{do: "set", key: "a", value: "1", ttl: time.Millisecond}, {do: "set", key: "a", value: "1", ttl: time.Hour},
			{do: "sleep", ttl: 5 * time.Millisecond}, {do: "get", key: "a", value: "1"}}},
		{"shortened TTL", []op{{do: "set", key: "a", value: "1", ttl: time.Hour}, {do: "set", key: "a", value: "2", ttl: time.Millisecond},
			{do: "sleep", ttl: 5 * time.Millisecond}, {do: "get", key: "a"}}},
		{"delete", []op{{do: "set", key: "a", value: "1", ttl: time.Hour}, {do: "set", key: "b", value: "2", ttl: time.Hour},
			{do: "delete", key: "a"}, {do: "get", key: "a"}, {do: "get", key: "b", value: "2"}, {do: "len", n: 1}}},
		{"delete a missing key", []op{{do: "delete", key: "a"}, {do: "len", n: 0}}},
		{"clear", []op{{do: "set", key: "a", value: "1", ttl: time.Hour}, {do: "set", key: "b", value: "2", ttl: time.Hour},
			{do: "clear"}, {do: "get", key: "a"}, {do: "get", key: "b"}, {do: "len", n: 0},
			{do: "set", key: "a", value: "3", ttl: time.Hour}, {do: "get", key: "a", value: "3"}}},
	}
	for _, kind := range cacheKinds {
		for _, size := range []int{1024, 100} { // 16 shards, one
			for _, tt := range tests {
				t.Run(fmt.Sprintf("%s %d %s", kind, size, tt.name), func(t *testing.T) {
					m := newCache(t, kind, size)
					for i, o := range tt.ops {
						switch o.do {
						case "set":
							m.Set(ctx, o.key, []byte(o.value), o.ttl)
						case "get":
							v, ok := m.Get(ctx, o.key)
							if ok != (o.value != "") || string(v) != o.value {
								t.Errorf("op %d: Get(%q) = %q, %t; want %q", i, o.key, v, ok, o.value)
							}
						case "delete":
							if err := m.Delete(ctx, o.key); err != nil {
								t.Errorf("op %d: Delete: %v", i, err)
							}
						case "clear":
							if err := m.Clear(ctx); err != nil {
								t.Errorf("op %d: Clear: %v", i, err)
							}
						case "sleep":
							time.Sleep(o.ttl)
						case "len":
							if n := m.Len(); n != o.n {
								t.Errorf("op %d: Len = %d, want %d", i, n, o.n)
							}
						}
					}
				})
			}
		}
	}
}

// NewCache names the kinds it knows when it is given another.
func TestNewCacheKind(t *testing.T) {
	for _, kind := range []string{"", "TTL", "none", "redis", "lru "} {
		m, err := fsa.NewCache(kind, 10)
		if m != nil || err == nil || !strings.Contains(err.Error(), fmt.Sprintf("unexpected cache kind %q: want ttl, lru, tlru, lfu, fifo, rr or dict", kind)) {
			t.Errorf("NewCache(%q) = %v, %v", kind, m, err)
		}
	}
	for _, kind := range cacheKinds {
		if _, err := fsa.NewCache(kind, 10); err != nil {
			t.Errorf("NewCache(%q): %v", kind, err)
		}
	}
}

// A cache keeps size entries at most (at least one): one shard under 1024
// entries, else 16 shards of size/16. The last entry set is always kept.
func TestMemoryCacheBound(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		size, sets, max int
	}{
		{-3, 100, 1},
		{0, 100, 1},
		{1, 100, 1},
		{3, 100, 3},
		{100, 1000, 100},
		{1023, 3000, 1023},
		{1024, 3000, 1024},
		{1100, 3000, 1088},
		{4096, 100, 100},
	}
	for _, kind := range cacheKinds {
		for _, tt := range tests {
			t.Run(fmt.Sprint(kind, " ", tt.size), func(t *testing.T) {
				m := newCache(t, kind, tt.size)
				for i := range tt.sets {
					key := fmt.Sprintf("key-%d", i)
					m.Set(ctx, key, []byte(key), time.Hour)
					if v, ok := m.Get(ctx, key); !ok || string(v) != key {
						t.Fatalf("Get(%q) just after Set = %q, %t", key, v, ok)
					}
					if n := m.Len(); n > tt.max {
						t.Fatalf("after %d sets, Len = %d, want at most %d", i+1, n, tt.max)
					}
				}
				// one shard fills up; 16 hold at least one each
				if n := m.Len(); tt.sets <= tt.max && n != tt.sets || tt.size < 1024 && n != min(tt.sets, tt.max) || n < min(16, tt.max) {
					t.Errorf("Len = %d after %d sets", n, tt.sets)
				}
			})
		}
	}
}

// Which entry goes when a cache is full, kind by kind: the scripts run on
// a cache of three entries (one shard), then set d; gone is the entry d
// replaces. An expired entry goes first, whatever the kind.
func TestMemoryCacheEviction(t *testing.T) {
	ctx := context.Background()
	scripts := map[string]string{
		// gets move a in ttl, lru and tlru, not in fifo and dict
		"get a": "set a, set b, set c, get a",
		// setting a again moves it in fifo, not in dict
		"set a again": "set a, set b, set c, set a",
		// uses: a and b 3, c 2: lfu evicts c, the others a
		"uses": "set a, set b, set c, get a, get a, get b, get b, get c",
		// uses: 2 each; of those, b the least recently used
		"lfu tie": "set a, set b, set c, get b, get a, get c",
		// b expired: it goes first
		"expired": "set a, set b 1ms, set c, get b, sleep, get a",
	}
	tests := []struct {
		script string
		gone   map[string]string // by kind; rr: any of a, b and c
	}{
		{"get a", map[string]string{"ttl": "b", "lru": "b", "tlru": "b", "lfu": "b", "fifo": "a", "dict": "a"}},
		{"set a again", map[string]string{"ttl": "b", "lru": "b", "tlru": "b", "lfu": "b", "fifo": "b", "dict": "a"}},
		{"uses", map[string]string{"ttl": "a", "lru": "a", "tlru": "a", "lfu": "c", "fifo": "a", "dict": "a"}},
		{"lfu tie", map[string]string{"ttl": "b", "lru": "b", "tlru": "b", "lfu": "b", "fifo": "a", "dict": "a"}},
		{"expired", map[string]string{"ttl": "b", "lru": "b", "tlru": "b", "lfu": "b", "fifo": "b", "dict": "b", "rr": "b"}},
	}
	run := func(t *testing.T, kind, script string) (gone string) {
		m := newCache(t, kind, 3)
		for step := range strings.SplitSeq(scripts[script]+", set d", ", ") {
			f := strings.Fields(step)
			switch f[0] {
			case "set":
				ttl := time.Hour
				if len(f) == 3 {
					ttl, _ = time.ParseDuration(f[2])
				}
				m.Set(ctx, f[1], []byte("v"+f[1]), ttl)
			case "get":
				m.Get(ctx, f[1])
			case "sleep":
				time.Sleep(5 * time.Millisecond)
			}
		}
		for _, k := range []string{"a", "b", "c", "d"} {
			if v, ok := m.Get(ctx, k); !ok {
				if gone != "" {
					t.Fatalf("%s and %s gone", gone, k)
				}
				gone = k
			} else if string(v) != "v"+k {
				t.Fatalf("Get(%q) = %q", k, v)
			}
		}
		return gone
	}
	for _, tt := range tests {
		for _, kind := range cacheKinds {
			t.Run(kind+" "+tt.script, func(t *testing.T) {
				want, ok := tt.gone[kind]
				if !ok { // rr: a random one of a, b and c; each of them, in 300 draws
					seen := map[string]bool{}
					for range 300 {
						gone := run(t, kind, tt.script)
						if !slices.Contains([]string{"a", "b", "c"}, gone) {
							t.Fatalf("%q gone, want a, b or c", gone)
						}
						seen[gone] = true
					}
					if len(seen) != 3 {
						t.Errorf("in 300 draws, only %v went", seen)
					}
					return
				}
				if gone := run(t, kind, tt.script); gone != want {
					t.Errorf("%s: %q gone, want %q", scripts[tt.script], gone, want)
				}
			})
		}
	}
}

// Sharded (1024 entries or more), the order holds within each shard: a
// key used before every new one stays with lru, ttl and tlru, however
// many come; with lfu, a key used often stays; with fifo and dict, the
// first set goes. Once unused, they all go.
func TestMemoryCacheShardedOrder(t *testing.T) {
	ctx := context.Background()
	for _, kind := range cacheKinds {
		for _, size := range []int{32, 2048} {
			t.Run(fmt.Sprint(kind, " ", size), func(t *testing.T) {
				m := newCache(t, kind, size)
				hot := []string{"hot1", "hot2"}
				for _, k := range hot {
					m.Set(ctx, k, []byte(k), time.Hour)
				}
				m.Set(ctx, "cold", []byte("cold"), time.Hour)
				lost := 0
				for i := range 20 * size {
					for _, k := range hot {
						if _, ok := m.Get(ctx, k); !ok {
							lost++
							m.Set(ctx, k, []byte(k), time.Hour)
						}
					}
					m.Set(ctx, fmt.Sprint("k", i), []byte("v"), time.Hour)
				}
				switch kind {
				case "ttl", "lru", "tlru", "lfu":
					if lost != 0 {
						t.Errorf("keys used before every new one lost %d times", lost)
					}
				case "fifo", "dict", "rr":
					if lost == 0 {
						t.Errorf("keys used but set long ago never lost")
					}
				}
				if _, ok := m.Get(ctx, "cold"); ok {
					t.Errorf("an unused key stays after %d new ones", 20*size)
				}
				if m.Len() > size {
					t.Errorf("Len %d", m.Len())
				}
				if kind == "lfu" {
					return // hot keys, used thousands of times, stay until they expire
				}
				for i := range 20 * size {
					m.Set(ctx, fmt.Sprint("again", i), []byte("v"), time.Hour)
				}
				for _, k := range hot {
					if _, ok := m.Get(ctx, k); ok {
						t.Errorf("%q stays though not used for %d new keys", k, 20*size)
					}
				}
			})
		}
	}
}

// An expired entry is never got, whatever the kind; the kinds whose Get
// takes the write lock drop it there, the others at the next Set.
func TestMemoryCacheExpired(t *testing.T) {
	ctx := context.Background()
	for _, kind := range cacheKinds {
		t.Run(kind, func(t *testing.T) {
			m := newCache(t, kind, 32)
			m.Set(ctx, "short", []byte("1"), 10*time.Millisecond)
			m.Set(ctx, "long", []byte("1"), time.Hour)
			if _, ok := m.Get(ctx, "short"); !ok {
				t.Error("an entry is not got before its ttl")
			}
			time.Sleep(30 * time.Millisecond)
			if _, ok := m.Get(ctx, "short"); ok {
				t.Error("an entry is got after its ttl")
			}
			if _, ok := m.Get(ctx, "long"); !ok {
				t.Error("an entry is not got before its ttl")
			}
			want := map[bool]int{true: 1, false: 2}[kind == "ttl" || kind == "lru" || kind == "tlru" || kind == "lfu"]
			if m.Len() != want {
				t.Errorf("Len %d after getting an expired entry, want %d", m.Len(), want)
			}
			m.Set(ctx, "other", []byte("1"), time.Hour)
			if m.Len() != 2 {
				t.Errorf("Len %d after a Set, want 2: the expired entry stays", m.Len())
			}
		})
	}
}

// Every kind is safe for concurrent use (run with -race).
func TestMemoryCacheConcurrent(t *testing.T) {
	ctx := context.Background()
	for _, kind := range cacheKinds {
		for _, size := range []int{64, 1024} {
			t.Run(fmt.Sprint(kind, " ", size), func(t *testing.T) {
				t.Parallel()
				m := newCache(t, kind, size)
				var wg sync.WaitGroup
				for g := range 8 {
					wg.Go(func() {
						for i := range 2000 {
							key := fmt.Sprintf("k%d", (g*7+i)%(3*size))
							switch i % 50 {
							case 0:
								m.Clear(ctx)
							case 1, 2:
								m.Delete(ctx, key)
							case 3:
								m.DeletePrefix(ctx, key[:2])
							case 4:
								m.Len()
							default:
								if i%2 == 0 {
									m.Set(ctx, key, []byte(key), time.Duration(i%3)*time.Millisecond)
								} else if v, ok := m.Get(ctx, key); ok && string(v) != key {
									t.Errorf("Get(%q) = %q", key, v)
								}
							}
						}
					})
				}
				wg.Wait()
				if n := m.Len(); n > size {
					t.Errorf("Len = %d, want at most %d", n, size)
				}
			})
		}
	}
}

// DeletePrefix removes the keys that start with a prefix, for every kind.
func TestMemoryCacheDeletePrefix(t *testing.T) {
	ctx := context.Background()
	keys := []string{"u.6:calvin", "u.7:calvinx", "c.6:calvin3:kid", "u.5:susie", "", "u.", "x"}
	tests := []struct {
		prefix string
		left   []string
	}{
		{"u.6:calvin", []string{"u.7:calvinx", "c.6:calvin3:kid", "u.5:susie", "", "u.", "x"}},
		{"u.", []string{"c.6:calvin3:kid", "", "x"}},
		{"c.", []string{"u.6:calvin", "u.7:calvinx", "u.5:susie", "", "u.", "x"}},
		{"nothing", keys},
		{"", nil},
	}
	for _, kind := range cacheKinds {
		for _, size := range []int{16, 1024} {
			for _, tt := range tests {
				t.Run(fmt.Sprint(kind, " ", size, " ", tt.prefix), func(t *testing.T) {
					m := newCache(t, kind, size)
					for _, k := range keys {
						m.Set(ctx, k, []byte("v:"+k), time.Hour)
					}
					if err := m.DeletePrefix(ctx, tt.prefix); err != nil {
						t.Fatal(err)
					}
					for _, k := range keys {
						v, ok := m.Get(ctx, k)
						if want := slices.Contains(tt.left, k); ok != want || ok && string(v) != "v:"+k {
							t.Errorf("after DeletePrefix(%q): Get(%q) = %q, %t; want %t", tt.prefix, k, v, ok, want)
						}
					}
					if m.Len() != len(tt.left) {
						t.Errorf("Len %d, want %d", m.Len(), len(tt.left))
					}
					// the cache still works, its order of eviction too
					for i := range 3 * size {
						m.Set(ctx, fmt.Sprint("k", i), []byte("v"), time.Hour)
						if _, ok := m.Get(ctx, fmt.Sprint("k", i)); !ok {
							t.Fatalf("k%d not got after DeletePrefix", i)
						}
					}
					if m.Len() > size {
						t.Errorf("Len %d > %d", m.Len(), size)
					}
				})
			}
		}
	}
}

// Get and Set of every kind, on a full cache shared by parallel goroutines.
func BenchmarkMemoryCache(b *testing.B) {
	ctx := context.Background()
	const size = 1 << 14
	keys := make([]string, 4*size)
	for i := range keys {
		keys[i] = fmt.Sprintf("u.%d:user%d", i, i)
	}
	value := []byte("$2b$12$abcdefghijklmnopqrstuv")
	for _, kind := range cacheKinds {
		for _, op := range []string{"Get", "Set"} {
			b.Run(kind+"/"+op, func(b *testing.B) {
				m := newCache(b, kind, size)
				for _, k := range keys[:size] {
					m.Set(ctx, k, value, time.Hour)
				}
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					i := 0
					for pb.Next() {
						i++
						if op == "Get" { // mostly hits
							m.Get(ctx, keys[(i*7)%(size+size/8)])
						} else { // mostly new keys, each evicting one
							m.Set(ctx, keys[(i*13)%len(keys)], value, time.Hour)
						}
					}
				})
			})
		}
	}
}
