package content

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
)

// URLParts carries what Jekyll's UrlDrop (posts, collection docs) and
// Page#url_placeholders expose.
type URLParts struct {
	Date       time.Time // in the zone Jekyll would format it in
	Slug       string    // front matter `slug`, else the file-name slug
	Title      string    // front matter `slug` else file-name slug (Jekyll's :title is slugify(slug, pretty, cased))
	Categories []string  // in order, as Jekyll holds them
	Collection string    // "posts" for posts
	Path       string    // source path relative to the collection/site dir, for :path
	Name       string    // base name without extension, for :name / :basename
	OutputExt  string    // ".html"
}

var permalinkStyles = map[string]string{
	"none":     "/:categories/:title:output_ext",
	"date":     "/:categories/:year/:month/:day/:title:output_ext",
	"ordinal":  "/:categories/:year/:y_day/:title:output_ext",
	"pretty":   "/:categories/:year/:month/:day/:title/",
	"weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}

// PermalinkTemplate turns a permalink setting into a template.
func PermalinkTemplate(style string) string {
	if t, ok := permalinkStyles[style]; ok {
		return t
	}
	return style
}

// PageTemplate is Page#template for a page.
func PageTemplate(isHTML, isIndex bool, permalinkStyle string) string {
	switch {
	case !isHTML:
		return "/:path/:basename:output_ext"
	case isIndex:
		return "/:path/"
	}
	t := "/:path/:basename"
	switch permalinkStyle {
	case "pretty":
		return t + "/"
	case "date", "ordinal", "none":
		return t + ":output_ext"
	}
	if strings.HasSuffix(permalinkStyle, "/") {
		t += "/"
	}
	if strings.HasSuffix(permalinkStyle, ":output_ext") {
		t += ":output_ext"
	}
	return t
}

var placeholderRe = regexp.MustCompile(`:([a-z_]+)`)

// ExpandPermalink fills a template with every placeholder Jekyll 4.3 knows.
func ExpandPermalink(template string, p URLParts) (string, error) {
	var err error
	out := placeholderRe.ReplaceAllStringFunc(template, func(m string) string {
		name := m[1:]
		v, ok := placeholder(name, p)
		if !ok {
			err = fmt.Errorf("unknown permalink placeholder %q", m)
			return m
		}
		return url.PathEscape(v)
	})
	out = "/" + out
	out = strings.ReplaceAll(out, "..", "/")
	out = strings.ReplaceAll(out, "./", "")
	for strings.Contains(out, "//") {
		out = strings.ReplaceAll(out, "//", "/")
	}
	return out, err
}

func placeholder(name string, p URLParts) (string, bool) {
	d := p.Date
	switch name {
	case "year":
		return d.Format("2006"), true
	case "month":
		return d.Format("01"), true
	case "day":
		return d.Format("02"), true
	case "title":
		return Slugify(p.Title, "pretty", true), true
	case "slug":
		return Slugify(p.Slug, "", false), true
	case "categories":
		return strings.ToLower(strings.Join(p.Categories, "/")), true
	case "output_ext":
		return p.OutputExt, true
	case "collection":
		return p.Collection, true
	case "path":
		return p.Path, true
	case "name", "basename":
		return p.Name, true
	}
	return "", false
}

// DestPath is where a URL is written.
func DestPath(u, outputExt string) string {
	if s, err := url.PathUnescape(u); err == nil {
		u = s
	}
	p := strings.TrimPrefix(path.Clean("/"+u), "/")
	if strings.HasSuffix(u, "/") {
		return path.Join(p, "index.html")
	}
	if !strings.HasSuffix(p, outputExt) {
		p += outputExt
	}
	return p
}
