package content

import "testing"

func TestEntryFilter(t *testing.T) {
	exclude := append([]string{"vendor", "README.md", "*.scss", "docs/", "/drafts", "[ab].txt", "shared"}, defaultExcludes...)
	include := []string{".htaccess", "_pages", "shared"}
	f := newEntryFilter(include, exclude)
	tests := []struct {
		rel  string
		dir  bool
		want bool
	}{
		{"vendor", true, true},
		{"vendor/jquery.js", false, true},
		{"vendors/x.js", false, true}, // Jekyll's start_with? is a plain prefix test
		{"resources/icons/vendor", true, false},
		{"resources/icons/vendor/a.svg", false, false},
		{"README.md", false, true},
		{"downloads/README.md", false, false},
		{"style.scss", false, true},
		{"assets/css/style.scss", false, true}, // fnmatch's * crosses "/"
		{"docs", true, true},
		{"docs/index.md", false, true},
		{"drafts/x.md", false, true},
		{"a.txt", false, true},
		{"c.txt", false, false},
		{"sub/a.txt", false, false},
		{"shared/x.css", false, false}, // named in both lists: excludes nothing
		{".htaccess", false, false},
		{"deep/er/.htaccess", false, false},
		{"_pages", true, false},
		{"_sass", true, true},
		{".git", true, true},
		{"#notes.md", false, true},
		{"~tmp", false, true},
		{"index.md~", false, true},
		{"name.", false, true},
		{"node_modules", true, true},
		{"vendor/bundle", true, true},
		{"Gemfile.lock", false, true},
		{"index.md", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			if got := f.ignored(tt.rel, tt.dir); got != tt.want {
				t.Errorf("ignored(%q, dir=%v) = %v, want %v", tt.rel, tt.dir, got, tt.want)
			}
		})
	}
}

func TestFnmatch(t *testing.T) {
	tests := []struct {
		glob, s string
		want    bool
	}{
		{"/a*", "/a/b/c", true},
		{"/*.md", "/x/y.md", true},
		{"/?.md", "/a.md", true},
		{"/?.md", "/ab.md", false},
		{"/[!a]x", "/bx", true},
		{"/[!a]x", "/ax", false},
		{"/[a-c]x", "/bx", true},
		{"/[]]x", "/]x", true},
		{`/\*x`, "/*x", true},
		{`/\*x`, "/ax", false},
		{"/{a,b}", "/a", false},
		{"/{a,b}", "/{a,b}", true},
		{"/[x", "/[x", true},
		{"/é*", "/éa", true},
		{"/a.b", "/axb", false},
	}
	for _, tt := range tests {
		if got := fnmatchRegexp(tt.glob).MatchString(tt.s); got != tt.want {
			t.Errorf("fnmatch(%q, %q) = %v, want %v", tt.glob, tt.s, got, tt.want)
		}
	}
}

func TestEntryFilterIn(t *testing.T) {
	f := newEntryFilter([]string{".htaccess"}, []string{"_posts/2024-01-03-x.md", "_recipes/sub"})
	tests := []struct {
		dir, inner string
		want       bool
	}{
		{"_posts", "2024-01-01-a.md", false},
		{"_posts", "_sub/2024-01-02-b.md", true}, // the first folder is special
		{"_posts", "sub/_deeper/2024-01-02-b.md", false},
		{"_posts", "2024-01-03-x.md", true}, // excluded from the source root
		{"_posts", "#2024-01-05-d.md", true},
		{"_posts", "sub/.2024-01-05-d.md", true},
		{"_posts", "2024-01-06-e.md~", true},
		{"a/b/_posts", "2024-01-03-x.md", false},
		{"_recipes", "a.md", false},
		{"_recipes", "_b.md", true},
		{"_recipes", "_private/c.md", true},
		{"_recipes", "sub/d.md", true},
		{"_recipes", "subway.md", true}, // Jekyll's prefix rule
		{"_recipes", "x/.htaccess", false},
	}
	for _, tt := range tests {
		if got := f.ignoredIn(tt.dir, tt.inner); got != tt.want {
			t.Errorf("ignoredIn(%q, %q) = %v, want %v", tt.dir, tt.inner, got, tt.want)
		}
	}
}
