package paste

import (
	"bytes"
	"html/template"
	"path"
	"strings"
	"time"

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
// text. It never fails. The lexer is not coalescing: highlight merges
// tokens itself, so that it sees each token as it is lexed.
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
	return l
}

// KnownLanguage reports whether chroma has a lexer named lang (by name,
// alias or extension).
func KnownLanguage(lang string) bool {
	return lexers.Get(lang) != nil
}

// highlight renders content as an HTML table of line numbers (linking to
// #L1, #L2, …) and escaped, classed code. Above limit bytes it skips
// lexing and shows plain text. Lexing stops at deadline: then ok is false
// and the caller shows plain text instead.
func highlight(content []byte, lang, filename string, limit int, deadline time.Time) (code template.HTML, lexer string, ok bool) {
	if len(content) > limit {
		code, lexer = plainHTML(content)
		return code, lexer, true
	}
	l := lexerFor(lang, filename, content)
	toks, ok := lex(l, string(content), deadline)
	if !ok {
		return "", "", false
	}
	return format(toks), l.Config().Name, true
}

// lex tokenises content with l until deadline, merging runs of tokens of
// one type; ok is false when the deadline passed first.
func lex(l chroma.Lexer, content string, deadline time.Time) (toks []chroma.Token, ok bool) {
	it, err := l.Tokenise(nil, content)
	if err != nil {
		return nil, false
	}
	// Merge runs of tokens of one type, as chroma.Coalesce would, in a
	// buffer: appending to a string each time would be quadratic.
	var run []byte
	runType := chroma.EOFType
	for {
		// time.Now costs tens of nanoseconds; lexing a token costs more.
		if time.Now().After(deadline) {
			return nil, false
		}
		t := it()
		if t.Type != runType && runType != chroma.EOFType {
			toks = append(toks, chroma.Token{Type: runType, Value: string(run)})
			run = run[:0]
		}
		if t == chroma.EOF {
			break
		}
		runType = t.Type
		run = append(run, t.Value...)
	}
	return toks, true
}

// plainHTML renders content as text, with line numbers: linear in the
// size of the content, whatever it holds.
func plainHTML(content []byte) (template.HTML, string) {
	return format([]chroma.Token{{Type: chroma.Text, Value: string(content)}}), lexers.Fallback.Config().Name
}

func format(toks []chroma.Token) template.HTML {
	var b bytes.Buffer
	// The HTML formatter fails only when writing fails; a bytes.Buffer
	// does not.
	formatter.Format(&b, lightStyle, chroma.Literator(toks...))
	// chroma escapes every token, so the paste cannot become markup.
	return template.HTML(b.String())
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
