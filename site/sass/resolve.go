package sass

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/bep/godartsass/v2"
)

// importer resolves and loads every @use, @forward and @import of one
// compilation, so the files a stylesheet reads are known exactly: Dart
// Sass asks it first, for the stylesheet's own imports and for those of
// every partial it loaded.
type importer struct {
	dirs []string // the load paths
	rel  func(string) string
	mu   sync.Mutex
	// loaded maps each file read (absolute) to its text, for the lines
	// of errors inside it.
	loaded map[string]string
}

// CanonicalizeURL finds the file an import names. A relative URL is
// looked up in each load path; an
// absolute file: URL (Dart Sass resolves an import inside a partial
// against the partial's URL) is looked up where it points. Other schemes
// ("sass:math", "http:") are not ours.
func (im *importer) CanonicalizeURL(u string) (string, error) {
	if strings.HasPrefix(u, "file:") {
		p, err := fileURLPath(u)
		if err != nil {
			return "", err
		}
		f, err := resolve(p, im.rel)
		if f == "" || err != nil {
			return "", err
		}
		return fileURL(f), nil
	}
	if hasScheme(u) {
		return "", nil
	}
	rel, err := url.PathUnescape(u)
	if err != nil {
		rel = u
	}
	for _, dir := range im.dirs {
		f, err := resolve(filepath.Join(dir, filepath.FromSlash(rel)), im.rel)
		if err != nil {
			return "", err
		}
		if f != "" {
			return fileURL(f), nil
		}
	}
	return "", nil
}

// Load reads a file CanonicalizeURL found.
func (im *importer) Load(canonical string) (godartsass.Import, error) {
	p, err := fileURLPath(canonical)
	if err != nil {
		return godartsass.Import{}, err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return godartsass.Import{}, err
	}
	im.mu.Lock()
	im.loaded[p] = string(b)
	im.mu.Unlock()
	return godartsass.Import{Content: string(b), SourceSyntax: syntaxOf(p)}, nil
}

func syntaxOf(p string) godartsass.SourceSyntax {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".sass":
		return godartsass.SourceSyntaxSASS
	case ".css":
		return godartsass.SourceSyntaxCSS
	}
	return godartsass.SourceSyntaxSCSS
}

// resolve is Sass's resolution of a file path (the spec's "resolving a
// file: URL"): a path with a .scss, .sass or .css extension is the file
// or its partial (_name); one without is tried with each extension, as a
// file and as a partial, then as a folder's index file. It returns "" when
// nothing matches, and an error when two files match equally.
//
// rel shortens the paths named in that error.
func resolve(p string, rel func(string) string) (string, error) {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".scss", ".sass", ".css":
		return exactlyOne(rel, p, partialOf(p))
	}
	if f, err := resolveExtensions(p, rel); f != "" || err != nil {
		return f, err
	}
	return resolveExtensions(filepath.Join(p, "index"), rel)
}

func resolveExtensions(p string, rel func(string) string) (string, error) {
	if f, err := exactlyOne(rel, p+".sass", p+".scss", partialOf(p)+".sass", partialOf(p)+".scss"); f != "" || err != nil {
		return f, err
	}
	return exactlyOne(rel, p+".css", partialOf(p)+".css")
}

func partialOf(p string) string {
	dir, name := filepath.Split(p)
	return filepath.Join(dir, "_"+name)
}

// exactlyOne returns the one of paths that is a file, "" if none is.
func exactlyOne(rel func(string) string, paths ...string) (string, error) {
	var found []string
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return found[0], nil
	}
	for i, f := range found {
		found[i] = rel(f)
	}
	return "", fmt.Errorf("it's not clear which file to import: %s", strings.Join(found, ", "))
}

func fileURL(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

func fileURLPath(u string) (string, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return "", err
	}
	return filepath.FromSlash(pu.Path), nil
}

// hasScheme says whether u starts with a URL scheme ("sass:", "http:").
func hasScheme(u string) bool {
	i := strings.IndexByte(u, ':')
	if i <= 0 {
		return false
	}
	for j, c := range u[:i] {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (j == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}
