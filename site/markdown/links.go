package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Links as kramdown reads them, where CommonMark reads them otherwise.
//
// A link definition "[id]: url" has for its URL whatever runs to the end
// of the line, or to a title after white space: spaces and unbalanced
// parentheses included ("[patch]: https://example.com/x)" is one, where
// CommonMark sees a paragraph). The URL may be written "<url>", and the
// title in "..." or '...' on the same line or the next. A URL with white
// space before a quote that does not make a title makes no definition.
// Definitions cannot interrupt a paragraph, as in CommonMark, and a
// later definition of the same id wins.
//
// An inline link's URL, "[text](url)", runs to the parenthesis that
// balances the first, or to white space before a quote, where a title
// must follow; spaces in it are kept ("![](/a b.jpg)" is an image).

// kramdownRef is a link definition. The first definition of an id is
// the one goldmark keeps, so later ones change it in place.
type kramdownRef struct {
	label, dest, title []byte
}

func (r *kramdownRef) String() string      { return string(r.label) }
func (r *kramdownRef) Label() []byte       { return r.label }
func (r *kramdownRef) Destination() []byte { return r.dest }
func (r *kramdownRef) Title() []byte       { return r.title }

var linkDefsKey = parser.NewContextKey()

// linkDefTransformer takes kramdown's link definitions off the start of
// a paragraph, in the place of goldmark's CommonMark ones.
type linkDefTransformer struct{}

func (linkDefTransformer) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	src := reader.Source()
	defs, _ := pc.Get(linkDefsKey).(map[string]*kramdownRef)
	i := 0
	for i < lines.Len() {
		var next []byte
		if i+1 < lines.Len() {
			seg := lines.At(i + 1)
			next = seg.Value(src)
		}
		seg := lines.At(i)
		label, dest, title, used, ok := parseLinkDef(seg.Value(src), next)
		if !ok {
			break
		}
		key := util.ToLinkReference(label)
		if r, ok := defs[key]; ok {
			r.dest, r.title = dest, title
		} else {
			if defs == nil {
				defs = map[string]*kramdownRef{}
				pc.Set(linkDefsKey, defs)
			}
			r := &kramdownRef{label: label, dest: dest, title: title}
			defs[key] = r
			pc.AddReference(r)
		}
		i += used
	}
	if i == 0 {
		return
	}
	if i == lines.Len() {
		node.Parent().RemoveChild(node.Parent(), node)
		return
	}
	rest := lines.Sliced(i, lines.Len())
	lines.Clear()
	lines.AppendAll(rest)
	node.SetLines(lines)
}

// parseLinkDef reads a definition from line, with its title possibly on
// next: its label, URL and title, and how many lines it takes.
func parseLinkDef(line, next []byte) (label, dest, title []byte, used int, ok bool) {
	line = withNewline(line)
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	if i >= len(line) || line[i] != '[' {
		return nil, nil, nil, 0, false
	}
	e := bytes.IndexAny(line[i+1:], "]\n")
	if e <= 0 || line[i+1+e] != ']' {
		return nil, nil, nil, 0, false
	}
	label = line[i+1 : i+1+e]
	i += e + 2
	if i >= len(line) || line[i] != ':' {
		return nil, nil, nil, 0, false
	}
	i++
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	rest := line[i : len(line)-1] // without the newline
	if next != nil {
		next = withNewline(next)
	}
	// "<url>": the first ">" that a title or the end of the line can
	// follow.
	if len(rest) > 0 && rest[0] == '<' {
		for j := 1; j < len(rest); j++ {
			if rest[j] != '>' {
				continue
			}
			if title, used, ok := linkDefEnd(rest[j+1:], next); ok {
				return label, rest[1:j], title, used, true
			}
		}
	}
	// Otherwise the shortest URL with something other than white space
	// in it that a title or the end of the line can follow.
	seen := false
	for j := 1; j <= len(rest); j++ {
		if !isSpace(rest[j-1]) {
			seen = true
		}
		if !seen {
			continue
		}
		if title, used, ok := linkDefEnd(rest[j:], next); ok {
			dest = rest[:j]
			for k := 0; k+1 < len(dest); k++ {
				if (dest[k] == ' ' || dest[k] == '\t') && (dest[k+1] == '"' || dest[k+1] == '\'') {
					// A title kramdown could not read: no definition.
					return nil, nil, nil, 0, false
				}
			}
			return label, dest, title, used, true
		}
	}
	return nil, nil, nil, 0, false
}

