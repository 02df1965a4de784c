package content

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The expectations here are what Jekyll 4.3 made with the plugin's copy
// in scala-lang's _plugins (the octopaginate parity fixture builds it),
// or, where a case is not in the fixture, what that copy's code does.

// octoPage loads a site with the config and one page, index.html, whose
// front matter is front, and reads its pagination.
func octoPage(t *testing.T, config, front string) (*OctoPagination, error) {
	t.Helper()
	dir := writeSite(t, map[string]string{
		"_config.yml":  "title: x\ncollections:\n  notes:\n    output: false\n" + config,
		"index.html":   "---\ntitle: Home\n" + front + "---\nbody\n",
		"_notes/a.md":  "---\ntitle: A\n---\n",
		"_posts/x.txt": "",
	})
	s, err := Load(dir, Options{Now: buildTime})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range s.Pages {
		if d.Path == "index.html" {
			return ReadOctoPagination(&s.Config, d)
		}
	}
	t.Fatal("no index.html page")
	return nil, nil
}

func TestReadOctoPagination(t *testing.T) {
	defaults := []string{"collection", "per_page", "limit", "permalink", "title_suffix", "page_num"}
	for _, tc := range []struct {
		name, config, front string
		want                OctoPagination
		keys                []string
		values              map[string]any // some of Settings
	}{
		{
			name:  "true takes the plugin's defaults",
			front: "paginate: true\n",
			want: OctoPagination{Collection: "posts", PerPage: 10, Limit: 5, HasLimit: true,
				PermalinkSetting: "/page:num/", TitleSuffix: " - page :num", FirstNum: 1},
			keys: defaults,
		},
		{
			name:  "any value but false counts as true",
			front: "paginate: 0\n",
			want: OctoPagination{Collection: "posts", PerPage: 10, Limit: 5, HasLimit: true,
				PermalinkSetting: "/page:num/", TitleSuffix: " - page :num", FirstNum: 1},
			keys: defaults,
		},
		{
			name:   "the config's pagination under the page's",
			config: "pagination:\n  per_page: 2\n  title_suffix: \" (page :num)\"\n  limit: false\n  sort: none\n",
			front:  "paginate:\n  collection: notes\n  per_page: 3\n  reverse: true\n  permalink: /:num/\n",
			want: OctoPagination{Collection: "notes", PerPage: 3, PermalinkSetting: "/:num/",
				TitleSuffix: " (page :num)", Reverse: true, FirstNum: 1},
			keys:   append(append([]string(nil), defaults...), "sort", "reverse"),
			values: map[string]any{"limit": false, "sort": "none", "per_page": 3},
		},
		{
			name:  "tag becomes tags",
			front: "paginate:\n  tag: go\n  limit: 0\n",
			want: OctoPagination{Collection: "posts", PerPage: 10, Limit: 0, HasLimit: true,
				PermalinkSetting: "/page:num/", TitleSuffix: " - page :num", FirstNum: 1,
				Tags: []string{"go"}, HasTags: true},
			keys:   append(append([]string(nil), defaults...), "tag", "tags"),
			values: map[string]any{"tags": []any{"go"}},
		},
		{
			name:  "category replaces categories in its place",
			front: "paginate:\n  categories: [x, 2019]\n  category: b\n  reversed: true\n",
			want: OctoPagination{Collection: "posts", PerPage: 10, Limit: 5, HasLimit: true,
				PermalinkSetting: "/page:num/", TitleSuffix: " - page :num", FirstNum: 1,
				Categories: []string{"b"}, HasCategories: true},
			keys:   append(append([]string(nil), defaults...), "categories", "category", "reversed"),
			values: map[string]any{"categories": []any{"b"}},
		},
		{
			name:   "a defaults: hash's keys first, as Liquid shows it",
			config: "defaults:\n  - scope:\n      path: ''\n    values:\n      paginate:\n        permalink: /older/:num/\n        per_page: 4\n",
			want: OctoPagination{Collection: "posts", PerPage: 4, Limit: 5, HasLimit: true,
				PermalinkSetting: "/older/:num/", TitleSuffix: " - page :num", FirstNum: 1},
			keys: []string{"permalink", "per_page", "collection", "limit", "title_suffix", "page_num"},
		},
		{
			name:  "a filter of no strings matches nothing",
			front: "paginate:\n  categories: [2019]\n  tags: one\n",
			want: OctoPagination{Collection: "posts", PerPage: 10, Limit: 5, HasLimit: true,
				PermalinkSetting: "/page:num/", TitleSuffix: " - page :num", FirstNum: 1,
				Categories: []string{}, HasCategories: true, Tags: []string{"one"}, HasTags: true},
			keys: append(append([]string(nil), defaults...), "categories", "tags"),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := octoPage(t, tc.config, tc.front)
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Fatal("not paginated")
			}
			if diff := cmp.Diff(tc.keys, KeyOrder(got.Settings)); diff != "" {
				t.Errorf("settings' keys (-want +got):\n%s", diff)
			}
			for k, v := range tc.values {
				if diff := cmp.Diff(v, got.Settings[k]); diff != "" {
					t.Errorf("settings[%q] (-want +got):\n%s", k, diff)
				}
			}
			got.Settings = nil
			if diff := cmp.Diff(&tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadOctoPaginationOff(t *testing.T) {
	for _, front := range []string{"", "paginate: false\n", "paginate:\n"} {
		got, err := octoPage(t, "", front)
		if err != nil || got != nil {
			t.Errorf("front matter %q: got %+v, %v; want no pagination", front, got, err)
		}
	}
}

func TestReadOctoPaginationErrors(t *testing.T) {
	for _, tc := range []struct{ config, front, want string }{
		{"", "paginate:\n  per_page: x\n", `index.html:3: paginate: per_page: want a whole number of items per page, got "x"`},
		{"", "paginate:\n  per_page: 0\n", `index.html:3: paginate: per_page: want a whole number of items per page, got 0`},
		{"", "paginate:\n  limit: true\n", `index.html:3: paginate: limit: want a number of pages or false, got true`},
		{"", "paginate:\n  collection: recipes\n", `index.html:3: paginate: collection: "recipes" is not a collection of this site`},
		{"", "paginate:\n  collection:\n", `index.html:3: paginate: collection: want the name of a collection, got nothing`},
		{"", "paginate:\n  permalink: 5\n", `index.html:3: paginate: permalink: want a path with :num, got 5`},
		{"", "paginate:\n  title_suffix:\n", `index.html:3: paginate: title_suffix: want a string, got nothing`},
		{"pagination: 5\n", "paginate: true\n", `_config.yml: pagination: want a mapping of octopress-paginate settings, got a number`},
		{"pagination:\n  per_page: many\n", "paginate: true\n", `_config.yml: pagination: per_page: want a whole number of items per page, got "many"`},
	} {
		_, err := octoPage(t, tc.config, tc.front)
		if err == nil || err.Error() != tc.want {
			t.Errorf("config %q, front matter %q:\n got %v\nwant %s", tc.config, tc.front, err, tc.want)
		}
	}
}

func TestOctoPages(t *testing.T) {
	for _, tc := range []struct {
		items, perPage, limit int
		hasLimit              bool
		want                  int
	}{
		{13, 2, 5, true, 5}, // limited
		{13, 2, 0, false, 7},
		{13, 4, 0, false, 4},
		{7, 3, 5, true, 3},
		{4, 2, 2, true, 2},
		{1, 10, 5, true, 1},
		{0, 2, 5, true, 0}, // no items: no pages, as the plugin counts
		{0, 2, 0, false, 0},
		{10, 2, 0, true, 0},  // limit 0
		{3, 1, -2, true, -2}, // a negative limit counts below 0
		{9999, 9999, 0, false, 1},
	} {
		o := &OctoPagination{PerPage: tc.perPage, Limit: tc.limit, HasLimit: tc.hasLimit}
		if got := o.Pages(tc.items); got != tc.want {
			t.Errorf("%d items, %d a page, limit %d (%v): %d pages, want %d", tc.items, tc.perPage, tc.limit, tc.hasLimit, got, tc.want)
		}
	}
}

func TestOctoURL(t *testing.T) {
	for _, tc := range []struct {
		file, url, permalink string
		n                    int
		link, want           string
	}{
		{"blog/index.html", "/blog/", "/page:num/", 2, "/blog/page2/", "/blog/page2/"},
		{"blog/index.md", "/blog/", "/:num/", 34, "/blog/34/", "/blog/34/"},
		{"notes/index.md", "/notes/", "/:num/", 3, "/notes/3/", "/notes/3/"},
		{"tagged/index.html", "/tagged/", "p:num.html", 2, "/tagged/p2.html", "/tagged/p2.html"},
		{"cats.html", "/cats.html", "/cats/:num/", 2, "/cats/2/", "/cats/2/"},
		{"archive/index.html", "/archive/", "/older/:num/", 4, "/archive/older/4/", "/archive/older/4/"},
		{"index.html", "/", "/page:num/", 2, "/page2/", "/page2/"},
		{"blog/index.html", "/blog/", "/:num/:num/", 2, "/blog/2/:num/", "/blog/2/:num/"}, // the first :num only
		{"blog/index.html", "/blog/", "", 2, "/blog/", "/blog/"},
	} {
		o := &OctoPagination{PermalinkSetting: tc.permalink}
		link := o.Permalink(tc.url, tc.n)
		got, err := o.URL(tc.file, link)
		if err != nil || link != tc.link || got != tc.want {
			t.Errorf("%s at %s, permalink %q, page %d: %q, %q, %v; want %q, %q", tc.file, tc.url, tc.permalink, tc.n, link, got, err, tc.link, tc.want)
		}
	}
}

func TestOctoTitle(t *testing.T) {
	for _, tc := range []struct {
		title              any
		collection, suffix string
		n                  int
		want               string
	}{
		{"Blog", "posts", " - :num", 2, "Blog - 2"},
		{"Blog", "posts", " (page :num)", 5, "Blog (page 5)"},
		{nil, "notes", " (page :num)", 2, "Notes (page 2)"},
		{false, "posts", " - page :num", 3, "Posts - page 3"},
		{nil, "SCALA_items", "", 2, "Scala_items"},
		{"Tagged", "posts", "", 3, "Tagged"},
		{"Blog", "posts", " - :num of :num", 4, "Blog - 4 of :num"},
		{2024, "posts", " - :num", 2, "2024 - 2"},
	} {
		o := &OctoPagination{Collection: tc.collection, TitleSuffix: tc.suffix}
		if got := o.Title(tc.title, tc.n); got != tc.want {
			t.Errorf("Title(%v) of %s with %q, page %d = %q, want %q", tc.title, tc.collection, tc.suffix, tc.n, got, tc.want)
		}
	}
}

func TestOctoKeeps(t *testing.T) {
	o := &OctoPagination{Categories: []string{"b", "z"}, HasCategories: true}
	t2 := &OctoPagination{Tags: []string{"go"}, HasTags: true, Categories: []string{"a"}, HasCategories: true}
	none := &OctoPagination{Categories: []string{}, HasCategories: true}
	for _, tc := range []struct {
		o          *OctoPagination
		cats, tags []string
		want       bool
	}{
		{&OctoPagination{}, nil, nil, true},
		{o, []string{"b"}, nil, true},
		{o, []string{"a", "z"}, nil, true},
		{o, []string{"a"}, []string{"b"}, false},
		{o, nil, nil, false},
		{t2, []string{"a"}, []string{"go", "web"}, true},
		{t2, []string{"b"}, []string{"go"}, false},
		{t2, []string{"a"}, nil, false},
		{none, []string{"a"}, nil, false},
	} {
		if got := tc.o.Keeps(tc.cats, tc.tags); got != tc.want {
			t.Errorf("%+v keeps %v %v: %v, want %v", tc.o, tc.cats, tc.tags, got, tc.want)
		}
	}
}

func TestOctoPageHashAndPaginator(t *testing.T) {
	o, err := octoPage(t, "pagination:\n  per_page: 2\n", "paginate:\n  limit: false\n")
	if err != nil {
		t.Fatal(err)
	}
	items := []any{"p5", "p4", "p3", "p2", "p1"}
	total := o.Pages(len(items))
	if total != 3 {
		t.Fatalf("%d pages, want 3", total)
	}
	first := o.PageHash(1, total, "", "/page2/")
	if diff := cmp.Diff([]string{"collection", "per_page", "limit", "permalink", "title_suffix", "page_num", "pages", "next_page", "next_page_path"}, KeyOrder(first)); diff != "" {
		t.Errorf("first page's keys (-want +got):\n%s", diff)
	}
	second := o.PageHash(2, total, "/", "/page3/")
	if diff := cmp.Diff([]string{"collection", "per_page", "limit", "permalink", "title_suffix", "page_num", "pages", "previous_page", "previous_page_path", "next_page", "next_page_path"}, KeyOrder(second)); diff != "" {
		t.Errorf("second page's keys (-want +got):\n%s", diff)
	}
	want := map[string]any{
		"posts": []any{"p3", "p2"}, "page": 2, "per_page": 2, "limit": false, "total_posts": 5, "total_pages": 3,
		"previous_page": 1, "previous_page_path": "/", "next_page": 3, "next_page_path": "/page3/",
	}
	if diff := cmp.Diff(want, o.Paginator(second, items)); diff != "" {
		t.Errorf("second page's paginator (-want +got):\n%s", diff)
	}
	last := o.Paginator(o.PageHash(3, total, "/page2/", ""), items)
	if diff := cmp.Diff([]any{"p1"}, last["posts"]); diff != "" || last["next_page"] != nil || last["next_page_path"] != nil {
		t.Errorf("last page: posts %v (-want +got %s), next %v %v", last["posts"], diff, last["next_page"], last["next_page_path"])
	}
	empty := o.Paginator(o.PageHash(1, 0, "", ""), nil)
	if l, ok := empty["posts"].([]any); !ok || len(l) != 0 || empty["total_pages"] != 0 {
		t.Errorf("no posts: posts %#v, total_pages %v; want an empty list and 0", empty["posts"], empty["total_pages"])
	}
}

func TestRubySlice(t *testing.T) {
	l := []any{"a", "b", "c"}
	for _, tc := range []struct {
		lo, hi int
		want   any
	}{
		{0, 1, []any{"a", "b"}},
		{2, 10, []any{"c"}},
		{3, 4, []any{}},
		{4, 5, nil},
		{-2, -1, []any{"b", "c"}},
		{-5, 1, nil},
		{2, 0, []any{}},
	} {
		if diff := cmp.Diff(tc.want, rubySlice(l, tc.lo, tc.hi)); diff != "" {
			t.Errorf("[%d..%d] (-want +got):\n%s", tc.lo, tc.hi, diff)
		}
	}
}

// TestOctopressPaginateFiles recognises the plugin's files by the module
// they define, as the gem and scala-lang's copy write it (these are
// stand-ins of the same shape, not the plugin).
func TestOctopressPaginateFiles(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"module Octopress\n  module Paginate\n    extend self\n  end\nend\n", true},
		{"# hooks\nmodule Octopress\n  module Paginate # the hooks\n    if defined?(Jekyll::Hooks)\n    end\n  end\nend\n", true},
		{"module Octopress::Paginate\n  VERSION = '1.2.0'\nend\n", true},
		{"module Octopress\n  module Ink\n  end\nend\n", false},
		{"module Paginate\nend\n", false},
		{"module Jekyll\n  module Paginate\n  end\nend\n", false},
		{"# module Octopress\n", false},
	} {
		if got := isOctopressPaginate(tc.src); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.src, got, tc.want)
		}
	}
}

