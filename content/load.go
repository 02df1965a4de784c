package content

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Options are the command line's say over what is read.
type Options struct {
	Drafts      bool    // include _drafts (also show_drafts in the config)
	Future      bool    // include posts dated after the build time
	Unpublished bool    // include documents with published: false
	BaseURL     *string // overrides the config's baseurl when set
	Destination string  // the output folder, never read as source
	Theme       fs.FS   // the theme under the site's own files; may be nil
	Now         time.Time
}

// Load reads the site at source. Every problem found is reported, joined,
// each naming its file and line; with them comes the site without the
// files at fault, unless the config or the folder could not be read (then
// the site is nil).
func Load(source string, opts Options) (*Site, error) {
	cfg, err := ReadConfig(source)
	if err != nil {
		return nil, err
	}
	cfg.addWiki(source)
	if opts.BaseURL != nil {
		cfg.BaseURL = strings.TrimSuffix(*opts.BaseURL, "/")
		cfg.Raw["baseurl"] = cfg.BaseURL
	}
	cfg.ShowDrafts = cfg.ShowDrafts || opts.Drafts
	cfg.Future = cfg.Future || opts.Future
	cfg.Unpublished = cfg.Unpublished || opts.Unpublished
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	s := &Site{
		Config:      cfg,
		Source:      source,
		Time:        now.In(cfg.Location),
		Collections: map[string][]*Document{},
		Layouts:     map[string]*Layout{},
	}
	s.Files = overlay{os.DirFS(source), opts.Theme}
	l := newLoader(s, opts)
	if err := l.walk(); err != nil {
		return nil, err
	}
	var errs []error
	errs = append(errs, l.readLayouts(opts.Theme)...)
	addRedirectLayout(&s.Config, s.Layouts)
	data, dataErrs := readData(source)
	errs = append(errs, dataErrs...)
	s.Data = data
	errs = append(errs, l.readDocuments()...)
	errs = append(errs, l.readmeIndexes()...)
	s.relativeLinks(nil)
	s.defaultLayouts()
	errs = append(errs, l.checkLayouts()...)
	s.UsesTheme = l.usesTheme()
	if !s.UsesTheme {
		s.Static = slices.DeleteFunc(s.Static, func(f *StaticFile) bool { return f.FromTheme })
	}
	for _, p := range cfg.Plugins {
		if !builtinPlugins[p] {
			s.Warnings = append(s.Warnings, fmt.Sprintf("_config.yml: plugin %q is not built into shine; its output is skipped", p))
		}
	}
	s.SitePlugins = ReadSitePlugins(os.DirFS(source), cfg.pluginsDir())
	for _, p := range s.SitePlugins {
		if p.BuiltIn == "" {
			s.Warnings = append(s.Warnings, p.Warning())
		}
	}
	if len(errs) > 0 {
		// The site as far as it could be read comes with its problems, so
		// a build can go on to find its render errors in the same run.
		return s, errors.Join(errs...)
	}
	return s, nil
}

// builtinPlugins are the Jekyll plugins whose behaviour shine provides.
var builtinPlugins = map[string]bool{
	"jekyll-feed": true, "jekyll-sitemap": true, "jekyll-seo-tag": true,
	"jekyll-paginate": true, "jekyll-redirect-from": true, "jekyll-archives": true,
	"jekyll-avatar": true, "jekyll-include-cache": true, "jekyll-gist": true, "jekyll-mentions": true,
	"jekyll-relative-links": true, "jekyll-optional-front-matter": true,
	"jekyll-titles-from-headings": true, "jekyll-default-layout": true, "jekyll-readme-index": true,
	"jekyll-github-metadata": true, "jemoji": true, OctopressPaginate: true,
}

// job is one source file waiting to be read.
type job struct {
	rel        string // path relative to the source, slash-separated
	collection string // "posts", a label, or "" for a page or static file
	draft      bool
	fromTheme  bool
	readme     bool // jekyll-readme-index makes it its folder's index
}

type loader struct {
	site     *Site
	cfg      *Config
	opts     Options
	sourceFS fs.FS // the source folder
	filter   *entryFilter
	jobs     []job
}

func newLoader(s *Site, opts Options) *loader {
	return &loader{site: s, cfg: &s.Config, opts: opts, sourceFS: os.DirFS(s.Source),
		filter: newEntryFilter(s.Config.Include, s.Config.Exclude)}
}

