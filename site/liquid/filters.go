package liquid

import (
	"time"

	osteele "github.com/osteele/liquid"
)

// Env is what the filters need to know about the site.
type Env struct {
	URL      string         // site.url, e.g. "https://example.org"
	BaseURL  string         // site.baseurl, e.g. "/blog"
	Location *time.Location // site time zone, for dates given as strings

	// Markdownify is the site's Markdown renderer; nil returns the input.
	Markdownify func(src string) (string, error)
	// Slugify is Jekyll's slugify (the site passes content.Slugify); nil
	// falls back to a plain "default" mode slug.
	Slugify func(s, mode string, cased bool) string
	// SourceURL finds the URL of the page, document or static file at a
	// source path, for jekyll-relative-links' rellinks; nil finds none.
	SourceURL func(path string) (string, bool)
}

// Register adds Jekyll's filters and the missing standard tags to e.
// Filters of the same name that osteele/liquid defines (date, sort,
// inspect, strip_html) are replaced with Jekyll's versions.
func Register(e *osteele.Engine, env Env) { register(e, env) }

// registrar is where filters and tags are registered: an osteele engine,
// or an Engine, which also notes the filter names for the lax reading.
type registrar interface {
	RegisterFilter(name string, fn any)
	RegisterTag(name string, r osteele.Renderer)
	RegisterBlock(name string, r osteele.Renderer)
}

func register(e registrar, env Env) {
	if env.Location == nil {
		env.Location = time.Local
	}
	f := &filters{env: env}
	f.registerURLs(e)
	f.registerDates(e)
	f.registerText(e)
	f.registerArrays(e)
	registerValues(e)
	registerTags(e)
}

// A Hash is a value that stands for a Go map without being one (the
// site's recording wrapper of a document or a front matter hash, which
// notes each key looked up). The filters and tags that take a hash whole
// (for, jsonify, inspect, sort, ...) read the map Hash returns, and find
// its keys' order by it (content.KeyOrder), as Ruby keeps a hash's order.
type Hash interface {
	Hash() map[string]any
}

// Inspect is Ruby's inspect of v, which is also how Liquid prints a
// hash: {"a"=>1, "b"=>[nil, 2.0]}, keys in the order Ruby keeps them.
func Inspect(v any) string { return inspect(v) }

type filters struct {
	env Env
}
