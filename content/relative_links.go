package content

import (
	"net/url"
	"path"
	"regexp"
	"strings"
)

// relativeLink is jekyll-relative-links' pattern: an inline link
// [text](path#fragment "title") or a reference definition
// [text]: path#fragment "title" on a line of its own.
var relativeLink = regexp.MustCompile(`(?m)(\[(.*?)\]\(([^)]+?)(#.+?|)?(\s+"(?:\\"|[^"])*"|\s+'(?:\\'|[^'])*')?\)|^\s*?\[(.*?)\]: (.+?)(#.+?|)?(\s+"(?:\\"|[^"])*"|\s+'(?:\\'|[^'])*')?\s*?$)`)

var urlScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// relativeLinks is jekyll-relative-links: in Markdown pages (and
// collection documents with relative_links: {collections: true}), a link
// to the source path of a page, document or static file, relative to the
// linking file or to the site root, becomes a link to its URL. With only
// set, only that document (read again by shine serve) is rewritten.
func (s *Site) relativeLinks(only *Document) {
	cfg := &s.Config
	if !cfg.PluginEnabled("jekyll-relative-links") {
		return
	}
	opts, _ := cfg.Raw["relative_links"].(map[string]any)
	if v, ok := opts["enabled"].(bool); ok && !v {
		return
	}
	inCollections, _ := opts["collections"].(bool)
	targets := map[string]string{}
	for _, d := range s.Pages {
		targets[d.Path] = d.URL
	}
	for _, f := range s.Static {
		targets[f.Path] = "/" + f.Dest
	}
	docs := append([]*Document(nil), s.Posts...)
	for _, c := range s.Collections {
		docs = append(docs, c...)
	}
	for _, d := range docs {
		if d.URL != "" {
			targets[d.Path] = d.URL
		}
	}
	apply := func(d *Document) {
		if d.Markdown && (only == nil || d == only) {
			d.Body = linkRelative(d.Body, path.Dir(d.Path), cfg.BaseURL, targets)
		}
	}
	if only != nil {
		if only.Collection == "" || inCollections {
			apply(only)
		}
		return
	}
	for _, d := range s.Pages {
		apply(d)
	}
	if inCollections {
		for _, d := range docs {
			apply(d)
		}
	}
}

// linkRelative rewrites the links in a Markdown body at dir whose path
// names a file in targets (source path to URL).
func linkRelative(body []byte, dir, baseURL string, targets map[string]string) []byte {
	if !strings.Contains(string(body), "](") && !strings.Contains(string(body), "]: ") {
		return body
	}
	var out []byte
	last := 0
	for _, ix := range relativeLink.FindAllSubmatchIndex(body, -1) {
		group := func(i int) []byte {
			if ix[2*i] < 0 {
				return nil
			}
			return body[ix[2*i]:ix[2*i+1]]
		}
		inline := ix[6] >= 0
		text, p, frag, title := group(2), string(group(3)), group(4), group(5)
		if !inline {
			text, p, frag, title = group(6), string(group(7)), group(8), group(9)
		}
		if strings.HasPrefix(p, "#") || urlScheme.MatchString(p) {
			continue
		}
		base := dir
		if strings.HasPrefix(p, "/") {
			base = ""
		}
		full := path.Clean(path.Join(base, strings.TrimPrefix(p, "/")))
		if u, err := url.QueryUnescape(full); err == nil {
			full = u
		}
		u, ok := targets[full]
		if !ok || u == "" {
			continue
		}
		u = baseURL + u + string(frag)
		out = append(out, body[last:ix[0]]...)
		if inline {
			out = append(out, "["+string(text)+"]("+u+string(title)+")"...)
		} else {
			out = append(out, "\n["+string(text)+"]: "+u+string(title)...)
		}
		last = ix[1]
	}
	if out == nil {
		return body
	}
	return append(out, body[last:]...)
}
