package content

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// writeSite writes files (path -> text) under a new temporary folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var buildTime = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func TestLoadURLs(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"_config.yml": "timezone: UTC\n",
		// The acceptance post: -0800 evening is the next day in UTC.
		"_posts/2022-01-20-amazon-gems.md": "---\ntitle: Amazon Gems\ndate: 2022-01-20 22:35:00 -0800\ncategories: supertan\ntags: supertan\n---\nx\n",
		// Categories from folders come first, then front matter's.
		"a/b/_posts/2022-1-5-nested.md":   "---\ncategories: [Go, go]\n---\n",
		"_posts/2022-02-01-custom.md":     "---\npermalink: /:year/:title/\n---\n",
		"_posts/2022-02-02-trailing...md": "---\n---\n",
		"about.md":                        "---\ntitle: About\n---\n",
		"docs/index.html":                 "---\n---\n",
		"feed.xml":                        "---\n---\n",
		"plain.txt":                       "static\n",
		"_notes/x.md":                     "---\n---\n",
	})
	s, err := Load(dir, Options{Now: buildTime})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range s.Posts {
		got[d.Path] = d.URL + " -> " + d.Dest
	}
	for _, d := range s.Pages {
		got[d.Path] = d.URL + " -> " + d.Dest
	}
	for _, f := range s.Static {
		got[f.Path] = "static " + f.Dest
	}
	want := map[string]string{
		"_posts/2022-01-20-amazon-gems.md": "/supertan/2022/01/21/amazon-gems.html -> supertan/2022/01/21/amazon-gems.html",
		"a/b/_posts/2022-1-5-nested.md":    "/a/b/go/2022/01/05/nested.html -> a/b/go/2022/01/05/nested.html",
		"_posts/2022-02-01-custom.md":      "/2022/custom/ -> 2022/custom/index.html",
		"_posts/2022-02-02-trailing...md":  "/2022/02/02/trailing.html -> 2022/02/02/trailing.html",
		"about.md":                         "/about.html -> about.html",
		"docs/index.html":                  "/docs/ -> docs/index.html",
		"feed.xml":                         "/feed.xml -> feed.xml",
		"plain.txt":                        "static plain.txt",
		"_notes/x.md":                      "",
	}
	delete(want, "_notes/x.md") // underscore folders that are not collections are skipped
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var nested *Document
	for _, d := range s.Posts {
		if strings.Contains(d.Path, "nested") {
			nested = d
		}
	}
	if diff := cmp.Diff([]string{"a", "b", "Go", "go"}, nested.Categories); diff != "" {
		t.Errorf("categories (-want +got):\n%s", diff)
	}
	if nested.Title != "Nested" {
		t.Errorf("title from file name = %q, want Nested", nested.Title)
	}
}

