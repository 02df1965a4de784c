package site

// shine check: build the site into a temporary folder, then look for links
// and images that point nowhere, output paths two sources would write, and
// front matter keys no template reads. Each finding names the source file
// and line it comes from, found through the map from output path to source
// that the build records here.

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shine-blog/shine/content"
)

// Finding is one problem shine check found.
type Finding struct {
	Kind    string // "link", "image", "duplicate" or "front matter"
	File    string // the source file, or the output file when no source line is known
	Line    int    // 0 when unknown
	Message string
	Warning bool // not broken, worth a look
}

func (f Finding) String() string {
	loc := f.File
	if f.Line > 0 {
		loc = fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	if f.Warning {
		return fmt.Sprintf("%s: warning: %s", loc, f.Message)
	}
	return fmt.Sprintf("%s: %s", loc, f.Message)
}

// CheckReport is what shine check found, broken things first, each group
// by file and line.
type CheckReport struct {
	Findings []Finding
	Pages    int      // HTML files checked
	Links    int      // links and images checked
	Warnings []string // the build's own warnings
}

// Broken counts the findings that are failures, not warnings.
func (r *CheckReport) Broken() int {
	n := 0
	for _, f := range r.Findings {
		if !f.Warning {
			n++
		}
	}
	return n
}

// Source is where one output file came from.
type Source struct {
	Path      string   // the source file, relative to the site folder; for generated pages what generated them
	Generated bool     // no source file stands for it (feed, sitemap, tag pages, ...)
	Static    bool     // copied as it is
	Layouts   []string // the layout files the page went through, innermost first
}

// checkBuild is a finished build in a temporary folder, with the map from
// each output path to its source.
type checkBuild struct {
	site    *content.Site
	theme   fs.FS
	dir     string            // the output folder
	sources map[string]Source // output path (slash-separated) -> source
	dups    []Finding
	result  *Result
}

// Check builds the site as Build would, but into a temporary folder that
// it removes afterwards, and checks the output. opts.Destination is only
// kept out of the source, as in a build; it is not written.
func Check(ctx context.Context, opts Options) (*CheckReport, error) {
	tmp, err := os.MkdirTemp("", "shine-check-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	cb, err := buildForCheck(ctx, opts, filepath.Join(tmp, "_site"))
	if err != nil {
		return nil, err
	}
	r := &CheckReport{Warnings: cb.result.Warnings}
	r.Findings = append(r.Findings, cb.dups...)
	for _, e := range cb.result.BrokenLinks {
		r.Findings = append(r.Findings, Finding{Kind: "wiki link", File: e.File, Line: e.Line, Message: e.Err.Error()})
	}
	links, err := cb.checkLinks(r)
	if err != nil {
		return nil, err
	}
	r.Findings = append(r.Findings, links...)
	r.Findings = append(r.Findings, unreadKeys(cb.site, opts.Theme)...)
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if a.Warning != b.Warning {
			return !a.Warning
		}
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return r, nil
}

// buildForCheck renders the site into dir (left in place; the caller
// removes it) and records where each output file came from. Duplicate
// output paths become findings: the first source keeps the path.
func buildForCheck(ctx context.Context, opts Options, dir string) (*checkBuild, error) {
	s, err := content.Load(opts.Source, opts.contentOptions())
	if err != nil {
		return nil, err
	}
	out, err := newOutput(dir, nil)
	if err != nil {
		return nil, err
	}
	cb := &checkBuild{site: s, theme: opts.Theme, dir: out.tmp, sources: map[string]Source{}}
	r, err := renderSite(ctx, s, out, nil, cb.planned)
	if err != nil {
		out.abort()
		return nil, err
	}
	r.Warnings = append(s.Warnings, r.Warnings...)
	cb.result = r
	return cb, nil
}

// planned records every page's source and turns duplicate output paths
// into findings instead of failing the build.
func (cb *checkBuild) planned(pages []*page, static []*content.StaticFile) ([]*page, error) {
	dup := func(dest, first string, second Source, line int) {
		f := Finding{Kind: "duplicate", File: second.Path, Line: line,
			Message: fmt.Sprintf("writes %s, as %s does", dest, first)}
		if second.Generated {
			f.File = dest
		}
		cb.dups = append(cb.dups, f)
	}
	keep := pages[:0:0]
	for _, p := range pages {
		src := Source{Path: p.path, Generated: p.doc == nil}
		src.Layouts = cb.layoutChain(p.layout)
		line := 0
		if p.doc != nil {
			line = p.doc.Lines["permalink"]
		}
		if prev, ok := cb.sources[p.dest]; ok {
			dup(p.dest, prev.Path, src, line)
			continue
		}
		cb.sources[p.dest] = src
		keep = append(keep, p)
	}
	for _, f := range static {
		src := Source{Path: f.Path, Static: true}
		if prev, ok := cb.sources[f.Dest]; ok {
			// The page wins over the file; drop the page, as the file
			// is copied regardless.
			dup(f.Dest, prev.Path, src, 0)
			keep = deletePage(keep, f.Dest)
		}
		cb.sources[f.Dest] = src
	}
	return keep, nil
}

func deletePage(pages []*page, dest string) []*page {
	out := pages[:0]
	for _, p := range pages {
		if p.dest != dest {
			out = append(out, p)
		}
	}
	return out
}

// layoutChain lists the files of a layout and the layouts it chains to.
func (cb *checkBuild) layoutChain(name string) []string {
	var files []string
	for seen := 0; name != "" && seen < 32; seen++ {
		l := cb.site.Layouts[name]
		if l == nil {
			break
		}
		files = append(files, l.Path)
		name = l.Parent
	}
	return files
}

// target is where an internal link or image points, in output terms.
type target struct {
	file     string // output path, slash-separated, without the leading slash
	fragment string
	problem  string // set when the URL cannot be inside the site
}

// resolver turns the URLs in one site's output into output paths.
type resolver struct {
	baseURL string // "" or "/path", no trailing slash
	host    string // the host of the site's url, for absolute links to itself
}

func newResolver(cfg *content.Config) resolver {
	r := resolver{baseURL: strings.TrimSuffix(cfg.BaseURL, "/")}
	if u, err := url.Parse(cfg.URL); err == nil {
		r.host = strings.ToLower(u.Host)
	}
	return r
}

// resolve says where ref, found in the output file from, points. ok is
// false for links out of the site (another scheme or host), which shine
// check does not follow.
func (r resolver) resolve(from, ref string) (t target, ok bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return target{}, false
	}
	u, err := url.Parse(ref)
	if err != nil {
		return target{problem: "is not a valid URL"}, true
	}
	switch {
	case u.Scheme == "http" || u.Scheme == "https":
		if r.host == "" || strings.ToLower(u.Host) != r.host {
			return target{}, false
		}
	case u.Scheme != "" || u.Opaque != "":
		return target{}, false // mailto:, data:, tel:, javascript:, ...
	case u.Host != "":
		if r.host == "" || strings.ToLower(u.Host) != r.host {
			return target{}, false // //cdn.example.com/...
		}
	}
	t.fragment = u.Fragment
	if u.Path == "" && u.Host == "" {
		// "#top" or "?q": this very page.
		t.file = from
		return t, true
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		// Relative to the page's folder, as a browser resolves it.
		base := r.baseURL + "/" + from
		p = path.Join(path.Dir(base), p)
		if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." {
			p += "/"
		}
	}
	if r.baseURL != "" {
		if p != r.baseURL && !strings.HasPrefix(p, r.baseURL+"/") {
			t.problem = fmt.Sprintf("is outside the site's baseurl %s", r.baseURL)
			return t, true
		}
		p = strings.TrimPrefix(p, r.baseURL)
		if p == "" {
			p = "/"
		}
	}
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	t.file = strings.TrimPrefix(path.Clean(p), "/")
	return t, true
}

// lookup finds the output file a path names, the way a static server
// (and GitHub Pages) would: the file, a folder's index.html, or the path
// with .html added.
func lookup(files map[string]*htmlFile, static map[string]bool, p string) (string, bool) {
	for _, c := range []string{p, p + "/index.html", p + ".html"} {
		if _, ok := files[c]; ok {
			return c, true
		}
		if static[c] {
			return c, true
		}
	}
	return "", false
}
