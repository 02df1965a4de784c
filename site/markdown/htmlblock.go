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

// HTML blocks as kramdown reads them. A line that starts with the start
// tag of an element that is not a span element (a, em, img, span, ...)
// opens an HTML block that lasts until the element's end tag, blank
// lines and all; CommonMark ends it at the first blank line and turns
// the indented HTML after it into a code block. The content is kept as
// written, unless the tag says markdown="1", "block" or "span": then it
// is read as Markdown, as blocks or as the text of one span, and the
// markdown attribute is dropped. A span element at the start of a line
// starts a paragraph, as in kramdown.
//
// Inside raw content kramdown still reads the tags, so an element there
// whose start tag says markdown="1" (on a line of its own, as a block
// element's must, or a span element's anywhere up to its end tag) has
// its content read as Markdown too: a team page's <aside markdown="1">
// inside a <section>, or <dd markdown="1"> in a <dl>. What follows its
// end tag on that line is raw again. At the top level, what follows a
// Markdown element's end tag is read as Markdown.
//
// Comments, processing instructions and declarations are left to
// goldmark's HTML block parser.

// kramdown's HTML_SPAN_ELEMENTS: these start paragraphs, not blocks.
var spanElements = map[string]bool{
	"a": true, "abbr": true, "acronym": true, "b": true, "big": true, "bdo": true, "br": true,
	"button": true, "cite": true, "code": true, "del": true, "dfn": true, "em": true, "i": true,
	"img": true, "input": true, "ins": true, "kbd": true, "label": true, "mark": true,
	"option": true, "q": true, "rb": true, "rbc": true, "rp": true, "rt": true, "rtc": true,
	"ruby": true, "samp": true, "select": true, "small": true, "span": true, "strong": true,
	"sub": true, "sup": true, "tt": true, "u": true, "var": true,
}

// kramdown's HTML_ELEMENTS_WITHOUT_BODY.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "command": true, "embed": true,
	"hr": true, "img": true, "input": true, "keygen": true, "link": true, "meta": true,
	"param": true, "source": true, "track": true, "wbr": true,
}

// kramdown's HTML_CONTENT_MODEL: what markdown="1" means in an element.
var blockContent = map[string]bool{
	"address": true, "applet": true, "article": true, "aside": true, "blockquote": true,
	"body": true, "dd": true, "details": true, "div": true, "dl": true, "fieldset": true,
	"figure": true, "figcaption": true, "footer": true, "form": true, "header": true,
	"hgroup": true, "iframe": true, "li": true, "main": true, "map": true, "menu": true,
	"nav": true, "noscript": true, "object": true, "section": true, "summary": true, "td": true,
}

var spanContent = map[string]bool{
	"a": true, "abbr": true, "acronym": true, "b": true, "bdo": true, "big": true,
	"button": true, "cite": true, "caption": true, "del": true, "dfn": true, "dt": true,
	"em": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"i": true, "ins": true, "label": true, "legend": true, "optgroup": true, "p": true,
	"q": true, "rb": true, "rbc": true, "rp": true, "rt": true, "rtc": true, "ruby": true,
	"select": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true,
	"th": true, "tt": true,
}

// knownElement reports whether kramdown knows name as HTML (its
// HTML_ELEMENT), in which case tag names are matched ignoring case.
func knownElement(name string) bool {
	return spanElements[name] || voidElements[name] || blockContent[name] || spanContent[name] ||
		blockOnly[name] || name == "script" || name == "style" || name == "math" ||
		name == "textarea" || name == "pre"
}

// The rest of kramdown's HTML_BLOCK_ELEMENTS and raw-content elements.
var blockOnly = map[string]bool{
	"caption": true, "col": true, "colgroup": true, "dt": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "hr": true, "html": true, "head": true,
	"legend": true, "ol": true, "optgroup": true, "p": true, "pre": true, "table": true,
	"tbody": true, "th": true, "thead": true, "tfoot": true, "tr": true, "ul": true,
	"code": true, "kbd": true, "samp": true, "var": true,
}

const (
	htmlRaw = iota
	htmlBlocks
	htmlSpan
)