// walk lists the files of the source tree and sorts them into posts,
// drafts, collection documents, and pages or static files.
func (l *loader) walk() error {
	src, err := filepath.Abs(l.site.Source)
	if err != nil {
		return err
	}
	dest := ""
	if l.opts.Destination != "" {
		if dest, err = filepath.Abs(l.opts.Destination); err != nil {
			return err
		}
	}
	collDirs := map[string]string{}
	for label := range l.cfg.Collections {
		collDirs["_"+label] = label
	}
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == src {
			return nil
		}
		if p == dest {
			return filepath.SkipDir
		}
		rel := filepath.ToSlash(p[len(src)+1:])
		if d.IsDir() {
			if !l.enterDir(rel, collDirs) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		if j, ok := l.fileJob(rel, collDirs); ok {
			l.jobs = append(l.jobs, j)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read source: %w", err)
	}
	if l.opts.Theme != nil {
		have := make(map[string]bool, len(l.jobs))
		for _, j := range l.jobs {
			have[j.rel] = true
		}
		err := fs.WalkDir(l.opts.Theme, "assets", func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			if err != nil || d.IsDir() || have[p] {
				return err
			}
			l.jobs = append(l.jobs, job{rel: p, fromTheme: true})
			return nil
		})
		if err != nil {
			return fmt.Errorf("read theme: %w", err)
		}
	}
	return nil
}

// enterDir says whether walk goes into the folder rel. _layouts,
// _includes and _data are read separately.
func (l *loader) enterDir(rel string, collDirs map[string]string) bool {
	parts := strings.Split(rel, "/")
	top, name := parts[0], parts[len(parts)-1]
	switch {
	case top == "_layouts" || top == "_includes" || top == "_data":
		return false
	case len(parts) == 1 && collDirs[top] != "":
		return true
	case name == "_posts" || name == "_drafts":
		return true
	case collDirs[top] != "":
		return true
	case l.filter.ignored(rel, true):
		return false
	}
	return true
}

// fileJob sorts the file rel into a post, draft, collection document,
// or page or static file; ok is false when the file is not read.
func (l *loader) fileJob(rel string, collDirs map[string]string) (j job, ok bool) {
	parts := strings.Split(rel, "/")
	top := parts[0]
	// Posts and drafts may sit in _posts folders at any depth.
	for i, part := range parts[:len(parts)-1] {
		if part == "_posts" || part == "_drafts" {
			if l.filter.ignoredIn(strings.Join(parts[:i+1], "/"), strings.Join(parts[i+1:], "/")) {
				return job{}, false
			}
			draft := part == "_drafts"
			if draft && !l.cfg.ShowDrafts {
				return job{}, false
			}
			return job{rel: rel, collection: "posts", draft: draft}, true
		}
	}
	if label := collDirs[top]; label != "" && label != "posts" {
		if l.filter.ignoredIn(top, strings.Join(parts[1:], "/")) {
			return job{}, false
		}
		return job{rel: rel, collection: label}, true
	}
	if l.filter.ignored(rel, false) || rel == "_config.yml" || rel == "_config.yaml" {
		return job{}, false
	}
	return job{rel: rel}, true
}

// readDocuments reads and parses every listed file on all cores, then
// orders posts and pages the way Jekyll does.
func (l *loader) readDocuments() []error {
	type result struct {
		doc    *Document
		static *StaticFile
		warn   string
		err    error
	}
	results := make([]result, len(l.jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := &results[i]
				r.doc, r.static, r.warn, r.err = l.readOne(l.jobs[i])
			}
		}()
	}
	for i := range l.jobs {
		next <- i
	}
	close(next)
	wg.Wait()

	var errs []error
	s := l.site
	for _, r := range results {
		switch {
		case r.err != nil:
			errs = append(errs, r.err)
		case r.warn != "":
			s.Warnings = append(s.Warnings, r.warn)
		case r.static != nil && r.doc == nil:
			s.Static = append(s.Static, r.static)
		case r.doc == nil:
		case r.doc.Collection == "posts":
			s.Posts = append(s.Posts, r.doc)
		case r.doc.Collection != "":
			s.Collections[r.doc.Collection] = append(s.Collections[r.doc.Collection], r.doc)
		default:
			s.Pages = append(s.Pages, r.doc)
		}
		if r.static != nil && r.doc != nil {
			s.Static = append(s.Static, r.static)
		}
	}
	slices.SortFunc(s.Posts, compareByDate)
	for label, docs := range s.Collections {
		sortCollection(l.cfg, label, docs)
	}
	// Jekyll sorts pages by file name (sort_by!(&:name)), not by path.
	sortPages(s.Pages)
	slices.SortFunc(s.Static, func(a, b *StaticFile) int { return strings.Compare(a.Path, b.Path) })
	return errs
}

