package content

import (
	"errors"
	"io/fs"
	"time"
)

// Site is a loaded source tree: everything a build needs to know, and
// nothing rendered yet.
type Site struct {
	Config Config
	Source string    // the source folder
	Files  fs.FS     // the source folder over the theme, file by file
	Time   time.Time // the build time, in the site's zone

	Posts       []*Document            // published posts, oldest first (Jekyll's order)
	Pages       []*Document            // pages, by path
	Collections map[string][]*Document // documents of collections other than posts, by label
	Static      []*StaticFile
	Layouts     map[string]*Layout
	Data        map[string]any

	// UsesTheme says some page is rendered by a theme layout. Such a site
	// gets the theme's assets and shine's generated pages; a site with its
	// own layouts gets exactly what Jekyll would make of it.
	UsesTheme bool

	// SitePlugins are the Ruby plugins in _plugins, which shine reads but
	// cannot run.
	SitePlugins []SitePlugin

	// Warnings are problems that do not stop the build (an ignored file,
	// a plugin shine does not provide).
	Warnings []string
}

// PluginEnabled says whether a built-in plugin (jekyll-feed,
// jekyll-sitemap, ...) runs: when the config's plugins list names it, as in
// Jekyll, and always on a site that uses shine's theme, whose pages link
// to the feed and the generated pages.
func (s *Site) PluginEnabled(name string) bool {
	return s.Config.PluginEnabled(name) || s.UsesTheme
}

// Document is a post, a page or a collection document.
type Document struct {
	Path       string // relative to the source folder, slash-separated
	Collection string // "posts", another collection's label, or "" for a page
	Draft      bool
	FromTheme  bool

	Data     map[string]any // front matter, defaults applied, Jekyll's derived keys set
	Body     []byte         // the source after the front matter
	BodyLine int            // the file line Body starts on
	Lines    map[string]int // front matter key -> file line, for errors

	Markdown   bool   // the body is Markdown
	Sass       bool   // a .scss or .sass stylesheet: its body, Liquid rendered, is compiled to CSS
	OutputExt  string // ".html" for Markdown, else the source's extension
	Date       time.Time
	Title      string
	Slug       string
	Layout     string
	Categories []string
	Tags       []string
	URL        string // the URL path, without baseurl, as Jekyll's page.url
	Dest       string // the output file, relative to the destination folder
	ModTime    time.Time
}

// IsPost says whether d belongs to the posts collection.
func (d *Document) IsPost() bool { return d.Collection == "posts" }

// StaticFile is a file copied to the output as it is.
type StaticFile struct {
	Path      string // relative to the source folder (or the theme), slash-separated
	Dest      string // relative to the destination folder
	FromTheme bool
	ModTime   time.Time
	Size      int64
	// Collection is the label when the file sits in a collection folder.
	Collection string
}

// Layout is a template in _layouts, from the site or the theme.
type Layout struct {
	Name      string
	Path      string
	FromTheme bool
	Data      map[string]any
	Body      []byte
	BodyLine  int
	Parent    string // the layout it chains to, from its front matter
}

// overlay is a read-only file system that looks in each layer in turn:
// the site's own files first, then the theme's.
type overlay []fs.FS

func (o overlay) Open(name string) (fs.File, error) {
	var firstErr error
	for _, l := range o {
		if l == nil {
			continue
		}
		f, err := l.Open(name)
		if err == nil {
			return f, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return nil, firstErr
}

// ReadFile reads name from the site, or from the theme when the site lacks it.
func (o overlay) ReadFile(name string) ([]byte, error) {
	for _, l := range o {
		if l == nil {
			continue
		}
		b, err := fs.ReadFile(l, name)
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
