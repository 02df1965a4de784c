package search

import (
	"bytes"
	"maps"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// analyseRef is what analyser.analyse must make, the plain way: the
// words of Text(html), and the excerpt clipped from the whole text.
func analyseRef(d Doc) *entry {
	text := Text(d.HTML)
	counts := map[string]int{}
	total := 0
	tokens(text, func(w string) {
		counts[w]++
		total++
	})
	titled := map[string]bool{}
	tokens(d.Title, func(w string) { titled[w] = true })
	var terms []term
	for w, n := range counts {
		terms = append(terms, term{w: w, s: score(titled[w], n, total)})
	}
	for w := range titled {
		if counts[w] == 0 {
			terms = append(terms, term{w: w, s: score(true, 0, total)})
		}
	}
	sort.Slice(terms, func(i, j int) bool { return terms[i].w < terms[j].w })
	return &entry{doc: Doc{URL: d.URL, Title: d.Title, Kind: d.Kind}, html: d.HTML, terms: terms, excerpt: clip(text, excerptLen)}
}

// randomHTML is HTML made of pieces that test the edges of Text: tags,
// scripts and styles in any case, entities, runs of blanks, letters of
// other scripts, and words around 2 and 30 characters.
func randomHTML(r *rand.Rand) string {
	pieces := []string{
		"<p>", "</p>", "<em>", "<br/>", "<SCRIPT>var xx = 1;</script>", "<style>p { color: red }</STYLE>",
		"<script src=x>", "&amp;", "&lt;", "&nbsp;", "&#233;", "&#x41;", "&bogus;", "&", ";", " ", "  ", "\n", "\t",
		"café", "Ünïcode", "日本語", "☺", "ſcript", "x", "ab", "AB", "Storage", "shard-7", "3.14",
		strings.Repeat("a", 30), strings.Repeat("b", 31), "word", "Word", "WORD", "<", ">",
	}
	var b strings.Builder
	for n := r.Intn(300); n > 0; n-- {
		b.WriteString(pieces[r.Intn(len(pieces))])
		if r.Intn(3) == 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// TestAnalyseAgrees checks the one-pass analyser against analyseRef on
// random HTML, reusing one analyser as the index does.
func TestAnalyseAgrees(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	var a analyser
	for i := 0; i < 3000; i++ {
		d := Doc{URL: "/p/", Title: "Storage word café", Kind: "post", HTML: randomHTML(r)}
		want, got := analyseRef(d), a.analyse(d)
		sort.Slice(got.terms, func(i, j int) bool { return got.terms[i].w < got.terms[j].w })
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(entry{}, term{}, Doc{})); diff != "" {
			t.Fatalf("analyse(%q) differs (-ref +got):\n%s", d.HTML, diff)
		}
	}
}

// BenchmarkAnalyse reads pages like the bench corpus's, as a build
// does: most of the index's share of a full build.
//
//	go test ./site/search -run '^$' -bench Analyse
func BenchmarkAnalyse(b *testing.B) {
	docs := benchDocs(200)
	var a analyser
	b.SetBytes(int64(len(docs[0].HTML)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.analyse(docs[i%len(docs)])
	}
}

// TestReaderAhead: pages read ahead by Readers, some of them, make the
// same files as pages Set reads itself.
func TestReaderAhead(t *testing.T) {
	docs := benchDocs(300)
	plain := New()
	plain.Set(docs)
	var r1, r2 Reader
	ahead := make([]Doc, len(docs))
	for i, d := range docs {
		switch i % 3 {
		case 0:
			ahead[i] = r1.Read(d)
		case 1:
			ahead[i] = r2.Read(d)
		default:
			ahead[i] = d
		}
	}
	ix := New()
	ix.Set(ahead)
	if want, got := plain.Files(), ix.Files(); !maps.EqualFunc(want, got, bytes.Equal) {
		t.Errorf("read ahead, the index differs:\n%s", cmp.Diff(want, got))
	}
}
