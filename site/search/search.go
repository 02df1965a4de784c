// Package search builds a site's search index: the words of every post,
// page and wiki page, split into small files by the first letters of
// the words (as Pagefind does), so that a browser looking up a word
// loads only the shard that holds it and the few result entries it
// shows, never one big file before the first result.
//
// The files, under the index's folder:
//
//	index.json        {"v":1,"chunk":32,"count":N,"keys":["ab","st","sto",...]}
//	w/<hex key>.json  {"storage":[[title ids],[body ids]],...} ids delta-coded
//	f/<n>.json        [[title,url,kind,excerpt],...] for ids n*chunk..
//
// A word is in the shard of the longest key that starts it; keys are the
// first two letters of words, or three where two would make a big
// shard. Ids are the documents in URL order, so the same pages make the
// same bytes.
package search

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Doc is one page to index.
type Doc struct {
	URL   string
	Title string
	Kind  string // "post", "page" or "wiki"
	HTML  string // its content, as HTML
}

// Chunk is how many documents' entries share one f/ file.
const Chunk = 32

// splitAt is the size above which a two-letter shard is split by
// three letters.
const splitAt = 48 << 10

// excerptLen is how many characters of text a result shows.
const excerptLen = 240

// Index is the search index of a site, kept between builds so that a
// rebuild reads again only the pages that changed.
type Index struct {
	entries map[string]*entry // by URL
	seed    maphash.Seed
}

type entry struct {
	sig     uint64
	doc     Doc
	title   []string // the title's words, sorted, once each
	body    []string // the text's words, sorted, once each
	excerpt string
}

// New returns an empty index.
func New() *Index { return &Index{entries: map[string]*entry{}, seed: maphash.MakeSeed()} }

// Set makes the index hold exactly docs, reading again only those that
// changed since the last Set.
func (ix *Index) Set(docs []Doc) {
	next := make(map[string]*entry, len(docs))
	for _, d := range docs {
		var h maphash.Hash
		h.SetSeed(ix.seed)
		h.WriteString(d.Title)
		h.WriteByte(0)
		h.WriteString(d.Kind)
		h.WriteByte(0)
		h.WriteString(d.HTML)
		sig := h.Sum64()
		if e := ix.entries[d.URL]; e != nil && e.sig == sig {
			next[d.URL] = e
			continue
		}
		text := Text(d.HTML)
		next[d.URL] = &entry{sig: sig, doc: Doc{URL: d.URL, Title: d.Title, Kind: d.Kind},
			title: Words(d.Title), body: Words(text), excerpt: clip(text, excerptLen)}
	}
	ix.entries = next
}

// Files are the index's files by path under its folder.
func (ix *Index) Files() map[string][]byte {
	urls := make([]string, 0, len(ix.entries))
	for u := range ix.entries {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	out := map[string][]byte{}

	// postings[word] = ids with the word in the title, and in the body.
	type posting struct{ title, body []int }
	postings := map[string]*posting{}
	get := func(w string) *posting {
		p := postings[w]
		if p == nil {
			p = &posting{}
			postings[w] = p
		}
		return p
	}
	var chunk []any
	for id, u := range urls {
		e := ix.entries[u]
		for _, w := range e.title {
			p := get(w)
			p.title = append(p.title, id)
		}
		for _, w := range e.body {
			p := get(w)
			p.body = append(p.body, id)
		}
		chunk = append(chunk, []string{e.doc.Title, e.doc.URL, e.doc.Kind, e.excerpt})
		if len(chunk) == Chunk || id == len(urls)-1 {
			out[fmt.Sprintf("f/%d.json", id/Chunk)] = mustJSON(chunk)
			chunk = nil
		}
	}

	// Shards: by two letters, split by three where big.
	words := make([]string, 0, len(postings))
	for w := range postings {
		words = append(words, w)
	}
	sort.Strings(words)
	encoded := make(map[string][]byte, len(words))
	byKey := map[string][]string{}
	size := map[string]int{}
	for _, w := range words {
		p := postings[w]
		var b bytes.Buffer
		b.WriteString("[")
		writeDeltas(&b, p.title)
		b.WriteString(",")
		writeDeltas(&b, p.body)
		b.WriteString("]")
		encoded[w] = b.Bytes()
		k := prefix(w, 2)
		byKey[k] = append(byKey[k], w)
		size[k] += len(w) + 4 + b.Len()
	}
	shards := map[string][]string{}
	for k, ws := range byKey {
		if size[k] <= splitAt {
			shards[k] = ws
			continue
		}
		for _, w := range ws {
			k3 := prefix(w, 3)
			shards[k3] = append(shards[k3], w)
		}
	}
	keys := make([]string, 0, len(shards))
	for k, ws := range shards {
		keys = append(keys, k)
		var b bytes.Buffer
		b.WriteString("{")
		for i, w := range ws {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.Write(mustJSON(w))
			b.WriteString(":")
			b.Write(encoded[w])
		}
		b.WriteString("}\n")
		out["w/"+ShardFile(k)] = b.Bytes()
	}
	sort.Strings(keys)
	out["index.json"] = mustJSON(map[string]any{"v": 1, "chunk": Chunk, "count": len(urls), "keys": keys})
	return out
}

// ShardFile is the file name of the shard for key: the hex of its UTF-8
// bytes, so that any letter makes a plain file name.
func ShardFile(key string) string { return hex.EncodeToString([]byte(key)) + ".json" }

// writeDeltas writes ids, ascending, as a JSON array of differences.
func writeDeltas(b *bytes.Buffer, ids []int) {
	b.WriteByte('[')
	prev := 0
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(id - prev))
		prev = id
	}
	b.WriteByte(']')
}

// prefix is the first n letters of w (all of it when shorter).
func prefix(w string, n int) string {
	i := 0
	for j := range w {
		if i == n {
			return w[:j]
		}
		i++
	}
	return w
}

func mustJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // strings, numbers and lists only
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Words are the words of s as the index keeps them: lower case, letters
// and digits, two to thirty characters long, sorted, once each.
func Words(s string) []string {
	seen := map[string]bool{}
	var out []string
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := strings.ToLower(s[start:end])
		start = -1
		if n := utf8.RuneCountInString(w); n < 2 || n > 30 || seen[w] {
			return
		}
		seen[w] = true
		out = append(out, w)
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	sort.Strings(out)
	return out
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
			end := strings.IndexByte(html[i:], '>')
			if end < 0 {
				break
			}
			tag := strings.ToLower(html[i+1 : i+end])
			i += end + 1
			for _, skip := range []string{"script", "style"} {
				if strings.HasPrefix(tag, skip) {
					if j := strings.Index(strings.ToLower(html[i:]), "</"+skip); j >= 0 {
						i += j
					}
				}
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
		return s
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
