package markdown

import (
	"bytes"
	"html"
	"io"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// fencedCode renders fenced code blocks the way kramdown and Rouge do for
// Jekyll, so a Jekyll theme's syntax stylesheet applies unchanged:
//
//	<div class="language-go highlighter-rouge"><div class="highlight"><pre class="highlight"><code>…</code></pre></div></div>
//
// with chroma's token classes, which are Pygments' and Rouge's names. One
// formatter serves every block: chroma caches its style table per
// formatter, which goldmark-highlighting rebuilds for each block.
type fencedCode struct{}

func (fencedCode) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderFencedCode)
	reg.Register(ast.KindCodeSpan, renderCodeSpan)
}

// renderCodeSpan writes inline code with the classes kramdown gives it for
// Jekyll, which themes style.
func renderCodeSpan(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</code>")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<code class="language-plaintext highlighter-rouge">`)
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			continue
		}
		v := t.Segment.Value(source)
		if bytes.HasSuffix(v, []byte("\n")) {
			w.Write(util.EscapeHTML(v[:len(v)-1]))
			w.WriteByte(' ')
			continue
		}
		w.Write(util.EscapeHTML(v))
	}
	return ast.WalkSkipChildren, nil
}

func renderFencedCode(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(source))
	}
	lang := ""
	if n.Info != nil {
		lang = string(n.Language(source))
	}
	if lang != "" {
		w.WriteString(`<div class="language-` + html.EscapeString(lang) + ` highlighter-rouge">`)
	} else {
		w.WriteString(`<div class="highlighter-rouge">`)
	}
	w.WriteString(`<div class="highlight"><pre class="highlight"><code>`)
	if err := Highlight(w, code.String(), lang, false); err != nil {
		return ast.WalkStop, err
	}
	w.WriteString("</code></pre></div></div>\n")
	return ast.WalkSkipChildren, nil
}

// codeFormatter writes chroma's tokens with CSS classes and no <pre> of
// its own: the callers write Jekyll's wrapper markup.
var codeFormatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true))

// codeFormatterLines puts line numbers in a table before the code, as
// Rouge's do for Jekyll.
var codeFormatterLines = chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithLineNumbers(true), chromahtml.LineNumbersInTable(true))

// Highlight writes code highlighted as lang with CSS classes; an
// unknown or empty language is written as escaped text.
func Highlight(w io.Writer, code, lang string, linenos bool) error {
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexers.Get(lang)
	}
	if lexer == nil {
		if !linenos {
			_, err := io.WriteString(w, html.EscapeString(code))
			return err
		}
		lexer = lexers.Fallback
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		_, err := io.WriteString(w, html.EscapeString(code))
		return err
	}
	f := codeFormatter
	if linenos {
		f = codeFormatterLines
	}
	return f.Format(w, styles.Fallback, it)
}
