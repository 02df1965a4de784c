package deps

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func fields(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

func read(names ...string) Fields { return Fields{Names: fields(names...)} }

// TestStale follows one output written in generation 1 through changes of
// each kind of input it read, and of inputs it did not.
func TestStale(t *testing.T) {
	tr := New()
	at := tr.Next()
	r := &Reads{}
	r.Key("posts")
	r.Layout("post")
	r.Include("_includes/nav.html")

	tests := []struct {
		name   string
		change Input
		fields map[string]bool
		read   Fields
		want   bool
	}{
		{"an unread layout", Layout("page"), nil, AllFields, false},
		{"an unread include", Include("_includes/footer.html"), nil, AllFields, false},
		{"an unread key", Key("tags"), nil, AllFields, false},
		{"the URL index, not asked for", URLs, nil, AllFields, false},
		{"a read key, in an unread field", Key("posts"), fields("content"), read("title"), false},
		{"a read key, in a read field", Key("posts"), fields("title"), read("title"), true},
		{"a read key, in any field", Key("posts"), nil, read("title"), true},
		{"a read key, whole documents read", Key("posts"), fields("content"), AllFields, true},
		{"a read layout", Layout("post"), nil, read(), true},
		{"a read include", Include("_includes/nav.html"), nil, read(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := New()
			tr.gen = at
			tr.Next()
			tr.Changed(tt.change, tt.fields)
			if got := tr.Stale(r, at, tt.read); got != tt.want {
				t.Errorf("Stale after a change of %v = %v, want %v", tt.change, got, tt.want)
			}
			if tr.Stale(r, tr.Gen(), AllFields) {
				t.Errorf("an output written in the generation of the change is stale")
			}
		})
	}
	if !tr.Stale(nil, at, AllFields) {
		t.Errorf("a render nothing is known of is not stale")
	}
}

func TestStaleAllKeysAndURLs(t *testing.T) {
	tr := New()
	at := tr.Next()
	whole := &Reads{}
	whole.Key("*")
	links := &Reads{}
	links.ReadURLs()
	tr.Next()
	tr.Changed(Key("static_files"), nil)
	if !tr.Stale(whole, at, read()) {
		t.Errorf("a render of the whole site variable is not stale after a key changed")
	}
	if tr.Stale(links, at, AllFields) {
		t.Errorf("a render that read only URLs is stale after a key changed")
	}
	tr.Changed(URLs, nil)
	if !tr.Stale(links, at, AllFields) {
		t.Errorf("a render that read URLs is not stale after they changed")
	}
}

// TestChangedSinceHistory checks the field history of one document: each
// change is judged by the fields it touched after the output was written,
// and an output older than the kept history counts as touched.
func TestChangedSinceHistory(t *testing.T) {
	tr := New()
	doc := Doc("_posts/a.md")
	g1 := tr.Next()
	tr.Changed(doc, fields("content"))
	g2 := tr.Next()
	tr.Changed(doc, fields("title"))
	if !tr.ChangedSince(doc, g1-1, read("content")) {
		t.Errorf("the content change after generation %d was missed", g1-1)
	}
	if tr.ChangedSince(doc, g1, read("content")) {
		t.Errorf("the title change counted for a reader of content only")
	}
	if !tr.ChangedSince(doc, g1, read("title")) {
		t.Errorf("the title change was missed")
	}
	if tr.ChangedSince(doc, g2, AllFields) {
		t.Errorf("an output written after the last change is stale")
	}
	if got := tr.ChangedAt(doc); got != g2 {
		t.Errorf("ChangedAt = %d, want %d", got, g2)
	}
	for i := 0; i < historyLen; i++ {
		tr.Next()
		tr.Changed(doc, fields("content"))
	}
	if !tr.ChangedSince(doc, g1, read("title")) {
		t.Errorf("an output older than the kept history is not stale")
	}
	if n := len(tr.history[doc].edits); n != historyLen {
		t.Errorf("history keeps %d edits, want %d", n, historyLen)
	}
}

func TestDirtyReaders(t *testing.T) {
	tr := New()
	tr.Next()
	tr.Read("b.html", Doc("_posts/a.md"))
	tr.Read("a.html", Doc("_posts/a.md"))
	tr.Read("a.html", Key("posts"))
	tr.Read("tags.html", Key("tags"))
	tr.Read("feed.xml", Key("*"))
	tr.Read("sitemap.xml", Sitemap)
	tr.Next()
	tr.Changed(Doc("_posts/a.md"), nil)
	tr.Changed(Key("posts"), nil)
	want := []string{"a.html", "b.html", "feed.xml"}
	if diff := cmp.Diff(want, tr.DirtyReaders()); diff != "" {
		t.Errorf("DirtyReaders (-want +got):\n%s", diff)
	}
	tr.Clean()
	if got := tr.DirtyReaders(); len(got) != 0 {
		t.Errorf("after Clean: %v", got)
	}
	if tr.ChangedAt(Key("posts")) != tr.Gen() {
		t.Errorf("Clean forgot when posts changed")
	}
	tr.Reset()
	if tr.ChangedAt(Key("posts")) != 0 {
		t.Errorf("Reset kept when posts changed")
	}
	tr.Changed(Sitemap, nil)
	if got := tr.DirtyReaders(); len(got) != 0 {
		t.Errorf("Reset kept the readers: %v", got)
	}
}

func TestReadsInputs(t *testing.T) {
	var none *Reads
	none.Key("posts") // a nil Reads records nothing, and does not panic
	none.Include("x")
	none.Layout("x")
	none.ReadURLs()
	if none.Inputs() != nil {
		t.Errorf("nil Reads has inputs")
	}
	r := &Reads{}
	r.Key("tags")
	r.Key("posts")
	r.Layout("post")
	r.Layout("default")
	r.Include("_includes/b.html")
	r.Include("_includes/a.html")
	r.ReadURLs()
	want := []Input{Key("posts"), Key("tags"), Layout("post"), Layout("default"),
		Include("_includes/a.html"), Include("_includes/b.html"), URLs}
	if diff := cmp.Diff(want, r.Inputs()); diff != "" {
		t.Errorf("Inputs (-want +got):\n%s", diff)
	}
}
