package main

// This file compares two built sites for the Jekyll parity test: Jekyll's
// output is the reference ("want") and shine's is checked against it
// ("got"). It knows nothing about how the sites were built, so it can be
// tested on folders written by hand and on two Jekyll builds.

import (
	"encoding/xml"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// diffKind says which part of the output differs. Every kind but diffText
// is structural: it moves a page or breaks a link to it, so the parity
// test fails on it. Body text is only logged, since two Markdown renderers
// differ in small ways a reader does not see.
type diffKind int

const (
	diffPath      diffKind = iota // a file only one build wrote
	diffTitle                     // the page's <title>
	diffCanonical                 // the href of <link rel="canonical">
	diffAnchors                   // heading ids, which #fragment links point at
	diffFeed                      // an Atom feed entry or the feed's header
	diffSitemap                   // the sitemap's set of <loc>
	diffText                      // the normalised text of the page's body
	diffCSS                       // a stylesheet's rules, white space and comments aside
)

var diffKindNames = [...]string{"path", "title", "canonical", "heading ids", "feed", "sitemap", "text", "css"}

func (k diffKind) String() string   { return diffKindNames[k] }
func (k diffKind) structural() bool { return k != diffText }

// difference is one way the two outputs differ, in one file.
type difference struct {
	kind   diffKind
	file   string // slash-separated, relative to the output folder
	detail string
}

func (d difference) String() string { return d.file + ": " + d.kind.String() + ": " + d.detail }

// siteComparison is the result of comparing two output folders. Pages are
// the HTML files either build wrote; a page differs when any difference
// names it.
type siteComparison struct {
	diffs       []difference
	pagesSame   int
	pagesDiffer int
}

// feedFile and sitemapFile are where jekyll-feed and jekyll-sitemap write,
// relative to the output folder (baseurl only changes the URLs inside).
const (
	feedFile    = "feed.xml"
	sitemapFile = "sitemap.xml"
)

// feedUpdatedSlack bounds how far apart the two feeds' own <updated> may
// be. jekyll-feed writes site.time there, which is the moment of the build
// unless _config.yml sets time:, so only a loose comparison makes sense.
const feedUpdatedSlack = time.Hour

// compareSites compares the output folders want and got. It returns an
// error only when a folder cannot be read or want itself is malformed;
// everything wrong with got is a difference.
func compareSites(want, got string) (siteComparison, error) {
	var c siteComparison
	wantFiles, err := listFiles(want)
	if err != nil {
		return c, err
	}
	gotFiles, err := listFiles(got)
	if err != nil {
		return c, err
	}
	add := func(kind diffKind, file, format string, args ...any) {
		c.diffs = append(c.diffs, difference{kind, file, fmt.Sprintf(format, args...)})
	}

	union := maps.Clone(wantFiles)
	maps.Copy(union, gotFiles)
	all := slices.Sorted(maps.Keys(union))
	for _, f := range all {
		inWant, inGot := wantFiles[f], gotFiles[f]
		if !inGot {
			add(diffPath, f, "missing")
		} else if !inWant {
			add(diffPath, f, "not expected")
		}
		if !inWant || !inGot {
			continue
		}
		switch {
		case isHTML(f):
			w, err := readPage(filepath.Join(want, f))
			if err != nil {
				return c, err
			}
			g, err := readPage(filepath.Join(got, f))
			if err != nil {
				return c, err
			}
			for _, d := range comparePages(w, g) {
				d.file = f
				c.diffs = append(c.diffs, d)
			}
		case f == feedFile:
			ds, err := compareFeeds(filepath.Join(want, f), filepath.Join(got, f))
			if err != nil {
				return c, err
			}
			c.diffs = append(c.diffs, ds...)
		case f == sitemapFile:
			ds, err := compareSitemaps(filepath.Join(want, f), filepath.Join(got, f))
			if err != nil {
				return c, err
			}
			c.diffs = append(c.diffs, ds...)
		case path.Ext(f) == ".css":
			d, err := compareCSS(filepath.Join(want, f), filepath.Join(got, f))
			if err != nil {
				return c, err
			}
			if d != "" {
				add(diffCSS, f, "%s", d)
			}
		}
	}

	differ := make(map[string]bool)
	for _, d := range c.diffs {
		differ[d.file] = true
	}
	for _, f := range all {
		if !isHTML(f) {
			continue
		}
		if differ[f] {
			c.pagesDiffer++
		} else {
			c.pagesSame++
		}
	}
	return c, nil
}

// listFiles returns the regular files under root as slash paths.
func listFiles(root string) (map[string]bool, error) {
	files := make(map[string]bool)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list output: %w", err)
	}
	return files, nil
}

