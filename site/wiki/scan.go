package wiki

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// scanner parses Markdown only to find its links; goldmark parsers may
// be used from many goroutines at once.
var scanner = goldmark.New(goldmark.WithExtensions(Extension)).Parser()

// Scan finds the links of the Markdown src, outside code, with its wiki
// links resolved against ix, without rendering it.
func Scan(src []byte, ix *Index) *Result {
	pc := parser.NewContext()
	r := Use(pc, ix, nil)
	scanner.Parse(text.NewReader(src), parser.WithContext(pc))
	return r
}
