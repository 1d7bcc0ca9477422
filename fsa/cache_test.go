package fsa_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fsa-go/fsa-go/fsa"
)

var _ fsa.Cache = (*fsa.MemoryCache)(nil)

// MemoryCache: what is set is got until its TTL, deleted or cleared.
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
		{"zero TTL", []op{{do: "set", key: "a", value: "1", ttl: 0}, {do: "get", key: "a"}}},
		{"negative TTL", []op{{do: "set", key: "a", value: "1", ttl: -time.Second}, {do: "get", key: "a"}}},
		{"expiry", []op{{do: "set", key: "a", value: "1", ttl: time.Millisecond}, {do: "set", key: "b", value: "2", ttl: time.Hour},
			{do: "sleep", ttl: 5 * time.Millisecond}, {do: "get", key: "a"}, {do: "get", key: "b", value: "2"},
			{do: "len", n: 2}}}, // expired entries stay until replaced
		{"renewed TTL", []op{{do: "set", key: "a", value: "1", ttl: time.Millisecond}, {do: "set", key: "a", value: "1", ttl: time.Hour},
			{do: "sleep", ttl: 5 * time.Millisecond}, {do: "get", key: "a", value: "1"}}},
		{"delete", []op{{do: "set", key: "a", value: "1", ttl: time.Hour}, {do: "set", key: "b", value: "2", ttl: time.Hour},
			{do: "delete", key: "a"}, {do: "get", key: "a"}, {do: "get", key: "b", value: "2"}, {do: "len", n: 1}}},
		{"delete a missing key", []op{{do: "delete", key: "a"}, {do: "len", n: 0}}},
		{"clear", []op{{do: "set", key: "a", value: "1", ttl: time.Hour}, {do: "set", key: "b", value: "2", ttl: time.Hour},
			{do: "clear"}, {do: "get", key: "a"}, {do: "get", key: "b"}, {do: "len", n: 0},
			{do: "set", key: "a", value: "3", ttl: time.Hour}, {do: "get", key: "a", value: "3"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := fsa.NewMemoryCache(1024)
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

// MemoryCache keeps about size entries: 16 shards of size/16 (at least
// one) each, so never more than max(16, size rounded down to 16s). The
// last entry set is always kept.
func TestMemoryCacheBound(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		size, sets, max int
	}{
		{0, 1000, 16},
		{1, 1000, 16},
		{16, 1000, 16},
		{32, 1000, 32},
		{33, 1000, 32},
		{100, 1000, 96},
		{1024, 100, 100},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.size), func(t *testing.T) {
			m := fsa.NewMemoryCache(tt.size)
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
			// sharding is random: a full cache holds at least one per shard used
			if n := m.Len(); n == 0 || tt.sets <= tt.max && n != tt.sets {
				t.Errorf("Len = %d after %d sets", n, tt.sets)
			}
		})
	}
}

// MemoryCache is safe for concurrent use (run with -race).
func TestMemoryCacheConcurrent(t *testing.T) {
	ctx := context.Background()
	m := fsa.NewMemoryCache(64)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				key := fmt.Sprintf("k%d", (g*7+i)%200)
				switch i % 50 {
				case 0:
					m.Clear(ctx)
				case 1, 2:
					m.Delete(ctx, key)
				case 3:
					m.Len()
				default:
					if i%2 == 0 {
						m.Set(ctx, key, []byte(key), time.Duration(i%3)*time.Millisecond)
					} else if v, ok := m.Get(ctx, key); ok && string(v) != key {
						t.Errorf("Get(%q) = %q", key, v)
					}
				}
			}
		}()
	}
	wg.Wait()
	if n := m.Len(); n > 64 {
		t.Errorf("Len = %d, want at most 64", n)
	}
}

// MemoryCache.DeletePrefix removes the keys that start with a prefix,
// for both policies.
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
	for _, policy := range []string{"ttl", "lru"} {
		for _, tt := range tests {
			t.Run(policy+" "+tt.prefix, func(t *testing.T) {
				m := fsa.NewMemoryCache(1024)
				if policy == "lru" {
					m = fsa.NewLRUCache(1024)
				}
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
				// the cache still works: the LRU's order too
				for i := range 100 {
					m.Set(ctx, fmt.Sprint("k", i), []byte("v"), time.Hour)
				}
			})
		}
	}
}