func withNewline(b []byte) []byte {
	if len(b) == 0 || b[len(b)-1] != '\n' {
		return append(b[:len(b):len(b)], '\n')
	}
	return b
}

// linkDefEnd matches what follows a definition's URL: a title on the
// next line, a title after white space, or nothing, in that order.
func linkDefEnd(rest, next []byte) (title []byte, used int, ok bool) {
	if blankSpaces(rest) {
		if next != nil {
			t := next
			for len(t) > 0 && (t[0] == ' ' || t[0] == '\t') {
				t = t[1:]
			}
			if title, ok := quotedTitle(t[:len(t)-1]); ok {
				return title, 2, true
			}
		}
		return nil, 1, true
	}
	if rest[0] != ' ' && rest[0] != '\t' {
		return nil, 0, false
	}
	for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
		rest = rest[1:]
	}
	if title, ok := quotedTitle(rest); ok {
		return title, 1, true
	}
	return nil, 0, false
}

// quotedTitle matches a title in quotes with only white space after it
// in b, a line without its newline; the title ends at the first
// matching quote that leaves that.
func quotedTitle(b []byte) ([]byte, bool) {
	if len(b) < 3 || b[0] != '"' && b[0] != '\'' {
		return nil, false
	}
	for j := 2; j < len(b); j++ {
		if b[j] == b[0] && blankSpaces(b[j+1:]) {
			return b[1:j], true
		}
	}
	return nil, false
}

// blankSpaces reports whether b holds only spaces and tabs.
func blankSpaces(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// kramdownDest reads an inline link's "(url)" or "(url "title")" at the
// start of b, as kramdown does: the URL, the title and the length
// read.
func kramdownDest(b []byte) (dest, title []byte, n int, ok bool) {
	if len(b) < 2 || b[0] != '(' {
		return nil, nil, 0, false
	}
	if b[1] == '<' {
		e := bytes.IndexAny(b[2:], ">\n")
		if e < 0 || b[2+e] != '>' {
			return nil, nil, 0, false
		}
		dest = b[2 : 2+e]
		i := 2 + e + 1
		if i < len(b) && b[i] == ')' {
			return dest, nil, i + 1, true
		}
		title, n, ok := inlineTitle(b[i:])
		return dest, title, i + n, ok
	}
	depth := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return bytes.TrimSpace(b[1:i]), nil, i + 1, true
			}
		case isSpace(c) && i+1 < len(b) && (b[i+1] == '"' || b[i+1] == '\''):
			title, n, ok := inlineTitle(b[i+1:])
			return bytes.TrimSpace(b[1:i]), title, i + 1 + n, ok
		}
	}
	return nil, nil, 0, false
}

// inlineTitle reads `"title")` after an inline link's URL, white space
// allowed around the title.
func inlineTitle(b []byte) (title []byte, n int, ok bool) {
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	if i >= len(b) || b[i] != '"' && b[i] != '\'' {
		return nil, 0, false
	}
	q := b[i]
	for j := i + 2; j < len(b); j++ {
		if b[j] != q {
			continue
		}
		k := j + 1
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		if k < len(b) && b[k] == ')' {
			return b[i+1 : j], k + 1, true
		}
	}
	return nil, 0, false
}

// linkParser is goldmark's link parser with kramdown's reading where
// CommonMark has no link or another one. At a "]" followed by a
// "(...)" that CommonMark cannot read, goldmark looks the text up as a
// reference, and finds the URL kramdown reads there. At a "]" followed
// by white space and "[id]", kramdown's reference link with that id,
// goldmark finds id's definition, or no link if there is none.
type linkParser struct {
	goldmark parser.InlineParser
}

func (p linkParser) Trigger() []byte { return p.goldmark.Trigger() }

