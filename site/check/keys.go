package check

import (
	"fmt"
	"io/fs"
	"os"
	"sort"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site"
)

// jekyllKeys are front matter keys Jekyll itself reads, whatever the
// templates do.
var jekyllKeys = []string{
	"layout", "title", "date", "permalink", "categories", "category", "tags", "tag",
	"published", "excerpt", "excerpt_separator", "slug", "render_with_liquid", "sitemap",
	"toc", // shine: a table of contents above the content
}

// pluginKeys are the keys each built-in plugin reads from a page.
var pluginKeys = map[string][]string{
	"jekyll-seo-tag":       {"description", "image", "author", "authors", "lang", "locale", "canonical_url", "last_modified_at", "modified_date", "seo", "twitter", "facebook", "excerpt"},
	"jekyll-feed":          {"author", "authors", "image", "description", "last_modified_at", "draft", "lang"},
	"jekyll-sitemap":       {"last_modified_at"},
	"jekyll-redirect-from": {"redirect_from", "redirect_to"},
}

// unreadKeys reports front matter keys in the site's own posts, pages and
// documents that no render looked up (as the build recorded the reads,
// however indirect: page[var], map: with a variable, a loop over a
// document's pairs) and Jekyll does not use either: likely left over
// from an old theme, or misspelt. One warning per key, at its first use.
func unreadKeys(bt *site.Built) []Finding {
	s := bt.Site
	known := map[string]bool{}
	for _, k := range jekyllKeys {
		known[k] = true
	}
	for plugin, keys := range pluginKeys {
		if s.PluginEnabled(plugin) {
			for _, k := range keys {
				known[k] = true
			}
		}
	}
	if s.OctopressPaginateOn() {
		known["paginate"] = true
	}

	var docs []*content.Document
	docs = append(docs, s.Posts...)
	docs = append(docs, s.Pages...)
	labels := make([]string, 0, len(s.Collections))
	for l := range s.Collections {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		docs = append(docs, s.Collections[l]...)
	}

	type use struct {
		doc   *content.Document
		count int
	}
	uses := map[string]*use{}
	var order []string
	for _, d := range docs {
		if d.FromTheme {
			continue
		}
		keys := make([]string, 0, len(d.Lines))
		for k := range d.Lines {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if known[k] {
				continue
			}
			if u, ok := uses[k]; ok {
				u.count++
				continue
			}
			uses[k] = &use{doc: d, count: 1}
			order = append(order, k)
		}
	}
	var out []Finding
	for _, k := range order {
		if bt.FieldsRead[k] {
			continue
		}
		u := uses[k]
		msg := fmt.Sprintf("front matter key %q is never read by a layout, include or page", k)
		if u.count > 1 {
			msg += fmt.Sprintf(" (also in %d other files)", u.count-1)
		}
		out = append(out, Finding{Kind: "front matter", File: u.doc.Path, Line: u.doc.Lines[k], Message: msg, Warning: true})
	}
	return out
}

// includeFiles reads the site's own includes, and the theme's when the
// site uses the theme, by path.
func includeFiles(s *content.Site, theme fs.FS) map[string][]byte {
	out := map[string][]byte{}
	layers := []fs.FS{os.DirFS(s.Source)}
	if theme != nil && s.UsesTheme {
		layers = append(layers, theme)
	}
	for _, fsys := range layers {
		fs.WalkDir(fsys, "_includes", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if _, ok := out[p]; ok {
				return nil // the site's own file wins
			}
			if b, err := fs.ReadFile(fsys, p); err == nil {
				out[p] = b
			}
			return nil
		})
	}
	return out
}
