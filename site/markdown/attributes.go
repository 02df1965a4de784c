package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kramdown's attribute lists: a line "{: .note #id key="value"}" gives
// its attributes to the block just above it, or, after a blank line or
// at the start, to the next block; "{:name: ...}" defines a list that
// others name ("{: name}"); "{:...}" right after a link, emphasis or
// code span gives them to that span. "{:toc}" on a list makes it the
// table of contents (see toc.go).

// attrList is one parsed attribute list, in the order written.
type attrList struct {
	attrs []attrPair
	refs  []string
}

type attrPair struct{ name, value string }

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// parseAttrList reads the inside of "{: ...}" as kramdown does: tokens
// separated by white space, each a key="value" (or 'value') pair, a
// run of #id and .class, or a bare name that refers to a definition.
// Anything else is skipped.
func parseAttrList(s []byte) attrList {
	var l attrList
	i := 0
	for i < len(s) {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		start := i
		if i >= len(s) {
			break
		}
		// key="value"
		if isWordByte(s[i]) {
			j := i
			for j < len(s) && (isWordByte(s[j]) || s[j] == '-') {
				j++
			}
			if j+1 < len(s) && s[j] == '=' && (s[j+1] == '"' || s[j+1] == '\'') {
				q := s[j+1]
				var v []byte
				k := j + 2
				closed := false
				for k < len(s) {
					if s[k] == '\\' && k+1 < len(s) && (s[k+1] == '}' || s[k+1] == q) {
						v = append(v, s[k+1])
						k += 2
						continue
					}
					if s[k] == q {
						closed = true
						break
					}
					v = append(v, s[k])
					k++
				}
				if closed && (k+1 == len(s) || isSpace(s[k+1])) {
					l.set(string(s[i:j]), string(v))
					i = k + 1
					continue
				}
			}
		}
		end := start
		for end < len(s) && !isSpace(s[end]) {
			end++
		}
		tok := s[start:end]
		i = end
		switch {
		case isRefName(tok):
			l.refs = append(l.refs, string(tok))
		case tok[0] == '.' || tok[0] == '#':
			l.idsAndClasses(tok)
		}
	}
	return l
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// isRefName is kramdown's ALD_ID_NAME: a word character, then word
// characters and dashes.
func isRefName(b []byte) bool {
	if len(b) == 0 || !isWordByte(b[0]) {
		return false
	}
	for _, c := range b[1:] {
		if !isWordByte(c) && c != '-' {
			return false
		}
	}
	return true
}

// idsAndClasses reads a run like ".note.info#top"; kramdown takes it
// only when the whole run is made of valid ids and classes.
func (l *attrList) idsAndClasses(tok []byte) {
	var got []attrPair
	for i := 0; i < len(tok); {
		kind := tok[i]
		j := i + 1
		if kind == '#' {
			if j >= len(tok) || !(tok[j] >= 'a' && tok[j] <= 'z' || tok[j] >= 'A' && tok[j] <= 'Z') {
				return
			}
			for j < len(tok) && (isWordByte(tok[j]) || tok[j] == ':' || tok[j] == '-') {
				j++
			}
			got = append(got, attrPair{"id", string(tok[i+1 : j])})
		} else if kind == '.' {
			for j < len(tok) && tok[j] != '.' && tok[j] != '#' {
				j++
			}
			if j == i+1 {
				return
			}
			got = append(got, attrPair{"class", string(tok[i+1 : j])})
		} else {
			return
		}
		i = j
	}
	for _, a := range got {
		if a.name == "class" {
			l.addClass(a.value)
		} else {
			l.set(a.name, a.value)
		}
	}
}

func (l *attrList) set(name, value string) {
	for i := range l.attrs {
		if l.attrs[i].name == name {
			l.attrs[i].value = value
			return
		}
	}
	l.attrs = append(l.attrs, attrPair{name, value})
}

func (l *attrList) addClass(c string) {
	for i := range l.attrs {
		if l.attrs[i].name == "class" {
			l.attrs[i].value = joinClass(l.attrs[i].value, c)
			return
		}
	}
	l.attrs = append(l.attrs, attrPair{"class", c})
}

func joinClass(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + " " + b
}

// merge adds o to l as kramdown's update_ial_with_ial does: classes
// add up, other keys are replaced, references accumulate.
func (l *attrList) merge(o attrList) {
	l.refs = append(l.refs, o.refs...)
	for _, a := range o.attrs {
		if a.name == "class" {
			l.addClass(a.value)
		} else {
			l.set(a.name, a.value)
		}
	}
}

func (l attrList) empty() bool { return len(l.attrs) == 0 && len(l.refs) == 0 }

// attrState is what the attribute parsers share for one document.
type attrState struct {
	alds map[string]attrList
	// spans is set when a span list was seen, so the transformer walks
	// the inlines only then.
	spans bool
	// blocks is set when a block list or definition was seen.
	blocks bool
}

var attrStateKey = parser.NewContextKey()

func attrStateOf(pc parser.Context) *attrState {
	if v, ok := pc.Get(attrStateKey).(*attrState); ok {
		return v
	}
	s := &attrState{}
	pc.Set(attrStateKey, s)
	return s
}

// applyAttrs gives n the attributes of l, definitions it names first.
// A list naming "toc" is marked to become the table of contents.
func applyAttrs(n ast.Node, l attrList, alds map[string]attrList, depth int) {
	if t, ok := n.(*kramdownTable); ok && t.FirstChild() != nil {
		// The table it holds.
		n = t.FirstChild()
	}
	for _, r := range l.refs {
		if d, ok := alds[r]; ok && depth < 8 {
			applyAttrs(n, d, alds, depth+1)
		}
		if r == "toc" {
			if list, ok := n.(*ast.List); ok {
				list.SetAttributeString(tocMarker, true)
			}
		}
	}
	for _, a := range l.attrs {
		if a.name == "class" {
			addClass(n, a.value)
			continue
		}
		n.SetAttributeString(a.name, []byte(a.value))
	}
}

// tocMarker is the attribute that marks a list as "{:toc}"; it is
// never rendered (renderers write only []byte values).
const tocMarker = "\x00toc"

// blockAttrs is a line holding a block attribute list or definition.
type blockAttrs struct {
	ast.BaseBlock
	list attrList
	ald  string // name of the definition, if it is one
	// blankBefore is set when a blank line comes before the list.
	// (goldmark's HasBlankPreviousLines is also set after a block that
	// closed on its own line, such as a fenced code block.)
	blankBefore bool
	// blankAfter is set when a blank line follows it.
	blankAfter bool
}

var kindBlockAttrs = ast.NewNodeKind("KramdownBlockAttributes")

func (n *blockAttrs) Kind() ast.NodeKind { return kindBlockAttrs }

func (n *blockAttrs) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// blockAttrParser reads "{: ...}" and "{:name: ...}" lines.
type blockAttrParser struct{}

func (blockAttrParser) Trigger() []byte { return []byte{'{'} }

func (blockAttrParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	inner, ok := attrLine(line)
	if !ok {
		return nil, parser.NoChildren
	}
	n := &blockAttrs{blankBefore: prevLineBlank(reader.Source(), seg.Start), blankAfter: nextLineBlank(reader.Source(), seg.Stop)}
	// "{:name: ...}" defines a list.
	if j := refNameEnd(inner); j > 0 && j < len(inner) && inner[j] == ':' {
		n.ald = string(inner[:j])
		inner = inner[j+1:]
	} else if len(inner) > 0 && (inner[0] == ':' || inner[0] == '/') {
		// "{::extension}" and "{:/}" are kramdown extensions, not lists.
		return nil, parser.NoChildren
	}
	n.list = parseAttrList(inner)
	st := attrStateOf(pc)
	st.blocks = true
	if n.ald != "" {
		if st.alds == nil {
			st.alds = map[string]attrList{}
		}
		d := st.alds[n.ald]
		d.merge(n.list)
		st.alds[n.ald] = d
	}
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

// attrLine returns what is between "{:" and "}" when the line is just
// that (up to three spaces before, white space after), and the inside
// has no unescaped "}".
func attrLine(line []byte) ([]byte, bool) {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	line = bytes.TrimRight(line[i:], " \t\r\n")
	if len(line) < 4 || line[0] != '{' || line[1] != ':' || line[len(line)-1] != '}' {
		return nil, false
	}
	inner := line[2 : len(line)-1]
	for k := 0; k < len(inner); k++ {
		if inner[k] == '\\' {
			k++
			continue
		}
		if inner[k] == '}' {
			return nil, false
		}
	}
	return inner, true
}

// prevLineBlank reports whether the line before the one starting near
// at is blank, or holds only block quote markers.
func prevLineBlank(src []byte, at int) bool {
	i := bytes.LastIndexByte(src[:at], '\n')
	if i < 0 {
		return false
	}
	for j := i - 1; j >= 0 && src[j] != '\n'; j-- {
		if c := src[j]; c != ' ' && c != '\t' && c != '\r' && c != '>' {
			return false
		}
	}
	return true
}

// nextLineBlank reports whether the line after the one ending at at is
// blank, or holds only block quote markers.
func nextLineBlank(src []byte, at int) bool {
	for j := at; j < len(src) && src[j] != '\n'; j++ {
		if c := src[j]; c != ' ' && c != '\t' && c != '\r' && c != '>' {
			return false
		}
	}
	return true
}

func refNameEnd(b []byte) int {
	if len(b) == 0 || !isWordByte(b[0]) {
		return 0
	}
	j := 1
	for j < len(b) && (isWordByte(b[j]) || b[j] == '-') {
		j++
	}
	return j
}

func (blockAttrParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return parser.Close
}

func (blockAttrParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

func (blockAttrParser) CanInterruptParagraph() bool { return true }

func (blockAttrParser) CanAcceptIndentedLine() bool { return false }

// spanAttrs is a span attribute list; the transformer hands its
// attributes to the span before it and removes it.
type spanAttrs struct {
	ast.BaseInline
	list attrList
}

var kindSpanAttrs = ast.NewNodeKind("KramdownSpanAttributes")

func (n *spanAttrs) Kind() ast.NodeKind { return kindSpanAttrs }

func (n *spanAttrs) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// spanAttrParser reads "{:...}" right after a span. After plain text
// kramdown leaves it as text, and so does this parser.
type spanAttrParser struct{}

func (spanAttrParser) Trigger() []byte { return []byte{'{'} }

func (spanAttrParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) < 4 || line[1] != ':' || line[2] == ':' || line[2] == '/' {
		return nil
	}
	last := parent.LastChild()
	if last == nil {
		return nil
	}
	// Plain text before it: kramdown keeps the list as text. (An
	// emphasis delimiter is not Text: it becomes the emphasis.)
	if _, ok := last.(*ast.Text); ok {
		return nil
	}
	end := -1
	for k := 2; k < len(line); k++ {
		if line[k] == '\\' {
			k++
			continue
		}
		if line[k] == '}' {
			end = k
			break
		}
		if line[k] == '\n' {
			return nil
		}
	}
	if end <= 2 {
		return nil
	}
	n := &spanAttrs{list: parseAttrList(line[2:end])}
	block.Advance(end + 1)
	attrStateOf(pc).spans = true
	return n
}

// attrTransformer applies the lists once the document is parsed: before
// heading ids are made (an id from a list wins) and before the table of
// contents is built (a heading's no_toc class counts).
type attrTransformer struct{}

func (attrTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, ok := pc.Get(attrStateKey).(*attrState)
	if !ok {
		return
	}
	if st.blocks {
		applyBlockAttrs(doc, st.alds)
	}
	if st.spans {
		applySpanAttrs(doc, st.alds)
	}
}

// applyBlockAttrs gives each block list to the block right above it (no
// blank line between) or else to the next block, in every container.
func applyBlockAttrs(parent ast.Node, alds map[string]attrList) {
	var pending attrList
	var prev ast.Node
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		if a, ok := c.(*blockAttrs); ok {
			switch {
			case a.ald != "":
				prev = nil
			case prev != nil && !a.blankBefore:
				applyAttrs(prev, a.list, alds, 0)
			case !a.blankBefore && a.blankAfter:
				// kramdown gives it to the blank line that follows,
				// and so to nothing.
				prev = nil
			default:
				pending.merge(a.list)
				prev = nil
			}
			parent.RemoveChild(parent, c)
			c = next
			continue
		}
		if !pending.empty() {
			applyAttrs(c, pending, alds, 0)
			pending = attrList{}
		}
		prev = c
		if c.Type() == ast.TypeBlock && c.HasChildren() && c.FirstChild().Type() == ast.TypeBlock {
			applyBlockAttrs(c, alds)
		}
		c = next
	}
}

func applySpanAttrs(n ast.Node, alds map[string]attrList) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		if a, ok := c.(*spanAttrs); ok {
			if p := c.PreviousSibling(); p != nil {
				applyAttrs(p, a.list, alds, 0)
			}
			n.RemoveChild(n, c)
			c = next
			continue
		}
		if c.HasChildren() {
			applySpanAttrs(c, alds)
		}
		c = next
	}
}

// attributes is the goldmark extension for kramdown's attribute lists.
type attributes struct{}

func (attributes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(blockAttrParser{}, 90)),
		parser.WithInlineParsers(util.Prioritized(spanAttrParser{}, 90)),
		parser.WithASTTransformers(util.Prioritized(attrTransformer{}, 50)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(nothing{}, 100)))
}

// nothing renders the attribute lists a transformer left, as nothing.
type nothing struct{}

func (nothing) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	skip := func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	}
	reg.Register(kindBlockAttrs, skip)
	reg.Register(kindSpanAttrs, skip)
}