func (p linkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) < 2 || line[0] != ']' {
		return p.goldmark.Parse(parent, block, pc)
	}
	var ctx inlineRef
	var n int
	if line[1] == '(' {
		dest, title, l, ok := kramdownDest(line[1:])
		if !ok {
			return p.goldmark.Parse(parent, block, pc)
		}
		ctx = inlineRef{Context: pc, ref: &kramdownRef{dest: dest, title: title}}
		n = l
	} else {
		j := 1
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			j++
		}
		if j == 1 || j >= len(line) || line[j] != '[' {
			return p.goldmark.Parse(parent, block, pc)
		}
		k := bytes.IndexAny(line[j+1:], "]\n")
		if k < 0 || line[j+1+k] != ']' {
			return p.goldmark.Parse(parent, block, pc)
		}
		ctx = inlineRef{Context: pc, id: line[j+1 : j+1+k]}
		n = j + k + 1
	}
	l, start := block.Position()
	node := p.goldmark.Parse(parent, block, ctx)
	if node == nil {
		return nil
	}
	if _, pos := block.Position(); pos.Start == start.Start+1 {
		// goldmark took the reference: skip what kramdown read.
		block.SetPosition(l, start)
		block.Advance(1 + n)
		switch link := node.(type) {
		case *ast.Link:
			link.Reference = nil
		case *ast.Image:
			link.Reference = nil
		}
	}
	return node
}

func (p linkParser) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if c, ok := p.goldmark.(parser.CloseBlocker); ok {
		c.CloseBlock(parent, block, pc)
	}
}

// inlineRef answers goldmark's reference look-up with an inline URL, or
// with the definition of id (of the text itself if id is empty).
type inlineRef struct {
	parser.Context
	ref *kramdownRef
	id  []byte
}

func (c inlineRef) Reference(label string) (parser.Reference, bool) {
	if c.ref != nil {
		c.ref.label = []byte(label)
		return c.ref, true
	}
	if len(c.id) > 0 {
		label = util.ToLinkReference(c.id)
	}
	return c.Context.Reference(label)
}

// inlineParsers are goldmark's inline parsers with its link parser
// wrapped by linkParser.
func inlineParsers() []util.PrioritizedValue {
	ps := parser.DefaultInlineParsers()
	link := parser.NewLinkParser()
	for i, v := range ps {
		if v.Value == link {
			ps[i].Value = linkParser{goldmark: link}
		}
	}
	return ps
}

// paragraphTransformers are goldmark's with kramdown's link definitions
// in the place of CommonMark's.
func paragraphTransformers() []util.PrioritizedValue {
	ps := parser.DefaultParagraphTransformers()
	for i, v := range ps {
		if v.Value == parser.LinkReferenceParagraphTransformer {
			ps[i].Value = linkDefTransformer{}
		}
	}
	return ps
}

// linkRenderer writes links and images as kramdown does: the URL as
// written, only escaped for HTML (no percent-encoding), an image's alt
// text as written in its brackets, and "<img ... />".
type linkRenderer struct{}

func (linkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindImage, renderImage)
}

func renderLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<a href="`)
	w.Write(util.EscapeHTML(n.Destination))
	w.WriteByte('"')
	writeTitle(w, n.Title)
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
	}
	w.WriteByte('>')
	return ast.WalkContinue, nil
}

func renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	w.WriteString(`<img src="`)
	w.Write(util.EscapeHTML(n.Destination))
	w.WriteString(`" alt="`)
	w.Write(util.EscapeHTML(altText(source, n.Pos())))
	w.WriteByte('"')
	writeTitle(w, n.Title)
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.ImageAttributeFilter)
	}
	w.WriteString(" />")
	return ast.WalkSkipChildren, nil
}

func writeTitle(w util.BufWriter, title []byte) {
	if title != nil {
		w.WriteString(` title="`)
		html.DefaultWriter.Write(w, title)
		w.WriteByte('"')
	}
}

// altText is the text in the brackets of the image at open ("![..."),
// backslash escapes undone, as kramdown takes an image's alt text.
func altText(source []byte, open int) []byte {
	open++
	if open <= 0 || open >= len(source) || source[open] != '[' {
		return nil
	}
	var alt []byte
	depth := 0
	for i := open; i < len(source); i++ {
		switch c := source[i]; c {
		case '\\':
			if i+1 < len(source) && bytes.IndexByte(escapedChars, source[i+1]) >= 0 {
				i++
				alt = append(alt, source[i])
				continue
			}
		case '[':
			depth++
			if depth == 1 {
				continue
			}
		case ']':
			depth--
			if depth == 0 {
				return alt
			}
		}
		alt = append(alt, source[i])
	}
	return alt
}

// escapedChars are the characters a backslash escapes in kramdown.
var escapedChars = []byte("\\.*_+`<>()[]{}#!:|\"'$=-")
