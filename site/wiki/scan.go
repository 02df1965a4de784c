package wiki

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// scanner parses Markdown only to find its wiki links; goldmark parsers
// may be used from many goroutines at once.
var scanner = goldmark.New(goldmark.WithExtensions(Extension)).Parser()

// Found is a wiki link found in a source, with its line (1 is the
// first line of the source) and its resolution.
type Found struct {
	*Link
	Line int
}

// Scan finds the wiki links of the Markdown src, outside code, resolved
// against ix. A source without "[[" is not parsed at all.
func Scan(src []byte, ix *Index) []Found {
	if !bytes.Contains(src, []byte("[[")) {
		return nil
	}
	pc := parser.NewContext()
	Use(pc, ix, nil)
	doc := scanner.Parse(text.NewReader(src), parser.WithContext(pc))
	var out []Found
	line, at := 1, 0
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*Link); ok && entering {
			if l.Offset >= at && l.Offset <= len(src) {
				line += bytes.Count(src[at:l.Offset], []byte("\n"))
				at = l.Offset
			}
			out = append(out, Found{l, line})
		}
		return ast.WalkContinue, nil
	})
	return out
}