func isHTML(file string) bool {
	ext := path.Ext(file)
	return ext == ".html" || ext == ".htm"
}

// page is what the comparison looks at in one HTML file.
type page struct {
	title     string   // text of the first <title>, whitespace collapsed
	canonical string   // href of the first <link rel="canonical">
	anchors   []string // "h2#some-heading" for every heading with an id
	text      string   // body text, see normaliseText
}

func readPage(file string) (page, error) {
	f, err := os.Open(file)
	if err != nil {
		return page{}, err
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		return page{}, fmt.Errorf("parse %s: %w", file, err)
	}
	return extractPage(doc), nil
}

// blockElements end a run of text: a space goes between their text and
// the next, as a browser would show it. Inline elements add nothing, so
// that "<em>a</em>b" reads "ab" however a highlighter splits its spans.
var blockElements = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Br: true, atom.Caption: true, atom.Dd: true, atom.Details: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Header: true, atom.Hr: true, atom.Li: true,
	atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true,
	atom.Td: true, atom.Tfoot: true, atom.Th: true, atom.Thead: true, atom.Tr: true,
	atom.Ul: true,
}

var headings = map[atom.Atom]bool{
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

func extractPage(doc *html.Node) page {
	var p page
	var titleSeen, canonicalSeen bool
	var body strings.Builder
	var walk func(n *html.Node, inBody bool)
	walk = func(n *html.Node, inBody bool) {
		switch n.Type {
		case html.TextNode:
			if inBody {
				body.WriteString(n.Data)
			}
			return
		case html.ElementNode:
			if n.Namespace != "" {
				break // inside <svg> or <math>: not the page's title or headings
			}
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Title:
				if !titleSeen {
					titleSeen = true
					p.title = strings.Join(strings.Fields(textOf(n)), " ")
				}
				return
			case atom.Link:
				if !canonicalSeen && hasToken(attr(n, "rel"), "canonical") {
					canonicalSeen = true
					p.canonical = attr(n, "href")
				}
			case atom.Body:
				inBody = true
			}
			if headings[n.DataAtom] {
				if id := attr(n, "id"); id != "" {
					p.anchors = append(p.anchors, n.Data+"#"+id)
				}
			}
		}
		block := n.Type == html.ElementNode && blockElements[n.DataAtom]
		if block && inBody {
			body.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBody)
		}
		if block && inBody {
			body.WriteByte(' ')
		}
	}
	walk(doc, false)
	p.text = normaliseText(body.String())
	return p
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		} else {
			b.WriteString(textOf(c))
		}
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, token) {
			return true
		}
	}
	return false
}

// typography undoes what kramdown's and goldmark's typographers do, so
// that straight and curly quotes, "--" and an en dash, "..." and an
// ellipsis compare equal. No-break and thin spaces become plain ones.
var typography = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'", "\u2032", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u201f", `"`, "\u2033", `"`,
	"\u2013", "--", "\u2014", "---", "\u2015", "---", "\u2212", "-",
	"\u2026", "...", "\u00ab", "<<", "\u00bb", ">>",
	"\u00a0", " ", "\u202f", " ", "\u2009", " ", "\u200a", " ",
	"\u200b", "", "\ufeff", "",
)

// normaliseText maps typography to ASCII and collapses runs of white space
// into one space.
func normaliseText(s string) string {
	return strings.Join(strings.Fields(typography.Replace(s)), " ")
}

func comparePages(want, got page) []difference {
	var ds []difference
	if got.title != want.title {
		ds = append(ds, difference{kind: diffTitle, detail: fmt.Sprintf("got %q, want %q", got.title, want.title)})
	}
	if got.canonical != want.canonical {
		ds = append(ds, difference{kind: diffCanonical, detail: fmt.Sprintf("got %q, want %q", got.canonical, want.canonical)})
	}
	if !slices.Equal(got.anchors, want.anchors) {
		ds = append(ds, difference{kind: diffAnchors, detail: fmt.Sprintf("got %q, want %q", got.anchors, want.anchors)})
	}
	if got.text != want.text {
		ds = append(ds, difference{kind: diffText, detail: textDiff(want.text, got.text)})
	}
	return ds
}

// textDiff describes where two texts first part, with some context.
func textDiff(want, got string) string {
	w, g := []rune(want), []rune(got)
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	const context = 40
	excerpt := func(r []rune) string {
		from, to := max(i-context, 0), min(i+context, len(r))
		s := string(r[from:to])
		if from > 0 {
			s = "…" + s
		}
		if to < len(r) {
			s += "…"
		}
		return s
	}
	return fmt.Sprintf("from character %d: got %q, want %q", i, excerpt(g), excerpt(w))
}

