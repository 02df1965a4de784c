package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/parser"
)

// ConvertWith is Convert with prepare called on the parser context
// first: an extension's state for one conversion (the wiki index a
// [[link]] resolves against, what it found) travels in it.
func (m *Converter) ConvertWith(dst *bytes.Buffer, src []byte, prepare func(parser.Context)) error {
	ctx := parser.NewContext(parser.WithIDs(&autoIDs{}))
	if prepare != nil {
		prepare(ctx)
	}
	return m.md.Convert(src, dst, parser.WithContext(ctx))
}

// HeadingID is the id a heading with the plain text s gets, as kramdown
// makes it (before "-1", "-2" for repeats).
func HeadingID(s string) string { return gfmID(s) }
