package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Kind says what part of a site a source path is, for a watcher that has
// to decide what a changed file touches.
type Kind int

const (
	KindNone    Kind = iota // not read: ignored, excluded, a backup, the destination
	KindFile                // a post, page, document or static file
	KindLayout              // under _layouts
	KindInclude             // under _includes
	KindData                // under _data
	KindConfig              // _config.yml: everything may change
)

// Classify says what the source path rel (slash-separated, relative to
// the source folder) is to s, by the same rules Load walks the tree with.
func (s *Site) Classify(rel string, opts Options) Kind {
	rel = strings.Trim(path.Clean("/"+rel), "/")
	if rel == "" || rel == "." {
		return KindNone
	}
	if rel == "_config.yml" || rel == "_config.yaml" {
		return KindConfig
	}
	switch strings.SplitN(rel, "/", 2)[0] {
	case "_layouts":
		return KindLayout
	case "_includes":
		return KindInclude
	case "_data":
		return KindData
	}
	if _, ok := s.job(rel, opts); ok {
		return KindFile
	}
	return KindNone
}

// job is the loader's job for one file at rel, or false when Load would
// not read it.
func (s *Site) job(rel string, opts Options) (job, bool) {
	l := newLoader(s, opts)
	collDirs := map[string]string{}
	for label := range l.cfg.Collections {
		collDirs["_"+label] = label
	}
	if opts.Destination != "" {
		src, err1 := filepath.Abs(s.Source)
		dest, err2 := filepath.Abs(opts.Destination)
		if err1 == nil && err2 == nil {
			if r, err := filepath.Rel(src, dest); err == nil {
				r = filepath.ToSlash(r)
				if rel == r || strings.HasPrefix(rel, r+"/") {
					return job{}, false
				}
			}
		}
	}
	parts := strings.Split(rel, "/")
	for i := 1; i < len(parts); i++ {
		if !l.enterDir(strings.Join(parts[:i], "/"), collDirs) {
			return job{}, false
		}
	}
	return l.fileJob(rel, collDirs)
}

// Reread reads the one file at rel again, as Load would have read it: the
// document or static file it now is, or neither when it is gone or Load
// would skip it (unpublished, in the future, not a post name, ignored).
// A file of the site that hides a theme asset falls back to the theme's
// when it is removed. The site itself is not changed.
func (s *Site) Reread(rel string, opts Options) (*Document, *StaticFile, string, error) {
	j, ok := s.job(rel, opts)
	if !ok {
		return nil, nil, "", nil
	}
	l := newLoader(s, opts)
	full := filepath.Join(s.Source, filepath.FromSlash(rel))
	if st, err := os.Stat(full); err != nil || st.IsDir() {
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, "", fmt.Errorf("%s: %w", rel, err)
		}
		if opts.Theme != nil && j.collection == "" && strings.HasPrefix(rel, "assets/") && s.UsesTheme {
			if _, err := fs.Stat(opts.Theme, rel); err == nil {
				return l.readOne(job{rel: rel, fromTheme: true})
			}
		}
		return nil, nil, "", nil
	}
	d, st, warn, err := l.readOne(j)
	if err != nil || d == nil {
		return d, st, warn, err
	}
	if d.Layout != "" {
		if _, ok := s.Layouts[d.Layout]; !ok {
			return nil, nil, "", &FileError{File: d.Path, Line: lineOf(d, "layout"),
				Err: fmt.Errorf("layout %q not found in _layouts or the theme", d.Layout)}
		}
	}
	s.relativeLinks(d)
	return d, nil, "", nil
}

// ReadLayouts reads _layouts of the site and the theme again, and checks
// every chain, as Load does.
func (s *Site) ReadLayouts(opts Options) (map[string]*Layout, error) {
	tmp := *s
	tmp.Layouts = map[string]*Layout{}
	l := newLoader(&tmp, opts)
	errs := l.readLayouts(opts.Theme)
	addRedirectLayout(&s.Config, tmp.Layouts)
	errs = append(errs, checkChains(tmp.Layouts)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return tmp.Layouts, nil
}

// ReadData reads _data again, for site.data.
func (s *Site) ReadData() (map[string]any, error) {
	data, errs := readData(s.Source)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return data, nil
}

// RecheckTheme says again whether some document is rendered by a theme
// layout; when the answer changes, so do the generated pages and assets.
func (s *Site) RecheckTheme() bool {
	l := &loader{site: s, cfg: &s.Config}
	return l.usesTheme()
}

// Sort puts posts, documents, pages and static files back in Load's
// order after some were replaced.
func (s *Site) Sort() {
	slices.SortFunc(s.Posts, compareByDate)
	for label, docs := range s.Collections {
		sortCollection(&s.Config, label, docs)
	}
	sortPages(s.Pages)
	slices.SortFunc(s.Static, func(a, b *StaticFile) int { return strings.Compare(a.Path, b.Path) })
}
