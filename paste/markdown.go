package paste

import (
	"bytes"
	"html"
	"html/template"
	"path"
	"strings"
	"time"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Markdown pastes are rendered with the site's goldmark setup (GFM,
// footnotes, definition lists, smart typography, heading ids, fenced
// code highlighted by chroma), configured here so that paste stands
// alone, with one difference: raw HTML is shown as text, never markup.
//
// goldmark cannot be stopped part way, and some inputs cost it time that
// grows with the square of their size (a blockquote nested thousands
// deep), so only pastes up to markdownLimit, nested at most
// markdownDepth, are rendered; fenced code stops at the render deadline
// like any highlight. The rest are shown as source.
const (
	markdownLimit = 64 << 10
	markdownDepth = 16
)

// markdownKey is the render cache's language for a rendered Markdown
// view, which no chroma lexer is named.
const markdownKey = "\x00markdown"

// isMarkdown reports whether a paste in lang (or, without one, with
// filename) is Markdown, shown rendered.
func isMarkdown(lang, filename string) bool {
	switch strings.ToLower(lang) {
	case "markdown", "md", "mkd":
		return true
	case "":
		ext := strings.ToLower(path.Ext(filename))
		return ext == ".md" || ext == ".markdown"
	}
	return false
}

// renderMarkdown renders src, or reports false when it is too large or
// too deeply nested to render safely.
func renderMarkdown(src []byte, deadline time.Time) (template.HTML, bool) {
	if len(src) > markdownLimit || tooDeep(src) {
		return "", false
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM,
			extension.NewFootnote(extension.WithFootnoteBacklinkHTML("&#8617;")),
			extension.DefinitionList, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		// No html.WithUnsafe: link and image URLs such as javascript:
		// are dropped too.
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(pasteNodes{deadline}, 100))),
	)
	var b bytes.Buffer
	b.WriteString(`<div class="markdown">`)
	if err := md.Convert(src, &b); err != nil {
		return "", false
	}
	b.WriteString("</div>")
	return template.HTML(b.String()), true
}

// tooDeep reports whether a line of src opens more than markdownDepth
// nested blockquotes or lists.
func tooDeep(src []byte) bool {
	for line := range bytes.Lines(src) {
		depth := 0
		for i := 0; i < len(line); i++ {
			switch c := line[i]; {
			case c == ' ' || c == '\t':
			case c == '>':
				depth++
			case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
				depth++
			case c >= '0' && c <= '9':
				j := i
				for j < len(line) && line[j] >= '0' && line[j] <= '9' {
					j++
				}
				if j < len(line) && (line[j] == '.' || line[j] == ')') {
					depth++
					i = j
					continue
				}
				i = len(line)
			default:
				i = len(line)
			}
		}
		if depth > markdownDepth {
			return true
		}
	}
	return false
}

// pasteNodes renders raw HTML as text and highlights fenced code until
// the deadline.
type pasteNodes struct{ deadline time.Time }

func (r pasteNodes) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.rawHTML)
	reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	reg.Register(ast.KindFencedCodeBlock, r.fencedCode)
}

func (pasteNodes) rawHTML(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := n.(*ast.RawHTML).Segments
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			w.WriteString(html.EscapeString(string(seg.Value(source))))
		}
	}
	return ast.WalkSkipChildren, nil
}

func (pasteNodes) htmlBlock(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.HTMLBlock)
	w.WriteString(`<pre class="raw-html">`)
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		w.WriteString(html.EscapeString(string(seg.Value(source))))
	}
	if b.HasClosure() {
		w.WriteString(html.EscapeString(string(b.ClosureLine.Value(source))))
	}
	w.WriteString("</pre>\n")
	return ast.WalkSkipChildren, nil
}

var fenceFormatter = chromahtml.New(chromahtml.WithClasses(true))

func (r pasteNodes) fencedCode(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(source))
	}
	if lang := string(b.Language(source)); lang != "" {
		if l := lexers.Get(lang); l != nil {
			if toks, ok := lex(l, code.String(), r.deadline); ok {
				var out bytes.Buffer
				if fenceFormatter.Format(&out, lightStyle, chroma.Literator(toks...)) == nil {
					w.Write(out.Bytes())
					return ast.WalkSkipChildren, nil
				}
			}
		}
	}
	w.WriteString("<pre><code>")
	w.WriteString(html.EscapeString(code.String()))
	w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}
