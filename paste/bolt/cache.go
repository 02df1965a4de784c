package bolt

import (
	"sync"
	"time"

	"github.com/shine-blog/shine/paste"
)

// cache keeps recently read pastes in memory so that hot reads skip the
// read transaction and the copy out of the file. It is coherent because a
// bbolt file has one process: every write goes through this Store, and
// each write invalidates the id inside its transaction and again after
// the commit. gen makes a reader that raced with a write drop its result
// instead of caching something stale.
type cache struct {
	mu       sync.RWMutex
	m        map[string]*paste.Paste
	gen      uint64
	size     int
	maxSize  int
	maxEntry int
}

func newCache(maxSize, maxEntry int) *cache {
	return &cache{m: make(map[string]*paste.Paste), maxSize: maxSize, maxEntry: maxEntry}
}

// get returns the cached paste, or nil and the generation to hand to put.
func (c *cache) get(id string, now time.Time) (*paste.Paste, uint64) {
	c.mu.RLock()
	p, gen := c.m[id], c.gen
	c.mu.RUnlock()
	if p != nil && p.Expired(now) {
		c.invalidate(id)
		return nil, gen + 1
	}
	return p, gen
}

// put caches p unless a write invalidated anything since gen was read.
func (c *cache) put(p *paste.Paste, gen uint64) {
	n := len(p.Content)
	if n > c.maxEntry || p.Burn {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.m[p.ID] != nil {
		return
	}
	// Evict arbitrary entries (map order is random) until it fits.
	for id, q := range c.m {
		if c.size+n <= c.maxSize {
			break
		}
		c.size -= len(q.Content)
		delete(c.m, id)
	}
	c.m[p.ID] = p
	c.size += n
}

func (c *cache) invalidate(id string) {
	c.mu.Lock()
	c.gen++
	if q := c.m[id]; q != nil {
		c.size -= len(q.Content)
		delete(c.m, id)
	}
	c.mu.Unlock()
}
