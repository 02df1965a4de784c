// Package check is shine check: it builds a site into a temporary folder
// and looks for links and images that point nowhere, #fragments with no
// matching id, output paths two sources would write, and front matter
// keys no template reads. Each finding names the source file and line it
// comes from, found through the build result site.Render returns.
package check

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site"
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

// Report is what shine check found, broken things first, each group
// by file and line.
type Report struct {
	Findings []Finding
	Pages    int      // HTML files checked
	Links    int      // links and images checked
	Warnings []string // the build's own warnings
}

// Broken counts the findings that are failures, not warnings.
func (r *Report) Broken() int {
	n := 0
	for _, f := range r.Findings {
		if !f.Warning {
			n++
		}
	}
	return n
}

// Check builds the site as site.Build would, but into a temporary folder
// that it removes afterwards, and checks the output. opts.Destination is
// only kept out of the source, as in a build; it is not written.
func Check(ctx context.Context, opts site.Options) (*Report, error) {
	tmp, err := os.MkdirTemp("", "shine-check-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bt, err := site.Render(ctx, opts, filepath.Join(tmp, "_site"))
	if err != nil {
		return nil, err
	}
	r := &Report{Warnings: bt.Result.Warnings}
	r.Findings = append(r.Findings, duplicates(bt.Duplicates)...)
	for _, e := range bt.Result.BrokenLinks {
		r.Findings = append(r.Findings, Finding{Kind: "wiki link", File: e.File, Line: e.Line, Message: e.Err.Error()})
	}
	links, err := checkLinks(bt, opts.Theme, r)
	if err != nil {
		return nil, err
	}
	r.Findings = append(r.Findings, links...)
	r.Findings = append(r.Findings, unreadKeys(bt)...)
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

// duplicates turns output paths two sources write into findings, at the
// second source's permalink line.
func duplicates(dups []site.Duplicate) []Finding {
	var out []Finding
	for _, d := range dups {
		f := Finding{Kind: "duplicate", File: d.Second.Source, Line: d.Second.Line,
			Message: fmt.Sprintf("writes %s, as %s does", d.Second.Path, d.First.Source)}
		if d.Second.Generated {
			f.File = d.Second.Path
		}
		out = append(out, f)
	}
	return out
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
