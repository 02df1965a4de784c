package site

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shine-blog/shine/themes"
)

// compareGolden compares got with testdata/golden/NAME.golden, or
// rewrites it with -update.
func compareGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./site -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", golden, diff)
	}
}

// TestWikiGolden builds the fixture wiki (about thirty pages linking to
// each other in every form, and posts and pages linking into it) and
// pins a page with backlinks, a page with a table of contents, the tree
// at /wiki/ and the broken-link report of shine check.
func TestWikiGolden(t *testing.T) {
	opts := Options{
		Source:      "testdata/wiki/site",
		Destination: filepath.Join(t.TempDir(), "_site"),
		Theme:       themes.Default(),
		Now:         time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC),
	}
	r, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, file string }{
		{"wiki-backlinks", "wiki/Teams/Storage/Oncall/index.html"},
		{"wiki-toc", "wiki/Glossary/index.html"},
		{"wiki-tree", "wiki/index.html"},
		{"wiki-post", "2024/03/01/storage-outage.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(opts.Destination, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			compareGolden(t, tc.name, got)
		})
	}
	t.Run("build warnings", func(t *testing.T) {
		want := []string{
			"_wiki/Policies/Retention.md:3: wiki link [[Policies/Legal hold]]: no wiki page has that path, title or file name",
			"_wiki/Teams/Storage/Capacity.md:3: wiki link [[Capacity 2031]]: no wiki page has that path, title or file name",
		}
		if diff := cmp.Diff(want, r.Warnings); diff != "" {
			t.Errorf("warnings (-want +got):\n%s", diff)
		}
	})
}

func TestWikiAmbiguousLink(t *testing.T) {
	src := t.TempDir()
	write(t, src, "_wiki/A/Oncall.md", "# A on-call\n")
	write(t, src, "_wiki/B/Oncall.md", "# B on-call\n")
	write(t, src, "_wiki/Home.md", "# Home\n\nAsk\n[[oncall]].\n")
	_, err := Build(context.Background(), Options{Source: src, Destination: filepath.Join(src, "_site"), Theme: themes.Default()})
	want := "_wiki/Home.md:4: wiki link [[oncall]] is ambiguous: 2 pages have that file name: A/Oncall, B/Oncall"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("build error = %v; want %q", err, want)
	}
	if _, err := os.Stat(filepath.Join(src, "_site")); !os.IsNotExist(err) {
		t.Error("a failed build wrote the destination")
	}
}

// TestWikiRecent checks /wiki/recent/: pages by their last commit in a
// git repository, else by file time.
func TestWikiRecent(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	src := t.TempDir()
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", src, "-c", "user.name=t", "-c", "user.email=t@example.org"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write(t, src, "_wiki/Old.md", "# Old\n")
	write(t, src, "_wiki/Middle.md", "# Middle\n")
	write(t, src, "_wiki/New.md", "# New\n")
	// File times say Old is newest; the commits say otherwise.
	now := time.Now()
	for i, f := range []string{"New", "Middle", "Old"} {
		ts := now.Add(time.Duration(i) * time.Hour)
		os.Chtimes(filepath.Join(src, "_wiki", f+".md"), ts, ts)
	}
	order := func() []string {
		t.Helper()
		dest := filepath.Join(t.TempDir(), "_site")
		if _, err := Build(context.Background(), Options{Source: src, Destination: dest, Theme: themes.Default()}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dest, "wiki/recent/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range regexp.MustCompile(`<li><a href="/wiki/(\w+)/">`).FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[1])
		}
		return out
	}
	if diff := cmp.Diff([]string{"Old", "Middle", "New"}, order()); diff != "" {
		t.Errorf("by file time (-want +got):\n%s", diff)
	}
	git("2020-01-01T00:00:00Z", "init", "-q")
	git("2020-01-01T00:00:00Z", "add", "_wiki/Old.md")
	git("2020-01-01T00:00:00Z", "commit", "-q", "-m", "old")
	git("2021-01-01T00:00:00Z", "add", "_wiki/Middle.md")
	git("2021-01-01T00:00:00Z", "commit", "-q", "-m", "middle")
	git("2022-01-01T00:00:00Z", "add", "_wiki/New.md")
	git("2022-01-01T00:00:00Z", "commit", "-q", "-m", "new")
	if diff := cmp.Diff([]string{"New", "Middle", "Old"}, order()); diff != "" {
		t.Errorf("by last commit (-want +got):\n%s", diff)
	}
}

func write(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
