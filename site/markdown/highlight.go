package markdown

import (
	"bytes"
	"html"
	"io"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// fencedCode renders code blocks and spans the way kramdown and Rouge do
// for Jekyll, so a Jekyll theme's syntax stylesheet applies unchanged:
//
//	<div class="language-go highlighter-rouge"><div class="highlight"><pre class="highlight"><code>…</code></pre></div></div>
//
// with chroma's token classes, which are Pygments' and Rouge's names.
// syntax_highlighter_opts change the default language, the class of
// the <pre> and whether code is highlighted at all.
type fencedCode struct {
	block, span CodeOptions
}

func (f fencedCode) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, f.renderCodeBlock)
	reg.Register(ast.KindCodeBlock, f.renderCodeBlock)
	reg.Register(ast.KindCodeSpan, f.renderCodeSpan)
}

// codeClass is the class kramdown gives highlighted code: the class
// from an attribute list with its "language-x" taken out (x is the
// language when the fence names none, def when nothing does), then
// "language-lang" first and "highlighter-rouge" last.
func codeClass(n ast.Node, lang, def string) (class, language string) {
	own := ""
	if v, ok := n.AttributeString("class"); ok {
		if b, ok := v.([]byte); ok {
			own = string(b)
		}
	}
	var rest []string
	for _, c := range strings.Fields(own) {
		if l, ok := strings.CutPrefix(c, "language-"); ok && l != "" {
			if lang == "" {
				lang = l
			}
			continue
		}
		rest = append(rest, c)
	}
	if lang == "" {
		lang = def
	}
	rest = append(rest, "highlighter-rouge")
	if lang == "" {
		return strings.Join(rest, " "), ""
	}
	return "language-" + lang + " " + strings.Join(rest, " "), lang
}

// writeOtherAttrs writes the attributes from an attribute list other
// than class.
func writeOtherAttrs(w util.BufWriter, n ast.Node) {
	for _, a := range n.Attributes() {
		v, ok := a.Value.([]byte)
		if !ok || string(a.Name) == "class" {
			continue
		}
		w.WriteByte(' ')
		w.Write(a.Name)
		w.WriteString(`="`)
		w.Write(util.EscapeHTML(v))
		w.WriteByte('"')
	}
}

// renderCodeSpan writes inline code with the classes kramdown gives it for
// Jekyll, which themes style.
func (f fencedCode) renderCodeSpan(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</code>")
		return ast.WalkContinue, nil
	}
	var code bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			continue
		}
		v := t.Segment.Value(source)
		if bytes.HasSuffix(v, []byte("\n")) {
			code.Write(v[:len(v)-1])
			code.WriteByte(' ')
			continue
		}
		code.Write(v)
	}
	if f.span.Disable {
		w.WriteString("<code")
		if v, ok := n.AttributeString("class"); ok {
			if b, ok := v.([]byte); ok {
				w.WriteString(` class="`)
				w.Write(util.EscapeHTML(b))
				w.WriteByte('"')
			}
		}
		writeOtherAttrs(w, n)
		w.WriteByte('>')
		w.Write(util.EscapeHTML(code.Bytes()))
		return ast.WalkSkipChildren, nil
	}
	if n.Attributes() == nil && f.span.DefaultLang == "plaintext" {
		w.WriteString(`<code class="language-plaintext highlighter-rouge">`)
		w.Write(util.EscapeHTML(code.Bytes()))
		return ast.WalkSkipChildren, nil
	}
	class, lang := codeClass(n, "", f.span.DefaultLang)
	w.WriteString(`<code class="` + html.EscapeString(class) + `"`)
	writeOtherAttrs(w, n)
	w.WriteByte('>')
	if lang == "plaintext" || lang == "" {
		w.Write(util.EscapeHTML(code.Bytes()))
	} else if err := Highlight(w, code.String(), lang, false); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

// renderCodeBlock writes fenced and indented code as kramdown does with
// Rouge for Jekyll: in two divs, the outer one with the language class.
func (f fencedCode) renderCodeBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var code bytes.Buffer
	lines := node.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(source))
	}
	lang := ""
	if n, ok := node.(*ast.FencedCodeBlock); ok && n.Info != nil {
		lang = string(n.Language(source))
	}
	if f.block.Disable {
		// kramdown's own markup, without a highlighter.
		class, lang := codeClass(node, lang, "")
		class = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(class, "language-"+lang), "highlighter-rouge"))
		w.WriteString("<pre")
		if class != "" {
			w.WriteString(` class="` + html.EscapeString(class) + `"`)
		}
		writeOtherAttrs(w, node)
		w.WriteString("><code")
		if lang != "" {
			w.WriteString(` class="language-` + html.EscapeString(lang) + `"`)
		}
		w.WriteByte('>')
		w.Write(util.EscapeHTML(bytes.TrimSuffix(code.Bytes(), []byte("\n"))))
		w.WriteString("\n</code></pre>\n")
		return ast.WalkSkipChildren, nil
	}
	class, lang := codeClass(node, lang, f.block.DefaultLang)
	w.WriteString(`<div class="` + html.EscapeString(class) + `"`)
	writeOtherAttrs(w, node)
	w.WriteString(`><div class="highlight"><pre class="` + html.EscapeString(f.block.CSSClass) + `"><code>`)
	if lang == "plaintext" {
		lang = ""
	}
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
