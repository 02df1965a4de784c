package site

import (
	"errors"
	"fmt"
	"path"
	"slices"

	"github.com/shine-blog/shine/content"
)

// octopaginate is octopress-paginate (content/octopaginate.go has its
// rules): every site page whose front matter has paginate is repeated
// with a paginator per page of its list, its first page at its own URL
// and the others at the setting's permalink under it. The copies are
// what Jekyll's are: the page's source as it is (a Markdown page's later
// pages are not converted, their extension being .html), its title with
// the suffix, its redirect_from pointing at the last copy. A setting the
// plugin cannot use is an error, as is a page that jekyll-paginate
// paginates too (Jekyll stops on it). first are the first pages, which
// take the places of the pages themselves; later are the copies.
func (b *engine) octopaginate() (first, later []*page, err error) {
	s := b.site
	b.octoLast = nil
	if !s.OctopressPaginateOn() {
		return nil, nil, nil
	}
	var errs []error
	for _, d := range s.Pages {
		o, err := content.ReadOctoPagination(&s.Config, d)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if o == nil {
			continue
		}
		if b.paginated[d] {
			errs = append(errs, &content.FileError{File: d.Path, Line: d.Lines["paginate"],
				Err: errors.New("paginate: jekyll-paginate paginates this page too (paginate: in _config.yml), and Jekyll stops on it; keep one of the two")})
			continue
		}
		all := b.octoItems(o)
		total := o.Pages(len(all))
		urls := []string{d.URL}
		links := []string{""}
		for n := 2; n <= total; n++ {
			link := o.Permalink(d.URL, n)
			u, err := o.URL(d.Path, link)
			if err != nil {
				errs = append(errs, &content.FileError{File: d.Path, Line: d.Lines["paginate"], Err: fmt.Errorf("paginate: %w", err)})
				break
			}
			urls, links = append(urls, u), append(links, link)
		}
		for i, u := range urls {
			var prev, next string
			if i > 0 {
				prev = urls[i-1]
			}
			if i+1 < len(urls) {
				next = urls[i+1]
			}
			hash := o.PageHash(i+1, total, prev, next)
			p := b.docPage(d)
			p.data["paginate"] = hash
			p.paginator = o.Paginator(hash, all)
			if i > 0 {
				title := o.Title(d.Data["title"], i+1)
				p.data["url"], p.data["permalink"] = u, links[i]
				p.data["title"], p.data["metaTitle"] = title, title
				// A copy is read from its folder and name again, as
				// Ruby joins them: "./about.html" at the root.
				p.data["dir"] = path.Dir(d.Path)
				p.data["path"] = path.Dir(d.Path) + "/" + path.Base(d.Path)
				p.dest = content.PageDestPath(u, ".html")
				p.path = fmt.Sprintf("%s (page %d)", d.Path, i+1)
				p.markdown = false
			}
			if i == 0 {
				first = append(first, p)
			} else {
				later = append(later, p)
			}
		}
		b.paginated[d] = true
		if len(urls) > 1 {
			if b.octoLast == nil {
				b.octoLast = map[*content.Document]string{}
			}
			b.octoLast[d] = urls[len(urls)-1]
		}
	}
	return first, later, errors.Join(errs...)
}

// octoItems is the list a pagination shows: the posts newest first, or
// another collection in its order (last first with reverse: true), only
// the items in one of the categories and one of the tags asked for.
func (b *engine) octoItems(o *content.OctoPagination) []any {
	all, _ := b.siteMap[o.Collection].([]any)
	if o.Collection != "posts" && o.Reverse {
		all = slices.Clone(all)
		slices.Reverse(all)
	}
	if !o.HasCategories && !o.HasTags {
		return all
	}
	var out []any
	for _, v := range all {
		m, _ := v.(map[string]any)
		if o.Keeps(stringList(m["categories"]), stringList(m["tags"])) {
			out = append(out, v)
		}
	}
	return out
}

func stringList(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// redirectTarget is where a page's redirect_from entries send the reader:
// its URL, or for a page octopress-paginate repeats, its last copy's, as
// in Jekyll, where every copy makes the same redirect and the last wins.
func (b *engine) redirectTarget(d *content.Document) string {
	if u, ok := b.octoLast[d]; ok {
		return u
	}
	return d.URL
}