// htmlElement is an HTML element read as kramdown does.
type htmlElement struct {
	ast.BaseBlock
	name string
	fold bool // match end tags ignoring case
	mode int
	// depth counts the open elements of the same name (raw mode).
	depth int
	done  bool
	// closed is set for a void element or one whose start tag closes
	// itself.
	closed bool
	// voidEnd is where the ">" of a void element's start tag is, for
	// kramdown's "<hr />"; 0 if none.
	voidEnd int
	// dropFrom and dropTo are where the markdown attribute of the
	// start tag is, relative to the tag (readElement).
	dropFrom, dropTo int
	// drops are the markdown attributes in raw content, as [start, end)
	// offsets in the source, which kramdown drops from the tags.
	drops [][2]int
	// skipTo is the end of a comment or a script or style element in
	// raw content whose tags do not count, as an offset in the source.
	skipTo int
	// open is the start tag as written, less any markdown attribute
	// (Markdown modes).
	open []byte
	// tail is what follows the end tag on its line (Markdown modes):
	// written after it inside raw HTML, where tailRead is set once the
	// enclosing element has followed its tags; a paragraph elsewhere.
	tail     text.Segment
	tailRead bool
}

// htmlText is raw HTML inside a raw element after a Markdown element
// nested in it, written as it is.
type htmlText struct {
	ast.BaseBlock
}

var kindHTMLText = ast.NewNodeKind("KramdownHTMLText")

func (n *htmlText) Kind() ast.NodeKind { return kindHTMLText }

func (n *htmlText) IsRaw() bool { return true }

func (n *htmlText) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

var kindHTMLElement = ast.NewNodeKind("KramdownHTMLElement")

func (n *htmlElement) Kind() ast.NodeKind { return kindHTMLElement }

func (n *htmlElement) IsRaw() bool { return n.mode == htmlRaw }

func (n *htmlElement) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.name}, nil)
}

// htmlBlockParser opens kramdown's HTML blocks and hands the rest of
// what starts with "<" to goldmark's HTML block parser.
type htmlBlockParser struct {
	goldmark parser.BlockParser
}

func (p htmlBlockParser) Trigger() []byte { return []byte{'<'} }

// startTag reads a start tag at the start of line: its name, where its
// attributes are, whether it closes itself, and its length. ok is false
// when the line does not start with a whole start tag.
func startTag(line []byte) (name []byte, attrs []byte, selfClosed bool, end int, ok bool) {
	if len(line) < 3 || line[0] != '<' || !isNameStart(line[1]) {
		return nil, nil, false, 0, false
	}
	i := 2
	for i < len(line) && isNameByte(line[i]) {
		i++
	}
	name = line[1:i]
	attrStart := i
	var quote byte
	for ; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			attrs = line[attrStart:i]
			selfClosed = len(attrs) > 0 && attrs[len(attrs)-1] == '/'
			if selfClosed {
				attrs = attrs[:len(attrs)-1]
			}
			if len(attrs) > 0 && !isSpace(attrs[0]) {
				return nil, nil, false, 0, false
			}
			return name, attrs, selfClosed, i + 1, true
		case c == '<':
			return nil, nil, false, 0, false
		}
	}
	return nil, nil, false, 0, false
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// markdownAttr finds markdown="..." among attrs: its value and where
// the attribute (with the space before it) is.
func markdownAttr(attrs []byte) (value string, start, end int, found bool) {
	i := 0
	for i < len(attrs) {
		for i < len(attrs) && isSpace(attrs[i]) {
			i++
		}
		s := i
		for i < len(attrs) && !isSpace(attrs[i]) && attrs[i] != '=' {
			i++
		}
		key := attrs[s:i]
		j := i
		for j < len(attrs) && isSpace(attrs[j]) {
			j++
		}
		var val []byte
		if j < len(attrs) && attrs[j] == '=' {
			j++
			for j < len(attrs) && isSpace(attrs[j]) {
				j++
			}
			if j < len(attrs) && (attrs[j] == '"' || attrs[j] == '\'') {
				q := attrs[j]
				k := bytes.IndexByte(attrs[j+1:], q)
				if k < 0 {
					return "", 0, 0, false
				}
				val = attrs[j+1 : j+1+k]
				j = j + 2 + k
			} else {
				k := j
				for k < len(attrs) && !isSpace(attrs[k]) {
					k++
				}
				val = attrs[j:k]
				j = k
			}
			i = j
		}
		if string(bytes.ToLower(key)) == "markdown" {
			b := s
			for b > 0 && isSpace(attrs[b-1]) {
				b--
			}
			return string(val), b, i, true
		}
		if i == s {
			i++
		}
	}
	return "", 0, 0, false
}

