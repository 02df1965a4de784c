package check

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"github.com/shine-blog/shine/site"
)

// htmlFile is what shine check needs from one output page: the ids it
// defines and the links and images it holds, each with its line.
type htmlFile struct {
	ids  map[string]bool
	refs []ref
}

type ref struct {
	image bool   // an image (img or source src/srcset), else a link
	url   string // as written, entities decoded
	line  int
}

// scanHTML tokenizes a page; the tokenizer, unlike the parser, tells where
// each tag is, so lines count the newlines before it.
func scanHTML(b []byte) *htmlFile {
	f := &htmlFile{ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(b))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return f
		}
		raw := z.Raw()
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			name, hasAttr := z.TagName()
			tag := string(name)
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attr, val := string(k), string(v)
				switch {
				case attr == "id" || (attr == "name" && tag == "a"):
					f.ids[val] = true
				case attr == "href" && (tag == "a" || tag == "link" || tag == "area"):
					f.refs = append(f.refs, ref{url: val, line: line})
				case attr == "src" && (tag == "img" || tag == "source" || tag == "script" || tag == "iframe" || tag == "video" || tag == "audio"):
					f.refs = append(f.refs, ref{image: tag == "img" || tag == "source", url: val, line: line})
				case attr == "srcset" && (tag == "img" || tag == "source"):
					for _, u := range srcsetURLs(val) {
						f.refs = append(f.refs, ref{image: true, url: u, line: line})
					}
				}
			}
		}
		line += bytes.Count(raw, []byte("\n"))
	}
}

