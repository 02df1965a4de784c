package markdown

import (
	"strconv"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Typography as kramdown writes it. Straight quotes are curled by
// kramdown's rules, which look at the character before a quote and the
// ones after it, not at pairs: ")"" closes, a lone " after a space
// opens. Dashes, ellipses and quotes are written as characters (or as
// entity_output says), so text filters count them as Jekyll's do.

// typographicEntity names a typographic character and its code point.
type typographicEntity struct {
	name string
	code rune
}

var (
	entLsquo  = typographicEntity{"lsquo", 0x2018}
	entRsquo  = typographicEntity{"rsquo", 0x2019}
	entLdquo  = typographicEntity{"ldquo", 0x201c}
	entRdquo  = typographicEntity{"rdquo", 0x201d}
	entNdash  = typographicEntity{"ndash", 0x2013}
	entMdash  = typographicEntity{"mdash", 0x2014}
	entHellip = typographicEntity{"hellip", 0x2026}
	entLaquo  = typographicEntity{"laquo", 0x00ab}
	entRaquo  = typographicEntity{"raquo", 0x00bb}
)

// entityNames finds the name of a code point for entity_output:
// symbolic.
var entityNames = map[rune]string{
	0x2018: "lsquo", 0x2019: "rsquo", 0x201c: "ldquo", 0x201d: "rdquo", 0x201a: "sbquo",
	0x201e: "bdquo", 0x00ab: "laquo", 0x00bb: "raquo", 0x2039: "lsaquo", 0x203a: "rsaquo",
	0x00a0: "nbsp", 0x2013: "ndash", 0x2014: "mdash", 0x2026: "hellip", '\'': "apos", '"': "quot",
}

// entityText writes r as entity_output says.
func entityText(r rune, output string) []byte {
	switch output {
	case "numeric":
		return []byte("&#" + strconv.Itoa(int(r)) + ";")
	case "symbolic", "as_input":
		if n, ok := entityNames[r]; ok {
			return []byte("&" + n + ";")
		}
		return []byte("&#" + strconv.Itoa(int(r)) + ";")
	}
	switch r {
	case '"':
		return []byte("&quot;")
	case '&':
		return []byte("&amp;")
	case '<':
		return []byte("&lt;")
	case '>':
		return []byte("&gt;")
	}
	return []byte(string(r))
}

// typography is the goldmark extension: goldmark's typographer for
// dashes, ellipses and angle quotes, written as kramdown writes them,
// and kramdown's smart quotes.
type typography struct {
	k *Kramdown
}

func (t typography) Extend(m goldmark.Markdown) {
	sub := func(e typographicEntity) []byte { return entityText(e.code, t.k.EntityOutput) }
	extension.NewTypographer(extension.WithTypographicSubstitutions(extension.TypographicSubstitutions{
		extension.LeftSingleQuote:  nil,
		extension.RightSingleQuote: nil,
		extension.LeftDoubleQuote:  nil,
		extension.RightDoubleQuote: nil,
		extension.Apostrophe:       nil,
		extension.EnDash:           sub(entNdash),
		extension.EmDash:           sub(entMdash),
		extension.Ellipsis:         sub(entHellip),
		extension.LeftAngleQuote:   sub(entLaquo),
		extension.RightAngleQuote:  sub(entRaquo),
	})).Extend(m)
	q := smartQuoteParser{}
	for i, s := range t.k.SmartQuotes {
		r, _ := utf8.DecodeRuneInString(s)
		q.quotes[i] = entityText(r, t.k.EntityOutput)
	}
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(q, 150)))
}

// smartQuoteParser curls ' and " by kramdown's rules (SQ_RULES in
// kramdown's smart_quotes.rb).
type smartQuoteParser struct {
	quotes [4][]byte // left single, right single, left double, right double
}

func (smartQuoteParser) Trigger() []byte { return []byte{'\'', '"'} }

