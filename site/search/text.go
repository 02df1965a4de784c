package search

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words are the words of s as the index keeps them: lower case, letters
// and numbers, two to thirty characters long, sorted, once each.
func Words(s string) []string {
	seen := map[string]bool{}
	var out []string
	tokens(s, func(w string) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	})
	sort.Strings(out)
	return out
}

// tokens calls fn with each word of s the index keeps, in order.
func tokens(s string, fn func(string)) {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		start = -1
		if n := utf8.RuneCountInString(w); n < 2 || n > 30 {
			return
		}
		fn(strings.ToLower(w))
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
}

// Text is the readable text of HTML: tags, scripts and styles removed,
// the common entities decoded, white space collapsed.
func Text(html string) string {
	var b strings.Builder
	b.Grow(len(html) / 2)
	space := true
	for i := 0; i < len(html); {
		c := html[i]
		if c == '<' {
			if i = afterTag(html, i); i < 0 {
				break
			}
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		if c == '&' {
			if j := strings.IndexByte(html[i:], ';'); j > 0 && j < 10 {
				if r, ok := entity(html[i+1 : i+j]); ok {
					b.WriteString(r)
					space = false
					i += j + 1
					continue
				}
			}
		}
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			i++
			continue
		}
		b.WriteByte(c)
		space = false
		i++
	}
	return strings.TrimSpace(b.String())
}

func entity(name string) (string, bool) {
	switch name {
	case "amp":
		return "&", true
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "quot":
		return `"`, true
	case "nbsp":
		return " ", true
	}
	if num, ok := strings.CutPrefix(name, "#"); ok {
		base := 10
		if len(num) > 0 && (num[0] == 'x' || num[0] == 'X') {
			num, base = num[1:], 16
		}
		if n, err := strconv.ParseInt(num, base, 32); err == nil && n > 0 {
			return string(rune(n)), true
		}
	}
	return "", false
}

// clip is the first n characters of s, cut at a word.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return strings.Clone(s)
	}
	i := 0
	for j := range s {
		if i == n {
			s = s[:j]
			break
		}
		i++
	}
	if k := strings.LastIndexByte(s, ' '); k > n/2 {
		s = s[:k]
	}
	return s + "…"
}
