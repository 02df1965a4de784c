package site

import (
	"path"
	"sort"
	"strings"

	"github.com/shine-blog/shine/content"
)

// broadcastPages are the generated pages of the config's reading lists:
// for each list an archive of its issues, newest first, at
// /broadcast/LIST/ and an Atom feed at /broadcast/LIST/feed.xml; for each
// issue its email as a browser page at /broadcast/LIST/NNNN/email.html,
// which shine serve re-renders as the introduction is edited and shine
// broadcast sends. The issues themselves are documents of the broadcasts
// collection, rendered like any other.
func (b *engine) broadcastPages(docs []*page) []*page {
	cfg := &b.site.Config
	if len(cfg.Broadcasts) == 0 {
		return nil
	}
	byList := map[string][]*page{}
	for _, p := range docs {
		if p.doc == nil || p.doc.Collection != content.BroadcastCollection {
			continue
		}
		l, _ := p.data["list"].(string)
		byList[l] = append(byList[l], p)
	}
	var pages []*page
	for _, l := range cfg.Broadcasts {
		issues := byList[l.Name]
		// Newest first: by number, then by path for issues without one.
		sort.SliceStable(issues, func(i, j int) bool {
			ni, nj := issueNumber(issues[i]), issueNumber(issues[j])
			if ni != nj {
				return ni > nj
			}
			return issues[i].doc.Path > issues[j].doc.Path
		})
		maps := make([]any, len(issues))
		for i, p := range issues {
			maps[i] = p.data
		}
		list := map[string]any{"name": l.Name, "title": l.Title, "description": l.Description,
			"url": "/broadcast/" + l.Name + "/", "feed": "/broadcast/" + l.Name + "/feed.xml", "unsubscribe": l.Unsubscribe}
		base := "/broadcast/" + l.Name + "/"
		archive := b.listPage("broadcast-archive", base, l.Title, map[string]any{"list": list, "issues": maps, "description": l.Description})
		pages = append(pages, archive)
		feedURL := base + "feed.xml"
		pages = append(pages, &page{
			path:   "(generated " + strings.TrimPrefix(feedURL, "/") + ")",
			dest:   strings.TrimPrefix(feedURL, "/"),
			data:   map[string]any{"url": feedURL, "list": list, "issues": maps, "sitemap": false, "layout": "broadcast-feed", "content": ""},
			layout: "broadcast-feed",
		})
		for _, p := range issues {
			if p.doc.URL == "" {
				continue
			}
			url := EmailURL(p.doc.URL)
			pages = append(pages, &page{
				path:   p.doc.Path + " (email)",
				dest:   strings.TrimPrefix(url, "/"),
				data:   map[string]any{"url": url, "title": p.data["title"], "list": list, "issue": p.data, "sitemap": false, "layout": "broadcast-email", "content": ""},
				layout: "broadcast-email",
			})
		}
	}
	return pages
}

// EmailURL is where the build writes the email of the issue at url: the
// page shine broadcast sends and shine serve shows.
func EmailURL(issueURL string) string {
	return path.Join(issueURL, "email.html")
}

func issueNumber(p *page) int {
	switch n := p.data["number"].(type) {
	case int:
		return n
	case float64:
		return int(n)
	case content.Float:
		return int(n)
	}
	return 0
}
