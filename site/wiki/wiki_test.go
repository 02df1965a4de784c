package wiki

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
)

var pages = []Page{
	{Path: "Users/Tcchao", Title: "Tc Chao", URL: "/wiki/Users/Tcchao/"},
	{Path: "Teams/Storage/Oncall", Title: "Storage on-call", URL: "/wiki/Teams/Storage/Oncall/"},
	{Path: "Teams/Network/Oncall", Title: "Network on-call", URL: "/wiki/Teams/Network/Oncall/"},
	{Path: "Home", Title: "Welcome", URL: "/wiki/Home/"},
	{Path: "Welcome", Title: "Old welcome", URL: "/wiki/Welcome/"},
	{Path: "Notes/Design Docs", Title: "Design docs", URL: "/wiki/Notes/Design%20Docs/"},
	{Path: "A/Twin", Title: "Twin", URL: "/wiki/A/Twin/"},
	{Path: "B/Twin", Title: "Twin", URL: "/wiki/B/Twin/"},
}

func TestResolve(t *testing.T) {
	ix := NewIndex(pages)
	for _, tc := range []struct {
		name, link string
		want       string // the page's path; "" for an error
		ambiguous  []string
	}{
		{"path", "Teams/Storage/Oncall", "Teams/Storage/Oncall", nil},
		{"path ignores case", "teams/storage/ONCALL", "Teams/Storage/Oncall", nil},
		{"path with extension", "Users/Tcchao.md", "Users/Tcchao", nil},
		{"path with leading slash", "/Users/Tcchao", "Users/Tcchao", nil},
		{"title", "Tc Chao", "Users/Tcchao", nil},
		{"title ignores case and spacing", "tc   CHAO", "Users/Tcchao", nil},
		{"file name", "tcchao", "Users/Tcchao", nil},
		{"underscores are spaces", "notes/design_docs", "Notes/Design Docs", nil},
		{"path before title", "Welcome", "Welcome", nil},
		{"title before file name", "welcome", "Welcome", nil},
		{"ambiguous file name", "Oncall", "", []string{"Teams/Network/Oncall", "Teams/Storage/Oncall"}},
		{"ambiguous title", "twin", "", []string{"A/Twin", "B/Twin"}},
		{"missing", "Nobody", "", nil},
		{"empty", "  ", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ix.Resolve(tc.link)
			if tc.want != "" {
				if err != nil || p.Path != tc.want {
					t.Fatalf("Resolve(%q) = %v, %v; want %s", tc.link, p, err, tc.want)
				}
				return
			}
			if p != nil {
				t.Fatalf("Resolve(%q) = %s; want an error", tc.link, p.Path)
			}
			var amb *AmbiguousError
			var nf *NotFoundError
			switch {
			case tc.ambiguous != nil && errors.As(err, &amb):
				if diff := cmp.Diff(tc.ambiguous, amb.Candidates); diff != "" {
					t.Errorf("candidates (-want +got):\n%s", diff)
				}
				for _, c := range tc.ambiguous {
					if !strings.Contains(err.Error(), c) {
						t.Errorf("error %q does not name %s", err, c)
					}
				}
			case tc.ambiguous == nil && errors.As(err, &nf):
			default:
				t.Fatalf("Resolve(%q) error = %v", tc.link, err)
			}
		})
	}
}

func render(t *testing.T, src string) string {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(Extension))
	pc := parser.NewContext()
	Use(pc, NewIndex(pages), strings.ToLower)
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b, parser.WithContext(pc)); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(b.String())
}

