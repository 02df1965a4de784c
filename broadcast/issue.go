package broadcast

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/shine-blog/shine/content"
)

// Issue is one issue of a list, read from _broadcasts/LIST/NNNN.md.
type Issue struct {
	List   string
	Number int
	Title  string
	Date   time.Time
	Path   string // the source file, relative to the site
	URL    string // the issue's page
	Posts  []PostRef
}

// PostRef is a post an issue recommends, by its stable id: the source
// path and the URL it had when the issue was made.
type PostRef struct {
	ID    string `yaml:"id"`
	URL   string `yaml:"url"`
	Title string `yaml:"title,omitempty"` // for the writer's eyes only
}

// Issues returns the issues of list in s, oldest first.
func Issues(s *content.Site, list string) ([]*Issue, error) {
	var out []*Issue
	var errs []error
	for _, d := range s.Collections[content.BroadcastCollection] {
		if l, _ := d.Data["list"].(string); l != list {
			continue
		}
		is, err := issueOf(d)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, ok := d.Data["title"].(string); !ok {
			if l := s.Config.Broadcast(list); l != nil {
				is.Title = fmt.Sprintf("%s #%d", l.Title, is.Number)
			}
		}
		out = append(out, is)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	for i := 1; i < len(out); i++ {
		if out[i].Number == out[i-1].Number {
			errs = append(errs, fmt.Errorf("%s: issue number %d is also %s", out[i].Path, out[i].Number, out[i-1].Path))
		}
	}
	return out, errors.Join(errs...)
}

func issueOf(d *content.Document) (*Issue, error) {
	line := func(key string) int {
		if n := d.Lines[key]; n > 0 {
			return n
		}
		return 1
	}
	is := &Issue{Path: d.Path, URL: d.URL, Date: d.Date, Title: d.Title}
	is.List, _ = d.Data["list"].(string)
	switch n := d.Data["number"].(type) {
	case int:
		is.Number = n
	case nil:
		n2, err := strconv.Atoi(strings.TrimSuffix(path.Base(d.Path), path.Ext(d.Path)))
		if err != nil {
			return nil, &content.FileError{File: d.Path, Line: 1, Err: fmt.Errorf("number: missing, and the file name is not a number such as 0004.md")}
		}
		is.Number = n2
	default:
		return nil, &content.FileError{File: d.Path, Line: line("number"), Err: fmt.Errorf("number: want a whole number, got %v", n)}
	}
	if t, ok := d.Data["title"].(string); ok {
		is.Title = t
	}
	posts, ok := d.Data["posts"].([]any)
	if !ok && d.Data["posts"] != nil {
		return nil, &content.FileError{File: d.Path, Line: line("posts"), Err: fmt.Errorf("posts: want a list of {id, url}")}
	}
	for i, p := range posts {
		m, ok := p.(map[string]any)
		id, _ := m["id"].(string)
		url, _ := m["url"].(string)
		if !ok || (id == "" && url == "") {
			return nil, &content.FileError{File: d.Path, Line: line("posts"), Err: fmt.Errorf("posts: entry %d: want id (the post's source path) and url", i+1)}
		}
		title, _ := m["title"].(string)
		is.Posts = append(is.Posts, PostRef{ID: id, URL: url, Title: title})
	}
	return is, nil
}

// Find returns issue n of issues, or the newest when n is 0.
func Find(issues []*Issue, list string, n int) (*Issue, error) {
	if len(issues) == 0 {
		return nil, fmt.Errorf("list %s has no issues yet (make one with shine broadcast new %s)", list, list)
	}
	if n == 0 {
		return issues[len(issues)-1], nil
	}
	for _, is := range issues {
		if is.Number == n {
			return is, nil
		}
	}
	return nil, fmt.Errorf("list %s has no issue %d", list, n)
}

// Select returns the posts of s that belong in the next issue of l: the
// published posts with one of the list's tags, categories or authors that
// no earlier issue contained, newest first. A post counts as contained
// when an issue names its source path or its URL, so a back-dated post is
// still new and an edited or moved one is not. since, when not zero,
// leaves out posts dated before it. s is loaded without drafts, future or
// unpublished posts, which therefore never appear.
func Select(s *content.Site, l *content.BroadcastList, issues []*Issue, since time.Time) []*content.Document {
	ids, urls := map[string]bool{}, map[string]bool{}
	for _, is := range issues {
		for _, p := range is.Posts {
			ids[p.ID] = true
			urls[p.URL] = true
		}
	}
	var out []*content.Document
	for i := len(s.Posts) - 1; i >= 0; i-- {
		d := s.Posts[i]
		if d.Draft || ids[d.Path] || urls[d.URL] || (!since.IsZero() && d.Date.Before(since)) {
			continue
		}
		if published, ok := d.Data["published"].(bool); ok && !published {
			continue
		}
		if d.Date.After(s.Time) {
			continue
		}
		if matches(d, l) {
			out = append(out, d)
		}
	}
	return out
}

func matches(d *content.Document, l *content.BroadcastList) bool {
	has := func(have, want []string) bool {
		for _, w := range want {
			for _, h := range have {
				if strings.EqualFold(h, w) {
					return true
				}
			}
		}
		return false
	}
	return has(d.Tags, l.Tags) || has(d.Categories, l.Categories) || has(authorsOf(d), l.Authors)
}

func authorsOf(d *content.Document) []string {
	var out []string
	for _, key := range []string{"author", "authors"} {
		switch v := d.Data[key].(type) {
		case string:
			out = append(out, strings.Fields(strings.ReplaceAll(v, ",", " "))...)
		case []any:
			for _, a := range v {
				if s, ok := a.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// IssueFile is the source path of issue n of list.
func IssueFile(list string, n int) string {
	return fmt.Sprintf("_%s/%s/%04d.md", content.BroadcastCollection, list, n)
}

// WriteIssue writes the next issue of l with posts into the site at
// source and returns its path. The body is an introduction for the writer
// to edit before sending. It refuses to overwrite a file.
func WriteIssue(source string, l *content.BroadcastList, issues []*Issue, posts []*content.Document, now time.Time) (string, error) {
	n := 1
	if len(issues) > 0 {
		n = issues[len(issues)-1].Number + 1
	}
	type frontMatter struct {
		Title  string    `yaml:"title"`
		Number int       `yaml:"number"`
		Date   string    `yaml:"date"`
		Posts  []PostRef `yaml:"posts"`
	}
	fm := frontMatter{Title: fmt.Sprintf("%s #%d", l.Title, n), Number: n, Date: now.Format("2006-01-02 15:04:05 -0700")}
	for _, d := range posts {
		fm.Posts = append(fm.Posts, PostRef{ID: d.Path, URL: d.URL, Title: d.Title})
	}
	var buf bytes.Buffer
	buf.WriteString("---\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return "", err
	}
	enc.Close()
	word := "posts"
	if len(posts) == 1 {
		word = "post"
	}
	fmt.Fprintf(&buf, "---\nThis time, %d %s worth your evening.\n", len(posts), word)
	rel := IssueFile(l.Name, n)
	p := filepath.Join(source, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", fmt.Errorf("write issue: %w", err)
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		os.Remove(p)
		return "", fmt.Errorf("write issue: %w", err)
	}
	return rel, f.Close()
}