// readElement reads the start tag at line[indent:]: the element, with
// its name, mode and start tag less the markdown attribute, where the
// tag ends, and whether it closes itself.
func readElement(line []byte, indent int) (n *htmlElement, end int, selfClosed bool, ok bool) {
	name, attrs, selfClosed, end, ok := startTag(line[indent:])
	if !ok {
		return nil, 0, false, false
	}
	n = &htmlElement{name: string(name)}
	if lower := string(bytes.ToLower(name)); knownElement(lower) {
		n.name, n.fold = lower, true
	}
	end += indent
	if v, s, e, found := markdownAttr(attrs); found {
		at := indent + 1 + len(name)
		n.dropFrom, n.dropTo = at+s, at+e
		switch v {
		case "1":
			if blockContent[n.name] {
				n.mode = htmlBlocks
			} else if spanContent[n.name] {
				n.mode = htmlSpan
			}
		case "block":
			n.mode = htmlBlocks
		case "span":
			n.mode = htmlSpan
		}
		if n.mode != htmlRaw {
			// The start tag without the markdown attribute.
			tagStart := indent + 1 + len(name)
			n.open = append(n.open, line[indent:tagStart]...)
			n.open = append(n.open, attrs[:s]...)
			n.open = append(n.open, attrs[e:]...)
			if selfClosed {
				n.open = append(n.open, '/')
			}
			n.open = append(n.open, '>')
		}
	}
	if selfClosed || voidElements[n.name] {
		n.mode = htmlRaw
		n.done = true
		n.closed = true
	}
	if n.mode == htmlBlocks && !util.IsBlank(line[end:]) {
		// The rest of the start tag's line is read as raw HTML.
		n.mode = htmlRaw
	}
	return n, end, selfClosed, true
}

// rawParent reports whether node is raw HTML that Markdown elements
// can be nested in.
func rawParent(node ast.Node) bool {
	p, ok := node.(*htmlElement)
	return ok && p.mode == htmlRaw
}

