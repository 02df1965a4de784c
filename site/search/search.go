// Package search builds a site's search index: the words of every post,
// page and wiki page, written so that a browser answers a query as the
// person types by loading a few small files and decoding almost
// nothing: for every prefix of every word, the best few documents are
// ranked ahead of time.
//
// The files, under the index's folder:
//
//	index.json        {"v":3,"count":N,"chunk":C,"top":K,"keys":["ab","st","sto",...]}
//	w/<hex key>.json  {"n":{"sto":[count,id,rank,id,rank,...],...},
//	                   "w":{"storage":[df,id,score,...],...},
//	                   "d":{"17":[title,url,kind],...}}
//	p/<hex key>.bin   the shard's common words' documents, and the title,
//	                  URL and kind of those with one of its words in the title
//	f/<n>.json        [[title,url,kind,excerpt],...] for ids n*C..
//
// A shard (w/) holds the prefixes that start with its key and no longer
// key: under "n", each prefix's number of documents and its best K, as
// (id, rank) pairs, best first, with the title, URL and kind of those
// documents under "d"; under "w", each word's documents with their
// scores when it has at most K of them, else just their number (the
// rest are in its shard's p/ file, see encodeWords). A
// one-word query shows its results from one shard's "n" and "d", then
// fills in their excerpts from f/. A query of more words fetches at
// once the shards and p/ files of the words that start with each, finds
// the documents that have them all, and shows them with the titles
// those files give, which are those of every result with a word typed
// in its title.
//
// Ranks order a prefix's documents: a word in the title first, then the
// whole word typed rather than a longer one, then how much of the text
// the word is (see score and rank). Keys are the first two letters of
// words, and one letter more wherever a shard would be big. Ids are the
// documents in URL order, so the same pages make the same bytes.
package search

import (
	"maps"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// Doc is one page to index.
type Doc struct {
	URL   string
	Title string
	Kind  string // "post", "page" or "wiki"
	HTML  string // its content, as HTML

	read *entry // what a Reader read of it
}

// Reader reads pages for an index ahead of Set, on the goroutine that
// has them (a build's render workers, while the site renders), so that
// Set does not read them again. A Reader is used by one goroutine at a
// time.
type Reader struct{ a analyser }

// Read returns d with its words read.
func (r *Reader) Read(d Doc) Doc {
	d.read = r.a.analyse(d)
	return d
}

// Chunk is how many documents' entries share one f/ file: few, since
// the results a query shows are spread over the documents.
const Chunk = 16

// Top is how many of a prefix's documents its shard entry ranks.
const Top = 20

// splitAt is the size above which a shard is split by one letter more.
const splitAt = 48 << 10

// excerptLen is how many characters of text a result shows.
const excerptLen = 200

// Index is the search index of a site, kept between builds so that a
// rebuild reads again only the pages that changed and encodes again
// only the files their words touch.
type Index struct {
	entries map[string]*entry // by URL
	urls    []string          // sorted: a document's id is its place here
	ids     map[string]int
	byID    []*entry // the entries in id order

	words   map[string]*word
	members map[string]map[string]struct{} // the words of each two-letter prefix
	groups  map[string]map[string][]byte   // shard files (w/, p/) by path, by two-letter prefix
	chunks  map[int][]byte                 // f/ files by number

	// What changed since the last Changes: whole says every file may
	// have; else edits are the files made again with other bytes (true)
	// or no longer made (false).
	whole bool
	edits map[string]bool
}

type entry struct {
	doc     Doc // without its HTML
	html    string
	terms   []term // once each, in no order
	excerpt string
}

// term is a word of a document and its score there: 16 when the word
// is in the title, plus 0 to 15 for how much of the text it is.
type term struct {
	w string
	s uint8
}

type post struct {
	id int32
	s  uint8
}

// word is the documents with a word, by id, and its best Top by score.
type word struct {
	posts []post
	top   []post
}

// New returns an empty index.
func New() *Index { return &Index{entries: map[string]*entry{}} }

// Set makes the index hold exactly docs, reading again only those that
// changed since the last Set.
func (ix *Index) Set(docs []Doc) {
	next := make(map[string]*entry, len(docs))
	var fresh []Doc
	for _, d := range docs {
		if e := ix.entries[d.URL]; e != nil && e.html == d.HTML && e.doc.Title == d.Title && e.doc.Kind == d.Kind {
			next[d.URL] = e
			continue
		}
		next[d.URL] = nil
		fresh = append(fresh, d)
	}
	same := ix.words != nil && len(next) == len(ix.entries)
	if same {
		for u := range next {
			if _, ok := ix.ids[u]; !ok {
				same = false
				break
			}
		}
	}
	made := analyseAll(fresh)
	if same {
		// The same pages: ids stay; patch the words of the changed ones.
		ix.replace(made)
		return
	}
	for _, e := range made {
		next[e.doc.URL] = e
	}
	ix.entries = next
	ix.rebuild()
}

// Update reads again docs, pages the index holds whose text or title
// changed, and makes again the files their words touch. It is Set for
// a site whose set of pages is the same, told which pages changed; it
// does nothing and returns false when one of docs is not in the index.
func (ix *Index) Update(docs []Doc) bool {
	if ix.words == nil {
		return false
	}
	for _, d := range docs {
		if _, ok := ix.ids[d.URL]; !ok {
			return false
		}
	}
	ix.replace(analyseAll(docs))
	return true
}

// analyseAll analyses docs on all cores: reading the pages' text is
// most of the work of a first build.
func analyseAll(docs []Doc) []*entry {
	made := make([]*entry, len(docs))
	var todo []int // the documents no Reader read
	for i, d := range docs {
		if d.read != nil {
			made[i] = d.read
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) < 4 {
		var a analyser
		for _, i := range todo {
			made[i] = a.analyse(docs[i])
		}
		return made
	}
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var a analyser
			for i := range work {
				made[i] = a.analyse(docs[i])
			}
		}()
	}
	for _, i := range todo {
		work <- i
	}
	close(work)
	wg.Wait()
	return made
}

