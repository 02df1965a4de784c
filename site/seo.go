package site

import (
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/osteele/liquid/render"

	"github.com/shine-blog/shine/site/liquid"
)

// seoTag is jekyll-seo-tag's {% seo %}: title, description, canonical
// URL, Open Graph and Twitter tags and JSON-LD, computed by its rules.
// {% seo title=false %} leaves out the <title> element.
func seoTag(ctx render.Context) (string, error) {
	page := mapOf(ctx.Get("page"))
	site := siteMapOf(ctx.Get("site"))
	paginator := mapOf(ctx.Get("paginator"))
	withTitle := !strings.Contains(ctx.TagArgs(), "title=false")
	m := seoMeta(site, page, paginator)
	// jekyll-seo-tag reads its strings through markdownify, which
	// smartens quotes, dashes and ellipses.
	for _, f := range []*string{&m.title, &m.pageTitle, &m.siteTitle, &m.description} {
		*f = html.UnescapeString(liquid.Smartify(*f))
	}

	var b strings.Builder
	b.WriteString("<!-- Begin Jekyll SEO tag v2.8.0 -->\n")
	if withTitle && m.title != "" {
		fmt.Fprintf(&b, "<title>%s</title>\n", esc(m.title))
	}
	fmt.Fprintf(&b, "<meta name=\"generator\" content=\"%s\" />\n", esc(Generator()))
	if m.pageTitle != "" {
		fmt.Fprintf(&b, "<meta property=\"og:title\" content=\"%s\" />\n", esc(m.pageTitle))
	}
	if m.author != "" {
		fmt.Fprintf(&b, "<meta name=\"author\" content=\"%s\" />\n", esc(m.author))
	}
	fmt.Fprintf(&b, "<meta property=\"og:locale\" content=\"%s\" />\n", esc(m.locale))
	if m.description != "" {
		fmt.Fprintf(&b, "<meta name=\"description\" content=\"%s\" />\n", esc(m.description))
		fmt.Fprintf(&b, "<meta property=\"og:description\" content=\"%s\" />\n", esc(m.description))
	}
	if m.canonical != "" {
		fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\" />\n", esc(m.canonical))
		fmt.Fprintf(&b, "<meta property=\"og:url\" content=\"%s\" />\n", esc(m.canonical))
	}
	if m.siteTitle != "" {
		fmt.Fprintf(&b, "<meta property=\"og:site_name\" content=\"%s\" />\n", esc(m.siteTitle))
	}
	if m.article {
		b.WriteString("<meta property=\"og:type\" content=\"article\" />\n")
		fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=\"%s\" />\n", m.published.Format(xmlSchema))
	} else {
		b.WriteString("<meta property=\"og:type\" content=\"website\" />\n")
	}
	if m.prev != "" {
		fmt.Fprintf(&b, "<link rel=\"prev\" href=\"%s\" />\n", esc(m.prev))
	}
	if m.next != "" {
		fmt.Fprintf(&b, "<link rel=\"next\" href=\"%s\" />\n", esc(m.next))
	}
	b.WriteString("<meta name=\"twitter:card\" content=\"summary\" />\n")
	if m.pageTitle != "" {
		fmt.Fprintf(&b, "<meta property=\"twitter:title\" content=\"%s\" />\n", esc(m.pageTitle))
	}
	ld := map[string]any{"@context": "https://schema.org"}
	if m.article {
		ld["@type"] = "BlogPosting"
		ld["datePublished"] = m.published.Format(xmlSchema)
		ld["dateModified"] = m.modified.Format(xmlSchema)
		ld["headline"] = m.pageTitle
		ld["mainEntityOfPage"] = map[string]any{"@type": "WebPage", "@id": m.canonical}
	} else if u, _ := page["url"].(string); homeOrAbout[strings.TrimSuffix(u, "index.html")] {
		ld["@type"] = "WebSite"
		ld["headline"] = m.pageTitle
		ld["name"] = m.siteTitle
	} else {
		// jekyll-seo-tag's type for any other page; only the home and
		// about pages name the site.
		ld["@type"] = "WebPage"
		ld["headline"] = m.pageTitle
	}
	if m.author != "" {
		ld["author"] = map[string]any{"@type": "Person", "name": m.author}
	}
	if m.description != "" {
		ld["description"] = m.description
	}
	if m.canonical != "" {
		ld["url"] = m.canonical
	}
	j, err := json.Marshal(ld)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "<script type=\"application/ld+json\">\n%s</script>\n<!-- End Jekyll SEO tag -->\n", j)
	return b.String(), nil
}

// Generator names shine and its version, for the generator meta tag:
// the module version the binary was built from, "(devel)" otherwise.
func Generator() string {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	return "shine " + v
}

