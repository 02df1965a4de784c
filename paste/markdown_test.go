package paste_test

import (
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shine-blog/shine/paste"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const markdownPaste = "# Notes *on* things\n\nSome *em*, **strong**, `code` and \"quotes\" -- smart.\n\n" +
	"<script>alert(1)</script>\n\nInline <b onclick=\"x()\">bold</b> and [a link](javascript:alert(1)) and [fine](https://example.com).\n\n" +
	"| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\nTerm\n: Definition\n\nA note.[^1]\n\n[^1]: The footnote.\n\n" +
	"```go\nfunc main() { fmt.Println(\"<hi>\") }\n```\n\n```\n<plain>\n```\n"

// TestMarkdownPaste: Markdown pastes are rendered like the site renders
// Markdown, with raw HTML shown as text, and a link to the source.
func TestMarkdownPaste(t *testing.T) {
	s := newServer(t, nil)
	a := create(t, s, markdownPaste, "lang=markdown")
	w := do(t, s, httptest.NewRequest("GET", path(a.URL), nil))
	body := w.Body.String()
	start, end := strings.Index(body, `<div class="markdown">`), strings.Index(body, `<details class="report">`)
	if w.Code != 200 || start < 0 || end < start {
		t.Fatalf("GET: %d, no rendered Markdown:\n%s", w.Code, body)
	}
	got := body[start:end]
	golden := filepath.Join("testdata", "markdown.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("rendered Markdown (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"<script", "<b onclick", "javascript:"} {
		if strings.Contains(got, bad) {
			t.Errorf("rendered Markdown holds %q", bad)
		}
	}
	if !strings.Contains(body, `<a href="/`+a.ID+`?view=source" id="toggle">source</a>`) {
		t.Error("no link to the source")
	}
	src := do(t, s, httptest.NewRequest("GET", path(a.URL)+"?view=source", nil)).Body.String()
	if !strings.Contains(src, `class="lntable"`) || !strings.Contains(src, `<a href="/`+a.ID+`" id="toggle">rendered</a>`) || strings.Contains(src, `<div class="markdown">`) {
		t.Errorf("source view:\n%s", src)
	}
	// A .md file name chooses Markdown too; lang wins over it.
	b := create(t, s, "# Title\n", "filename=README.md")
	if !strings.Contains(do(t, s, httptest.NewRequest("GET", path(b.URL), nil)).Body.String(), `<h1 id="title">Title</h1>`) {
		t.Error("README.md not rendered")
	}
	c := create(t, s, "# Title\n", "filename=README.md&lang=text")
	if strings.Contains(do(t, s, httptest.NewRequest("GET", path(c.URL), nil)).Body.String(), `<h1`) {
		t.Error("lang=text rendered as Markdown")
	}
}

// TestMarkdownPathological: inputs on which goldmark takes quadratic time
// are shown as source, at once.
func TestMarkdownPathological(t *testing.T) {
	s := newServer(t, nil)
	for _, in := range []string{strings.Repeat("> ", 20000), strings.Repeat("- ", 20000), strings.Repeat("[", 300<<10)} {
		a := create(t, s, in, "lang=markdown")
		start := time.Now()
		w := do(t, s, httptest.NewRequest("GET", path(a.URL), nil))
		if d := time.Since(start); w.Code != 200 || d > 2*time.Second {
			t.Errorf("%.6q…: %d in %v", in, w.Code, d)
		}
		if strings.Contains(w.Body.String(), `<div class="markdown">`) {
			t.Errorf("%.6q…: rendered", in)
		}
	}
	_ = paste.MinExpiry
}