// atomFeed holds the parts of an Atom feed that the comparison looks at.
// Field tags carry no namespace, so they match Atom's.
type atomFeed struct {
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Entries []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Links     []atomLink `xml:"link"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

// link is the entry's alternate link, the page it stands for.
func (e atomEntry) link() string {
	for _, l := range e.Links {
		if l.Rel == "" || l.Rel == "alternate" {
			return l.Href
		}
	}
	return ""
}

func readFeed(file string) (atomFeed, error) {
	var f atomFeed
	b, err := os.ReadFile(file)
	if err != nil {
		return f, err
	}
	if err := xml.Unmarshal(b, &f); err != nil {
		return f, fmt.Errorf("parse feed: %w", err)
	}
	return f, nil
}

func compareFeeds(wantFile, gotFile string) ([]difference, error) {
	want, err := readFeed(wantFile)
	if err != nil {
		return nil, fmt.Errorf("reference %s: %w", feedFile, err)
	}
	var ds []difference
	add := func(format string, args ...any) {
		ds = append(ds, difference{diffFeed, feedFile, fmt.Sprintf(format, args...)})
	}
	got, err := readFeed(gotFile)
	if err != nil {
		add("%v", err)
		return ds, nil
	}

	if got.ID != want.ID {
		add("feed id: got %q, want %q", got.ID, want.ID)
	}
	if got.Title != want.Title {
		add("feed title: got %q, want %q", got.Title, want.Title)
	}
	if msg := compareLoosely(want.Updated, got.Updated); msg != "" {
		add("feed updated: %s", msg)
	}

	wantByID := make(map[string]atomEntry)
	var wantIDs, gotIDs []string
	for _, e := range want.Entries {
		wantByID[e.ID] = e
		wantIDs = append(wantIDs, e.ID)
	}
	gotByID := make(map[string]atomEntry)
	for _, e := range got.Entries {
		gotByID[e.ID] = e
		gotIDs = append(gotIDs, e.ID)
		if _, ok := wantByID[e.ID]; !ok {
			add("entry %s: not expected", e.ID)
		}
	}
	for _, w := range want.Entries {
		g, ok := gotByID[w.ID]
		if !ok {
			add("entry %s: missing", w.ID)
			continue
		}
		for _, f := range []struct{ name, got, want string }{
			{"link", g.link(), w.link()},
			{"title", g.Title, w.Title},
			{"published", g.Published, w.Published},
			{"updated", g.Updated, w.Updated},
		} {
			if f.got != f.want {
				add("entry %s: %s: got %q, want %q", w.ID, f.name, f.got, f.want)
			}
		}
	}
	if len(ds) == 0 && !slices.Equal(gotIDs, wantIDs) {
		add("entry order: got %q, want %q", gotIDs, wantIDs)
	}
	return ds, nil
}

// compareLoosely checks that both timestamps are RFC 3339 and at most
// feedUpdatedSlack apart; it returns what is wrong, or "".
func compareLoosely(want, got string) string {
	w, err := time.Parse(time.RFC3339, strings.TrimSpace(want))
	if err != nil {
		return fmt.Sprintf("reference %q: %v", want, err)
	}
	g, err := time.Parse(time.RFC3339, strings.TrimSpace(got))
	if err != nil {
		return fmt.Sprintf("got %q: not RFC 3339", got)
	}
	if d := g.Sub(w).Abs(); d > feedUpdatedSlack {
		return fmt.Sprintf("got %s, want within %v of %s", got, feedUpdatedSlack, want)
	}
	return ""
}

type sitemap struct {
	URLs []struct {
		Loc string `xml:"loc"`
	} `xml:"url"`
}

func readSitemapLocs(file string) (map[string]bool, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var s sitemap
	if err := xml.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("parse sitemap: %w", err)
	}
	locs := make(map[string]bool)
	for _, u := range s.URLs {
		locs[strings.TrimFunc(u.Loc, unicode.IsSpace)] = true
	}
	return locs, nil
}

func compareSitemaps(wantFile, gotFile string) ([]difference, error) {
	want, err := readSitemapLocs(wantFile)
	if err != nil {
		return nil, fmt.Errorf("reference %s: %w", sitemapFile, err)
	}
	got, err := readSitemapLocs(gotFile)
	if err != nil {
		return []difference{{diffSitemap, sitemapFile, err.Error()}}, nil
	}
	var ds []difference
	for _, loc := range slices.Sorted(maps.Keys(want)) {
		if !got[loc] {
			ds = append(ds, difference{diffSitemap, sitemapFile, "missing " + loc})
		}
	}
	for _, loc := range slices.Sorted(maps.Keys(got)) {
		if !want[loc] {
			ds = append(ds, difference{diffSitemap, sitemapFile, "not expected " + loc})
		}
	}
	return ds, nil
}

// TestParityCompare checks the comparer on small folders written here:
// each planted difference must be reported with its kind and file, and
// differences in typography and white space must not be.
// cssNoise is what two Sass compilers write differently for the same
// rules: comments (the source map URL among them), @charset, white space
// and the last ";" of a block.
var (
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	cssSpace   = regexp.MustCompile(`\s+`)
)

func normaliseCSS(s string) string {
	s = cssComment.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, `@charset "UTF-8";`, "")
	s = strings.TrimPrefix(s, "\uFEFF")
	s = cssSpace.ReplaceAllString(s, "")
	return strings.ReplaceAll(s, ";}", "}")
}

// compareCSS compares two stylesheets as normaliseCSS leaves them and
// describes the first difference, or returns "".
func compareCSS(wantFile, gotFile string) (string, error) {
	w, err := os.ReadFile(wantFile)
	if err != nil {
		return "", err
	}
	g, err := os.ReadFile(gotFile)
	if err != nil {
		return "", err
	}
	nw, ng := normaliseCSS(string(w)), normaliseCSS(string(g))
	if nw == ng {
		return "", nil
	}
	i := 0
	for i < len(nw) && i < len(ng) && nw[i] == ng[i] {
		i++
	}
	around := func(s string) string { return s[max(0, i-40):min(len(s), i+40)] }
	return fmt.Sprintf("want …%s…, got …%s…", around(nw), around(ng)), nil
}

func TestParityCompare(t *testing.T) {
	const (
		post = `<!DOCTYPE html><html><head><title>Hello | Blog</title>
<link rel="canonical" href="https://example.com/2024/01/02/hello.html"></head>
<body><h1>Hello</h1><h2 id="some-heading">Some heading</h2>
<p>It's "quoted" -- and so on...</p><ul><li>one</li><li>two</li></ul></body></html>`
		feed = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<updated>2024-05-01T10:00:00+00:00</updated><id>https://example.com/feed.xml</id><title type="html">Blog</title>
<entry><title type="html">Hello</title><link href="https://example.com/2024/01/02/hello.html" rel="alternate" type="text/html" title="Hello" />
<published>2024-01-02T00:00:00+00:00</published><updated>2024-01-02T00:00:00+00:00</updated><id>https://example.com/2024/01/02/hello</id></entry>
<entry><title type="html">First</title><link href="https://example.com/2024/01/01/first.html" rel="alternate" type="text/html" title="First" />
<published>2024-01-01T00:00:00+00:00</published><updated>2024-01-01T00:00:00+00:00</updated><id>https://example.com/2024/01/01/first</id></entry>
</feed>`
		sitemapXML = `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://example.com/2024/01/02/hello.html</loc></url><url><loc>https://example.com/</loc></url></urlset>`
	)
	base := map[string]string{
		"index.html":                 `<html><head><title>Blog</title></head><body><a href="/2024/01/02/hello.html">Hello</a></body></html>`,
		"2024/01/02/hello.html":      post,
		"assets/main.css":            "body { color: #222; }\n\n.a > b { margin: 0; }\n\n/*# sourceMappingURL=main.css.map */",
		feedFile:                     feed,
		sitemapFile:                  sitemapXML,
		"2024/01/01/first/index.htm": `<title>First</title><p>first</p>`,
	}
	const postFile = "2024/01/02/hello.html"
	type kindFile struct {
		kind diffKind
		file string
	}
	tests := []struct {
		name   string
		change func(files map[string]string)
		want   []kindFile
	}{
		{"identical", func(map[string]string) {}, nil},
		{"typography and white space", func(f map[string]string) {
			f[postFile] = strings.Replace(f[postFile], `<p>It's "quoted" -- and so on...</p>`,
				"<p>It\u2019s  \u201cquoted\u201d\u00a0\u2013 and\nso on\u2026</p>", 1)
		}, nil},
		{"missing page", func(f map[string]string) { delete(f, postFile) }, []kindFile{{diffPath, postFile}}},
		{"extra file", func(f map[string]string) { f["2024/01/02/hello/index.html"] = post }, []kindFile{{diffPath, "2024/01/02/hello/index.html"}}},
		{"title", func(f map[string]string) {
			f[postFile] = strings.Replace(f[postFile], "Hello | Blog", "Hello – Blog", 1)
		}, []kindFile{{diffTitle, postFile}}},
		{"canonical", func(f map[string]string) {
			f[postFile] = strings.Replace(f[postFile], "hello.html\"", "hello/\"", 1)
		}, []kindFile{{diffCanonical, postFile}}},
		{"heading id", func(f map[string]string) {
			f[postFile] = strings.Replace(f[postFile], `id="some-heading"`, `id="some_heading"`, 1)
		}, []kindFile{{diffAnchors, postFile}}},
		{"body text", func(f map[string]string) {
			f[postFile] = strings.Replace(f[postFile], "<li>two</li>", "<li>three</li>", 1)
		}, []kindFile{{diffText, postFile}}},
		{"block boundary", func(f map[string]string) {
			f[postFile] = strings.Replace(f[postFile], "<li>one</li><li>two</li>", "<li>one<span>two</span></li>", 1)
		}, []kindFile{{diffText, postFile}}},
		{"feed entry title", func(f map[string]string) {
			f[feedFile] = strings.Replace(f[feedFile], `<title type="html">Hello</title>`, `<title type="html">Hi</title>`, 1)
		}, []kindFile{{diffFeed, feedFile}}},
		{"feed entry published", func(f map[string]string) {
			f[feedFile] = strings.Replace(f[feedFile], "<published>2024-01-02T00:00:00+00:00", "<published>2024-01-01T16:00:00-08:00", 1)
		}, []kindFile{{diffFeed, feedFile}}},
		{"feed entry link", func(f map[string]string) {
			f[feedFile] = strings.Replace(f[feedFile], `href="https://example.com/2024/01/01/first.html"`, `href="https://example.com/2024/01/01/first/"`, 1)
		}, []kindFile{{diffFeed, feedFile}}},
		{"feed entry missing", func(f map[string]string) {
			i, j := strings.Index(f[feedFile], "<entry>"), strings.Index(f[feedFile], "</entry>")
			f[feedFile] = f[feedFile][:i] + f[feedFile][j+len("</entry>"):]
		}, []kindFile{{diffFeed, feedFile}}},
		{"feed updated a minute later", func(f map[string]string) {
			f[feedFile] = strings.Replace(f[feedFile], "2024-05-01T10:00:00+00:00", "2024-05-01T12:01:00+02:00", 1)
		}, nil},
		{"feed updated a day later", func(f map[string]string) {
			f[feedFile] = strings.Replace(f[feedFile], "2024-05-01T10:00:00+00:00", "2024-05-02T10:00:00+00:00", 1)
		}, []kindFile{{diffFeed, feedFile}}},
		{"feed not xml", func(f map[string]string) { f[feedFile] = "<feed><entry>" }, []kindFile{{diffFeed, feedFile}}},
		{"css formatted otherwise", func(f map[string]string) {
			f["assets/main.css"] = "@charset \"UTF-8\";\nbody {\n  color: #222;\n}\n\n.a > b {\n  margin: 0;\n}\n"
		}, nil},
		{"css rule", func(f map[string]string) {
			f["assets/main.css"] = "body { color: #222; }\n.a > b { margin: 1px; }\n"
		}, []kindFile{{diffCSS, "assets/main.css"}}},
		{"sitemap loc", func(f map[string]string) {
			f[sitemapFile] = strings.Replace(f[sitemapFile], "hello.html</loc>", "hello/</loc>", 1)
		}, []kindFile{{diffSitemap, sitemapFile}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := writeTree(t, base)
			changed := maps.Clone(base)
			tt.change(changed)
			got := writeTree(t, changed)

			c, err := compareSites(want, got)
			if err != nil {
				t.Fatal(err)
			}
			var gotKinds []kindFile
			for _, d := range c.diffs {
				k := kindFile{d.kind, d.file}
				if !slices.Contains(gotKinds, k) {
					gotKinds = append(gotKinds, k)
				}
			}
			if !slices.Equal(gotKinds, tt.want) {
				t.Errorf("reported %v, want %v; differences:\n%s", gotKinds, tt.want, c.diffs)
			}
			wantDiffer := 0
			for _, k := range tt.want {
				if isHTML(k.file) {
					wantDiffer++
				}
			}
			if c.pagesDiffer != wantDiffer || c.pagesSame+c.pagesDiffer < 3 {
				t.Errorf("%d pages same, %d differ; want %d differ", c.pagesSame, c.pagesDiffer, wantDiffer)
			}
		})
	}
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
