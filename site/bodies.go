package site

import (
	"io/fs"
	"regexp"
)

// bodyRead matches template text that may read a document's body through
// another variable than the page's own content: post.content,
// item["excerpt"], map: "reading_time", or a filter that prints a whole
// document. Templates without it show only front matter of what they
// list, so a body-only edit of a listed post leaves them as they were.
var bodyRead = regexp.MustCompile(`(?:\.|\[\s*["'])(?:content|excerpt|reading_time)\b|["'](?:content|excerpt|reading_time)["']|\b(?:jsonify|inspect)\b`)

// pageReadsBodies says whether rendering p may have read the body of a
// document it lists: its own Liquid, or a layout or include its last
// render used, names a body field. Generated raw pages (the feed) and
// pages with no record count as reading them.
func (B *Builder) pageReadsBodies(p *page, d *deps) bool {
	if d == nil || p.raw != nil {
		return true
	}
	if p.liquid && bodyRead.Match(p.body) {
		return true
	}
	for _, name := range d.layouts {
		if B.templateReadsBodies(inLayout+name, func() ([]byte, error) {
			if l := B.site.Layouts[name]; l != nil {
				return l.Body, nil
			}
			return nil, fs.ErrNotExist
		}) {
			return true
		}
	}
	for file := range d.includes {
		if B.templateReadsBodies(inInclude+file, func() ([]byte, error) {
			return fs.ReadFile(B.site.Files, file)
		}) {
			return true
		}
	}
	return false
}

// templateReadsBodies scans a layout or include once and caches the
// answer until it changes; a template it cannot read counts as reading.
func (B *Builder) templateReadsBodies(key string, text func() ([]byte, error)) bool {
	if v, ok := B.readsBodies[key]; ok {
		return v
	}
	b, err := text()
	v := err != nil || bodyRead.Match(b)
	B.readsBodies[key] = v
	return v
}
