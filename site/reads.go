package site

import (
	"github.com/osteele/liquid/values"

	"github.com/shine-blog/shine/site/deps"
	"github.com/shine-blog/shine/site/liquid"
)

// depsKey is the binding that carries a render's reads (a *deps.Reads,
// which is a liquid.Recorder) to Go tags.
const depsKey = liquid.RecorderKey

var _ liquid.Recorder = (*deps.Reads)(nil)

// siteValue is the Liquid site variable of one render: the shared map,
// recording which derived keys the templates look up. Looking at the
// whole map (a filter, a loop over site, an assign of site itself) counts
// as reading everything.
type siteValue struct {
	m       map[string]any
	derived map[string]bool
	d       *deps.Reads
}

var _ values.Value = siteValue{}

func (s siteValue) read(v values.Value) {
	if k, ok := v.Interface().(string); ok {
		if s.derived[k] {
			s.d.Key(k)
		}
		return
	}
	s.d.Key("*")
}

func (s siteValue) Interface() any {
	s.d.Key("*")
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

// derivedKeys are the site keys the engine computes from the content;
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