// TestOctopressPaginateOn: the plugin runs when the config lists it, or
// when the site carries it in _plugins, which is then not warned about.
func TestOctopressPaginateOn(t *testing.T) {
	plugin := "module Octopress\n  module Paginate\n    class PaginationPage < Jekyll::Page\n    end\n  end\nend\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		on    bool
	}{
		{"none", map[string]string{"_config.yml": "title: x\n"}, false},
		{"plugins", map[string]string{"_config.yml": "plugins: [octopress-paginate]\n"}, true},
		{"gems", map[string]string{"_config.yml": "gems:\n  - octopress-paginate\n"}, true},
		{"carried", map[string]string{"_config.yml": "title: x\n", "_plugins/octopress-paginate.rb": plugin,
			"_plugins/octopress-paginate/hooks.rb": "module Octopress\n  module Paginate\n    Jekyll::Hooks.register :site, :post_read do |site|\n    end\n  end\nend\n"}, true},
		{"another plugin", map[string]string{"_config.yml": "title: x\n", "_plugins/gen.rb": "class G < Jekyll::Generator\nend\n"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Load(writeSite(t, tc.files), Options{Now: buildTime})
			if err != nil {
				t.Fatal(err)
			}
			if got := s.OctopressPaginateOn(); got != tc.on {
				t.Errorf("on: %v, want %v", got, tc.on)
			}
			for _, w := range s.Warnings {
				if strings.Contains(w, "octopress") || strings.Contains(w, "Paginate") {
					t.Errorf("warning about the built-in plugin: %s", w)
				}
			}
		})
	}
}