// sortPages orders pages as Jekyll does: by file name (sort_by!(&:name)),
// not by path.
func sortPages(pages []*Document) {
	slices.SortFunc(pages, func(a, b *Document) int {
		if c := strings.Compare(path.Base(a.Path), path.Base(b.Path)); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
}

// sortCollection orders a collection's documents by its sort_by key,
// then by date, then by path.
func sortCollection(cfg *Config, label string, docs []*Document) {
	sortBy := cfg.Collections[label].SortBy
	slices.SortFunc(docs, func(a, b *Document) int {
		if sortBy != "" {
			if c := compareValues(a.Data[sortBy], b.Data[sortBy]); c != 0 {
				return c
			}
		}
		if !a.Date.IsZero() || !b.Date.IsZero() {
			return compareByDate(a, b)
		}
		return strings.Compare(a.Path, b.Path)
	})
}

// compareByDate is Jekyll's Document#<=>: by date, then by path.
func compareByDate(a, b *Document) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	return strings.Compare(a.Path, b.Path)
}

func compareValues(a, b any) int {
	switch a := a.(type) {
	case int:
		if b, ok := b.(int); ok {
			return cmp.Compare(a, b)
		}
	case float64:
		if b, ok := b.(float64); ok {
			return cmp.Compare(a, b)
		}
	case Float:
		if b, ok := b.(Float); ok {
			return cmp.Compare(a, b)
		}
	case string:
		if b, ok := b.(string); ok {
			return strings.Compare(a, b)
		}
	}
	return 0
}

// checkLayouts reports documents that name a layout nobody defines, and
// layouts whose chain names a missing or circular parent.
func (l *loader) checkLayouts() []error {
	var errs []error
	s := l.site
	check := func(d *Document) {
		if d.Layout == "" {
			return
		}
		if _, ok := s.Layouts[d.Layout]; !ok {
			errs = append(errs, &FileError{File: d.Path, Line: lineOf(d, "layout"),
				Err: fmt.Errorf("layout %q not found in _layouts or the theme", d.Layout)})
		}
	}
	for _, d := range s.Posts {
		check(d)
	}
	for _, d := range s.Pages {
		check(d)
	}
	for _, docs := range s.Collections {
		for _, d := range docs {
			check(d)
		}
	}
	errs = append(errs, checkChains(s.Layouts)...)
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errs
}

// usesTheme says whether any document is rendered through a layout that
// comes from the theme, directly or through its chain.
func (l *loader) usesTheme() bool {
	s := l.site
	fromTheme := func(name string) bool {
		for i := 0; name != "" && i < 32; i++ {
			lay, ok := s.Layouts[name]
			if !ok {
				return false
			}
			if lay.FromTheme {
				return true
			}
			name = lay.Parent
		}
		return false
	}
	docs := append(append([]*Document(nil), s.Posts...), s.Pages...)
	for _, c := range s.Collections {
		docs = append(docs, c...)
	}
	for _, d := range docs {
		name := d.Layout
		if lay, ok := s.Layouts[name]; ok && lay.FromTheme && d.Collection == BroadcastCollection {
			// The theme's issue layout is there for every site; what
			// counts is the layout it goes into, the site's own default
			// or the theme's.
			name = lay.Parent
		}
		if fromTheme(name) {
			return true
		}
	}
	return false
}

// checkChains reports layouts whose chain names a missing or circular
// parent.
func checkChains(layouts map[string]*Layout) []error {
	var errs []error
	for _, lay := range layouts {
		seen := map[string]bool{lay.Name: true}
		for p := lay.Parent; p != ""; {
			parent, ok := layouts[p]
			if !ok {
				errs = append(errs, &FileError{File: lay.Path, Line: 2, Err: fmt.Errorf("layout %q not found in _layouts or the theme", p)})
				break
			}
			if seen[p] {
				errs = append(errs, &FileError{File: lay.Path, Line: 2, Err: fmt.Errorf("layouts form a loop through %q", p)})
				break
			}
			seen[p] = true
			p = parent.Parent
		}
	}
	return errs
}

func lineOf(d *Document, key string) int {
	if l := d.Lines[key]; l > 0 {
		return l
	}
	return 1
}

// readLayouts reads _layouts from the site and the theme; the site's
// layout of a name wins.
func (l *loader) readLayouts(theme fs.FS) []error {
	var errs []error
	read := func(fsys fs.FS, fromTheme bool) {
		fs.WalkDir(fsys, "_layouts", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || isBackup(d.Name()) {
				return nil
			}
			name := strings.TrimPrefix(p, "_layouts/")
			name = strings.TrimSuffix(name, path.Ext(name))
			if _, ok := l.site.Layouts[name]; ok {
				return nil
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			fm, err := ParseFrontMatter(p, b)
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			lay := &Layout{Name: name, Path: p, FromTheme: fromTheme, Data: fm.Data, Body: fm.Body, BodyLine: fm.BodyLine}
			if fromTheme {
				lay.Path = "(theme)/" + p
			}
			if parent, ok := fm.Data["layout"].(string); ok && parent != "none" {
				lay.Parent = parent
			}
			l.site.Layouts[name] = lay
			return nil
		})
	}
	read(l.sourceFS, false)
	if theme != nil {
		read(theme, true)
	}
	return errs
}
