package site

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// postRender applies the plugins that change a page's finished output,
// as their post_render hooks do in Jekyll: jekyll-mentions and jemoji.
func (b *engine) postRender(p *page, out []byte) []byte {
	if base, ok := b.mentionBase(p); ok {
		out = mentionify(out, base)
	}
	if root, ok := b.emojiRoot(p); ok {
		out = emojify(out, root)
	}
	return out
}

// htmlOutput says whether page p's output is HTML as these plugins judge
// it: written to a .html file, or at a URL ending in a slash.
func htmlOutput(p *page) bool {
	u, _ := p.data["url"].(string)
	return strings.HasSuffix(p.dest, ".html") || strings.HasSuffix(u, "/")
}

// rewriteText passes each text run of an HTML page that holds the byte
// trigger through fn, except inside the elements in ignored; when the
// page has a body, only the body's text. Markup and untouched text are
// written back byte for byte, so out comes back unchanged when fn
// changes nothing.
func rewriteText(out []byte, ignored map[string]bool, trigger byte, fn func(string) string) []byte {
	var w bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(out))
	inBody := !bytes.Contains(out, []byte("<body"))
	var open []string // ignored elements we are inside
	changed := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			if string(name) == "body" {
				inBody = true
			}
			if ignored[string(name)] {
				open = append(open, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) == "body" {
				inBody = false
			}
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == string(name) {
					open = open[:i]
					break
				}
			}
		case html.TextToken:
			if inBody && len(open) == 0 && bytes.IndexByte(raw, trigger) >= 0 {
				if s := fn(string(raw)); s != string(raw) {
					w.WriteString(s)
					changed = true
					continue
				}
			}
		}
		w.Write(raw)
	}
	if !changed {
		return out
	}
	return w.Bytes()
}