// replace puts made in place of the entries of the same URLs, all in
// the index, and encodes again the shards and chunks they touch.
func (ix *Index) replace(made []*entry) {
	touched := map[string]bool{}
	chunks := map[int]bool{}
	groups := map[string]bool{}
	for _, e := range made {
		u := e.doc.URL
		old := ix.entries[u]
		ix.entries[u] = e
		ix.byID[ix.ids[u]] = e
		id := ix.ids[u]
		chunks[id/Chunk] = true
		ix.patch(int32(id), old.terms, e.terms, touched)
		if old.doc.Title != e.doc.Title || old.doc.Kind != e.doc.Kind {
			// Shards show the title and kind of the documents they rank.
			for _, ts := range [][]term{old.terms, e.terms} {
				for _, t := range ts {
					groups[prefix(t.w, 2)] = true
				}
			}
		}
	}
	for w := range touched {
		groups[prefix(w, 2)] = true
		if wd := ix.words[w]; len(wd.posts) == 0 {
			delete(ix.words, w)
			delete(ix.members[prefix(w, 2)], w)
		} else {
			wd.ranked()
		}
	}
	ix.encodeGroups(slices.Collect(maps.Keys(groups)))
	for c := range chunks {
		ix.encodeChunk(c)
	}
}

// score is a word's score in a document: 16 when it is in the title,
// plus BM25's term-frequency part (k1 1.2, b 0.75, against a fixed
// length of 300 words, so that no other page changes it) as 0 to 15.
func score(title bool, n, total int) uint8 {
	var s uint8
	if title {
		s = 16
	}
	if n > 0 {
		const k1, b, avg = 1.2, 0.75, 300.0
		tf := float64(n)
		f := tf * (k1 + 1) / (tf + k1*(1-b+b*float64(total)/avg))
		s += uint8(math.Min(15, math.Round(f/(k1+1)*15)))
	}
	return s
}

// rank is where a document comes for a prefix through word w scored s:
// the title first, then the whole word, then the score's text part.
func rank(s uint8, whole bool) int {
	r := int(s>>4) * 2
	if whole {
		r++
	}
	return r*16 + int(s&15)
}

