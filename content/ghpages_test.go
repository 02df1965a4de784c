package content

import "testing"

// The titles below are the ones Jekyll 4.3 with jekyll-titles-from-headings
// 0.5.3 gives (testdata/parity/ghpages builds the first ones with both).
func TestTitleFromHeading(t *testing.T) {
	for _, tc := range []struct {
		body, want string
		ok         bool
	}{
		{"# Welcome home\n\nText.\n", "Welcome home", true},
		{"About *this* site\n=================\n\nText.\n", "About this site", true},
		{"Setext two\n---\n", "Setext two", true},
		{"# Read [the docs](/docs/) and `code` **now**\n\nBody.\n", "Read the docs and code now", true},
		{"## Stripped heading\n\nThe rest.\n", "Stripped heading", true},
		{"\n\n  ### Level three\n", "Level three", true},
		{"# Note[^1] here\n", "Note here", true},
		{"# A &amp; B\n", "A &amp; B", true},
		{"# A & B\n", "A &amp; B", true},
		// The plugin's (.*) is greedy: closing hashes stay in the title.
		{"# Closed ##\n", "Closed ##", true},
		{"#### Level four\n", "", false},
		{"Just text, no heading.\n\n# A heading later\n", "", false},
		{"#NoSpace\n", "", false},
		{"", "", false},
	} {
		got, ok := TitleFromHeading(tc.body)
		if got != tc.want || ok != tc.ok {
			t.Errorf("TitleFromHeading(%q) = %q, %v; want %q, %v", tc.body, got, ok, tc.want, tc.ok)
		}
	}
}

func TestStripTitleHeading(t *testing.T) {
	if got, want := stripTitleHeading("## Stripped heading\n\nThe rest.\n"), "The rest."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestOptionalFrontMatter(t *testing.T) {
	on := []string{"jekyll-optional-front-matter"}
	for _, tc := range []struct {
		plugins []string
		raw     map[string]any
		include []string
		rel     string
		want    bool
	}{
		{on, nil, nil, "about.md", true},
		{on, nil, nil, "docs/guide.markdown", true},
		{on, nil, nil, "index.md", true},
		{nil, nil, nil, "about.md", false},
		{on, nil, nil, "page.html", false},
		{on, nil, nil, "README.md", false},
		{on, nil, nil, "docs/readme.md", false},
		{on, nil, nil, "LICENSE.md", false},
		{on, nil, nil, "licence.md", false},
		{on, nil, nil, "COPYING.md", false},
		{on, nil, nil, "CODE_OF_CONDUCT.md", false},
		{on, nil, nil, "CONTRIBUTING.md", false},
		{on, nil, nil, ".github/ISSUE_TEMPLATE.md", false},
		{on, nil, nil, "PULL_REQUEST_TEMPLATE.md", false},
		{on, nil, []string{"README.md"}, "README.md", true},
		{on, map[string]any{"optional_front_matter": map[string]any{"enabled": false}}, nil, "about.md", false},
		{on, map[string]any{"require_front_matter": true}, nil, "about.md", false},
	} {
		c := &Config{Plugins: tc.plugins, Raw: tc.raw, Include: tc.include, MarkdownExt: []string{"markdown", "mkdown", "mkdn", "mkd", "md"}}
		if c.Raw == nil {
			c.Raw = map[string]any{}
		}
		if got := c.OptionalFrontMatter(tc.rel); got != tc.want {
			t.Errorf("plugins %v, config %v, include %v: OptionalFrontMatter(%q) = %v, want %v", tc.plugins, tc.raw, tc.include, tc.rel, got, tc.want)
		}
	}
}

func TestDefaultLayout(t *testing.T) {
	all := map[string]bool{"home": true, "page": true, "post": true, "default": true}
	onlyDefault := map[string]bool{"default": true}
	for _, tc := range []struct {
		doc     Document
		layouts map[string]bool
		want    string
	}{
		{Document{URL: "/"}, all, "home"},
		{Document{URL: "/"}, map[string]bool{"page": true}, "page"},
		{Document{URL: "/about.html"}, all, "page"},
		{Document{URL: "/2024/01/02/hello.html", Collection: "posts"}, all, "post"},
		{Document{URL: "/2024/01/02/hello.html", Collection: "posts"}, onlyDefault, "default"},
		{Document{URL: "/recipes/soup.html", Collection: "recipes"}, all, "default"},
		{Document{URL: "/about.html"}, onlyDefault, "default"},
		{Document{URL: "/about.html"}, map[string]bool{}, ""},
	} {
		if got := DefaultLayout(&tc.doc, func(n string) bool { return tc.layouts[n] }); got != tc.want {
			t.Errorf("DefaultLayout(%s in %q) with %v = %q, want %q", tc.doc.URL, tc.doc.Collection, tc.layouts, got, tc.want)
		}
	}
}

func TestReadmeIndex(t *testing.T) {
	c := &Config{MarkdownExt: []string{"markdown", "md"}}
	for _, tc := range []struct {
		rel    string
		readme bool
		url    string
	}{
		{"README.md", true, "/"},
		{"docs/readme.markdown", true, "/docs/"},
		{"a/b/ReadMe.md", true, "/a/b/"},
		{"README.txt", false, "/"},
		{"READMEs.md", false, "/"},
		{"docs/README.md.bak", false, "/docs/"},
	} {
		if got := c.IsReadme(tc.rel); got != tc.readme {
			t.Errorf("IsReadme(%q) = %v, want %v", tc.rel, got, tc.readme)
		}
		if got := ReadmeIndexURL(tc.rel); got != tc.url {
			t.Errorf("ReadmeIndexURL(%q) = %q, want %q", tc.rel, got, tc.url)
		}
	}
	for _, tc := range []struct {
		dir  string
		urls []string
		want bool
	}{
		{"/docs/", []string{"/docs/"}, true},
		{"/docs/", []string{"/docs/index.html"}, true},
		{"/docs/", []string{"/docs/INDEX.HTM"}, true},
		{"/docs/", []string{"/docs/index.xml"}, true},
		{"/docs/", []string{"/docs/index.xhtml"}, true},
		{"/docs/", []string{"/docs/index.md", "/docs/README.md", "/docs/a/index.html", "/doc/"}, false},
		{"/", []string{"/about.html", "/index.html"}, true},
		{"/", []string{"/about.html"}, false},
	} {
		if got := HasIndex(tc.dir, tc.urls); got != tc.want {
			t.Errorf("HasIndex(%q, %q) = %v, want %v", tc.dir, tc.urls, got, tc.want)
		}
	}
}