func TestLoadTimeZone(t *testing.T) {
	post := "---\ndate: 2022-01-20 22:35:00 -0800\ncategories: supertan\n---\n"
	for _, tc := range []struct{ zone, want string }{
		{"UTC", "/supertan/2022/01/21/amazon-gems.html"},
		{"America/Los_Angeles", "/supertan/2022/01/20/amazon-gems.html"},
	} {
		t.Run(tc.zone, func(t *testing.T) {
			dir := writeSite(t, map[string]string{
				"_config.yml":                      "timezone: " + tc.zone + "\n",
				"_posts/2022-01-20-amazon-gems.md": post,
			})
			s, err := Load(dir, Options{Now: buildTime})
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Posts[0].URL; got != tc.want {
				t.Errorf("URL = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestLoadPublishing(t *testing.T) {
	files := map[string]string{
		"_posts/2022-01-01-now.md":       "---\n---\n",
		"_posts/2999-01-01-later.md":     "---\n---\n",
		"_posts/2022-01-02-hidden.md":    "---\npublished: false\n---\n",
		"_drafts/idea.md":                "---\ndate: 2022-03-01\n---\n",
		"_posts/notes.md":                "---\n---\n",
		"_posts/2022-01-03-ordered-b.md": "---\ndate: 2022-01-03 10:00\n---\n",
		"_posts/2022-01-03-ordered-a.md": "---\ndate: 2022-01-03 10:00\n---\n",
	}
	names := func(s *Site) []string {
		var out []string
		for _, d := range s.Posts {
			out = append(out, d.Slug)
		}
		return out
	}
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"default: no drafts, future or unpublished; same dates by path", Options{}, []string{"now", "ordered-a", "ordered-b"}},
		{"future", Options{Future: true}, []string{"now", "ordered-a", "ordered-b", "later"}},
		{"drafts", Options{Drafts: true}, []string{"now", "ordered-a", "ordered-b", "idea"}},
		{"unpublished", Options{Unpublished: true}, []string{"now", "hidden", "ordered-a", "ordered-b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Now = buildTime
			s, err := Load(writeSite(t, files), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, names(s)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "_posts/notes.md: skipped") {
				t.Errorf("warnings = %q, want one about _posts/notes.md", s.Warnings)
			}
		})
	}
}

func TestLoadDefaults(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"_config.yml": `defaults:
  - scope: {path: ""}
    values: {layout: default, author: site}
  - scope: {path: "", type: posts}
    values: {layout: post}
  - scope: {path: "_posts/special"}
    values: {author: special}
  - scope: {path: "projects/*"}
    values: {layout: project}
`,
		"_layouts/default.html":          "{{ content }}",
		"_layouts/post.html":             "{{ content }}",
		"_layouts/project.html":          "{{ content }}",
		"_layouts/own.html":              "{{ content }}",
		"_posts/2022-01-01-a.md":         "---\n---\n",
		"_posts/special/2022-01-02-b.md": "---\nlayout: own\n---\n",
		"page.md":                        "---\n---\n",
		"projects/x/index.md":            "---\n---\n",
	})
	s, err := Load(dir, Options{Now: buildTime})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range append(append([]*Document{}, s.Posts...), s.Pages...) {
		got[d.Path] = d.Layout + " " + d.Data["author"].(string)
	}
	want := map[string]string{
		"_posts/2022-01-01-a.md":         "post site",
		"_posts/special/2022-01-02-b.md": "own special",
		"page.md":                        "default site",
		"projects/x/index.md":            "project site",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"_config.yml":               "title: x\n",
		"_posts/2022-01-01-a.md":    "---\ntitle: A\nlayout: missing\n---\n",
		"_posts/2022-13-45-bad.md":  "---\n---\n",
		"_posts/2022-01-02-date.md": "---\ndate: yesterday\n---\n",
		"_posts/2022-01-03-yaml.md": "---\ntitle: [\n---\n",
	})
	_, err := Load(dir, Options{Now: buildTime})
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{
		`_posts/2022-01-01-a.md:3: layout "missing" not found`,
		`_posts/2022-13-45-bad.md: invalid date "2022-13-45" in the file name`,
		`_posts/2022-01-02-date.md:2: `,
		`_posts/2022-01-03-yaml.md:2: front matter: did not find expected node content`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"bad time zone", "title: x\ntimezone: Mars/Olympus\n", "_config.yml:2: timezone: unknown time zone"},
		{"paginate not a number", "paginate: many\n", "_config.yml:1: paginate: want a whole number"},
		{"exclude not a list", "exclude: {a: 1}\n", "_config.yml:1: exclude: want a list of strings"},
		{"not yaml", "title: [\n", "_config.yml:1: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("_config.yml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			var ce *ConfigError
			var fe *FileError
			if !errors.As(err, &ce) && !errors.As(err, &fe) {
				t.Errorf("err %T does not say where", err)
			}
		})
	}
}

// TestLoadPathRules loads one site through the path rules Jekyll applies:
// exclude from the source root, a permalink's own extension, static files
// of a collection under its permalink, and unclosed front matter.
func TestLoadPathRules(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"_config.yml":                        "exclude: [vendor, README.md]\ncollections:\n  recipes:\n    output: true\n    permalink: /cookbook/:name/\n",
		"vendor/jquery.js":                   "x",
		"resources/icons/vendor/a.svg":       "<svg/>",
		"README.md":                          "# top\n",
		"downloads/README.md":                "# nested\n",
		"version-badge.xml":                  "---\npermalink: /badges/version-badge.svg\n---\n<svg/>\n",
		"notes.md":                           "---\npermalink: /notes.json\n---\n{}\n",
		"_recipes/soup.md":                   "---\n---\nsoup\n",
		"_recipes/img/soup.png":              "png",
		"assets/data.yml":                    "---\n- a: 1\n",
		"_posts/2024-01-02-unclosed-post.md": "---\ntitle: x\n",
		"unclosed.md":                        "---\ntitle: x\n",
	})
	_, err := Load(dir, Options{Now: buildTime})
	if !errors.Is(err, ErrFrontMatterNotClosed) {
		t.Fatalf("err = %v, want the unclosed post and Markdown page reported", err)
	}
	for _, f := range []string{"_posts/2024-01-02-unclosed-post.md:1:", "unclosed.md:1:"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("err = %v, want it to name %s", err, f)
		}
	}
	for _, f := range []string{"_posts/2024-01-02-unclosed-post.md", "unclosed.md"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Load(dir, Options{Now: buildTime})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range s.Pages {
		got[d.Path] = d.Dest
	}
	for _, docs := range s.Collections {
		for _, d := range docs {
			got[d.Path] = d.Dest
		}
	}
	for _, f := range s.Static {
		got[f.Path] = "static " + f.Dest
	}
	want := map[string]string{
		"resources/icons/vendor/a.svg": "static resources/icons/vendor/a.svg",
		"downloads/README.md":          "static downloads/README.md",
		"version-badge.xml":            "badges/version-badge.svg",
		"notes.md":                     "notes.json",
		"_recipes/soup.md":             "cookbook/soup/index.html",
		"_recipes/img/soup.png":        "static cookbook/soup.png",
		"assets/data.yml":              "assets/data.yml",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, d := range s.Pages {
		if d.Path == "assets/data.yml" && string(d.Body) != "---\n- a: 1\n" {
			t.Errorf("unclosed front matter: body = %q, want the whole file", d.Body)
		}
	}
}
