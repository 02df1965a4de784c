package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The table of contents: a list marked "{:toc}" becomes a list of the
// document's headings that have an id, nested by level, leaving out
// those of class no_toc and those of levels toc_levels leaves out. Each
// entry links to its heading with the heading's text (links in it
// unwrapped) and has the id "markdown-toc-" and the heading's id.

type tocExt struct {
	levels [7]bool
}

func (t tocExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(t, 200)))
}

type tocEntry struct {
	level int
	id    []byte
	h     *ast.Heading
}

func (t tocExt) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, ok := pc.Get(attrStateKey).(*attrState)
	if !ok || !st.blocks {
		return
	}
	var lists []*ast.List
	var entries []tocEntry
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.List:
				if _, ok := c.AttributeString(tocMarker); ok {
					lists = append(lists, c)
					continue
				}
			case *ast.Heading:
				id, ok := c.AttributeString("id")
				b, isBytes := id.([]byte)
				if ok && isBytes && len(b) > 0 && c.Level < len(t.levels) && t.levels[c.Level] && !hasClass(c, "no_toc") {
					entries = append(entries, tocEntry{c.Level, b, c})
				}
				continue
			}
			if c.Type() == ast.TypeBlock && c.HasChildren() {
				walk(c)
			}
		}
	}
	walk(doc)
	for _, l := range lists {
		l.Parent().ReplaceChild(l.Parent(), l, buildTOC(l, entries, reader.Source()))
	}
}

func hasClass(n ast.Node, class string) bool {
	v, ok := n.AttributeString("class")
	if !ok {
		return false
	}
	b, _ := v.([]byte)
	for _, f := range bytes.Fields(b) {
		if string(f) == class {
			return true
		}
	}
	return false
}

// buildTOC makes the table of contents that takes the place of l, as
// kramdown's generate_toc_tree does.
func buildTOC(l *ast.List, entries []tocEntry, src []byte) *ast.List {
	newList := func() *ast.List {
		n := ast.NewList(l.Marker)
		n.IsTight = true
		n.Start = l.Start
		return n
	}
	top := newList()
	prefix := []byte("markdown-toc")
	for _, a := range l.Attributes() {
		if string(a.Name) == tocMarker {
			continue
		}
		if string(a.Name) == "id" {
			if b, ok := a.Value.([]byte); ok {
				prefix = b
			}
		}
		top.SetAttribute(a.Name, a.Value)
	}
	if _, ok := top.AttributeString("id"); !ok {
		top.SetAttributeString("id", prefix)
	}
	type open struct {
		level int
		item  *ast.ListItem
		sub   *ast.List
	}
	var stack []open
	for _, e := range entries {
		item := ast.NewListItem(2)
		tb := ast.NewTextBlock()
		link := ast.NewLink()
		link.Destination = append([]byte("#"), e.id...)
		link.SetAttributeString("id", append(append(append([]byte{}, prefix...), '-'), e.id...))
		cloneInlines(link, e.h, src)
		tb.AppendChild(tb, link)
		item.AppendChild(item, tb)
		for {
			if len(stack) == 0 {
				top.AppendChild(top, item)
				break
			}
			last := &stack[len(stack)-1]
			if last.level < e.level {
				if last.sub == nil {
					last.sub = newList()
					last.item.AppendChild(last.item, last.sub)
				}
				last.sub.AppendChild(last.sub, item)
				break
			}
			stack = stack[:len(stack)-1]
		}
		stack = append(stack, open{level: e.level, item: item})
	}
	return top
}

// cloneInlines appends copies of from's inline children to to, with
// links replaced by their text and footnote references left out.
func cloneInlines(to, from ast.Node, src []byte) {
	for c := from.FirstChild(); c != nil; c = c.NextSibling() {
		var n ast.Node
		switch c := c.(type) {
		case *ast.Text:
			t := ast.NewTextSegment(c.Segment)
			t.SetSoftLineBreak(c.SoftLineBreak())
			t.SetHardLineBreak(c.HardLineBreak())
			t.SetRaw(c.IsRaw())
			n = t
		case *ast.String:
			s := ast.NewString(c.Value)
			s.SetCode(c.IsCode())
			s.SetRaw(c.IsRaw())
			n = s
		case *ast.CodeSpan:
			n = ast.NewCodeSpan()
		case *ast.Emphasis:
			n = ast.NewEmphasis(c.Level)
		case *ast.RawHTML:
			r := ast.NewRawHTML()
			r.Segments = c.Segments
			n = r
		case *ast.Link:
			cloneInlines(to, c, src)
			continue
		case *ast.AutoLink:
			n = ast.NewString(util.EscapeHTML(c.Label(src)))
			n.(*ast.String).SetCode(true)
		case *ast.Image:
			link := ast.NewLink()
			link.Destination, link.Title = c.Destination, c.Title
			n = ast.NewImage(link)
		default:
			if c.Kind().String() == "FootnoteLink" {
				continue
			}
			cloneInlines(to, c, src)
			continue
		}
		for _, a := range c.Attributes() {
			n.SetAttribute(a.Name, a.Value)
		}
		if _, isText := c.(*ast.Text); !isText {
			cloneInlines(n, c, src)
		}
		to.AppendChild(to, n)
	}
}
