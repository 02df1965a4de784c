package site

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v2"
)

// feedTemplate writes jekyll-feed's Atom feed: the same elements in the
// same order, so feed readers see every entry where they saw it before.
const feedTemplate = `<?xml version="1.0" encoding="utf-8"?>
{%- if page.xsl %}
<?xml-stylesheet type="text/xml" href="{{ '/feed.xslt.xml' | absolute_url }}"?>
{%- endif %}
<feed xmlns="http://www.w3.org/2005/Atom"{% if site.lang %} xml:lang="{{ site.lang }}"{% endif %}>
<generator uri="https://jekyllrb.com/" version="{{ jekyll.version }}">Jekyll</generator>
<link href="{{ page.url | absolute_url }}" rel="self" type="application/atom+xml" />
<link href="{{ '/' | absolute_url }}" rel="alternate" type="text/html"{% if site.lang %} hreflang="{{ site.lang }}"{% endif %} />
<updated>{{ site.time | date_to_xmlschema }}</updated>
<id>{{ page.url | absolute_url | xml_escape }}</id>
{%- assign title = site.title | default: site.name %}
{%- if page.collection != "posts" %}{% assign collection = page.collection | capitalize %}{% assign title = title | append: " | " | append: collection %}{% endif %}
{%- if page.category %}{% assign category = page.category | capitalize %}{% assign title = title | append: " | " | append: category %}{% endif %}
{%- if title %}
<title type="html">{{ title | smartify | xml_escape }}</title>
{%- endif %}
{%- if site.description %}
<subtitle>{{ site.description | xml_escape }}</subtitle>
{%- endif %}
{%- if site.author %}
<author><name>{{ site.author.name | default: site.author | xml_escape }}</name>{% if site.author.email %}<email>{{ site.author.email | xml_escape }}</email>{% endif %}{% if site.author.uri %}<uri>{{ site.author.uri | xml_escape }}</uri>{% endif %}</author>
{%- endif %}
{%- for post in page.feed_posts %}
<entry{% if post.lang %} xml:lang="{{ post.lang }}"{% endif %}>
{%- assign post_title = post.title | smartify | strip_html | normalize_whitespace | xml_escape %}
<title type="html">{{ post_title }}</title>
<link href="{{ post.url | absolute_url }}" rel="alternate" type="text/html" title="{{ post_title }}" />
<published>{{ post.date | date_to_xmlschema }}</published>
<updated>{{ post.last_modified_at | default: post.date | date_to_xmlschema }}</updated>
<id>{{ post.id | absolute_url | xml_escape }}</id>
{%- assign excerpt_only = post.feed.excerpt_only | default: site.feed.excerpt_only %}
{%- unless excerpt_only %}
<content type="html" xml:base="{{ post.url | absolute_url | xml_escape }}"><![CDATA[{{ post.content | strip }}]]></content>
{%- endunless %}
{%- assign post_author = post.author | default: post.authors[0] | default: site.author %}
{%- assign post_author = site.data.authors[post_author] | default: post_author %}
{%- assign post_author_name = post_author.name | default: post_author %}
<author><name>{{ post_author_name | default: "" | xml_escape }}</name>{% if post_author.email %}<email>{{ post_author.email | xml_escape }}</email>{% endif %}{% if post_author.uri %}<uri>{{ post_author.uri | xml_escape }}</uri>{% endif %}</author>
{%- if post.category %}
<category term="{{ post.category | xml_escape }}" />
{%- elsif post.categories %}{% for category in post.categories %}
<category term="{{ category | xml_escape }}" />
{%- endfor %}{% endif %}
{%- for tag in post.tags %}
<category term="{{ tag | xml_escape }}" />
{%- endfor %}
{%- assign post_summary = post.description | default: post.excerpt %}
{%- if post_summary and post_summary != empty %}
<summary type="html"><![CDATA[{{ post_summary | strip_html | normalize_whitespace }}]]></summary>
{%- endif %}
{%- assign post_image = post.image.path | default: post.image %}
{%- if post_image %}{% unless post_image contains "://" %}{% assign post_image = post_image | absolute_url %}{% endunless %}
<media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="{{ post_image | xml_escape }}" />
<media:content medium="image" url="{{ post_image | xml_escape }}" xmlns:media="http://search.yahoo.com/mrss/" />
{%- endif %}
</entry>
{%- endfor %}
</feed>
`