func (p htmlBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	indent := 0
	for indent < 3 && indent < len(line) && line[indent] == ' ' {
		indent++
	}
	n, end, selfClosed, ok := readElement(line, indent)
	if !ok {
		return p.goldmark.Open(parent, reader, pc)
	}
	nested := rawParent(parent)
	if spanElements[n.name] && !nested {
		// A paragraph, as in kramdown.
		return nil, parser.NoChildren
	}
	if n.done && !selfClosed {
		n.voidEnd = seg.Start + end - 1
	}
	if n.dropTo > 0 {
		n.drops = append(n.drops, [2]int{seg.Start + n.dropFrom, seg.Start + n.dropTo})
	}
	switch n.mode {
	case htmlBlocks:
		reader.AdvanceToEOL()
		return n, parser.HasChildren
	case htmlSpan:
		rest := line[end:]
		if i, j := n.endTag(rest); i >= 0 {
			n.Lines().Append(text.NewSegment(seg.Start+end, seg.Start+end+i))
			n.done = true
			n.tail = text.NewSegment(seg.Start+end+j, seg.Stop)
		} else if !util.IsBlank(rest) {
			n.Lines().Append(text.NewSegment(seg.Start+end, seg.Stop))
		}
		reader.AdvanceToEOL()
		return n, parser.NoChildren
	}
	if !n.done {
		n.depth = 1
		if i := n.scanRaw(reader.Source(), seg.Start+end, seg.Stop, true); i >= 0 {
			n.Lines().Append(text.NewSegment(seg.Start, i))
			reader.Advance(i - seg.Start)
			return n, parser.HasChildren
		}
	}
	n.Lines().Append(seg)
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

// endTag is where the first "</name>" in b starts and ends, or -1, -1.
func (n *htmlElement) endTag(b []byte) (start, end int) {
	for i := 0; i < len(b); i++ {
		if b[i] != '<' || i+2 >= len(b) || b[i+1] != '/' {
			continue
		}
		if j := n.nameAt(b, i+2); j > 0 {
			for j < len(b) && isSpace(b[j]) {
				j++
			}
			if j < len(b) && b[j] == '>' {
				return i, j + 1
			}
		}
	}
	return -1, -1
}

// nameAt returns the end of n's name if b has it at i, or -1.
func (n *htmlElement) nameAt(b []byte, i int) int {
	e := i + len(n.name)
	if e > len(b) {
		return -1
	}
	w := b[i:e]
	if n.fold {
		if !bytes.EqualFold(w, []byte(n.name)) {
			return -1
		}
	} else if string(w) != n.name {
		return -1
	}
	if e < len(b) && isNameByte(b[e]) {
		return -1
	}
	return e
}

// scanRaw follows the tags of src[from:to], raw content of n, as
// kramdown's HTML parser reads them: it counts start and end tags of
// n's name, marking n done at its own end tag, notes the markdown
// attributes to drop, and passes over comments and the content of
// script and style elements. If nested, it stops at the start tag of
// an element whose content is Markdown and returns where it is; it
// returns -1 if there is none.
func (n *htmlElement) scanRaw(src []byte, from, to int, nested bool) int {
	for i := from; i < to && !n.done; i++ {
		if i < n.skipTo {
			i = n.skipTo - 1
			continue
		}
		if src[i] != '<' {
			continue
		}
		b := src[i:to]
		if bytes.HasPrefix(b, []byte("<!--")) {
			if k := bytes.Index(src[i+4:], []byte("-->")); k >= 0 {
				n.skipTo = i + 4 + k + 3
			}
			continue
		}
		if len(b) > 1 && b[1] == '/' {
			if j := n.nameAt(b, 2); j > 0 {
				for j < len(b) && isSpace(b[j]) {
					j++
				}
				if j < len(b) && b[j] == '>' {
					n.depth--
					if n.depth == 0 {
						n.done = true
					}
				}
			}
			continue
		}
		c, end, selfClosed, ok := readElement(b, 0)
		if !ok {
			continue
		}
		if nested && c.mode != htmlRaw {
			return i
		}
		if c.dropTo > 0 {
			n.drops = append(n.drops, [2]int{i + c.dropFrom, i + c.dropTo})
		}
		switch {
		case c.name == n.name && !selfClosed:
			n.depth++
		case (c.name == "script" || c.name == "style") && !selfClosed:
			// Up to its end tag, which may be lines away.
			if k, e := c.endTag(src[i+end:]); k >= 0 {
				n.skipTo = i + end + e
			}
		}
		i += end - 1
	}
	return -1
}

func (p htmlBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n, ok := node.(*htmlElement)
	if !ok {
		return p.goldmark.Continue(node, reader, pc)
	}
	if n.done {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	switch n.mode {
	case htmlBlocks:
		// Its end tag at the start of a line ends it, unless an
		// element inside is still open.
		if last, ok := n.LastChild().(*htmlElement); ok && !last.done {
			return parser.Continue | parser.HasChildren
		}
		indent := 0
		for indent < 3 && indent < len(line) && line[indent] == ' ' {
			indent++
		}
		if i, j := n.endTag(line[indent:]); i == 0 {
			n.done = true
			n.tail = text.NewSegment(seg.Start+indent+j, seg.Stop)
			reader.AdvanceToEOL()
			return parser.Close
		}
		return parser.Continue | parser.HasChildren
	case htmlSpan:
		if i, j := n.endTag(line); i >= 0 {
			n.Lines().Append(text.NewSegment(seg.Start, seg.Start+i))
			n.done = true
			n.tail = text.NewSegment(seg.Start+j, seg.Stop)
		} else {
			n.Lines().Append(seg)
		}
		reader.AdvanceToEOL()
		return parser.Continue | parser.NoChildren
	}
	// Raw: a Markdown element nested in it reads its own lines until
	// its end tag; the raw HTML after that on its line is this
	// element's again.
	if c, ok := n.LastChild().(*htmlElement); ok {
		if !c.done {
			return parser.Continue | parser.HasChildren
		}
		if !c.tailRead {
			// Markdown nested in the tail is not read.
			c.tailRead = true
			n.scanRaw(reader.Source(), c.tail.Start, c.tail.Stop, false)
			if n.done {
				return parser.Close
			}
		}
	}
	if i := n.scanRaw(reader.Source(), seg.Start, seg.Stop, true); i >= 0 {
		if i > seg.Start {
			n.addRaw(text.NewSegment(seg.Start, i))
		}
		reader.Advance(i - seg.Start)
		return parser.Continue | parser.HasChildren
	}
	n.addRaw(seg)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

// addRaw adds raw HTML to a raw element: to its own lines until a
// Markdown element is nested in it, to an htmlText after that.
func (n *htmlElement) addRaw(seg text.Segment) {
	if !n.HasChildren() {
		n.Lines().Append(seg)
		return
	}
	t, ok := n.LastChild().(*htmlText)
	if !ok {
		t = &htmlText{}
		n.AppendChild(n, t)
	}
	t.Lines().Append(seg)
}

func (p htmlBlockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	n, ok := node.(*htmlElement)
	if !ok {
		p.goldmark.Close(node, reader, pc)
		return
	}
	if n.mode == htmlRaw || rawParent(n.Parent()) {
		return
	}
	// Outside raw HTML, what follows a Markdown element's end tag on
	// its line is a paragraph, as in kramdown.
	tail := n.tail.TrimLeftSpace(reader.Source())
	n.tail = text.Segment{}
	if tail.IsEmpty() || util.IsBlank(tail.Value(reader.Source())) {
		return
	}
	para := ast.NewParagraph()
	para.Lines().Append(tail.TrimRightSpace(reader.Source()))
	n.Parent().InsertAfter(n.Parent(), n, para)
}

func (p htmlBlockParser) CanInterruptParagraph() bool { return true }

func (p htmlBlockParser) CanAcceptIndentedLine() bool { return false }

// renderHTMLElement writes a raw element as written, with any Markdown
// element nested in it, and a Markdown one as its start tag, its
// converted content and its end tag.
func renderHTMLElement(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*htmlElement)
	if n.mode == htmlRaw {
		if entering {
			writeRaw(w, source, n.Lines(), n)
		}
		return ast.WalkContinue, nil
	}
	if entering {
		w.Write(n.open)
		if n.mode == htmlBlocks {
			w.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	}
	w.WriteString("</" + n.name + ">")
	if n.tail.Stop > n.tail.Start {
		w.Write(n.tail.Value(source))
	} else {
		w.WriteByte('\n')
	}
	return ast.WalkContinue, nil
}

func renderHTMLText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		writeRaw(w, source, node.Lines(), node.Parent().(*htmlElement))
	}
	return ast.WalkSkipChildren, nil
}

// writeRaw writes lines of e's raw content without the markdown
// attributes, and with " /" before the ">" of a void element's tag.
func writeRaw(w util.BufWriter, source []byte, lines *text.Segments, e *htmlElement) {
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		from := seg.Start
		for _, d := range e.drops {
			if d[0] >= from && d[1] <= seg.Stop {
				w.Write(source[from:d[0]])
				from = d[1]
			}
		}
		if e.voidEnd >= from && e.voidEnd > seg.Start && e.voidEnd < seg.Stop {
			w.Write(source[from:e.voidEnd])
			w.WriteString(" /")
			from = e.voidEnd
		}
		w.Write(source[from:seg.Stop])
	}
}

type htmlElementRenderer struct{}

func (htmlElementRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindHTMLElement, renderHTMLElement)
	reg.Register(kindHTMLText, renderHTMLText)
}

// blockParsers are goldmark's block parsers with kramdown's HTML block
// parser in the place of goldmark's, which it uses for comments and
// declarations, and lists numbered only with "1." (see lists.go).
func blockParsers() []util.PrioritizedValue {
	ps := parser.DefaultBlockParsers()
	html := parser.NewHTMLBlockParser()
	list := parser.NewListParser()
	for i, p := range ps {
		switch p.Value {
		case html:
			ps[i].Value = htmlBlockParser{goldmark: html}
		case list:
			ps[i].Value = kramdownLists{list}
		}
	}
	return ps
}

// htmlBlockExt renders kramdown's HTML blocks; see blockParsers.
type htmlBlockExt struct{}

func (htmlBlockExt) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlElementRenderer{}, 100)))
}
