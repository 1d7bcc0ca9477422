package fsa

import (
	"context"
	"sync/atomic"
)

// CacheStats counts the lookups of the app's cache (hook answers and
// token checks) since the app was made, as FlaskSimpleAuth's cache
// statistics do.
type CacheStats struct {
	Hits, Misses uint64
	// Entries is the number of entries the cache holds now, -1 when its
	// store does not tell (a Caching store without a Len method).
	Entries int
}

// HitRatio is Hits over all lookups, 0 before any.
func (s CacheStats) HitRatio() float64 {
	if s.Hits+s.Misses == 0 {
		return 0
	}
	return float64(s.Hits) / float64(s.Hits+s.Misses)
}

// CacheStats returns the counts of the app's cache.
func (a *App) CacheStats() CacheStats {
	s := CacheStats{Hits: a.cache.hits.Load(), Misses: a.cache.misses.Load(), Entries: -1}
	if l, ok := a.cache.Cache.(interface{ Len() int }); ok {
		s.Entries = l.Len()
	}
	return s
}

// countedCache is the app's cache, counting its lookups.
type countedCache struct {
	Cache
	hits, misses atomic.Uint64
}

func (c *countedCache) Get(ctx context.Context, key string) ([]byte, bool) {
	value, ok := c.Cache.Get(ctx, key)
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return value, ok
}

// Len tells noCache's entries: none.
func (noCache) Len() int { return 0 }