// homeOrAbout are the URLs jekyll-seo-tag describes as the WebSite.
var homeOrAbout = map[string]bool{"/": true, "/about/": true, "/about.html": true}

// xmlSchema is Ruby's Time#xmlschema, which Jekyll's date_to_xmlschema
// and the plugins use: a numeric offset even for UTC.
const xmlSchema = "2006-01-02T15:04:05-07:00"

type seoInfo struct {
	title, pageTitle, siteTitle, description, author, canonical, locale, prev, next string
	article                                                                         bool
	published, modified                                                             time.Time
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

// seoText is jekyll-seo-tag's format_string: HTML stripped, white space
// folded.
func seoText(v any) string {
	s, _ := v.(string)
	s = tagPattern.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	return strings.Join(strings.Fields(s), " ")
}

func seoMeta(site, page, paginator map[string]any) seoInfo {
	var m seoInfo
	m.siteTitle = siteTitle(site)
	siteDesc := seoText(site["tagline"])
	if siteDesc == "" {
		siteDesc = seoText(site["description"])
	}
	m.pageTitle = seoText(page["title"])
	if m.pageTitle == "" {
		m.pageTitle = m.siteTitle
	}
	switch {
	case m.siteTitle != "" && m.pageTitle != m.siteTitle:
		m.title = m.pageTitle + " | " + m.siteTitle
	case siteDesc != "" && m.siteTitle != "":
		m.title = m.siteTitle + " | " + siteDesc
	default:
		m.title = m.pageTitle
	}
	if n, ok := paginator["page"].(int); ok && n > 1 {
		m.title = fmt.Sprintf("Page %d of %v for %s", n, paginator["total_pages"], m.title)
	}
	m.description = seoText(page["description"])
	if m.description == "" {
		if e, ok := page["excerpt"].(string); ok {
			m.description = seoText(e)
		}
	}
	if m.description == "" {
		m.description = seoText(site["description"])
	}
	m.author = authorName(page["author"])
	if m.author == "" {
		m.author = authorName(site["author"])
	}
	m.locale = "en_US"
	for _, v := range []any{page["locale"], page["lang"], site["locale"], site["lang"]} {
		if s, ok := v.(string); ok && s != "" {
			m.locale = strings.ReplaceAll(s, "-", "_")
			break
		}
	}
	siteURL, _ := site["url"].(string)
	baseURL, _ := site["baseurl"].(string)
	if u, ok := page["canonical_url"].(string); ok && u != "" {
		m.canonical = u
	} else if u, ok := page["url"].(string); ok && siteURL != "" {
		m.canonical = siteURL + baseURL + strings.TrimSuffix(u, "index.html")
	}
	if p, ok := paginator["previous_page_path"].(string); ok && p != "" && siteURL != "" {
		m.prev = siteURL + baseURL + p
	}
	if p, ok := paginator["next_page_path"].(string); ok && p != "" && siteURL != "" {
		m.next = siteURL + baseURL + p
	}
	if d, ok := page["date"].(time.Time); ok {
		m.article = true
		m.published = d
		m.modified = d
		if lm, ok := page["last_modified_at"].(time.Time); ok {
			m.modified = lm
		}
	}
	return m
}

// siteTitle is the site's title, or its older name key, as both plugins
// read it.
func siteTitle(site map[string]any) string {
	if t := seoText(site["title"]); t != "" {
		return t
	}
	return seoText(site["name"])
}

func authorName(v any) string {
	switch a := v.(type) {
	case string:
		return a
	case map[string]any:
		return seoText(a["name"])
	case []any:
		if len(a) > 0 {
			return authorName(a[0])
		}
	}
	return ""
}

func esc(s string) string { return html.EscapeString(s) }

// feedMetaTag is jekyll-feed's {% feed_meta %}: the <link> to the feed.
func feedMetaTag(ctx render.Context) (string, error) {
	site := siteMapOf(ctx.Get("site"))
	siteURL, _ := site["url"].(string)
	baseURL, _ := site["baseurl"].(string)
	title := siteTitle(site)
	href := siteURL + baseURL + feedPath(site)
	if title == "" {
		return fmt.Sprintf(`<link type="application/atom+xml" rel="alternate" href="%s" />`, esc(href)), nil
	}
	return fmt.Sprintf(`<link type="application/atom+xml" rel="alternate" href="%s" title="%s" />`, esc(href), esc(title)), nil
}

// feedPath is jekyll-feed's feed.path setting, "/feed.xml" by default.
func feedPath(site map[string]any) string {
	if f, ok := site["feed"].(map[string]any); ok {
		if p, ok := f["path"].(string); ok && p != "" {
			return "/" + strings.TrimPrefix(p, "/")
		}
	}
	return "/feed.xml"
}
