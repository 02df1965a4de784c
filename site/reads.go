package site

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"

	"github.com/osteele/liquid/values"
	"gopkg.in/yaml.v2"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/deps"
	"github.com/shine-blog/shine/site/liquid"
	"github.com/shine-blog/shine/site/search"
)

// depsKey is the binding that carries a render's reads (a *deps.Reads,
// which is a liquid.Recorder) to Go tags.
const depsKey = liquid.RecorderKey

var _ liquid.Recorder = (*deps.Reads)(nil)

// worker is one goroutine of a parallel phase: its scratch buffer, the
// reads of the render it runs, and the site's lists of documents wrapped
// for it (see docValue), made the first time one of its renders reads
// them. Nothing in it is shared with another worker.
type worker struct {
	e          *engine
	buf        bytes.Buffer
	reads      *deps.Reads
	converting bool // posts and documents are being converted
	lists      map[string]values.Value
	search     search.Reader // reads rendered pages for the search index
}

// start makes the worker run page p's render, recording into r.
func (w *worker) start(p *page, r *deps.Reads) {
	p.cur, p.w, w.reads = r, w, r
	w.buf.Reset()
}

// siteValue is the Liquid site variable of one render: the shared map,
// recording which derived keys the templates look up, and handing out
// the lists of documents as docValues. Looking at the whole map (a
// filter, a loop over site, an assign of site itself) counts as reading
// everything.
type siteValue struct {
	m       map[string]any
	derived map[string]bool
	w       *worker
}

var _ values.Value = siteValue{}

func (s siteValue) read(v values.Value) (string, bool) {
	if k, ok := v.Interface().(string); ok {
		if s.derived[k] {
			s.w.reads.Key(k)
			return k, true
		}
		return k, false
	}
	s.w.reads.Key("*")
	s.w.reads.WholeDocument()
	return "", false
}

func (s siteValue) Interface() any {
	s.w.reads.Key("*")
	s.w.reads.WholeDocument()
	return s.m
}

func (s siteValue) Int() int                     { return values.ValueOf(s.Interface()).Int() }
func (s siteValue) Equal(v values.Value) bool    { return values.ValueOf(s.Interface()).Equal(v) }
func (s siteValue) Less(v values.Value) bool     { return values.ValueOf(s.Interface()).Less(v) }
func (s siteValue) Test() bool                   { return s.m != nil }
func (s siteValue) Contains(v values.Value) bool { s.read(v); return values.ValueOf(s.m).Contains(v) }

func (s siteValue) IndexValue(v values.Value) values.Value {
	if k, derived := s.read(v); derived {
		return s.w.list(k, s.m[k])
	}
	return values.ValueOf(s.m).IndexValue(v)
}

func (s siteValue) PropertyValue(v values.Value) values.Value {
	if k, derived := s.read(v); derived {
		return s.w.list(k, s.m[k])
	}
	return values.ValueOf(s.m).PropertyValue(v)
}

// list is the derived site key k, whose value is v, with every document
// in it wrapped for this worker; made once per worker.
func (w *worker) list(k string, v any) values.Value {
	switch k {
	case "time", "data", "static_files":
		return values.ValueOf(v)
	}
	if l, ok := w.lists[k]; ok {
		return l
	}
	if w.lists == nil {
		w.lists = map[string]values.Value{}
	}
	l := values.ValueOf(w.wrap(v))
	w.lists[k] = l
	return l
}

// wrap wraps the maps in v, a list, a map or a yaml.MapSlice of them
// (as the site's lists hold documents), as docValues of this worker.
func (w *worker) wrap(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return docValue{m: v, p: w.e.pageOfMap[mapID(v)], w: w}
	case docValue:
		return v
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			if m, ok := x.(map[string]any); ok {
				out[i] = docValue{m: m, p: w.e.pageOfMap[mapID(m)], w: w}
			} else {
				out[i] = x
			}
		}
		return out
	case yaml.MapSlice:
		out := make(yaml.MapSlice, len(v))
		for i, item := range v {
			out[i] = yaml.MapItem{Key: item.Key, Value: w.wrap(item.Value)}
		}
		return out
	}
	return v
}

// docValue is a document's Liquid map (or a page's, a paginator's, a
// collection's) as one worker's renders see it: each field looked up is
// recorded in the running render's reads, so an incremental rebuild
// knows exactly which fields of the documents a page lists it shows, and
// shine check which front matter keys a template reads. Taking the whole
// map (Interface) counts as reading every field.
//
// While posts and documents are converted, every document's content and
// excerpt are its unconverted source, whatever has been converted so far:
// the output does not depend on the order conversions run in.
type docValue struct {
	m   map[string]any
	p   *page // the document's page, for its source; nil for other maps
	w   *worker
	own bool // the page variable of the render: its own fields need no record
}

var _ values.Value = docValue{}

// source says whether the document's content and excerpt are its
// unconverted source now.
func (d docValue) source() bool {
	return d.w.converting && d.p != nil && d.p.doc != nil && d.p.doc.Collection != ""
}