func TestRender(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"page by file name shows its title", "See [[tcchao]].",
			`<p>See <a class="wikilink" href="/wiki/Users/Tcchao/">Tc Chao</a>.</p>`},
		{"folder path", "[[Teams/Storage/Oncall]]",
			`<p><a class="wikilink" href="/wiki/Teams/Storage/Oncall/">Storage on-call</a></p>`},
		{"shown text", "[[Users/Tcchao|the boss]]",
			`<p><a class="wikilink" href="/wiki/Users/Tcchao/">the boss</a></p>`},
		{"fragment", "[[Home#Getting Started]]",
			`<p><a class="wikilink" href="/wiki/Home/#getting%20started">Welcome › Getting Started</a></p>`},
		{"fragment and shown text", "[[Home#Intro|start here]]",
			`<p><a class="wikilink" href="/wiki/Home/#intro">start here</a></p>`},
		{"same-page fragment", "[[#Intro]]",
			`<p><a class="wikilink" href="#intro">Intro</a></p>`},
		{"broken", "[[Nobody]] here",
			`<p><a class="wikilink broken" title="no wiki page Nobody">Nobody</a> here</p>`},
		{"ambiguous is broken", "[[Oncall]]",
			`<p><a class="wikilink broken" title="no wiki page Oncall">Oncall</a></p>`},
		{"escaped", "[[Nobody|<b>&]]",
			`<p><a class="wikilink broken" title="no wiki page Nobody">&lt;b&gt;&amp;</a></p>`},
		{"code span untouched", "`[[Home]]`", `<p><code>[[Home]]</code></p>`},
		{"code block untouched", "```\n[[Home]]\n```", "<pre><code>[[Home]]\n</code></pre>"},
		{"indented code untouched", "    [[Home]]", "<pre><code>[[Home]]\n</code></pre>"},
		{"ordinary link still works", "[a](/b) [[Home]]",
			`<p><a href="/b">a</a> <a class="wikilink" href="/wiki/Home/">Welcome</a></p>`},
		{"empty brackets are text", "[[]] and [[ | x]]", `<p>[[]] and [[ | x]]</p>`},
		{"no line break inside", "[[Home\n]]", "<p>[[Home\n]]</p>"},
		{"in emphasis", "*[[Home]]*", `<p><em><a class="wikilink" href="/wiki/Home/">Welcome</a></em></p>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := render(t, tc.src); got != tc.want {
				t.Errorf("render(%q)\n got %s\nwant %s", tc.src, got, tc.want)
			}
		})
	}
}

func TestScan(t *testing.T) {
	src := "# Title\n\nSee [[Home]] and `[[Users/Tcchao]]`.\n\n```\n[[Oncall]]\n```\n\n- [[Nobody|x]]\n- [[Oncall]]\n"
	var got []string
	r := Scan([]byte(src+"[x](/y/)\n"), NewIndex(pages))
	for _, f := range r.Links {
		s := f.Target
		switch {
		case f.Page != nil:
			s += " -> " + f.Page.Path
		case f.Err != nil:
			s += " ! " + f.Err.Error()
		}
		got = append(got, fmt.Sprintf("%d: %s", f.Line, s))
	}
	want := []string{
		"3: Home -> Home",
		"9: Nobody ! wiki link [[Nobody]]: no wiki page has that path, title or file name",
		"10: Oncall ! wiki link [[Oncall]] is ambiguous: 2 pages have that file name: Teams/Network/Oncall, Teams/Storage/Oncall",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Scan (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"/y/"}, r.Dests); diff != "" {
		t.Errorf("Scan's link destinations (-want +got):\n%s", diff)
	}
}

// FuzzParse checks that any input either is no link or a link whose
// parts come from inside the brackets, and that Markdown with wiki
// links never fails to convert.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"[[a]]", "[[a|b]]", "[[a#b|c]]", "[[#x]]", "[[", "[[]]", "[[a]", "`[[a]]`", "[[a\n]]", "[[[a]]]", "[[a|b|c]]"} {
		f.Add(s)
	}
	md := goldmark.New(goldmark.WithExtensions(Extension))
	ix := NewIndex(pages)
	f.Fuzz(func(t *testing.T, s string) {
		l, n := Parse([]byte(s))
		if l != nil {
			if n < 4 || n > len(s) || s[:2] != "[[" || s[n-2:n] != "]]" {
				t.Fatalf("Parse(%q) took %d bytes", s, n)
			}
			inner := s[2 : n-2]
			for _, part := range []string{l.Target, l.Fragment, l.Label} {
				if !strings.Contains(inner, part) || strings.ContainsAny(part, "[]\n") {
					t.Fatalf("Parse(%q) = %+v: part %q not from inside", s, l, part)
				}
			}
		}
		pc := parser.NewContext()
		Use(pc, ix, nil)
		var b bytes.Buffer
		if err := md.Convert([]byte(s), &b, parser.WithContext(pc)); err != nil {
			t.Fatal(err)
		}
		Scan([]byte(s), ix)
	})
}
