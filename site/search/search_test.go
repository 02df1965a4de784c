package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand"
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
		{"Überall Straße 42", []string{"42", "straße", "überall"}},
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

// lookup finds the documents with a word starting with term, as the
// theme's script does: from the manifest's keys to the shards.
func lookup(t *testing.T, files map[string][]byte, term string) (title, body []int) {
	t.Helper()
	var m struct {
		Keys  []string
		Chunk int
	}
	if err := json.Unmarshal(files["index.json"], &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range m.Keys {
		if !strings.HasPrefix(term, k) && !strings.HasPrefix(k, term) {
			continue
		}
		var shard map[string][2][]int
		if err := json.Unmarshal(files["w/"+ShardFile(k)], &shard); err != nil {
			t.Fatalf("shard %q: %v", k, err)
		}
		for w, p := range shard {
			if !strings.HasPrefix(w, term) {
				continue
			}
			for i, dst := range []*[]int{&title, &body} {
				id := 0
				for _, d := range p[i] {
					id += d
					*dst = append(*dst, id)
				}
			}
		}
	}
	return title, body
}

func TestFiles(t *testing.T) {
	ix := New()
	docs := []Doc{
		{URL: "/b/", Title: "Storage on-call", Kind: "wiki", HTML: "<p>The pager.</p>"},
		{URL: "/a/", Title: "Hello", Kind: "post", HTML: "<p>About <b>storage</b> and streams.</p>"},
		{URL: "/c/", Title: "Other", Kind: "page", HTML: "<p>Nothing here.</p>"},
	}
	ix.Set(docs)
	files := ix.Files()
	title, body := lookup(t, files, "stor")
	if !cmp.Equal([]int{1}, title) || !cmp.Equal([]int{0}, body) {
		t.Errorf("stor: title ids %v, body ids %v; want [1] (/b/) and [0] (/a/)", title, body)
	}
	var entries [][]string
	if err := json.Unmarshal(files["f/0.json"], &entries); err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Hello", "/a/", "post", "About storage and streams."},
		{"Storage on-call", "/b/", "wiki", "The pager."},
		{"Other", "/c/", "page", "Nothing here."},
	}
	if diff := cmp.Diff(want, entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	// The same documents in another order make the same bytes.
	again := New()
	again.Set([]Doc{docs[2], docs[0], docs[1]})
	if !cmp.Equal(files, again.Files()) {
		t.Error("the files depend on the order of the documents")
	}
	// An edit changes the shards of the words it touches, not others.
	docs[2].HTML = "<p>Nothing here, storage.</p>"
	ix.Set(docs)
	edited := ix.Files()
	var changed []string
	for name, b := range edited {
		if string(files[name]) != string(b) {
			changed = append(changed, name)
		}
	}
	if diff := cmp.Diff([]string{"f/0.json", "w/" + ShardFile("st")}, sorted(changed)); diff != "" {
		t.Errorf("files changed by an edit (-want +got):\n%s", diff)
	}
}

// TestFilesSplit checks that a big two-letter shard is split by three
// letters, that every word is still found, and that one word's lookup
// stays small on a large site.
func TestFilesSplit(t *testing.T) {
	ix := New()
	var docs []Doc
	for i := 0; i < 10000; i++ {
		docs = append(docs, Doc{URL: fmt.Sprintf("/p/%05d/", i), Title: fmt.Sprintf("Post %d", i), Kind: "post",
			HTML: fmt.Sprintf("<p>storage stream string strong word%d store</p>", i%500)})
	}
	ix.Set(docs)
	files := ix.Files()
	if _, ok := files["w/"+ShardFile("st")]; ok {
		t.Error("the st shard was not split")
	}
	for _, w := range []string{"storage", "stream", "string", "strong", "store"} {
		if _, body := lookup(t, files, w); len(body) != 10000 {
			t.Errorf("%s: %d documents; want 10000", w, len(body))
		}
	}
	if _, body := lookup(t, files, "word499"); len(body) != 20 {
		t.Errorf("word499: %d documents; want 20", len(body))
	}
	if n := len(files["w/"+ShardFile("sto")]); n > splitAt {
		t.Errorf("the sto shard is %d bytes", n)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestSetIncremental edits the documents of an index at random and
// checks that its files are always those a new index makes of the same
// documents, whether the edit kept the set of pages or changed it.
func TestSetIncremental(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	vocab := strings.Fields("storage stream string store alpha beta gamma delta wiki page post note über straße 42 x")
	text := func() string {
		var b strings.Builder
		for i := r.Intn(12); i >= 0; i-- {
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
	for step := 0; step < 300; step++ {
		switch r.Intn(6) {
		case 0:
			docs = append(docs, Doc{URL: fmt.Sprintf("/n/%d/", step), Title: text(), Kind: "wiki", HTML: text()})
		case 1:
			i := r.Intn(len(docs))
			docs = append(docs[:i], docs[i+1:]...)
		case 2:
			docs[r.Intn(len(docs))].Title = text()
		default:
			docs[r.Intn(len(docs))].HTML = text()
		}
		ix.Set(docs)
		fresh := New()
		fresh.Set(docs)
		if want, got := fresh.Files(), ix.Files(); !maps.EqualFunc(want, got, bytes.Equal) {
			diff := cmp.Diff(want, got)
			t.Fatalf("step %d: the patched index differs from a new one (-new +patched):\n%s", step, diff)
		}
	}
}
