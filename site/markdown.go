package site

import (
	"bytes"
	"strconv"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// markdown converts Markdown to HTML the way a Jekyll site expects from
// kramdown: GFM, footnotes, definition lists, smart typography, raw HTML
// kept, heading ids as kramdown makes them, and fenced code highlighted by
// chroma with CSS classes.
type markdown struct {
	md goldmark.Markdown
}

func newMarkdown() *markdown {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			// kramdown's back link is a plain ↩ (no emoji variation selector).
			extension.NewFootnote(extension.WithFootnoteBacklinkHTML("&#8617;")),
			extension.DefinitionList,
			extension.Typographer,
			highlighting.NewHighlighting(
				highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
				highlighting.WithGuessLanguage(false),
			),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
	return &markdown{md: md}
}

// convert renders src, appending to dst.
func (m *markdown) convert(dst *bytes.Buffer, src []byte) error {
	ctx := parser.NewContext(parser.WithIDs(&kramdownIDs{used: map[string]int{}}))
	return m.md.Convert(src, dst, parser.WithContext(ctx))
}

func (m *markdown) String(src string) (string, error) {
	var b bytes.Buffer
	if err := m.convert(&b, []byte(src)); err != nil {
		return "", err
	}
	return b.String(), nil
}

// kramdownIDs makes heading ids the way kramdown's basic_generate_id does,
// so in-page links written for a Jekyll site keep working: leading
// non-letters dropped, anything but letters, digits, spaces and dashes
// dropped, spaces to dashes, lower case, "section" when nothing is left,
// and "-1", "-2" for repeats.
type kramdownIDs struct {
	used map[string]int
}

func (k *kramdownIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	i := 0
	for i < len(value) && !isLetter(value[i]) {
		i++
	}
	var b []byte
	for _, c := range value[i:] {
		switch {
		case isLetter(c) || c >= '0' && c <= '9' || c == '-':
			b = append(b, c|toLowerBit(c))
		case c == ' ':
			b = append(b, '-')
		}
	}
	id := string(b)
	if id == "" {
		id = "section"
	}
	if n, ok := k.used[id]; ok {
		k.used[id] = n + 1
		id = id + "-" + strconv.Itoa(n+1)
	} else {
		k.used[id] = 0
	}
	return []byte(id)
}

func (k *kramdownIDs) Put(value []byte) { k.used[util.BytesToReadOnlyString(value)] = 0 }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func toLowerBit(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return 0x20
	}
	return 0
}
