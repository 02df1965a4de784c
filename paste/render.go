package paste

import (
	"container/list"
	"context"
	"html/template"
	"sync"
	"time"
)

// A paste's highlighted code is rendered once and kept: some chroma lexers
// take time that grows with the square of the input, and anyone can pick
// the lexer. renders bounds that work four ways: each highlight stops at
// a deadline (the paste is then shown as plain text, and that is what is
// kept), at most a few highlights run at once, concurrent viewers of one
// paste share one render, and the results live in a cache bounded in
// bytes, evicting the least recently used.
type renders struct {
	timeout   time.Duration
	limit     int // size above which pastes are not lexed at all
	slots     chan struct{}
	onTimeout func()
	onRender  func()

	mu      sync.Mutex
	entries map[renderKey]*renderEntry
	lru     list.List // of *renderEntry, most recent first
	size    int
	maxSize int
}

// renderKey names one rendering: a paste (its id and creation time, so a
// reused id never shows old content) in one language.
type renderKey struct {
	id      string
	created int64
	lang    string
}

type renderEntry struct {
	key  renderKey
	done chan struct{} // closed once code and lexer are set
	elem *list.Element // nil until the entry is cached
	rendered
}

// rendered is a paste's code as HTML and the lexer that produced it.
type rendered struct {
	code     template.HTML
	lexer    string
	timedOut bool // highlighting ran out of time: plain text
	busy     bool // no render slot was free: plain text, not kept
	markdown bool // Markdown rendered as a document
}

func newRenders(timeout time.Duration, limit, slots, maxSize int, onRender, onTimeout func()) *renders {
	if slots < 1 {
		slots = 1
	}
	return &renders{
		timeout: timeout, limit: limit, slots: make(chan struct{}, slots),
		onRender: onRender, onTimeout: onTimeout, entries: map[renderKey]*renderEntry{}, maxSize: maxSize,
	}
}

// get returns p's code rendered in lang (empty: the paste's own). Burn
// pastes are rendered but never kept: they are shown once.
func (rs *renders) get(ctx context.Context, p *Paste, lang string) (rendered, error) {
	if p.Burn {
		return rs.render(p, lang), nil
	}
	k := renderKey{p.ID, p.CreatedAt.UnixNano(), lang}
	rs.mu.Lock()
	e := rs.entries[k]
	if e != nil {
		if e.elem != nil {
			rs.lru.MoveToFront(e.elem)
		}
		rs.mu.Unlock()
		select {
		case <-e.done:
			return e.rendered, nil
		case <-ctx.Done():
			return rendered{}, ctx.Err()
		}
	}
	e = &renderEntry{key: k, done: make(chan struct{})}
	rs.entries[k] = e
	rs.mu.Unlock()

	// The render runs to its end even if this viewer leaves: it is bounded
	// by the deadline, and others may be waiting for it.
	e.rendered = rs.render(p, lang)
	close(e.done)

	rs.mu.Lock()
	defer rs.mu.Unlock()
	n := len(e.code)
	if rs.entries[k] != e {
		return e.rendered, nil // forgotten meanwhile
	}
	if e.busy || n > rs.maxSize/8 {
		delete(rs.entries, k)
		return e.rendered, nil
	}
	e.elem = rs.lru.PushFront(e)
	rs.size += n
	for rs.size > rs.maxSize {
		old := rs.lru.Back().Value.(*renderEntry)
		rs.drop(old)
	}
	return e.rendered, nil
}

// drop removes a cached entry; rs.mu is held.
func (rs *renders) drop(e *renderEntry) {
	rs.lru.Remove(e.elem)
	rs.size -= len(e.code)
	delete(rs.entries, e.key)
}

// forget drops every rendering of the paste id, once it is deleted or
// taken down, so its text does not linger in memory.
func (rs *renders) forget(id string) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for k, e := range rs.entries {
		if k.id != id {
			continue
		}
		if e.elem != nil {
			rs.drop(e)
		} else {
			delete(rs.entries, k)
		}
	}
}

// render highlights p in a free slot, or as plain text when no slot
// frees up within the timeout or the highlight runs out of time.
func (rs *renders) render(p *Paste, lang string) rendered {
	t := time.NewTimer(rs.timeout)
	defer t.Stop()
	select {
	case rs.slots <- struct{}{}:
	case <-t.C:
		// Busy: answer now in plain text, and keep nothing, so the
		// paste gets its highlighting when the server is less busy.
		code, lexer := plainHTML(p.Content)
		return rendered{code: code, lexer: lexer, busy: true}
	}
	defer func() { <-rs.slots }()
	if rs.onRender != nil {
		rs.onRender()
	}
	deadline := time.Now().Add(rs.timeout)
	if lang == markdownKey {
		if code, ok := renderMarkdown(p.Content, deadline); ok {
			return rendered{code: code, lexer: "Markdown", markdown: true}
		}
		// Too large or nested to render: show its source.
		lang = "markdown"
	}
	code, lexer, ok := highlight(p.Content, lang, p.Filename, rs.limit, deadline)
	if !ok {
		if rs.onTimeout != nil {
			rs.onTimeout()
		}
		code, lexer = plainHTML(p.Content)
		return rendered{code: code, lexer: lexer, timedOut: true}
	}
	return rendered{code: code, lexer: lexer}
}
