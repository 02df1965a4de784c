package content

import (
	"strings"
	"testing"
	"time"
)

// The URLs below were produced by Jekyll 4.3.1 itself (jekyll build, and
// Site#read with Document#url / Page#url) on a small site; see the
// report in the commit that added them.

func TestPermalinkTemplate(t *testing.T) {
	// Configuration::STYLE_TO_PERMALINK
	tests := map[string]string{
		"date":          "/:categories/:year/:month/:day/:title:output_ext",
		"pretty":        "/:categories/:year/:month/:day/:title/",
		"ordinal":       "/:categories/:year/:y_day/:title:output_ext",
		"weekdate":      "/:categories/:year/W:week/:short_day/:title:output_ext",
		"none":          "/:categories/:title:output_ext",
		"/:year/:title": "/:year/:title",
		"Pretty":        "Pretty",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := PermalinkTemplate(in); got != want {
				t.Errorf("PermalinkTemplate(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestPageTemplate(t *testing.T) {
	// Page#template with Utils.add_permalink_suffix.
	tests := []struct {
		name            string
		isHTML, isIndex bool
		style, want     string
	}{
		{"not html", false, false, "pretty", "/:path/:basename:output_ext"},
		{"index", true, true, "date", "/:path/"},
		{"date", true, false, "date", "/:path/:basename:output_ext"},
		{"ordinal", true, false, "ordinal", "/:path/:basename:output_ext"},
		{"none", true, false, "none", "/:path/:basename:output_ext"},
		{"pretty", true, false, "pretty", "/:path/:basename/"},
		{"weekdate adds nothing", true, false, "weekdate", "/:path/:basename"},
		{"custom with slash", true, false, "/:year/:title/", "/:path/:basename/"},
		{"custom with ext", true, false, "/:title:output_ext", "/:path/:basename:output_ext"},
		{"custom bare", true, false, "/:categories/:title", "/:path/:basename"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PageTemplate(tt.isHTML, tt.isIndex, tt.style); got != tt.want {
				t.Errorf("PageTemplate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExpandPermalink(t *testing.T) {
	utc := time.UTC
	la := mustZone(t, "America/Los_Angeles")
	gems := func(loc *time.Location) URLParts {
		d, err := ParseDate("2022-01-20 22:35:00 -0800", false, loc)
		if err != nil {
			t.Fatal(err)
		}
		return URLParts{Date: d, Slug: "amazon-gems", Title: "amazon-gems", Categories: []string{"supertan"},
			Collection: "posts", Path: "/2022-01-20-amazon-gems", Name: "2022-01-20-amazon-gems", OutputExt: ".html"}
	}
	nested := URLParts{Date: time.Date(2022, 3, 4, 0, 0, 0, 0, utc), Slug: "nested", Title: "nested",
		Categories: []string{"a", "b", "X Y", "Z", "2022", "2022", "solo"}, Collection: "posts",
		Path: "a/b//2022-03-04-nested", Name: "2022-03-04-nested", OutputExt: ".html"}
	weekly := URLParts{Date: time.Date(2021, 1, 2, 10, 0, 0, 0, utc), Slug: "weekly", Title: "weekly",
		Categories: []string{"C++", "&", "Go?", "#tag", "100%"}, Collection: "posts", Name: "2021-01-02-weekly", OutputExt: ".html"}
	odd := URLParts{Date: time.Date(2022, 6, 7, 8, 9, 10, 0, utc), Slug: "Héllo Wörld#1?%", Title: "Héllo Wörld#1?%",
		Categories: []string{"Ünï Cödé", "a b"}, Collection: "posts", Name: "2022-06-07-a b#c?d%e é", OutputExt: ".html"}
	tests := []struct {
		name     string
		template string
		parts    URLParts
		want     string
	}{
		{"acceptance: date style, site zone UTC", PermalinkTemplate("date"), gems(utc), "/supertan/2022/01/21/amazon-gems.html"},
		{"acceptance: date style, site zone Los Angeles", PermalinkTemplate("date"), gems(la), "/supertan/2022/01/20/amazon-gems.html"},
		{"pretty", PermalinkTemplate("pretty"), gems(utc), "/supertan/2022/01/21/amazon-gems/"},
		{"ordinal", PermalinkTemplate("ordinal"), gems(utc), "/supertan/2022/021/amazon-gems.html"},
		{"weekdate", PermalinkTemplate("weekdate"), gems(utc), "/supertan/2022/W03/Fri/amazon-gems.html"},
		{"none", PermalinkTemplate("none"), gems(utc), "/supertan/amazon-gems.html"},
		{"custom without ext", "/:categories/:title", gems(utc), "/supertan/amazon-gems"},
		{"no categories leaves no empty segment", PermalinkTemplate("date"), URLParts{Date: time.Date(2022, 1, 5, 0, 0, 0, 0, utc), Title: "single", OutputExt: ".html"}, "/2022/01/05/single.html"},
		{"categories from folders and front matter, repeats dropped, escaped", PermalinkTemplate("date"), nested, "/a/b/x%20y/z/2022/solo/2022/03/04/nested.html"},
		{"week-based and names", "/:categories/:w_year-W:week-:w_day/:short_day/:long_day/:short_month/:long_month/:y_day/:title.html", weekly,
			"/c++/&/go?/%23tag/100%25/2020-W53-6/Sat/Saturday/Jan/January/002/weekly.html"},
		{"slugified categories, i_ fields, name, trailing underscore", "/blog/:slugified_categories/:i_month-:i_day/:name/:hour_:minute:second/", odd,
			"/blog/%C3%BCn%C3%AF-c%C3%B6d%C3%A9/a-b/6-7/2022-06-07-a-b-c-d-e-%C3%A9/08_0910/"},
		{"title is pretty and cased, slug is default", "/:title/:slug/", odd, "/H%C3%A9llo-W%C3%B6rld-1/h%C3%A9llo-w%C3%B6rld-1/"},
		{"collection and path", "/:collection/:path/:slug/:title/:short_year/", URLParts{Date: time.Date(2022, 11, 6, 1, 30, 0, 0, utc), Slug: "dst", Title: "dst", Collection: "posts", Path: "/2022-11-06-dst"},
			"/posts/2022-11-06-dst/dst/dst/22/"},
		{"sanitize: dot dot", "/:categories/../x/./y", URLParts{Categories: []string{"a"}}, "/a/x/y"},
		{"ruby object method names expand to nothing", "/:class/:title", gems(utc), "/amazon-gems"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExpandPermalink(tt.template, tt.parts)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ExpandPermalink(%q) = %q, want %q", tt.template, got, tt.want)
			}
		})
	}
}

func TestExpandPermalinkErrors(t *testing.T) {
	// URL#generate_url_from_drop raises for a name the UrlDrop lacks;
	// :basename is a page placeholder only. Addressable cannot assemble
	// a value that starts with ":" or has a bad scheme.
	for _, tmpl := range []string{"/:nope/", "/:basename/", "/:keys/"} {
		if got, err := ExpandPermalink(tmpl, URLParts{}); err == nil {
			t.Errorf("ExpandPermalink(%q) = %q, want an error", tmpl, got)
		}
	}
	for _, cat := range []string{":odd", "a b:c", "http:"} {
		if got, err := ExpandPermalink("/:categories/", URLParts{Categories: []string{cat}}); err == nil {
			t.Errorf("category %q gave %q, want an error", cat, got)
		}
	}
}

func TestEscapePath(t *testing.T) {
	// URL.escape_path, checked against Jekyll over 6,000 random strings.
	tests := map[string]string{
		"plain-1.2/x":    "plain-1.2/x",
		"a b":            "a%20b",
		"é":              "%C3%A9",
		"a#b#c":          "a%23b%23c",
		"a?b?c":          "a?b?c",
		"100%":           "100%25",
		"%20":            "%2520",
		"c++&go;x=y@z!":  "c++&go;x=y@z!",
		"[x]{y}|\\^`\"<": "%5Bx%5D%7By%7D%7C%5C%5E%60%22%3C",
		"ok\nnot ok":     "ok\nnot ok", // Ruby's ^ and $ match at line ends
		"mailto:x y":     "mailto:x%20y",
		"//":             "//",
	}
	for in, want := range tests {
		got, err := escapePath(in)
		if err != nil || got != want {
			t.Errorf("escapePath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestExpandPagePermalink(t *testing.T) {
	tests := []struct {
		template, dir, base, ext, want string
	}{
		{"/:path/:basename:output_ext", "/", "about", ".html", "/about.html"},
		{"/:path/:basename/", "/docs", "intro page", ".html", "/docs/intro%20page/"},
		{"/:path/", "/blog", "index", ".html", "/blog/"},
		{"/:title/:basename", "", "x", ".html", "/:title/x"},
	}
	for _, tt := range tests {
		t.Run(tt.template, func(t *testing.T) {
			got, err := ExpandPagePermalink(tt.template, tt.dir, tt.base, tt.ext)
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestDestPath(t *testing.T) {
	tests := []struct{ url, ext, want, page string }{
		{"/supertan/2022/01/21/amazon-gems.html", ".html", "supertan/2022/01/21/amazon-gems.html", ""},
		{"/supertan/2022/01/21/amazon-gems/", ".html", "supertan/2022/01/21/amazon-gems/index.html", ""},
		{"/supertan/amazon-gems", ".html", "supertan/amazon-gems.html", ""},
		{"/a/b/x%20y/z/2022/solo/nested.html", ".html", "a/b/x y/z/2022/solo/nested.html", ""},
		{"/c++/&/go?/%23tag/100%25/x.html", ".html", "c++/&/go?/#tag/100%/x.html", ""},
		{"/blog/%C3%BCn%C3%AF/x/", ".html", "blog/ünï/x/index.html", ""},
		{"/", ".html", "index.html", ""},
		{"/feed/", ".xml", "feed/index.html", "feed/index.xml"},
		{"/about", ".html", "about.html", ""},
		{"/a/%2E%2E/%2E%2E/b.html", ".html", "b.html", ""},
		{"/100%zz", ".html", "100%zz.html", ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got := DestPath(tt.url, tt.ext); got != tt.want {
				t.Errorf("DestPath(%q) = %q, want %q", tt.url, got, tt.want)
			}
			page := tt.page
			if page == "" {
				page = tt.want
			}
			if got := PageDestPath(tt.url, tt.ext); got != page {
				t.Errorf("PageDestPath(%q) = %q, want %q", tt.url, got, page)
			}
		})
	}
}

func TestCleanedRelativePath(t *testing.T) {
	tests := []struct{ rel, dir, want string }{
		{"_posts/2022-01-20-amazon-gems.md", "_posts", "/2022-01-20-amazon-gems"},
		{"a/b/_posts/2022-03-04-nested.md", "_posts", "a/b//2022-03-04-nested"},
		{"_recipes/soup...md", "_recipes", "/soup"},
	}
	for _, tt := range tests {
		if got := CleanedRelativePath(tt.rel, tt.dir); got != tt.want {
			t.Errorf("CleanedRelativePath(%q) = %q, want %q", tt.rel, got, tt.want)
		}
	}
}

func FuzzPermalink(f *testing.F) {
	for _, s := range []string{PermalinkTemplate("date"), PermalinkTemplate("pretty"), "/:categories/../:title_:i_day", ":path", "//:nope", "/:slugified_categories/:week/"} {
		f.Add(s, "Héllo World#1?%", "a b/:c", "/x/../y")
	}
	f.Fuzz(func(t *testing.T, template, slug, category, path string) {
		p := URLParts{Date: time.Date(2022, 1, 20, 22, 35, 0, 0, time.UTC), Slug: slug, Title: slug,
			Categories: []string{category, "x"}, Collection: "posts", Path: path, Name: slug, OutputExt: ".html"}
		got, _ := ExpandPermalink(template, p)
		if !strings.HasPrefix(got, "/") {
			t.Errorf("ExpandPermalink(%q) = %q, want a leading slash", template, got)
		}
		if strings.Contains(got, "//") {
			t.Errorf("ExpandPermalink(%q) = %q has //", template, got)
		}
		if strings.Contains(got, "..") {
			t.Errorf("ExpandPermalink(%q) = %q has ..", template, got)
		}
		DestPath(got, ".html")
	})
}

func TestPermalinkExt(t *testing.T) {
	tests := []struct{ permalink, want string }{
		{"/badges/version-badge.svg", ".svg"},
		{"/feed.json", ".json"},
		{"/:categories/:title.html", ".html"},
		{"/archive.tar.gz", ".gz"},
		{"/notes/", ""},
		{"/v1.2/notes/", ""},
		{"/v1.2/notes", ""},
		{"/:path/:basename:output_ext", ""},
		{"/.htaccess", ""},
		{"/dir/..hidden", ""},
		{"", ""},
		{"pretty", ""},
	}
	for _, tt := range tests {
		if got := PermalinkExt(tt.permalink); got != tt.want {
			t.Errorf("PermalinkExt(%q) = %q, want %q", tt.permalink, got, tt.want)
		}
	}
}

func TestCollectionStaticURL(t *testing.T) {
	tests := []struct{ template, rel, want string }{
		{"/:collection/:path:output_ext", "_recipes/img/a.png", "/recipes/img/a.png"},
		{"/:collection/:path/", "_recipes/img/a.png", "/recipes/img/a.png"},
		{"/cookbook/:name/", "_recipes/img/a.png", "/cookbook/a.png"},
		{"/cookbook/:path/", "_recipes/img/a.png", "/cookbook/img/a.png"},
		{"/cookbook/:title/", "_recipes/img/a.png", "/cookbook.png"},
		{"/:collection/:year/:title/", "_recipes/a.png", "/recipes/:year.png"},
		{"/:collection/:path", "_recipes/my file...png", "/recipes/my%20file.png"},
		{"/:collection/:path", "_recipes/notes", "/recipes/notes"},
		{"/docs/:path/", "_recipes/_recipes/x.txt", "/docs/_recipes/x.txt"},
	}
	for _, tt := range tests {
		if got := CollectionStaticURL(tt.template, "recipes", tt.rel); got != tt.want {
			t.Errorf("CollectionStaticURL(%q, %q) = %q, want %q", tt.template, tt.rel, got, tt.want)
		}
	}
}
