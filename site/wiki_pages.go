package site

import (
	"bytes"
	"cmp"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shine-blog/shine/content"
)

// The generated wiki pages: the tree at /wiki/ and the recently changed
// pages at /wiki/recent/, and the dates they are listed by.

// changedAt is when a wiki page last changed: its last commit when the
// site is a git repository, else its file's time.
func (b *engine) changedAt(d *content.Document) time.Time {
	if t, ok := b.wiki.git[d.Path]; ok {
		return t.In(b.site.Config.Location)
	}
	return d.ModTime.In(b.site.Config.Location)
}

// gitDates reads the date of the last commit of every file under _wiki
// with one git log; nil when the source is not in a git repository.
func gitDates(source string) map[string]time.Time {
	cmd := exec.Command("git", "-C", source, "log", "--format=%x00%ct", "--name-only", "--relative", "--", "_"+content.WikiLabel)
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	dates := map[string]time.Time{}
	var at time.Time
	for _, line := range bytes.Split(out, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if line[0] == 0 {
			sec, err := strconv.ParseInt(string(line[1:]), 10, 64)
			if err == nil {
				at = time.Unix(sec, 0)
			}
			continue
		}
		if _, ok := dates[string(line)]; !ok {
			dates[string(line)] = at // newest first: the first date seen is the last commit
		}
	}
	return dates
}

// wikiPages are the generated wiki pages: the tree at /wiki/ and the
// recently changed pages at /wiki/recent/, when the site has wiki pages
// and the layouts (the theme's or its own) to show them.
func (b *engine) wikiPages(docs []*page) []*page {
	return b.wikiLists(docs, true, true)
}

// wikiLists makes the tree page, the recent page, or both.
func (b *engine) wikiLists(docs []*page, tree, recent bool) []*page {
	var wp []*page
	for _, p := range docs {
		if p.doc.Collection == content.WikiLabel && p.doc.URL != "" {
			wp = append(wp, p)
		}
	}
	if len(wp) == 0 {
		return nil
	}
	var out []*page
	if _, ok := b.site.Layouts["wiki_index"]; ok && tree {
		byPath := append([]*page(nil), wp...)
		sort.Slice(byPath, func(i, j int) bool { return byPath[i].doc.Path < byPath[j].doc.Path })
		maps := make([]any, len(byPath))
		for i, p := range byPath {
			maps[i] = p.data
		}
		tree := wikiTree(byPath)
		p := b.listPage("wiki_index", "/wiki/", "Wiki", map[string]any{"posts": maps, "tree": tree})
		p.ownSig = listSig(tree, "title", "url", "depth", "folder")
		out = append(out, p)
	}
	if _, ok := b.site.Layouts["wiki_recent"]; ok && recent {
		recent := b.recentWiki(wp)
		p := b.listPage("wiki_recent", "/wiki/recent/", "Recently changed", map[string]any{"posts": recent})
		p.ownSig = listSig(recent, "title", "url", "changed")
		out = append(out, p)
	}
	return out
}

// recentLimit is how many pages /wiki/recent/ lists: the tree at /wiki/
// lists all, and a wiki of thousands of pages would otherwise render
// thousands of entries again on every edit.
const recentLimit = 100

// recentWiki lists the last changed wiki pages, the last first.
func (b *engine) recentWiki(wp []*page) []any {
	type dated struct {
		p     *page
		sec   int64 // the time, ordered as time.Time orders it
		nanos int
	}
	byDate := make([]dated, len(wp))
	for i, p := range wp {
		t, ok := b.wiki.graph.at[p]
		if !ok {
			t = b.changedAt(p.doc)
		}
		byDate[i] = dated{p, t.Unix(), t.Nanosecond()}
	}
	// Paths are unique: the order is total, and the sort need not be
	// stable.
	slices.SortFunc(byDate, func(x, y dated) int {
		if c := cmp.Or(cmp.Compare(y.sec, x.sec), cmp.Compare(y.nanos, x.nanos)); c != 0 {
			return c
		}
		return strings.Compare(x.p.doc.Path, y.p.doc.Path)
	})
	byDate = byDate[:min(len(byDate), recentLimit)]
	out := make([]any, len(byDate))
	for i, d := range byDate {
		out[i] = d.p.data
	}
	return out
}

// wikiTree is page.tree of /wiki/: folders and pages in path order,
// each with its depth, a folder before what it holds. A folder that has
// a page of its own name (Teams.md beside Teams/) is that page.
func wikiTree(pages []*page) []any {
	type entry struct {
		parts []string
		p     *page
	}
	entries := make([]entry, len(pages))
	folders := map[string]bool{}
	for i, p := range pages {
		parts := strings.Split(wikiPath(p.doc.Path), "/")
		entries[i] = entry{parts, p}
		for j := 1; j < len(parts); j++ {
			folders[strings.Join(parts[:j], "/")] = true
		}
	}
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i].parts, entries[j].parts
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return len(a) < len(b)
	})
	var out []any
	shown := map[string]bool{}
	for _, e := range entries {
		for j := 1; j < len(e.parts); j++ {
			dir := strings.Join(e.parts[:j], "/")
			if !shown[dir] {
				shown[dir] = true
				out = append(out, map[string]any{"name": e.parts[j-1], "path": dir, "depth": j - 1, "folder": true, "title": e.parts[j-1], "url": nil})
			}
		}
		wpath := strings.Join(e.parts, "/")
		shown[wpath] = true
		out = append(out, map[string]any{"name": e.parts[len(e.parts)-1], "path": wpath, "depth": len(e.parts) - 1,
			"folder": folders[wpath], "title": pageTitle(e.p), "url": e.p.doc.URL})
	}
	return out
}
