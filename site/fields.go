package site

import (
	"bytes"
	"reflect"

	"github.com/shine-blog/shine/content"
)

// Field-level staleness. A save that changes a post's body changes its
// content, excerpt and reading_time, not its title or date; a page that
// lists the post but shows only titles and dates (a tag page, the
// archive, a neighbour's links) stays as it was. Each change records the
// fields of the document's Liquid map it touched; each render records
// the fields it looked up on any document (see docValue in reads.go).

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