// NewLRUCache evicts the least recently used entry of a shard: a key that
// is used before every new one stays, however many come; one that is not
// goes. NewLRUCache(16) has shards of one entry, where a key evicts the
// one before it if and only if they share a shard.
func TestLRUCacheEviction(t *testing.T) {
	ctx := context.Background()
	t.Run("one entry a shard", func(t *testing.T) {
		m := fsa.NewLRUCache(16)
		m.Set(ctx, "a", []byte("1"), time.Hour)
		// find a key of a's shard: it evicts a
		mate := ""
		for i := 0; mate == "" && i < 10000; i++ {
			k := fmt.Sprint("k", i)
			m.Set(ctx, k, []byte("2"), time.Hour)
			if _, ok := m.Get(ctx, "a"); !ok {
				mate = k
			}
		}
		if mate == "" {
			t.Fatal("no key shares a's shard")
		}
		if v, ok := m.Get(ctx, mate); !ok || string(v) != "2" {
			t.Errorf("Get(%q) = %q, %t after it evicted a", mate, v, ok)
		}
		m.Set(ctx, "a", []byte("3"), time.Hour) // and back
		if _, ok := m.Get(ctx, mate); ok {
			t.Errorf("%q stays with a in a shard of one", mate)
		}
		if m.Len() > 16 {
			t.Errorf("Len %d > 16", m.Len())
		}
	})
	t.Run("recently used stays", func(t *testing.T) {
		for _, size := range []int{32, 48, 160} { // 2, 3, 10 entries a shard
			m := fsa.NewLRUCache(size)
			hot := []string{"hot1", "hot2"}[:min(2, size/16-1)]
			for _, k := range hot {
				m.Set(ctx, k, []byte(k), time.Hour)
			}
			m.Set(ctx, "cold", []byte("cold"), time.Hour)
			for i := range 2000 {
				for _, k := range hot {
					if v, ok := m.Get(ctx, k); !ok || string(v) != k {
						t.Fatalf("size %d: %q evicted after %d new keys though used before each", size, k, i)
					}
				}
				m.Set(ctx, fmt.Sprint("k", i), []byte("v"), time.Hour)
			}
			if _, ok := m.Get(ctx, "cold"); ok {
				t.Errorf("size %d: the least recently used key stays after 2000 new ones", size)
			}
			if m.Len() > size {
				t.Errorf("size %d: Len %d", size, m.Len())
			}
			// once not used, hot keys go too
			for i := range 2000 {
				m.Set(ctx, fmt.Sprint("again", i), []byte("v"), time.Hour)
			}
			for _, k := range hot {
				if _, ok := m.Get(ctx, k); ok {
					t.Errorf("size %d: %q stays though not used for 2000 new keys", size, k)
				}
			}
		}
	})
	t.Run("set renews", func(t *testing.T) {
		// setting a key again makes it the most recently used
		m := fsa.NewLRUCache(32)
		m.Set(ctx, "renewed", []byte("1"), time.Hour)
		for i := range 2000 {
			m.Set(ctx, "renewed", []byte(fmt.Sprint(i)), time.Hour)
			m.Set(ctx, fmt.Sprint("k", i), []byte("v"), time.Hour)
		}
		if v, ok := m.Get(ctx, "renewed"); !ok || string(v) != "1999" {
			t.Errorf("Get(renewed) = %q, %t", v, ok)
		}
	})
	t.Run("expired", func(t *testing.T) {
		// an expired entry is never got; the LRU drops it when asked for
		// it, rather than making it the most recently used
		for i, m := range []*fsa.MemoryCache{fsa.NewLRUCache(32), fsa.NewMemoryCache(32)} {
			m.Set(ctx, "gone", []byte("1"), 0)
			m.Set(ctx, "short", []byte("1"), 10*time.Millisecond)
			m.Set(ctx, "long", []byte("1"), time.Hour)
			if _, ok := m.Get(ctx, "gone"); ok {
				t.Error("an entry of ttl 0 is got")
			}
			if want := []int{2, 3}[i]; m.Len() != want {
				t.Errorf("Len %d after getting an expired entry, want %d", m.Len(), want)
			}
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
		}
	})
}
