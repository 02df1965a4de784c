package markdown

import (
	"html"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Heading ids as Jekyll makes them. Jekyll's kramdown reads Markdown with
// its GFM parser, which names a heading after its text with the formatting
// stripped (the words of a link, not its URL; the code of a code span;
// "--" and "..." as the dash and ellipsis they became), lower-cased, with
// everything but Unicode word characters, dashes, spaces and tabs removed
// and spaces and tabs turned into dashes. Repeats get "-1", "-2", ....
// Goldmark makes its ids from the raw source line before inline parsing,
// so the ids are made here, after it: goldmark's generator only marks
// the headings that need one (those with no {#id} of their own).

// autoIDMark starts the placeholder id goldmark gives a heading without
// an id attribute; gfmHeadingIDs replaces it.
const autoIDMark = "\x00auto-"

// autoIDs is goldmark's id generator for one document: it hands out
// placeholders, unique so that goldmark does not number them itself.
type autoIDs struct{ n int }

func (a *autoIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	a.n++
	return []byte(autoIDMark + strconv.Itoa(a.n))
}

func (a *autoIDs) Put(value []byte) {}

// gfmHeadingIDs replaces the placeholder ids with kramdown's GFM ids,
// or with kramdown's own for input: kramdown; with auto_ids: false it
// removes them.
type gfmHeadingIDs struct{ k *Kramdown }

func (g gfmHeadingIDs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	used := map[string]int{}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		v, ok := h.AttributeString("id")
		if b, isBytes := v.([]byte); !ok || !isBytes || !strings.HasPrefix(string(b), autoIDMark) {
			return ast.WalkSkipChildren, nil
		}
		attrs := h.Attributes()
		h.RemoveAttributes()
		for _, a := range attrs {
			if string(a.Name) != "id" {
				h.SetAttribute(a.Name, a.Value)
			}
		}
		if !g.k.AutoIDs {
			return ast.WalkSkipChildren, nil
		}
		var raw strings.Builder
		headingText(&raw, h, src)
		var id string
		if g.k.GFM {
			id = gfmID(raw.String())
			count, seen := used[id]
			if seen {
				count++
			}
			used[id] = count
			if count > 0 {
				id += "-" + strconv.Itoa(count)
			}
		} else {
			id = kramdownID(raw.String())
			if count, seen := used[id]; seen {
				used[id] = count + 1
				id += "-" + strconv.Itoa(count+1)
			} else {
				used[id] = 0
			}
		}
		id = g.k.AutoIDPrefix + id
		// kramdown writes a made id after the attributes from a list.
		h.SetAttributeString("id", []byte(id))
		return ast.WalkSkipChildren, nil
	})
}

// headingText is kramdown's raw_text of a heading: the text of its
// inline children, with entities and typographic replacements as the
// characters they stand for, and no image alt text or HTML tags.
func headingText(w *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			w.WriteString(html.UnescapeString(string(c.Segment.Value(src))))
		case *ast.String:
			w.WriteString(html.UnescapeString(string(c.Value)))
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if s, ok := t.(*ast.Text); ok {
					w.Write(s.Segment.Value(src))
				} else if s, ok := t.(*ast.String); ok {
					w.Write(s.Value)
				}
			}
		case *ast.AutoLink:
			w.Write(c.Label(src))
		case *ast.Image, *ast.RawHTML:
		default:
			headingText(w, c, src)
		}
	}
}

// gfmID is kramdown-parser-gfm's generate_gfm_header_id without the
// counter: lower case, only word characters, dashes, spaces and tabs
// kept, spaces and tabs as dashes.
func gfmID(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ' || r == '\t':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || unicode.Is(unicode.Pc, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// kramdownID is kramdown's basic_generate_id, for input: kramdown: the
// text from its first ASCII letter on, only ASCII letters, digits,
// spaces and dashes kept, spaces as dashes, lower case; "section" when
// nothing is left.
func kramdownID(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) })
	if i < 0 {
		return "section"
	}
	var b strings.Builder
	for _, r := range s[i:] {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}