// checkLinks checks every link and image in the built pages.
func checkLinks(bt *site.Built, theme fs.FS, r *Report) ([]Finding, error) {
	files := map[string]*htmlFile{}
	static := map[string]bool{}
	err := filepath.WalkDir(bt.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(bt.Dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		ext := path.Ext(rel)
		if ext != ".html" && ext != ".htm" {
			static[rel] = true
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[rel] = scanHTML(b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the built site: %w", err)
	}
	res := newResolver(&bt.Site.Config)
	loc := newLocator(bt, theme)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)

	var out []Finding
	index := map[string]int{} // file:line:message -> finding, to merge repeats from a layout
	pagesOf := map[string]int{}
	for _, name := range names {
		f := files[name]
		r.Pages++
		seen := map[string]int{} // url -> occurrences so far on this page
		for _, rf := range f.refs {
			t, ok := res.resolve(name, rf.url)
			if !ok {
				continue
			}
			r.Links++
			nth := seen[rf.url]
			seen[rf.url]++
			problem := t.problem
			if problem == "" {
				found, ok := lookup(files, static, t.file)
				switch {
				case !ok && rf.image:
					problem = "no file there"
				case !ok:
					problem = "no page or file there"
				case t.fragment != "" && !rf.image:
					if target := files[found]; target != nil && !hasID(target, t.fragment) {
						problem = fmt.Sprintf("no element with id %q in %s", t.fragment, found)
					}
				}
			}
			if problem == "" {
				continue
			}
			kind, what := "link", "broken link"
			if rf.image {
				kind, what = "image", "missing image"
			}
			fd := Finding{Kind: kind, Message: fmt.Sprintf("%s %s: %s", what, rf.url, problem)}
			if file, line := loc.find(name, rf.url, nth); line > 0 {
				fd.File, fd.Line = file, line
			} else {
				fd.File, fd.Line = loc.outName(name), rf.line
				if src := bt.Outputs[name]; src.Source != "" && !src.Generated {
					fd.Message += " (built from " + src.Source + ")"
				}
			}
			key := fmt.Sprintf("%s:%d:%s", fd.File, fd.Line, fd.Message)
			if i, ok := index[key]; ok {
				pagesOf[key]++
				out[i].Message = fmt.Sprintf("%s (on %d pages)", fd.Message, pagesOf[key])
				continue
			}
			index[key] = len(out)
			pagesOf[key] = 1
			out = append(out, fd)
		}
	}
	return out, nil
}

// hasID says whether page has the element a fragment names. "top" and an
// empty fragment need none: browsers scroll to the top.
func hasID(page *htmlFile, fragment string) bool {
	if fragment == "" || strings.EqualFold(fragment, "top") || page.ids[fragment] {
		return true
	}
	return false
}

// locator finds the source line a URL in the output was written on: in
// the page's own source, then its layouts, then the includes.
type locator struct {
	bt       *site.Built
	cache    map[string][]byte
	includes []string
	outDir   string
}

func newLocator(bt *site.Built, theme fs.FS) *locator {
	l := &locator{bt: bt, cache: map[string][]byte{}, outDir: "_site"}
	for p, b := range includeFiles(bt.Site, theme) {
		l.cache[p] = b
		l.includes = append(l.includes, p)
	}
	sort.Strings(l.includes)
	return l
}

// outName names an output file for a person: under the destination
// folder's usual name, since the checked build lives in a temporary one.
func (l *locator) outName(p string) string { return l.outDir + "/" + p }

func (l *locator) read(name string) []byte {
	if b, ok := l.cache[name]; ok {
		return b
	}
	b, err := fs.ReadFile(l.bt.Site.Files, name)
	if err != nil {
		b = nil // a file that cannot be read holds no line to point at
	}
	l.cache[name] = b
	return b
}

// find returns the source file and line of the nth occurrence of url in
// the output page out, or line 0.
func (l *locator) find(out, url string, nth int) (string, int) {
	src, ok := l.bt.Outputs[out]
	if !ok || src.Static {
		return "", 0
	}
	var candidates []string
	if !src.Generated {
		candidates = append(candidates, src.Source)
	}
	candidates = append(candidates, src.Layouts...)
	candidates = append(candidates, l.includes...)
	needles := []string{url, html.EscapeString(url)}
	if base := l.bt.Site.Config.BaseURL; base != "" && strings.HasPrefix(url, base+"/") {
		needles = append(needles, strings.TrimPrefix(url, base))
	}
	for _, c := range candidates {
		b := l.read(c)
		if b == nil {
			continue
		}
		for _, n := range needles {
			if line := lineOfNth(b, n, nth); line > 0 {
				return c, line
			}
		}
	}
	return "", 0
}

// lineOfNth is the line of the nth (0-based) occurrence of needle in b
// that stands on its own as a URL (quoted, in parentheses, or after
// whitespace), or of the first one when there are fewer; 0 if none.
func lineOfNth(b []byte, needle string, nth int) int {
	first := -1
	count := 0
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte(needle))
		if i < 0 {
			break
		}
		at := off + i
		off = at + 1
		end := at + len(needle)
		if !urlBoundary(b, at-1) || (end < len(b) && !urlEnd(b[end])) {
			continue
		}
		if first < 0 {
			first = at
		}
		if count == nth {
			return 1 + bytes.Count(b[:at], []byte("\n"))
		}
		count++
	}
	if first < 0 {
		return 0
	}
	return 1 + bytes.Count(b[:first], []byte("\n"))
}

func urlBoundary(b []byte, i int) bool {
	if i < 0 {
		return true
	}
	return strings.IndexByte("\"'(<= \t\n}", b[i]) >= 0
}

func urlEnd(c byte) bool { return strings.IndexByte("\"')> \t\n{", c) >= 0 }

// srcsetURLs lists the URLs of a srcset: each candidate is a URL up to
// white space, then descriptors up to a comma. A URL may hold commas
// (data: URLs do), so the list is not simply split on them.
func srcsetURLs(v string) []string {
	var urls []string
	for {
		v = strings.TrimLeft(v, " \t\n\r\f,")
		if v == "" {
			return urls
		}
		end := strings.IndexAny(v, " \t\n\r\f")
		if end < 0 {
			end = len(v)
		}
		u := v[:end]
		v = v[end:]
		if trimmed := strings.TrimRight(u, ","); trimmed != u {
			urls = append(urls, trimmed) // no descriptors
			continue
		}
		urls = append(urls, u)
		if i := strings.IndexByte(v, ','); i >= 0 {
			v = v[i+1:]
		} else {
			v = ""
		}
	}
}