// feedPages are jekyll-feed's feeds: /feed.xml (or feed.path) with the
// newest posts, one more per category in feed.categories
// (/feed/NAME.xml), per collection in feed.collections
// (/feed/LABEL.xml, and /feed/LABEL/NAME.xml per category), and per tag
// with feed.tags (/feed/by_tag/TAG.xml); feed.posts_limit entries each
// (10 by default), drafts left out.
func (b *engine) feedPages() []*page {
	cfg := &b.site.Config
	fc, _ := cfg.Raw["feed"].(map[string]any)
	limit := 10
	if n, ok := fc["posts_limit"].(int); ok && n > 0 {
		limit = n
	}
	type feedOf struct {
		label string
		meta  map[string]any
	}
	var colls []feedOf
	switch c := fc["collections"].(type) {
	case []any:
		for _, v := range c {
			if s, ok := v.(string); ok {
				colls = append(colls, feedOf{s, map[string]any{}})
			}
		}
	case map[string]any:
		labels := make([]string, 0, len(c))
		for k := range c {
			labels = append(labels, k)
		}
		sort.Strings(labels)
		for _, k := range labels {
			m, _ := c[k].(map[string]any)
			colls = append(colls, feedOf{k, m})
		}
	}
	hasPosts := false
	for i := range colls {
		if colls[i].label == "posts" {
			hasPosts = true
			if colls[i].meta == nil {
				colls[i].meta = map[string]any{}
			}
		}
	}
	if !hasPosts {
		colls = append(colls, feedOf{"posts", map[string]any{}})
	}
	var out []*page
	for _, c := range colls {
		if c.label == "posts" {
			if _, ok := c.meta["path"]; !ok {
				c.meta["path"] = fc["path"]
			}
			if _, ok := c.meta["categories"]; !ok {
				c.meta["categories"] = fc["categories"]
			}
		}
		prefix := "/feed"
		if c.label != "posts" {
			prefix = "/feed/" + c.label
		}
		var cats []string
		if l, ok := c.meta["categories"].([]any); ok {
			for _, v := range l {
				if s, ok := v.(string); ok && !slices.Contains(cats, s) {
					cats = append(cats, s)
				}
			}
		}
		docs, _ := b.siteMap[c.label].([]any)
		for _, cat := range cats {
			out = append(out, b.feedPage(prefix+"/"+cat+".xml", c.label, cat, byCategory(docs, cat), limit))
		}
		u := prefix + ".xml"
		if p, ok := c.meta["path"].(string); ok && p != "" {
			u = "/" + strings.TrimPrefix(p, "/")
		}
		out = append(out, b.feedPage(u, c.label, "", docs, limit))
	}
	if fc["tags"] != nil && fc["tags"] != false {
		tc, _ := fc["tags"].(map[string]any)
		dir := "/feed/by_tag/"
		if p, ok := tc["path"].(string); ok {
			dir = p
		}
		tags, _ := b.siteMap["tags"].(yaml.MapSlice)
		only := map[string]bool{}
		if l, ok := tc["only"].([]any); ok {
			for _, v := range l {
				only[fmt.Sprint(v)] = true
			}
		}
		except := map[string]bool{}
		if l, ok := tc["except"].([]any); ok {
			for _, v := range l {
				except[fmt.Sprint(v)] = true
			}
		}
		for _, t := range tags {
			name := fmt.Sprint(t.Key)
			if (len(only) > 0 && !only[name]) || except[name] || !feedTagName.MatchString(name) {
				continue
			}
			posts, _ := t.Value.([]any)
			p := b.feedPage(dir+name+".xml", "posts", "", posts, limit)
			p.data["tags"] = name
			out = append(out, p)
		}
	}
	return out
}

var feedTagName = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)

// byCategory is where: "categories", name on a list of documents.
func byCategory(docs []any, name string) []any {
	var out []any
	for _, d := range docs {
		m, _ := d.(map[string]any)
		switch c := m["categories"].(type) {
		case []string:
			if slices.Contains(c, name) {
				out = append(out, d)
			}
		case []any:
			for _, v := range c {
				if fmt.Sprint(v) == name {
					out = append(out, d)
					break
				}
			}
		case string:
			if c == name {
				out = append(out, d)
			}
		}
	}
	return out
}

// feedPage is one feed at url of docs: the newest first, drafts left out
// unless the site shows them, limit of them.
func (b *engine) feedPage(url, collection, category string, docs []any, limit int) *page {
	cfg := &b.site.Config
	sorted := slices.Clone(docs)
	// The feed's sort: "date" | reverse: by date, later ones first,
	// documents of the same date in reverse order.
	slices.Reverse(sorted)
	slices.SortStableFunc(sorted, func(x, y any) int {
		dx, _ := x.(map[string]any)["date"].(time.Time)
		dy, _ := y.(map[string]any)["date"].(time.Time)
		return dy.Compare(dx)
	})
	var posts []any
	for _, p := range sorted {
		if len(posts) == limit {
			break
		}
		if d, _ := p.(map[string]any)["draft"].(bool); d && !cfg.ShowDrafts {
			continue
		}
		posts = append(posts, p)
	}
	_, xslErr := fs.Stat(b.site.Files, "feed.xslt.xml")
	data := map[string]any{"url": url, "feed_posts": posts, "sitemap": false, "collection": collection, "xsl": xslErr == nil}
	if category != "" {
		data["category"] = category
	}
	p := &page{
		path:    "(generated " + strings.TrimPrefix(url, "/") + ")",
		dest:    strings.TrimPrefix(url, "/"),
		data:    data,
		tracked: true,
	}
	p.raw = func() ([]byte, error) {
		tpl, err := b.tpl.Parse([]byte(feedTemplate), "(feed template)", 1)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := b.tpl.Render(&buf, tpl, b.bindings(p, nil), p.path); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	return p
}
