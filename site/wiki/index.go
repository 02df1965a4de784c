package wiki

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Page is one wiki page as links see it.
type Page struct {
	Path  string // inside the wiki folder, without extension: "Teams/Storage/Oncall"
	Title string
	URL   string
}

// Index finds wiki pages by the names links use. It is read-only once
// made, so any number of conversions may share it.
type Index struct {
	pages                   []*Page
	byPath, byTitle, byName map[string][]*Page
}

// NewIndex indexes pages. The order of pages does not matter: candidates
// are reported sorted by path.
func NewIndex(pages []Page) *Index {
	ix := &Index{byPath: map[string][]*Page{}, byTitle: map[string][]*Page{}, byName: map[string][]*Page{}}
	sorted := make([]*Page, len(pages))
	for i := range pages {
		p := pages[i]
		sorted[i] = &p
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	ix.pages = sorted
	for _, p := range sorted {
		ix.byPath[normalize(p.Path)] = append(ix.byPath[normalize(p.Path)], p)
		if t := normalize(p.Title); t != "" {
			ix.byTitle[t] = append(ix.byTitle[t], p)
		}
		ix.byName[normalize(path.Base(p.Path))] = append(ix.byName[normalize(path.Base(p.Path))], p)
	}
	return ix
}

// Pages are the indexed pages, sorted by path.
func (ix *Index) Pages() []*Page {
	if ix == nil {
		return nil
	}
	return ix.pages
}

// AmbiguousError is a name that more than one page answers to.
type AmbiguousError struct {
	Name       string
	By         string // "path", "title" or "file name"
	Candidates []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("wiki link [[%s]] is ambiguous: %d pages have that %s: %s", e.Name, len(e.Candidates), e.By, strings.Join(e.Candidates, ", "))
}

// NotFoundError is a name no page answers to.
type NotFoundError struct{ Name string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("wiki link [[%s]]: no wiki page has that path, title or file name", e.Name)
}

// Resolve finds the page name means: the page at that path, else the
// page with that title, else the page with that file name, ignoring
// case. A name two pages answer to at the first step that matches is an
// *AmbiguousError; a name none answers to is a *NotFoundError.
func (ix *Index) Resolve(name string) (*Page, error) {
	key := normalize(strings.TrimSuffix(strings.Trim(name, "/ "), ".md"))
	if ix != nil && key != "" {
		for _, step := range []struct {
			by string
			m  map[string][]*Page
		}{{"path", ix.byPath}, {"title", ix.byTitle}, {"file name", ix.byName}} {
			switch c := step.m[key]; len(c) {
			case 0:
				continue
			case 1:
				return c[0], nil
			default:
				paths := make([]string, len(c))
				for i, p := range c {
					paths[i] = p.Path
				}
				return nil, &AmbiguousError{Name: name, By: step.by, Candidates: paths}
			}
		}
	}
	return nil, &NotFoundError{Name: name}
}

// normalize is the form names are compared in: lower case, runs of
// spaces and underscores one space, no space around slashes.
func normalize(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	var b strings.Builder
	space, afterSlash := false, true
	for _, r := range s {
		if r == ' ' || r == '_' || r == '\t' {
			space = true
			continue
		}
		if space && !afterSlash && r != '/' {
			b.WriteByte(' ')
		}
		space, afterSlash = false, r == '/'
		b.WriteRune(r)
	}
	return b.String()
}
