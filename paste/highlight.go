package paste

import (
	"bytes"
	"html/template"
	"path"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

var (
	formatter = html.New(
		html.WithClasses(true),
		html.WithLineNumbers(true),
		html.LineNumbersInTable(true),
		html.WithLinkableLineNumbers(true, "L"),
		html.TabWidth(4),
	)
	lightStyle = styles.Get("github")
	darkStyle  = styles.Get("github-dark")
)

// lexerFor picks the lexer for a paste: the language asked for, else the
// file name's extension, else chroma's guess from the content, else plain
// text. It never fails.
func lexerFor(lang, filename string, content []byte) chroma.Lexer {
	var l chroma.Lexer
	if lang != "" {
		l = lexers.Get(lang)
	}
	if l == nil && filename != "" {
		l = lexers.Match(path.Base(filename))
	}
	if l == nil {
		l = lexers.Analyse(string(content))
	}
	if l == nil {
		l = lexers.Fallback
	}
	return chroma.Coalesce(l)
}

// KnownLanguage reports whether chroma has a lexer named lang (by name,
// alias or extension).
func KnownLanguage(lang string) bool {
	return lexers.Get(lang) != nil
}

// highlight renders content as an HTML table of line numbers (linking to
// #L1, #L2, …) and escaped, classed code. Above limit bytes it skips
// lexing and shows plain text, to bound the work per request.
func highlight(content []byte, lang, filename string, limit int) (template.HTML, string, error) {
	l := lexers.Fallback
	if len(content) <= limit {
		l = lexerFor(lang, filename, content)
	}
	it, err := l.Tokenise(nil, string(content))
	if err != nil {
		return "", "", err
	}
	var b bytes.Buffer
	if err := formatter.Format(&b, lightStyle, it); err != nil {
		return "", "", err
	}
	// chroma escapes every token, so the paste cannot become markup.
	return template.HTML(b.String()), l.Config().Name, nil
}

// highlightCSS is the stylesheet for highlighted code, light and dark.
func highlightCSS() []byte {
	var b bytes.Buffer
	formatter.WriteCSS(&b, lightStyle)
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	formatter.WriteCSS(&b, darkStyle)
	b.WriteString("}\n")
	return b.Bytes()
}

// langFromExt returns the language for a /{id}.EXT request.
func langFromExt(ext string) string {
	return strings.ToLower(ext)
}