// patch moves document id from the words of old to those of new,
// noting the words whose documents or scores changed.
func (ix *Index) patch(id int32, old, new []term, touched map[string]bool) {
	find := func(wd *word) int {
		return sort.Search(len(wd.posts), func(k int) bool { return wd.posts[k].id >= id })
	}
	was := make(map[string]uint8, len(old))
	for _, t := range old {
		was[t.w] = t.s
	}
	for _, t := range new {
		s, ok := was[t.w]
		delete(was, t.w)
		switch {
		case !ok:
			wd := ix.words[t.w]
			if wd == nil {
				wd = &word{}
				ix.words[t.w] = wd
				ix.member(t.w)
			}
			k := find(wd)
			wd.posts = slices.Insert(wd.posts, k, post{id: id, s: t.s})
		case s != t.s:
			wd := ix.words[t.w]
			wd.posts[find(wd)].s = t.s
		default:
			continue
		}
		touched[t.w] = true
	}
	for w := range was {
		wd := ix.words[w]
		wd.posts = slices.Delete(wd.posts, find(wd), find(wd)+1)
		touched[w] = true
	}
}

// rebuild indexes every document again: the set of pages changed, and
// with it the ids.
func (ix *Index) rebuild() {
	ix.whole, ix.edits = true, nil
	ix.urls = ix.urls[:0]
	for u := range ix.entries {
		ix.urls = append(ix.urls, u)
	}
	sort.Strings(ix.urls)
	ix.ids = make(map[string]int, len(ix.urls))
	ix.byID = make([]*entry, len(ix.urls))
	ix.words = map[string]*word{}
	for id, u := range ix.urls {
		ix.ids[u] = id
		ix.byID[id] = ix.entries[u]
		for _, t := range ix.entries[u].terms {
			wd := ix.words[t.w]
			if wd == nil {
				wd = &word{}
				ix.words[t.w] = wd
			}
			wd.posts = append(wd.posts, post{id: int32(id), s: t.s})
		}
	}
	ix.members = map[string]map[string]struct{}{}
	for w, wd := range ix.words {
		ix.member(w)
		wd.ranked()
	}
	ix.groups = map[string]map[string][]byte{}
	ix.encodeGroups(slices.Collect(maps.Keys(ix.members)))
	ix.whole = true
	ix.chunks = map[int][]byte{}
	for c := 0; c*Chunk < len(ix.urls); c++ {
		ix.encodeChunk(c)
	}
}

// better says whether a comes before b in a ranked list: higher rank,
// then lower id.
func better(ra int, a int32, rb int, b int32) bool { return ra > rb || (ra == rb && a < b) }

// ranked makes a word's best documents.
func (wd *word) ranked() {
	top := make([]post, 0, Top+1)
	for _, p := range wd.posts {
		if len(top) == Top && !better(int(p.s), p.id, int(top[Top-1].s), top[Top-1].id) {
			continue
		}
		k := sort.Search(len(top), func(k int) bool { return better(int(p.s), p.id, int(top[k].s), top[k].id) })
		top = append(top, post{})
		copy(top[k+1:], top[k:])
		top[k] = p
		if len(top) > Top {
			top = top[:Top]
		}
	}
	wd.top = top
}

// ranked is one document of a prefix's ranked list.
type ranked struct {
	id   int32
	rank int
}

// node is a prefix as the encoding of a group makes it: its documents,
// counted in a bit set, and its best Top, once with the whole-word rank
// of its own word (what its shard shows) and once without (what the
// prefixes above it merge).
type node struct {
	name  string
	bits  []uint64
	shown []ranked
	plain []ranked
}

// mergeTop is the best Top of lists, each ranked best first, a document
// once at its best rank.
func mergeTop(lists ...[]ranked) []ranked {
	var all []ranked
	for _, l := range lists {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return better(all[i].rank, all[i].id, all[j].rank, all[j].id) })
	out := make([]ranked, 0, Top)
	seen := make(map[int32]bool, Top)
	for _, r := range all {
		if len(out) == Top {
			break
		}
		if !seen[r.id] {
			seen[r.id] = true
			out = append(out, r)
		}
	}
	return out
}
