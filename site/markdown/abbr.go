package markdown

import (
	"bytes"
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Abbreviations as kramdown reads them: a line "*[HTML]: HyperText
// Markup Language" defines one and is not shown; every "HTML" in the
// text, as a whole word, becomes <abbr title="...">HTML</abbr>.

type abbrDefs struct {
	titles map[string]string
}

var abbrKey = parser.NewContextKey()

// abbrDef is a definition line; the transformer removes it.
type abbrDef struct {
	ast.BaseBlock
}

var kindAbbrDef = ast.NewNodeKind("KramdownAbbreviationDefinition")

func (n *abbrDef) Kind() ast.NodeKind { return kindAbbrDef }

func (n *abbrDef) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// abbr is one use of an abbreviation.
type abbr struct {
	ast.BaseInline
	title string
}

var kindAbbr = ast.NewNodeKind("KramdownAbbreviation")

func (n *abbr) Kind() ast.NodeKind { return kindAbbr }

func (n *abbr) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Title": n.title}, nil)
}

type abbrParser struct{}

func (abbrParser) Trigger() []byte { return []byte{'*'} }

func (abbrParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	if len(line) < i+5 || line[i] != '*' || line[i+1] != '[' {
		return nil, parser.NoChildren
	}
	rest := line[i+2:]
	end := bytes.Index(rest, []byte("]:"))
	if end <= 0 || bytes.IndexByte(rest[:end], '\n') >= 0 {
		return nil, parser.NoChildren
	}
	name := string(rest[:end])
	title := string(bytes.TrimSpace(rest[end+2:]))
	defs, _ := pc.Get(abbrKey).(*abbrDefs)
	if defs == nil {
		defs = &abbrDefs{titles: map[string]string{}}
		pc.Set(abbrKey, defs)
	}
	defs.titles[name] = title
	reader.AdvanceToEOL()
	return &abbrDef{}, parser.NoChildren
}

func (abbrParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return parser.Close
}

func (abbrParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (abbrParser) CanInterruptParagraph() bool { return false }

func (abbrParser) CanAcceptIndentedLine() bool { return false }

type abbrTransformer struct{}

func (abbrTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	defs, _ := pc.Get(abbrKey).(*abbrDefs)
	if defs == nil {
		return
	}
	// Longest first, as kramdown tries them.
	names := make([]string, 0, len(defs.titles))
	for n := range defs.titles {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	replaceAbbrs(doc, reader.Source(), names, defs.titles)
}

func replaceAbbrs(n ast.Node, src []byte, names []string, titles map[string]string) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch c := c.(type) {
		case *abbrDef:
			n.RemoveChild(n, c)
		case *ast.Text:
			splitAbbrs(n, c, src, names, titles)
		case *ast.CodeSpan, *ast.RawHTML, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
		case *htmlElement:
			// Raw ones have children only where Markdown is nested.
			replaceAbbrs(c, src, names, titles)
		default:
			if c.HasChildren() {
				replaceAbbrs(c, src, names, titles)
			}
		}
		c = next
	}
}

// splitAbbrs cuts t around the abbreviations in it.
func splitAbbrs(parent ast.Node, t *ast.Text, src []byte, names []string, titles map[string]string) {
	seg := t.Segment
	v := seg.Value(src)
	start := 0
	for i := 0; i < len(v); i++ {
		if i > 0 && isRubyWord(v[i-1]) && isRubyWord(v[i]) {
			continue
		}
		for _, name := range names {
			if !bytes.HasPrefix(v[i:], []byte(name)) {
				continue
			}
			e := i + len(name)
			if e < len(v) && isRubyWord(v[e]) || i > 0 && isRubyWord(v[i-1]) && isRubyWord(name[0]) {
				continue
			}
			if i > start {
				parent.InsertBefore(parent, t, ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+i)))
			}
			a := &abbr{title: titles[name]}
			a.AppendChild(a, ast.NewTextSegment(text.NewSegment(seg.Start+i, seg.Start+e)))
			parent.InsertBefore(parent, t, a)
			start = e
			i = e - 1
			break
		}
	}
	if start > 0 {
		t.Segment = text.NewSegment(seg.Start+start, seg.Stop)
	}
}

type abbrRenderer struct{}

func (abbrRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindAbbr, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(`<abbr title="`)
			w.Write(util.EscapeHTML([]byte(node.(*abbr).title)))
			w.WriteString(`">`)
		} else {
			w.WriteString("</abbr>")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(kindAbbrDef, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
}

// abbreviations is the goldmark extension for kramdown's abbreviations.
type abbreviations struct{}

func (abbreviations) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(abbrParser{}, 250)),
		parser.WithASTTransformers(util.Prioritized(abbrTransformer{}, 60)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(abbrRenderer{}, 100)))
}
