package site

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/parser"

	"github.com/shine-blog/shine/site/markdown"
	"github.com/shine-blog/shine/site/wiki"
)

// Wiki links in conversions: Markdown converted with the wiki index of
// the last plan (bodies and the markdownify filter), and the table of
// contents of pages that ask for one.

// headingRE finds the headings of converted Markdown that have an id.
var headingRE = regexp.MustCompile(`(?s)<h([2-4]) id="([^"]+)"[^>]*>(.*?)</h[2-4]>`)

var tagRE = regexp.MustCompile(`<[^>]*>`)

// tableOfContents lists the h2 to h4 headings of html, nested, linking
// to the ids the headings have.
func tableOfContents(html string) string {
	ms := headingRE.FindAllStringSubmatch(html, -1)
	if len(ms) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<nav class="toc" aria-label="Contents">` + "\n")
	var open []int // the levels of the open lists, each with an open item
	for _, m := range ms {
		level := int(m[1][0] - '0')
		switch {
		case len(open) == 0:
			b.WriteString("<ul>\n")
			open = append(open, level)
		case level > open[len(open)-1]:
			b.WriteString("\n<ul>\n")
			open = append(open, level)
		default:
			for len(open) > 1 && level < open[len(open)-1] {
				b.WriteString("</li>\n</ul>\n")
				open = open[:len(open)-1]
			}
			b.WriteString("</li>\n")
		}
		fmt.Fprintf(&b, `<li><a href="#%s">%s</a>`, m[2], strings.TrimSpace(tagRE.ReplaceAllString(m[3], "")))
	}
	for range open {
		b.WriteString("</li>\n</ul>\n")
	}
	b.WriteString("</nav>\n")
	return b.String()
}

// markdownify is Liquid's markdownify filter: s converted as a body is,
// its wiki links resolved. A render cannot tell the filter which page
// it is for, so a page records reading the wiki index when its output
// has a wiki link once any markdownify has made one (see applyLayouts).
func (b *engine) markdownify(s string) (string, error) {
	var buf bytes.Buffer
	found, err := b.convertMarkdown(&buf, []byte(s))
	if err != nil {
		return "", err
	}
	if found != nil && len(found.Links) > 0 {
		b.mdWikiLinks.Store(true)
	}
	return buf.String(), nil
}

// convertMarkdown converts src with its wiki links resolved against the
// index of the last plan, and returns the links it has.
func (b *engine) convertMarkdown(buf *bytes.Buffer, src []byte) (*wiki.Result, error) {
	var ix *wiki.Index
	if b.wiki != nil {
		ix = b.wiki.ix
	}
	var found *wiki.Result
	err := b.md.ConvertWith(buf, src, func(pc parser.Context) { found = wiki.Use(pc, ix, markdown.HeadingID) })
	return found, err
}
