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
// rebuild reads again only the pages that changed and encodes again
// only the shards and entry chunks they touch.
type Index struct {
	entries map[string]*entry // by URL
	urls    []string          // sorted: a document's id is its place here
	ids     map[string]int

	postings map[string]*posting // by word
	groups   map[string]*group   // by two-letter key
	chunks   map[int][]byte      // f/ files by number
}

type entry struct {
	doc     Doc // without its HTML
	html    string
	title   []string // the title's words, sorted, once each
	body    []string // the text's words, sorted, once each
	excerpt string
}

// posting is the ids of the documents with a word, ascending.
type posting struct{ title, body []int }

// group is the words sharing their first two letters, and the shard
// files they make: one, or one per three letters when big.
type group struct {
	words []string // sorted
	files map[string][]byte
}

// New returns an empty index.
func New() *Index { return &Index{entries: map[string]*entry{}} }

// Set makes the index hold exactly docs, reading again only those that
// changed since the last Set.
func (ix *Index) Set(docs []Doc) {
	next := make(map[string]*entry, len(docs))
	var changed []string
	for _, d := range docs {
		if e := ix.entries[d.URL]; e != nil && e.html == d.HTML && e.doc.Title == d.Title && e.doc.Kind == d.Kind {
			next[d.URL] = e
			continue
		}
		text := Text(d.HTML)
		next[d.URL] = &entry{doc: Doc{URL: d.URL, Title: d.Title, Kind: d.Kind}, html: d.HTML,
			title: Words(d.Title), body: Words(text), excerpt: clip(text, excerptLen)}
		changed = append(changed, d.URL)
	}
	same := ix.postings != nil && len(next) == len(ix.entries)
	if same {
		for u := range next {
			if _, ok := ix.ids[u]; !ok {
				same = false
				break
			}
		}
	}
	old := ix.entries
	ix.entries = next
	if !same {
		ix.rebuild()
		return
	}
	// The same pages: ids stay; patch the postings of the changed ones.
	touched := map[string]bool{}
	chunks := map[int]bool{}
	for _, u := range changed {
		id := ix.ids[u]
		chunks[id/Chunk] = true
		o, n := old[u], next[u]
		ix.patch(id, o.title, n.title, true, touched)
		ix.patch(id, o.body, n.body, false, touched)
	}
	groups := map[string]bool{}
	for w := range touched {
		k := prefix(w, 2)
		groups[k] = true
		g := ix.groups[k]
		if g == nil {
			g = &group{}
			ix.groups[k] = g
		}
		i, found := sort.SearchStrings(g.words, w), false
		found = i < len(g.words) && g.words[i] == w
		p := ix.postings[w]
		gone := p == nil || (len(p.title) == 0 && len(p.body) == 0)
		switch {
		case gone && found:
			g.words = append(g.words[:i], g.words[i+1:]...)
			delete(ix.postings, w)
		case !gone && !found:
			g.words = append(g.words, "")
			copy(g.words[i+1:], g.words[i:])
			g.words[i] = w
		}
	}
	for k := range groups {
		if len(ix.groups[k].words) == 0 {
			delete(ix.groups, k)
			continue
		}
		ix.encodeGroup(k)
	}
	for c := range chunks {
		ix.encodeChunk(c)
	}
}

// patch moves document id from the postings of the words in old to
// those in new (both sorted), noting the words it touched.
func (ix *Index) patch(id int, old, new []string, title bool, touched map[string]bool) {
	list := func(w string) *[]int {
		p := ix.postings[w]
		if p == nil {
			p = &posting{}
			ix.postings[w] = p
		}
		if title {
			return &p.title
		}
		return &p.body
	}
	i, j := 0, 0
	for i < len(old) || j < len(new) {
		switch {
		case j == len(new) || (i < len(old) && old[i] < new[j]):
			l := list(old[i])
			if k := sort.SearchInts(*l, id); k < len(*l) && (*l)[k] == id {
				*l = append((*l)[:k], (*l)[k+1:]...)
			}
			touched[old[i]] = true
			i++
		case i == len(old) || new[j] < old[i]:
			l := list(new[j])
			k := sort.SearchInts(*l, id)
			*l = append(*l, 0)
			copy((*l)[k+1:], (*l)[k:])
			(*l)[k] = id
			touched[new[j]] = true
			j++
		default:
			i++
			j++
		}
	}
}

