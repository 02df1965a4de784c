package search

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Storage on-call, storage!", []string{"call", "on", "storage"}},
		{"a I x", nil},
		{"Überall Straße 42 ½²", []string{"42", "straße", "½²", "überall"}},
		{strings.Repeat("x", 31) + " ok", []string{"ok"}},
	} {
		if got := Words(tc.in); !cmp.Equal(tc.want, got) {
			t.Errorf("Words(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestText(t *testing.T) {
	in := "<h1 id=\"x\">Fish &amp; chips</h1>\n<script>var no = 1;</script><p>caf&#233; &#x263A; <code>a&lt;b</code></p><style>p{}</style>end"
	if got, want := Text(in), "Fish & chips café ☺ a<b end"; got != want {
		t.Errorf("Text = %q; want %q", got, want)
	}
}

// client reads an index's files as the theme's script does.
type client struct {
	t     *testing.T
	files map[string][]byte
	m     struct {
		Count, Chunk, Top int
		Keys              []string
	}
	loaded map[string]bool
}

func newClient(t *testing.T, files map[string][]byte) *client {
	t.Helper()
	c := &client{t: t, files: files, loaded: map[string]bool{}}
	c.file("index.json", &c.m)
	return c
}

func (c *client) file(name string, v any) {
	c.t.Helper()
	b, ok := c.files[name]
	if !ok {
		c.t.Fatalf("no file %s", name)
	}
	c.loaded[name] = true
	if err := json.Unmarshal(b, v); err != nil {
		c.t.Fatalf("%s: %v", name, err)
	}
}

func (c *client) bytesLoaded() int {
	n := 0
	for name := range c.loaded {
		n += len(c.files[name])
	}
	return n
}

func (c *client) shardKey(t string) string {
	best := ""
	for _, k := range c.m.Keys {
		if strings.HasPrefix(t, k) && len(k) > len(best) {
			best = k
		}
	}
	return best
}

type shardFile struct {
	N map[string][]int
	W map[string][]int
	D map[string][]string
}

func (c *client) shard(k string) shardFile {
	var s shardFile
	c.file("w/"+ShardFile(k), &s)
	return s
}

// wordsFile is a shard's p/ file: the documents of its words with more
// than Top, as (id delta × 32 + score) uvarints, and the title, URL and
// kind of documents by id.
type wordsFile struct {
	tails map[string][]byte
	docs  map[int][]string
}

func (c *client) words(k string) wordsFile {
	c.t.Helper()
	name := "p/" + WordsFile(k)
	b, ok := c.files[name]
	if !ok {
		c.t.Fatalf("no file %s", name)
	}
	c.loaded[name] = true
	w := wordsFile{tails: map[string][]byte{}, docs: map[int][]string{}}
	num := func() int {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			c.t.Fatalf("%s: bad number", name)
		}
		b = b[n:]
		return int(v)
	}
	bytes := func() []byte {
		n := num()
		if n > len(b) {
			c.t.Fatalf("%s: %d bytes past the end", name, n-len(b))
		}
		out := b[:n]
		b = b[n:]
		return out
	}
	for n := num(); n > 0; n-- {
		word := string(bytes())
		w.tails[word] = bytes()
	}
	var kinds []string
	for n := num(); n > 0; n-- {
		kinds = append(kinds, string(bytes()))
	}
	id, url := 0, ""
	for n := num(); n > 0; n-- {
		id += num()
		title := string(bytes())
		shared := num()
		if shared > len(url) {
			c.t.Fatalf("%s: document %d shares %d bytes of the last URL %q", name, id, shared, url)
		}
		url = url[:shared] + string(bytes())
		k := num()
		if k >= len(kinds) {
			c.t.Fatalf("%s: document %d has kind %d of %d", name, id, k, len(kinds))
		}
		w.docs[id] = []string{title, url, kinds[k]}
	}
	if len(b) > 0 {
		c.t.Fatalf("%s: %d bytes left over", name, len(b))
	}
	return w
}

// keys are the keys of the shards that hold the words starting with t:
// the one that holds t, then the longer ones that start with t.
func (c *client) keys(t string) []string {
	keys := []string{c.shardKey(t)}
	for _, k := range c.m.Keys {
		if len(k) > len(t) && strings.HasPrefix(k, t) {
			keys = append(keys, k)
		}
	}
	return keys
}

// node is prefix t's entry, nil when no word starts with it.
func (c *client) node(t string) []int {
	k := c.shardKey(t)
	if k == "" {
		return nil
	}
	return c.shard(k).N[t]
}

// everything is the rank of every document with a word starting with
// t, from its node when complete, else from the words of its shards
// and their p/ files; and the title, URL and kind of the documents
// those files give (the shards' "d" and the p/ files' documents).
func (c *client) everything(t string, nd []int, known map[int][]string) map[int]int {
	ranks := map[int]int{}
	put := func(id, s int, whole bool) {
		r := rank(uint8(s), whole)
		if old, ok := ranks[id]; !ok || r > old {
			ranks[id] = r
		}
	}
	for _, k := range c.keys(t) {
		sh, ws := c.shard(k), c.words(k)
		for id, e := range sh.D {
			n := 0
			fmt.Sscan(id, &n)
			known[n] = e
		}
		maps.Copy(known, ws.docs)
		if nd[0]*2 == len(nd)-1 {
			continue // the node lists them all
		}
		for w, e := range sh.W {
			if !strings.HasPrefix(w, t) {
				continue
			}
			if len(e) > 1 {
				for i := 1; i < len(e); i += 2 {
					put(e[i], e[i+1], w == t)
				}
				continue
			}
			b, ok := ws.tails[w]
			if !ok {
				c.t.Fatalf("%s: no documents for %s in p/%s", k, w, WordsFile(k))
			}
			n, id := 0, 0
			for ; len(b) > 0; n++ {
				v, l := binary.Uvarint(b)
				id += int(v >> 5)
				put(id, int(v&31), w == t)
				b = b[l:]
			}
			if n != e[0] {
				c.t.Errorf("%s: %d documents in p/%s; its entry says %d", w, n, WordsFile(k), e[0])
			}
		}
	}
	if nd[0]*2 == len(nd)-1 {
		for i := 1; i < len(nd); i += 2 {
			ranks[nd[i]] = nd[i+1]
		}
	}
	return ranks
}

// query is the script's query: the number of documents with every
// term, the ids of the best n, and for more terms than one, the title,
// URL and kind of the documents the files loaded for them give, which
// the script shows before their f/ files come.
func (c *client) query(terms []string, n int) (int, []int, map[int][]string) {
	var nodes [][]int
	for _, t := range terms {
		nd := c.node(t)
		if nd == nil {
			return 0, nil, nil
		}
		nodes = append(nodes, nd)
	}
	if len(nodes) == 1 {
		var ids []int
		for i := 1; i < len(nodes[0]) && len(ids) < n; i += 2 {
			ids = append(ids, nodes[0][i])
		}
		return nodes[0][0], ids, nil
	}
	var per []map[int]int
	known := map[int][]string{}
	for i, t := range terms {
		per = append(per, c.everything(t, nodes[i], known))
	}
	type scored struct{ id, score int }
	var all []scored
	for id := 0; id < c.m.Count; id++ {
		titles, wholes, text := 0, 0, 0
		ok := true
		for _, m := range per {
			r, has := m[id]
			if !has {
				ok = false
				break
			}
			if r >= 32 {
				titles++
			}
			wholes += (r >> 4) & 1
			text += r & 15
		}
		if ok {
			all = append(all, scored{id, titles<<20 + wholes<<12 + text})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		return all[i].score > all[j].score || (all[i].score == all[j].score && all[i].id < all[j].id)
	})
	var ids []int
	for _, s := range all[:min(n, len(all))] {
		ids = append(ids, s.id)
		if s.score >= 1<<20 && known[s.id] == nil {
			c.t.Errorf("%q: result %d has a term in its title, but the files loaded do not give its title", terms, s.id)
		}
	}
	return len(all), ids, known
}

// entries are documents' [title, url, kind, excerpt] from the f/ files.
func (c *client) entries(ids []int) [][]string {
	var out [][]string
	for _, id := range ids {
		var entries [][]string
		c.file(fmt.Sprintf("f/%d.json", id/c.m.Chunk), &entries)
		out = append(out, entries[id%c.m.Chunk])
	}
	return out
}

// checkKnown checks that the title, URL and kind known of documents are
// those of their f/ files.
func (c *client) checkKnown(known map[int][]string) {
	c.t.Helper()
	for id, k := range known {
		if e := c.entries([]int{id})[0]; !cmp.Equal(e[:3], k) {
			c.t.Errorf("document %d: the files give %q; its f/ entry is %q", id, k, e[:3])
		}
	}
}

func (c *client) urls(ids []int) []string {
	var out []string
	for _, e := range c.entries(ids) {
		out = append(out, e[1])
	}
	return out
}

// brute ranks docs for terms as the index means to, from the documents
// themselves: every term must start a word of the title or text; then
// more terms in the title, more whole words, more of the text.
func brute(docs []Doc, terms []string, n int) (int, []string) {
	type scored struct {
		url   string
		score int
	}
	var all []scored
	for _, d := range docs {
		e := analyseRef(d)
		total := 0
		ok := true
		for _, t := range terms {
			best := -1
			for _, tm := range e.terms {
				if strings.HasPrefix(tm.w, t) {
					best = max(best, rank(tm.s, tm.w == t))
				}
			}
			if best < 0 {
				ok = false
				break
			}
			if len(terms) == 1 {
				total = best
				continue
			}
			if best >= 32 {
				total += 1 << 20
			}
			total += (best>>4&1)<<12 + best&15
		}
		if ok {
			all = append(all, scored{d.URL, total})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		return all[i].score > all[j].score || (all[i].score == all[j].score && all[i].url < all[j].url)
	})
	var out []string
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.url)
	}
	return len(all), out
}

