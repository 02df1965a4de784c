package liquid

import (
	"regexp"
	"strings"
	"unicode"
)

// smartPunctuation are SmartyPants' replacements for runs of ASCII,
// longest first.
var smartPunctuation = [][2]string{{"---", "—"}, {"--", "–"}, {"...", "…"}, {"<<", "«"}, {">>", "»"}}

func smartPunct(s string) (from, to string, ok bool) {
	for _, r := range smartPunctuation {
		if strings.HasPrefix(s, r[0]) {
			return r[0], r[1], true
		}
	}
	return "", "", false
}

// smartify approximates Jekyll's SmartyPants converter (kramdown): curly
// quotes, dashes and ellipses in text, HTML tags and entities left alone,
// bare "&", "<" and ">" escaped.
func smartify(s string) string {
	var b strings.Builder
	var prev rune = ' ' // what precedes the current character, for quotes
	for i := 0; i < len(s); {
		rest := s[i:]
		if m := htmlTagRE.FindString(rest); m != "" {
			b.WriteString(m)
			i += len(m)
			continue
		}
		if m := entityRE.FindString(rest); m != "" {
			b.WriteString(m)
			i += len(m)
			prev = 'x'
			continue
		}
		if from, to, ok := smartPunct(rest); ok {
			b.WriteString(to)
			i += len(from)
			prev = []rune(to)[0]
			continue
		}
		if len(rest) > 1 && rest[0] == '\\' && strings.IndexByte("\\.*_+-`()[]{}#!:|\"'$=<>", rest[1]) >= 0 {
			b.WriteString(escapeText(rest[1:2]))
			prev = rune(rest[1])
			i += 2
			continue
		}
		r := []rune(rest[:min(len(rest), 4)])[0]
		n := len(string(r))
		switch r {
		case '\'':
			if decadeRE.MatchString(rest) || !opensQuote(prev) {
				b.WriteString("’")
			} else {
				b.WriteString("‘")
			}
		case '"':
			if opensQuote(prev) {
				b.WriteString("“")
			} else {
				b.WriteString("”")
			}
		default:
			b.WriteString(escapeText(string(r)))
		}
		prev = r
		i += n
	}
	return b.String()
}

var (
	htmlTagRE = regexp.MustCompile(`^</?[A-Za-z][^<>]*>|^<!--(?s:.*?)-->`)
	entityRE  = regexp.MustCompile(`^&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);`)
	decadeRE  = regexp.MustCompile(`^'\d\ds\b`)
)

// opensQuote reports whether a quote after r opens rather than closes.
func opensQuote(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("([{<“‘–—", r)
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escapeText(s string) string { return textEscaper.Replace(s) }