// rebuild indexes every document again: the set of pages changed, and
// with it the ids.
func (ix *Index) rebuild() {
	ix.urls = ix.urls[:0]
	for u := range ix.entries {
		ix.urls = append(ix.urls, u)
	}
	sort.Strings(ix.urls)
	ix.ids = make(map[string]int, len(ix.urls))
	ix.postings = map[string]*posting{}
	for id, u := range ix.urls {
		ix.ids[u] = id
		e := ix.entries[u]
		for _, w := range e.title {
			p := ix.postings[w]
			if p == nil {
				p = &posting{}
				ix.postings[w] = p
			}
			p.title = append(p.title, id)
		}
		for _, w := range e.body {
			p := ix.postings[w]
			if p == nil {
				p = &posting{}
				ix.postings[w] = p
			}
			p.body = append(p.body, id)
		}
	}
	ix.groups = map[string]*group{}
	for w := range ix.postings {
		k := prefix(w, 2)
		g := ix.groups[k]
		if g == nil {
			g = &group{}
			ix.groups[k] = g
		}
		g.words = append(g.words, w)
	}
	for k, g := range ix.groups {
		sort.Strings(g.words)
		ix.encodeGroup(k)
	}
	ix.chunks = map[int][]byte{}
	for c := 0; c*Chunk < len(ix.urls); c++ {
		ix.encodeChunk(c)
	}
}

// encodeGroup makes the shard files of the words starting with k.
func (ix *Index) encodeGroup(k string) {
	g := ix.groups[k]
	encoded := make([][]byte, len(g.words))
	size := 0
	for i, w := range g.words {
		p := ix.postings[w]
		var b bytes.Buffer
		b.WriteString("[")
		writeDeltas(&b, p.title)
		b.WriteString(",")
		writeDeltas(&b, p.body)
		b.WriteString("]")
		encoded[i] = b.Bytes()
		size += len(w) + 4 + b.Len()
	}
	shards := map[string][]int{}
	for i, w := range g.words {
		key := k
		if size > splitAt {
			key = prefix(w, 3)
		}
		shards[key] = append(shards[key], i)
	}
	g.files = make(map[string][]byte, len(shards))
	for key, idx := range shards {
		var b bytes.Buffer
		b.WriteString("{")
		for n, i := range idx {
			if n > 0 {
				b.WriteString(",\n")
			}
			b.Write(mustJSON(g.words[i]))
			b.WriteString(":")
			b.Write(encoded[i])
		}
		b.WriteString("}\n")
		g.files[key] = b.Bytes()
	}
}

// encodeChunk makes the f/ file of chunk c.
func (ix *Index) encodeChunk(c int) {
	var chunk []any
	for id := c * Chunk; id < (c+1)*Chunk && id < len(ix.urls); id++ {
		e := ix.entries[ix.urls[id]]
		chunk = append(chunk, []string{e.doc.Title, e.doc.URL, e.doc.Kind, e.excerpt})
	}
	ix.chunks[c] = mustJSON(chunk)
}

// Files are the index's files by path under its folder.
func (ix *Index) Files() map[string][]byte {
	if ix.postings == nil {
		ix.rebuild()
	}
	out := make(map[string][]byte, len(ix.chunks)+2*len(ix.groups)+1)
	for c, b := range ix.chunks {
		out[fmt.Sprintf("f/%d.json", c)] = b
	}
	var keys []string
	for _, g := range ix.groups {
		for key, b := range g.files {
			keys = append(keys, key)
			out["w/"+ShardFile(key)] = b
		}
	}
	sort.Strings(keys)
	out["index.json"] = mustJSON(map[string]any{"v": 1, "chunk": Chunk, "count": len(ix.urls), "keys": keys})
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