func (d docValue) field(k string) any {
	if !d.own || d.w.e.allKeys {
		d.w.reads.Field(k)
	}
	if d.source() {
		switch k {
		case "content":
			return string(d.p.body)
		case "excerpt":
			return d.w.e.rawExcerpt(d.p)
		}
	}
	return d.w.wrap(d.m[k])
}

// Interface is what an expression's value is: a document stays a
// docValue (assigned, passed to an include or a filter, its reads are
// still recorded); the page's own map is a copy whose documents
// (neighbours, listed posts) stay wrapped.
func (d docValue) Interface() any {
	if !d.own {
		return d
	}
	return d.Hash()
}

var _ liquid.Hash = docValue{}

// Hash is the map for a filter or loop that takes the whole hash. Another
// document's map, or a hash inside front matter, is the map itself, so
// its keys keep the order its YAML gave them (content.KeyOrder); taking
// it counts as reading every field, so what it holds needs no wrapping.
// The page's own map is a copy whose documents stay wrapped, as its
// reads are not counted whole.
func (d docValue) Hash() map[string]any {
	if !d.own {
		return d.whole()
	}
	m := make(map[string]any, len(d.m))
	for k, v := range d.whole() {
		m[k] = d.w.wrap(v)
	}
	return m
}

// whole is the map for a use that takes all of it (printing, jsonify, a
// loop over its pairs, comparing): every field counts as read.
func (d docValue) whole() map[string]any {
	r := d.w.reads
	if !d.own {
		r.WholeDocument()
	}
	if d.w.e.allKeys {
		for k := range d.m {
			r.Field(k)
		}
	}
	if d.source() {
		m := maps.Clone(d.m)
		m["content"], m["excerpt"] = string(d.p.body), d.w.e.rawExcerpt(d.p)
		return m
	}
	return d.m
}

// String prints the map as Liquid prints a Ruby hash (its inspect).
func (d docValue) String() string { return liquid.Inspect(d.whole()) }

// MarshalJSON writes the whole map, for jsonify.
func (d docValue) MarshalJSON() ([]byte, error) { return json.Marshal(d.whole()) }

// Len and Index make {% for pair in post %} loop over [key, value] pairs,
// in the order of the map's keys (content.KeyOrder).
func (d docValue) Len() int { return len(d.whole()) }

func (d docValue) Index(i int) any {
	m := d.whole()
	k := content.KeyOrder(m)[i]
	return []any{k, d.w.wrap(m[k])}
}

func (d docValue) Int() int                 { return values.ValueOf(d.whole()).Int() }
func (d docValue) Less(v values.Value) bool { return values.ValueOf(d.whole()).Less(v) }
func (d docValue) Test() bool               { return d.m != nil }

func (d docValue) Equal(v values.Value) bool {
	if o, ok := v.Interface().(docValue); ok {
		return mapID(d.m) == mapID(o.m) || reflect.DeepEqual(d.whole(), o.whole())
	}
	return values.ValueOf(d.whole()).Equal(v)
}

func (d docValue) Contains(v values.Value) bool {
	if k, ok := v.Interface().(string); ok {
		if !d.own || d.w.e.allKeys {
			d.w.reads.Field(k)
		}
		_, found := d.m[k]
		return found
	}
	return values.ValueOf(d.whole()).Contains(v)
}

func (d docValue) IndexValue(v values.Value) values.Value {
	if k, ok := v.Interface().(string); ok {
		return values.ValueOf(d.field(k))
	}
	return values.ValueOf(d.whole()).IndexValue(v)
}

func (d docValue) PropertyValue(v values.Value) values.Value {
	if k, ok := v.Interface().(string); ok {
		switch k {
		case "size", "first", "last":
			if _, own := d.m[k]; !own {
				return values.ValueOf(d.whole()).PropertyValue(v)
			}
		}
		return values.ValueOf(d.field(k))
	}
	return values.ValueOf(d.whole()).PropertyValue(v)
}

// mapOf is the map under a page or site binding, for Go tags that read
// it directly (the SEO tag).
func mapOf(v any) map[string]any {
	switch v := v.(type) {
	case docValue:
		return v.m
	case map[string]any:
		return v
	}
	return nil
}

// siteMapOf is the site map under a site binding, for Go tags that read
// the config's keys (which never change without a full build).
func siteMapOf(v any) map[string]any {
	switch s := v.(type) {
	case siteValue:
		return s.m
	case map[string]any:
		return s
	}
	return nil
}

// derivedKeys are the site keys the engine computes from the content;
// every other key comes from _config.yml, whose change rebuilds all.
func derivedKeys(labels []string) map[string]bool {
	m := map[string]bool{
		"time": true, "data": true, "posts": true, "related_posts": true,
		"collections": true, "documents": true, "pages": true, "html_pages": true,
		"static_files": true, "tags": true, "categories": true, "archive": true,
		"wiki_index": true,
	}
	for _, l := range labels {
		m[l] = true
	}
	return m
}