func TestFiles(t *testing.T) {
	ix := New()
	docs := []Doc{
		{URL: "/b/", Title: "Storage on-call", Kind: "wiki", HTML: "<p>The pager.</p>"},
		{URL: "/a/", Title: "Hello", Kind: "post", HTML: "<p>About <b>storage</b> and streams, storage.</p>"},
		{URL: "/c/", Title: "Other", Kind: "page", HTML: "<p>Nothing here, but stories.</p>"},
		{URL: "/d/", Title: "Store", Kind: "page", HTML: "<p>A store.</p>"},
	}
	ix.Set(docs)
	files := ix.Files()
	c := newClient(t, files)
	for _, tc := range []struct {
		q     []string
		count int
		want  []string
	}{
		// Title matches first, then the rest by how much of the text.
		{[]string{"stor"}, 4, []string{"/d/", "/b/", "/a/", "/c/"}},
		// The whole word before a longer one, in the title and out.
		{[]string{"store"}, 1, []string{"/d/"}},
		{[]string{"storage"}, 2, []string{"/b/", "/a/"}},
		{[]string{"stor", "pager"}, 1, []string{"/b/"}},
		{[]string{"zzz"}, 0, nil},
		{[]string{"stor", "zzz"}, 0, nil},
	} {
		count, ids, known := c.query(tc.q, 20)
		c.checkKnown(known)
		if got := c.urls(ids); count != tc.count || !cmp.Equal(tc.want, got) {
			t.Errorf("%q: %d results %q; want %d %q", tc.q, count, got, tc.count, tc.want)
		}
	}
	var entries [][]string
	if err := json.Unmarshal(files["f/0.json"], &entries); err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Hello", "/a/", "post", "About storage and streams, storage."},
		{"Storage on-call", "/b/", "wiki", "The pager."},
		{"Other", "/c/", "page", "Nothing here, but stories."},
		{"Store", "/d/", "page", "A store."},
	}
	if diff := cmp.Diff(want, entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	// The same documents in another order make the same bytes.
	again := New()
	again.Set([]Doc{docs[2], docs[0], docs[3], docs[1]})
	if !maps.EqualFunc(files, again.Files(), bytes.Equal) {
		t.Error("the files depend on the order of the documents")
	}
	// An edit changes the shards of the words it touches, not others.
	docs[2].HTML = "<p>Nothing here, but stories and pagers.</p>"
	ix.Set(docs)
	var changed []string
	for name, b := range ix.Files() {
		if !bytes.Equal(files[name], b) {
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	if diff := cmp.Diff([]string{"f/0.json", "w/" + ShardFile("an"), "w/" + ShardFile("pa")}, changed); diff != "" {
		t.Errorf("files changed by an edit (-want +got):\n%s", diff)
	}
}

// TestQueries checks the files against the documents on random sites:
// what the script finds for one and two words, and their order, is what
// a look at every document finds.
func TestQueries(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	vocab := strings.Fields("storage stor store stores stream string strong alpha alps beta gamma delta wiki page post note über straße 42 ab")
	text := func(n int) string {
		var b strings.Builder
		for i := r.Intn(n); i >= 0; i-- {
			b.WriteString(vocab[r.Intn(len(vocab))] + " ")
		}
		return b.String()
	}
	for _, size := range []int{5, 60, 400} {
		var docs []Doc
		for i := 0; i < size; i++ {
			docs = append(docs, Doc{URL: fmt.Sprintf("/d/%04d/", i), Title: text(3), Kind: "post", HTML: "<p>" + text(30) + "</p>"})
		}
		ix := New()
		ix.Set(docs)
		c := newClient(t, ix.Files())
		for _, q := range [][]string{{"st"}, {"sto"}, {"stor"}, {"store"}, {"al"}, {"über"}, {"stra"}, {"42"},
			{"stor", "alp"}, {"st", "be"}, {"store", "stream", "42"}, {"ab", "alpha"}} {
			count, ids, known := c.query(q, 20)
			c.checkKnown(known)
			wantCount, want := brute(docs, q, 20)
			if got := c.urls(ids); count != wantCount || !cmp.Equal(want, got) {
				t.Errorf("%d documents, %q: %d results %q; want %d %q", size, q, count, got, wantCount, want)
			}
		}
	}
}

// TestFilesSplit checks that big shards are split, that every word is
// still found, and that one word's lookup stays small on a large site.
func TestFilesSplit(t *testing.T) {
	ix := New()
	var docs []Doc
	for i := 0; i < 10000; i++ {
		docs = append(docs, Doc{URL: fmt.Sprintf("/p/%05d/", i), Title: fmt.Sprintf("Post %d", i), Kind: "post",
			HTML: fmt.Sprintf("<p>storage stream string strong word%d store st%d</p>", i%500, i)})
	}
	ix.Set(docs)
	files := ix.Files()
	if len(files["w/"+ShardFile("st")]) > 1024 {
		t.Errorf("the st shard was not split: %d bytes", len(files["w/"+ShardFile("st")]))
	}
	for _, w := range []string{"storage", "stream", "string", "strong", "store", "st", "st1", "st12", "wo"} {
		c := newClient(t, files)
		count, ids, _ := c.query([]string{w}, 20)
		if (count != 10000 && !strings.HasPrefix(w, "st1")) || len(ids) != 20 {
			t.Errorf("%s: %d documents, %d shown", w, count, len(ids))
		}
		c.urls(ids)
		if n := c.bytesLoaded(); n > 64<<10 {
			t.Errorf("%s: %d bytes loaded for one word", w, n)
		}
	}
	c := newClient(t, files)
	if count, _, _ := c.query([]string{"word499"}, 20); count != 20 {
		t.Errorf("word499: %d documents; want 20", count)
	}
	if count, _, _ := c.query([]string{"storage", "word49"}, 20); count != 220 {
		t.Errorf("storage word49: %d documents; want 220", count)
	}
	for name, b := range files {
		if strings.HasPrefix(name, "w/") && len(b) > 2*splitAt {
			t.Errorf("%s is %d bytes", name, len(b))
		}
	}
}

// TestSetIncremental edits the documents of an index at random, told
// by Set or, for an edit that keeps the set of pages, by Update, and
// checks that its files are always those a new index makes of the same
// documents, and that the files its Changes reported, applied in turn,
// make them too.
func TestSetIncremental(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	vocab := strings.Fields("storage stream string store alpha beta gamma delta wiki page post note über straße 42 x")
	// Words in about Top documents, which gain and lose their t/ files.
	mid := strings.Fields("midway midnight middle mild mile milk mint mist mix mixer mica mime")
	text := func() string {
		var b strings.Builder
		for i := r.Intn(12); i >= 0; i-- {
			if r.Intn(10) < 3 {
				b.WriteString(mid[r.Intn(len(mid))] + " ")
				continue
			}
			b.WriteString(vocab[r.Intn(len(vocab))] + " ")
		}
		return "<p>" + b.String() + "</p>"
	}
	var docs []Doc
	for i := 0; i < 80; i++ {
		docs = append(docs, Doc{URL: fmt.Sprintf("/d/%d/", i), Title: text(), Kind: "post", HTML: text()})
	}
	ix := New()
	ix.Set(docs)
	disk := map[string][]byte{}
	apply := func(step int) {
		files, whole := ix.Changes()
		if whole {
			disk = maps.Clone(ix.Files())
			return
		}
		for name, b := range files {
			if b == nil {
				if _, ok := disk[name]; !ok {
					t.Fatalf("step %d: %s reported gone, but it was never made", step, name)
				}
				delete(disk, name)
				continue
			}
			disk[name] = b
		}
	}
	apply(-1)
	updates := 0
	for step := 0; step < 400; step++ {
		var edited []Doc
		switch r.Intn(6) {
		case 0:
			docs = append(docs, Doc{URL: fmt.Sprintf("/n/%d/", step), Title: text(), Kind: "wiki", HTML: text()})
		case 1:
			i := r.Intn(len(docs))
			docs = append(docs[:i], docs[i+1:]...)
		case 2:
			i := r.Intn(len(docs))
			docs[i].Title = text()
			edited = append(edited, docs[i])
		default:
			for k := r.Intn(3); k >= 0; k-- {
				i := r.Intn(len(docs))
				docs[i].HTML = text()
				edited = append(edited, docs[i])
			}
		}
		if edited != nil && r.Intn(2) == 0 {
			if !ix.Update(edited) {
				t.Fatalf("step %d: Update refused pages the index holds", step)
			}
			updates++
		} else {
			ix.Set(docs)
		}
		apply(step)
		fresh := New()
		fresh.Set(docs)
		want := fresh.Files()
		if got := ix.Files(); !maps.EqualFunc(want, got, bytes.Equal) {
			diff := cmp.Diff(want, got)
			t.Fatalf("step %d: the patched index differs from a new one (-new +patched):\n%s", step, diff)
		}
		if !maps.EqualFunc(want, disk, bytes.Equal) {
			diff := cmp.Diff(want, disk)
			t.Fatalf("step %d: the files Changes reported differ from a new index's (-new +applied):\n%s", step, diff)
		}
	}
	if updates < 100 {
		t.Errorf("only %d edits went through Update", updates)
	}
	if ix.Update([]Doc{{URL: "/not/there/"}}) {
		t.Errorf("Update took a page the index does not hold")
	}
}

// benchDocs is a site like the 10,000-post bench corpus: a few hundred
// common words in every page, and a rare word or two per page.
func benchDocs(n int) []Doc {
	r := rand.New(rand.NewSource(3))
	var common []string
	for i := 0; i < 200; i++ {
		common = append(common, fmt.Sprintf("%c%c%cword%d", 'a'+r.Intn(26), 'a'+r.Intn(26), 'a'+r.Intn(26), i))
	}
	docs := make([]Doc, n)
	for i := range docs {
		var b strings.Builder
		for j := 0; j < 400; j++ {
			b.WriteString(common[r.Intn(len(common))] + " ")
		}
		fmt.Fprintf(&b, "rare%d", i)
		docs[i] = Doc{URL: fmt.Sprintf("/p/%05d/", i), Title: common[r.Intn(len(common))] + " " + common[r.Intn(len(common))], Kind: "post", HTML: "<p>" + b.String() + "</p>"}
	}
	return docs
}

// BenchmarkSetEdit is the index's share of an edit in shine serve: one
// page's text changed, then the files asked for.
//
//	go test ./site/search -run '^$' -bench SetEdit
func BenchmarkSetEdit(b *testing.B) {
	docs := benchDocs(12000)
	ix := New()
	ix.Set(docs)
	ix.Files()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		docs[i%len(docs)].HTML += fmt.Sprintf("<p>now links to page %d</p>", i)
		ix.Set(docs)
		ix.Files()
	}
}

// BenchmarkSet is the index's share of a full build of a site like the
// 10,000-post bench corpus: every page read, the words gathered, every
// file encoded.
//
//	go test ./site/search -run '^$' -bench 'Set$'
func BenchmarkSet(b *testing.B) {
	docs := benchDocs(12000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		New().Set(docs)
	}
}
