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

type filters struct {
	env Env
}
