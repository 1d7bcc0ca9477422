package fsa_test

import (
	"context"
	"fmt"
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
