package site

import (
	"bytes"
	"io/fs"
	"reflect"
	"regexp"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/deps"
)

// The keys of the fieldsRead cache: a layout by name, an include by file.
const (
	inLayout  = "l:"
	inInclude = "i:"
)

// Field-level staleness. A save that changes a post's body changes its
// content, excerpt and reading_time, not its title or date; a page that
// lists the post but shows only titles and dates (a tag page, the
// archive, a neighbour's links) stays as it was. Each change records the
// fields of the document's Liquid map it touched; each page counts as
// reading every field name its templates mention.

// changedFields are the fields of a document's Liquid map that differ
// between two versions of it.
func changedFields(a, b *content.Document) map[string]bool {
	f := map[string]bool{}
	for k, v := range a.Data {
		if w, ok := b.Data[k]; !ok || !reflect.DeepEqual(v, w) {
			f[k] = true
		}
	}
	for k := range b.Data {
		if _, ok := a.Data[k]; !ok {
			f[k] = true
		}
	}
	if a.URL != b.URL || a.Path != b.Path || a.Slug != b.Slug {
		for _, k := range []string{"url", "id", "dir", "path", "relative_path", "name", "slug"} {
			f[k] = true
		}
	}
	if a.Title != b.Title {
		f["title"] = true
	}
	if !bytes.Equal(a.Body, b.Body) {
		f["content"], f["excerpt"], f["reading_time"] = true, true, true
	}
	return f
}

var (
	// fieldName matches a property read: post.title, item["date"],
	// and names given to filters as strings: map: "title", where: "tags".
	fieldName = regexp.MustCompile(`\.([A-Za-z_][\w-]*)|["']([A-Za-z_][\w-]*)["']`)
	// wholeRead matches filters that print whole documents.
	wholeRead = regexp.MustCompile(`\b(?:jsonify|inspect)\b`)
)

func scanFields(text []byte) deps.Fields {
	fs := deps.Fields{Names: map[string]bool{}, All: wholeRead.Match(text)}
	for _, m := range fieldName.FindAllSubmatch(text, -1) {
		if len(m[1]) > 0 {
			fs.Names[string(m[1])] = true
		} else {
			fs.Names[string(m[2])] = true
		}
	}
	return fs
}

// pageFieldsRead is every field name the templates of p's last render
// mention: its own Liquid and the layouts and includes it used. Raw
// generated pages (the feed) and pages with no record read everything.
func (b *Builder) pageFieldsRead(p *page, d *deps.Reads) deps.Fields {
	if d == nil || p.raw != nil {
		return deps.AllFields
	}
	out := deps.Fields{Names: map[string]bool{}}
	add := func(f deps.Fields) {
		out.All = out.All || f.All
		for n := range f.Names {
			out.Names[n] = true
		}
	}
	if p.liquid {
		add(scanFields(p.body))
	}
	for _, name := range d.Layouts {
		add(b.templateFields(inLayout+name, func() ([]byte, error) {
			if l := b.site.Layouts[name]; l != nil {
				return l.Body, nil
			}
			return nil, fs.ErrNotExist
		}))
	}
	for file := range d.Includes {
		add(b.templateFields(inInclude+file, func() ([]byte, error) {
			return fs.ReadFile(b.site.Files, file)
		}))
	}
	return out
}

// templateFields scans a layout or include once and caches the answer
// until it changes; a template it cannot read counts as reading all.
func (b *Builder) templateFields(key string, text func() ([]byte, error)) deps.Fields {
	if f, ok := b.fieldsRead[key]; ok {
		return f
	}
	src, err := text()
	f := deps.AllFields
	if err == nil {
		f = scanFields(src)
	}
	b.fieldsRead[key] = f
	return f
}