func (p smartQuoteParser) quote(q byte, left bool) ast.Node {
	i := 0
	if q == '"' {
		i = 2
	}
	if !left {
		i++
	}
	s := ast.NewString(p.quotes[i])
	s.SetCode(true)
	return s
}

// isRubySpace is Ruby's \s.
func isRubySpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
}

// isRubyWord is Ruby's \w on a UTF-8 string: ASCII only.
func isRubyWord(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isSQPunct is kramdown's SQ_PUNCT.
func isSQPunct(c byte) bool {
	switch c {
	case '!', '"', '#', '$', '%', '\'', '(', ')', '*', '+', ',', '-', '.', '/', ':', ';', '<',
		'=', '>', '?', '@', '[', '\\', ']', '^', '_', '`', '{', '|', '}', '~':
		return true
	}
	return false
}

func (p smartQuoteParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	q := line[0]
	next := line[1:]
	at := func(i int) byte {
		if i < len(next) {
			return next[i]
		}
		return 0
	}
	// kramdown sees the character before the quote when it is plain
	// text; after another span (emphasis, code, a link) it does not.
	prevSeen := false
	var prev rune
	switch last := parent.LastChild().(type) {
	case nil:
	case *ast.Text:
		prevSeen = true
		if last.SoftLineBreak() || last.HardLineBreak() || last.Segment.Stop != seg.Start {
			prev = '\n'
		} else {
			prev = block.PrecendingCharacter()
		}
	}
	if prevSeen {
		if isRubySpace(prev) {
			switch {
			case q == '"' && at(0) == '\'' && isRubyWord(at(1)):
				block.Advance(2)
				return p.pair(q, '\'')
			case q == '\'' && at(0) == '"' && isRubyWord(at(1)):
				block.Advance(2)
				return p.pair(q, '"')
			case q == '\'' && isDigit(at(0)) && isDigit(at(1)) && at(2) == 's':
				block.Advance(1)
				return p.quote(q, false)
			case isRubyWord(at(0)):
				block.Advance(1)
				return p.quote(q, true)
			}
			block.Advance(1)
			return p.quote(q, true)
		}
		switch prev {
		case '\\', '[', '{', '(', '-':
			block.Advance(1)
			return p.quote(q, true)
		}
		block.Advance(1)
		return p.quote(q, false)
	}
	switch {
	case (at(0) == '_' || at(0) == '*') && len(next) > 1 && !isRubySpace(rune(at(1))):
		block.Advance(1)
		return p.quote(q, true)
	case len(next) > 0 && isSQPunct(at(0)) && !(at(1) == '.' && at(2) == '.') &&
		(len(next) == 1 || isRubyWord(at(0)) == isRubyWord(at(1))):
		block.Advance(1)
		return p.quote(q, false)
	case q == '"' && at(0) == '\'' && isRubyWord(at(1)):
		block.Advance(2)
		return p.pair(q, '\'')
	case q == '\'' && at(0) == '"' && isRubyWord(at(1)):
		block.Advance(2)
		return p.pair(q, '"')
	case q == '\'' && isDigit(at(0)) && isDigit(at(1)) && at(2) == 's':
		block.Advance(1)
		return p.quote(q, false)
	case at(0) == '\'' || at(0) == '"':
		// The quote itself is the closing character before the next.
		block.Advance(2)
		v := append([]byte{q}, p.quote(at(0), false).(*ast.String).Value...)
		if q == '"' {
			v = append([]byte("&quot;"), v[1:]...)
		}
		r := ast.NewString(v)
		r.SetCode(true)
		return r
	case len(next) == 0 || isRubySpace(rune(at(0))) || at(0) == 's' && !isRubyWord(at(1)):
		block.Advance(1)
		return p.quote(q, false)
	}
	block.Advance(1)
	return p.quote(q, true)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// pair is two opening quotes, as kramdown writes "' before a word.
func (p smartQuoteParser) pair(a, b byte) ast.Node {
	s := p.quote(a, true)
	s.(*ast.String).Value = append(append([]byte{}, s.(*ast.String).Value...), p.quote(b, true).(*ast.String).Value...)
	return s
}
