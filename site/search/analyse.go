package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// analyser reads documents' words in one pass over their HTML: the
// words that tokens would find in Text(html), counted, and the text of
// the excerpt, without making the whole text. One analyser is used by
// one goroutine at a time and keeps its buffers between documents.
type analyser struct {
	// Every word the analyser has read, by number: a word's string is
	// made once, and shared by every document that has it.
	dict  map[string]int32
	names []string
	count []int32 // the document's count of each word, by number
	seen  []int32 // the numbers of the document's words, in order read
	total int

	word  []byte // the word being read, in lower case
	runes int    // its length in characters

	text  []byte // the start of the text, for the excerpt
	tlen  int    // characters in text
	full  bool   // text holds all the excerpt needs
	space bool   // the text so far ends in a space (or is empty)
}

// analyse reads a document's words and scores them.
func (a *analyser) analyse(d Doc) *entry {
	if a.dict == nil {
		a.dict = map[string]int32{}
	}
	a.seen, a.total = a.seen[:0], 0
	a.word, a.runes = a.word[:0], 0
	a.text, a.tlen, a.full, a.space = a.text[:0], 0, false, true
	a.read(d.HTML)
	a.flush()

	titled := map[string]bool{}
	tokens(d.Title, func(w string) { titled[w] = true })
	terms := make([]term, 0, len(a.seen)+len(titled))
	for _, id := range a.seen {
		w := a.names[id]
		terms = append(terms, term{w: w, s: score(titled[w], int(a.count[id]), a.total)})
	}
	for w := range titled {
		if id, ok := a.dict[w]; !ok || a.count[id] == 0 {
			terms = append(terms, term{w: strings.Clone(w), s: score(true, 0, a.total)})
		}
	}
	for _, id := range a.seen {
		a.count[id] = 0
	}
	text := strings.TrimSpace(string(a.text))
	return &entry{doc: Doc{URL: d.URL, Title: d.Title, Kind: d.Kind}, html: d.HTML, terms: terms, excerpt: clip(text, excerptLen)}
}

// read goes through html as Text does, giving its text to char and
// blank.
func (a *analyser) read(html string) {
	for i := 0; i < len(html); {
		c := html[i]
		if c == '<' {
			if i = afterTag(html, i); i < 0 {
				return
			}
			a.blank()
			continue
		}
		if c == '&' {
			if j := strings.IndexByte(html[i:], ';'); j > 0 && j < 10 {
				if r, ok := entity(html[i+1 : i+j]); ok {
					for _, ch := range r {
						a.char(ch)
					}
					a.keep(r)
					i += j + 1
					continue
				}
			}
		}
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			a.blank()
			i++
			continue
		}
		if c < utf8.RuneSelf {
			// A run of plain ASCII: most of a page's text.
			j := i + 1
			for j < len(html) && plain[html[j]] {
				j++
			}
			run := html[i:j]
			a.keep(run)
			for k := 0; k < len(run); k++ {
				a.ascii(run[k])
			}
			i = j
			continue
		}
		r, n := utf8.DecodeRuneInString(html[i:])
		a.char(r)
		a.keep(html[i : i+n])
		i += n
	}
}

// blank is white space or a tag: one space in the text, the end of a
// word.
func (a *analyser) blank() {
	a.flush()
	if !a.space {
		a.keepRune(' ', " ")
		a.space = true
	}
}

// keep adds s, which is not a blank, to the text.
func (a *analyser) keep(s string) {
	a.space = false
	if a.full {
		return
	}
	for len(s) > 0 && !a.full {
		r, n := utf8.DecodeRuneInString(s)
		a.keepRune(r, s[:n])
		s = s[n:]
	}
}

// keepRune adds r, whose bytes are s, to the text while the excerpt may
// need it: from the first character that is not a space (Text trims
// the rest) until more than excerptLen+1 have been kept and the last is
// not a space, where clip cuts the kept text as it would cut the whole.
func (a *analyser) keepRune(r rune, s string) {
	if a.full {
		return
	}
	sp := unicode.IsSpace(r)
	if a.tlen == 0 && sp {
		return
	}
	a.text = append(a.text, s...)
	a.tlen++
	a.full = a.tlen > excerptLen+1 && !sp
}

// wordByte is an ASCII byte as it is in a word (lower case), or 0 for
// one that ends a word; plain says whether a byte is ASCII that read
// handles as text (not a tag, an entity or a blank).
var wordByte, plain = func() (w [256]byte, p [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			w[c] = byte(c)
		case 'A' <= c && c <= 'Z':
			w[c] = byte(c) + 'a' - 'A'
		}
		p[c] = c != '<' && c != '&' && c != ' ' && c != '\n' && c != '\t' && c != '\r'
	}
	return w, p
}()

// ascii is char for one byte below utf8.RuneSelf.
func (a *analyser) ascii(c byte) {
	if l := wordByte[c]; l != 0 {
		a.word = append(a.word, l)
		a.runes++
	} else if a.runes > 0 {
		a.flush()
	}
}

// char is one character of the text: a letter or number is part of a
// word, anything else ends it.
func (a *analyser) char(r rune) {
	if r < utf8.RuneSelf {
		a.ascii(byte(r))
		return
	}
	if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
		a.flush()
		return
	}
	a.word = utf8.AppendRune(a.word, unicode.ToLower(r))
	a.runes++
}

// flush counts the word read, if the index keeps it.
func (a *analyser) flush() {
	if a.runes >= 2 && a.runes <= 30 {
		a.total++
		id, ok := a.dict[string(a.word)]
		if !ok {
			w := string(a.word)
			id = int32(len(a.names))
			a.dict[w] = id
			a.names = append(a.names, w)
			a.count = append(a.count, 0)
		}
		if a.count[id] == 0 {
			a.seen = append(a.seen, id)
		}
		a.count[id]++
	}
	a.word, a.runes = a.word[:0], 0
}

// afterTag is where the text of html goes on after the tag at i: after
// its '>', or after the body of a script or style (at its end tag); -1
// when the tag has no end.
func afterTag(html string, i int) int {
	end := strings.IndexByte(html[i:], '>')
	if end < 0 {
		return -1
	}
	tag := html[i+1 : i+end]
	i += end + 1
	for _, skip := range [...]string{"script", "style"} {
		if hasPrefixFold(tag, skip) {
			if j := indexFold(html[i:], "</"+skip); j >= 0 {
				i += j
			}
		}
	}
	return i
}

// hasPrefixFold says whether s starts with the lower-case ASCII
// prefix, in any case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// indexFold is strings.Index of the lower-case ASCII sub in s, ignoring
// the case of s. sub starts with '<'.
func indexFold(s, sub string) int {
	for i := 0; i < len(s); i++ {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return -1
		}
		i += j
		if hasPrefixFold(s[i:], sub) {
			return i
		}
	}
	return -1
}
