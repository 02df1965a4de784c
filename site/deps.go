package site

import (
	"fmt"
	"sort"

	"github.com/osteele/liquid/render"
	"github.com/osteele/liquid/values"

	"github.com/shine-blog/shine/site/liquid"
)

// deps are what one render read: the derived site variables (site.posts,
// site.data, ...), the layouts and includes it went through, and whether
// it asked for a URL by source path ({% link %}, {% post_url %}). The
// Builder keeps them per output file and re-renders a page only when one
// of them changed after the page was last written.
type deps struct {
	keys     map[string]bool // derived site keys read; "*" is all of them
	layouts  []string
	includes map[string]bool
	urls     bool
}

// depsKey is the binding that carries a render's deps to Go tags. Liquid
// names cannot hold a NUL, so no template can read or overwrite it.
const depsKey = liquid.RecorderKey

func newDeps() *deps { return &deps{} }

func (d *deps) key(k string) {
	if d == nil {
		return
	}
	if d.keys == nil {
		d.keys = map[string]bool{}
	}
	d.keys[k] = true
}

func (d *deps) include(file string) {
	if d == nil {
		return
	}
	if d.includes == nil {
		d.includes = map[string]bool{}
	}
	d.includes[file] = true
}

// String lists the dependencies, for tests and debugging.
func (d *deps) String() string {
	var keys, inc []string
	for k := range d.keys {
		keys = append(keys, k)
	}
	for f := range d.includes {
		inc = append(inc, f)
	}
	sort.Strings(keys)
	sort.Strings(inc)
	return fmt.Sprintf("keys=%v layouts=%v includes=%v urls=%v", keys, d.layouts, inc, d.urls)
}

// depsOf finds the deps of the render a Go tag runs in.
func depsOf(ctx render.Context) *deps {
	d, _ := ctx.Get(depsKey).(*deps)
	return d
}

// siteValue is the Liquid site variable of one render: the shared map,
// recording which derived keys the templates look up. Looking at the
// whole map (a filter, a loop over site, an assign of site itself) counts
// as reading everything.
type siteValue struct {
	m       map[string]any
	derived map[string]bool
	d       *deps
}

var _ values.Value = siteValue{}

func (s siteValue) read(v values.Value) {
	if k, ok := v.Interface().(string); ok {
		if s.derived[k] {
			s.d.key(k)
		}
		return
	}
	s.d.key("*")
}

func (s siteValue) Interface() any {
	s.d.key("*")
	return s.m
}

func (s siteValue) Int() int                     { return values.ValueOf(s.Interface()).Int() }
func (s siteValue) Equal(v values.Value) bool    { return values.ValueOf(s.Interface()).Equal(v) }
func (s siteValue) Less(v values.Value) bool     { return values.ValueOf(s.Interface()).Less(v) }
func (s siteValue) Test() bool                   { return s.m != nil }
func (s siteValue) Contains(v values.Value) bool { s.read(v); return values.ValueOf(s.m).Contains(v) }

func (s siteValue) IndexValue(v values.Value) values.Value {
	s.read(v)
	return values.ValueOf(s.m).IndexValue(v)
}

func (s siteValue) PropertyValue(v values.Value) values.Value {
	s.read(v)
	return values.ValueOf(s.m).PropertyValue(v)
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

// derivedKeys are the site keys the builder computes from the content;
// every other key comes from _config.yml, whose change rebuilds all.
func derivedKeys(labels []string) map[string]bool {
	m := map[string]bool{
		"time": true, "data": true, "posts": true, "related_posts": true,
		"collections": true, "documents": true, "pages": true, "html_pages": true,
		"static_files": true, "tags": true, "categories": true, "archive": true,
	}
	for _, l := range labels {
		m[l] = true
	}
	return m
}
