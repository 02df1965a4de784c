package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// kramdownLists is goldmark's list parser without CommonMark's "1)"
// marker: kramdown numbers a list only with "1.", so "1) text" is a
// paragraph (elixir's crash course lists two differences that way).
type kramdownLists struct{ parser.BlockParser }

func (p kramdownLists) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if line, _ := reader.PeekLine(); parenMarker(line) {
		return nil, parser.NoChildren
	}
	return p.BlockParser.Open(parent, reader, pc)
}

// parenMarker reports whether a line starts, after up to three spaces, with
// digits and ")".
func parenMarker(line []byte) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	start := i
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > start && i-start <= 9 && i < len(line) && line[i] == ')'
}
