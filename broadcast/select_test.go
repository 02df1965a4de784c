package broadcast

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/themes"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func post(title, tags, extra string) string {
	return "---\ntitle: " + title + "\ntags: [" + tags + "]\n" + extra + "---\nBody of " + title + ".\n"
}

func selectNext(t *testing.T, dir string, now time.Time) (*content.Site, *content.BroadcastList, []*Issue, []string) {
	t.Helper()
	s, err := content.Load(dir, content.Options{Theme: themes.Default(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	l := s.Config.Broadcast("reads")
	issues, err := Issues(s, "reads")
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, d := range Select(s, l, issues, time.Time{}) {
		titles = append(titles, d.Title)
	}
	return s, l, issues, titles
}

// TestSelection follows a list through three issues and then the posts
// that come, go and change before the fourth.
func TestSelection(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	writeFiles(t, dir, map[string]string{
		"_config.yml": "url: https://example.org\ntimezone: UTC\nbroadcast:\n  reads:\n    title: Reads\n    tags: [reads]\n",
	})
	// Issues 1 to 3, one new post each, made as the writer would.
	for i, p := range []struct{ file, title string }{
		{"_posts/2024-01-01-one.md", "One"}, {"_posts/2024-02-01-two.md", "Two"}, {"_posts/2024-03-01-three.md", "Three"},
	} {
		writeFiles(t, dir, map[string]string{p.file: post(p.title, "reads, go", "")})
		s, l, issues, titles := selectNext(t, dir, now)
		if !slices.Equal(titles, []string{p.title}) {
			t.Fatalf("issue %d: selected %v, want [%s]", i+1, titles, p.title)
		}
		if _, err := WriteIssue(dir, l, issues, Select(s, l, issues, time.Time{}), now.Add(time.Duration(i-3)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, issues, titles := selectNext(t, dir, now); len(titles) != 0 || len(issues) != 3 {
		t.Fatalf("after issue 3: %d issues, selected %v, want nothing new", len(issues), titles)
	}

	writeFiles(t, dir, map[string]string{
		// Tagged after issue 3 went out, but dated long before it.
		"_posts/2023-06-01-back-dated.md": post("Back-dated", "reads", ""),
		// Issue 3's post, edited since: new title, new text, new tags.
		"_posts/2024-03-01-three.md": post("Three, revised", "reads, extra", "") + "\nA new paragraph.\n",
		// Never: untagged, a draft, a future post, an unpublished one.
		"_posts/2024-05-01-untagged.md": post("Untagged", "go", ""),
		"_drafts/draft.md":              post("Draft", "reads", ""),
		"_posts/2024-12-01-future.md":   post("Future", "reads", ""),
		"_posts/2024-05-02-hidden.md":   post("Unpublished", "reads", "published: false\n"),
	})
	_, _, _, titles := selectNext(t, dir, now)
	if !slices.Equal(titles, []string{"Back-dated"}) {
		t.Fatalf("issue 4 selects %v, want only the back-dated post", titles)
	}

	// A post whose file moved but whose URL stayed (a permalink in its
	// front matter) is the same post.
	os.Remove(filepath.Join(dir, "_posts/2024-01-01-one.md"))
	writeFiles(t, dir, map[string]string{"_posts/2024-01-02-one-renamed.md": post("One", "reads", "permalink: /2024/01/01/one.html\n")})
	_, _, _, titles = selectNext(t, dir, now)
	if !slices.Equal(titles, []string{"Back-dated"}) {
		t.Fatalf("after a move: selects %v, want only the back-dated post", titles)
	}

	// --since leaves out what is older.
	s, l, issues, _ := selectNext(t, dir, now)
	if got := Select(s, l, issues, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)); len(got) != 0 {
		t.Errorf("since 2024: got %d posts, want none", len(got))
	}
	b, err := os.ReadFile(filepath.Join(dir, "_broadcasts/reads/0003.md"))
	if err != nil || !strings.Contains(string(b), "number: 3\n") || !strings.Contains(string(b), "id: _posts/2024-03-01-three.md\n") {
		t.Errorf("issue 3 file: %v\n%s", err, b)
	}
}
