package site

import (
	"bytes"
	"io/fs"
	"reflect"
	"regexp"

	"github.com/shine-blog/shine/content"
)

// Field-level staleness. A save that changes a post's body changes its
// content, excerpt and reading_time, not its title or date; a page that
// lists the post but shows only titles and dates (a tag page, the
// archive, a neighbour's links) stays as it was. Each change records the
// fields of the document's Liquid map it touched; each page counts as
// reading every field name its templates mention.

// fieldSet is the field names a page's templates mention; all when they
// may read whole documents.
type fieldSet struct {
	names map[string]bool
	all   bool
}

// change is one change of a document or site key: its generation and the
// document fields it touched (nil: any).
type change struct {
	gen    uint64
	fields map[string]bool
}

// history is the recent changes of one input. Older ones are dropped;
// a page last written before the oldest kept counts as touched.
type history struct {
	changes    []change
	lostBefore uint64
}

const historyLen = 32

func addChange(m map[string]*history, key string, gen uint64, fields map[string]bool) {
	h := m[key]
	if h == nil {
		h = &history{}
		m[key] = h
	}
	h.changes = append(h.changes, change{gen, fields})
	if len(h.changes) > historyLen {
		h.lostBefore = h.changes[0].gen
		h.changes = h.changes[1:]
	}
}

// touches says whether a change after generation at touched a field that
// read names. An input with no history changed in no recorded way, so
// only its generation (checked by the caller) says it changed: any field.
func (h *history) touches(at uint64, read fieldSet) bool {
	if h == nil || at < h.lostBefore {
		return true
	}
	for _, c := range h.changes {
		if c.gen <= at {
			continue
		}
		if c.fields == nil || read.all {
			return true
		}
		for f := range c.fields {
			if read.names[f] {
				return true
			}
		}
	}
	return false
}

// changedFields are the fields of a document's Liquid map that differ
// between two versions of it.
func changedFields(a, b *content.Document) map[string]bool {
	f := map[string]bool{}
	for k, v := range a.Data {
		if w, ok := b.Data[k]; !ok || !reflect.DeepEqual(v, w) {
			f[k] = true
		}
	}
	for k := range b.Data {
		if _, ok := a.Data[k]; !ok {
			f[k] = true
		}
	}
	if a.URL != b.URL || a.Path != b.Path || a.Slug != b.Slug {
		for _, k := range []string{"url", "id", "dir", "path", "relative_path", "name", "slug"} {
			f[k] = true
		}
	}
	if a.Title != b.Title {
		f["title"] = true
	}
	if !bytes.Equal(a.Body, b.Body) {
		f["content"], f["excerpt"], f["reading_time"] = true, true, true
	}
	return f
}

var (
	// fieldName matches a property read: post.title, item["date"],
	// and names given to filters as strings: map: "title", where: "tags".
	fieldName = regexp.MustCompile(`\.([A-Za-z_][\w-]*)|["']([A-Za-z_][\w-]*)["']`)
	// wholeRead matches filters that print whole documents.
	wholeRead = regexp.MustCompile(`\b(?:jsonify|inspect)\b`)
)

func scanFields(text []byte) fieldSet {
	fs := fieldSet{names: map[string]bool{}, all: wholeRead.Match(text)}
	for _, m := range fieldName.FindAllSubmatch(text, -1) {
		if len(m[1]) > 0 {
			fs.names[string(m[1])] = true
		} else {
			fs.names[string(m[2])] = true
		}
	}
	return fs
}

// pageFieldsRead is every field name the templates of p's last render
// mention: its own Liquid and the layouts and includes it used. Raw
// generated pages (the feed) and pages with no record read everything.
func (b *Builder) pageFieldsRead(p *page, d *deps) fieldSet {
	if d == nil || p.raw != nil {
		return fieldSet{all: true}
	}
	out := fieldSet{names: map[string]bool{}}
	add := func(f fieldSet) {
		out.all = out.all || f.all
		for n := range f.names {
			out.names[n] = true
		}
	}
	if p.liquid {
		add(scanFields(p.body))
	}
	for _, name := range d.layouts {
		add(b.templateFields(inLayout+name, func() ([]byte, error) {
			if l := b.site.Layouts[name]; l != nil {
				return l.Body, nil
			}
			return nil, fs.ErrNotExist
		}))
	}
	for file := range d.includes {
		add(b.templateFields(inInclude+file, func() ([]byte, error) {
			return fs.ReadFile(b.site.Files, file)
		}))
	}
	return out
}

// templateFields scans a layout or include once and caches the answer
// until it changes; a template it cannot read counts as reading all.
func (b *Builder) templateFields(key string, text func() ([]byte, error)) fieldSet {
	if f, ok := b.fieldsRead[key]; ok {
		return f
	}
	src, err := text()
	f := fieldSet{all: true}
	if err == nil {
		f = scanFields(src)
	}
	b.fieldsRead[key] = f
	return f
}
