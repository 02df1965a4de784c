package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Span HTML whose content kramdown does not read as Markdown: elements
// of its raw content model, such as code, kbd, samp, var, u, mark, and
// any element it does not know (scala's <notextile> in table cells). No
// emphasis, code spans or typography happen inside them, unless the tag
// says markdown="1" or "span". Written as it was.

// rawSpanParser reads such an element, start tag to end tag on one
// line, as one piece of raw HTML.
type rawSpanParser struct{}

func (rawSpanParser) Trigger() []byte { return []byte{'<'} }

func (rawSpanParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	name, attrs, selfClosed, end, ok := startTag(line)
	if !ok || selfClosed {
		return nil
	}
	n := &htmlElement{name: string(name)}
	if lower := string(bytes.ToLower(name)); knownElement(lower) {
		n.name, n.fold = lower, true
	}
	if spanContent[n.name] || blockContent[n.name] || voidElements[n.name] {
		return nil
	}
	if v, _, _, found := markdownAttr(attrs); found && v != "0" {
		return nil
	}
	i, j := n.endTag(line[end:])
	if i < 0 {
		return nil
	}
	stop := end + j
	raw := ast.NewRawHTML()
	raw.Segments.Append(text.NewSegment(seg.Start, seg.Start+stop))
	block.Advance(stop)
	return raw
}

type rawSpans struct{}

func (rawSpans) Extend(m goldmark.Markdown) {
	// Before goldmark's raw HTML parser (400) and the code span parser.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(rawSpanParser{}, 90)))
}
