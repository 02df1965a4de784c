package site

import (
	"bytes"
	"strings"
)

// feedTemplate writes jekyll-feed's Atom feed: the same elements in the
// same order, so feed readers see every entry where they saw it before.
const feedTemplate = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"{% if site.lang %} xml:lang="{{ site.lang }}"{% endif %}>
<generator uri="https://jekyllrb.com/" version="{{ jekyll.version }}">Jekyll</generator>
<link href="{{ page.url | absolute_url }}" rel="self" type="application/atom+xml" />
<link href="{{ '/' | absolute_url }}" rel="alternate" type="text/html"{% if site.lang %} hreflang="{{ site.lang }}"{% endif %} />
<updated>{{ site.time | date_to_xmlschema }}</updated>
<id>{{ page.url | absolute_url | xml_escape }}</id>
{%- assign title = site.title | default: site.name %}
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
{%- unless page.excerpt_only %}
<content type="html" xml:base="{{ post.url | absolute_url | xml_escape }}"><![CDATA[{{ post.content | strip }}]]></content>
{%- endunless %}
{%- assign post_author = post.author | default: post.authors[0] | default: site.author %}
{%- assign post_author = site.data.authors[post_author] | default: post_author %}
{%- assign post_author_name = post_author.name | default: post_author %}
<author><name>{{ post_author_name | default: "" | xml_escape }}</name>{% if post_author.email %}<email>{{ post_author.email | xml_escape }}</email>{% endif %}{% if post_author.uri %}<uri>{{ post_author.uri | xml_escape }}</uri>{% endif %}</author>
{%- if post.category %}
<category term="{{ post.category | xml_escape }}" />
{%- else %}{% for category in post.categories %}
<category term="{{ category | xml_escape }}" />
{%- endfor %}{% endif %}
{%- for tag in post.tags %}
<category term="{{ tag | xml_escape }}" />
{%- endfor %}
{%- assign post_summary = post.description | default: post.excerpt %}
{%- if post_summary and post_summary != empty %}
<summary type="html"><![CDATA[{{ post_summary | strip_html | normalize_whitespace }}]]></summary>
{%- endif %}
</entry>
{%- endfor %}
</feed>
`

// feedPage is jekyll-feed's /feed.xml (or feed.path): the newest posts,
// feed.posts_limit of them (10 by default), drafts left out.
func (b *engine) feedPage() *page {
	cfg := &b.site.Config
	url := feedPath(b.siteMap)
	limit := 10
	excerptOnly := false
	if f, ok := cfg.Raw["feed"].(map[string]any); ok {
		if n, ok := f["posts_limit"].(int); ok && n > 0 {
			limit = n
		}
		if e, ok := f["excerpt_only"].(bool); ok {
			excerptOnly = e
		}
	}
	var posts []any
	all, _ := b.siteMap["posts"].([]any)
	for _, p := range all {
		if len(posts) == limit {
			break
		}
		if d, _ := p.(map[string]any)["draft"].(bool); d {
			continue
		}
		posts = append(posts, p)
	}
	p := &page{
		path:    "(generated " + strings.TrimPrefix(url, "/") + ")",
		dest:    strings.TrimPrefix(url, "/"),
		data:    map[string]any{"url": url, "feed_posts": posts, "excerpt_only": excerptOnly, "sitemap": false},
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
