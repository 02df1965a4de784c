package site

import (
	"errors"
	"fmt"
	"html"
	"strings"

	"github.com/osteele/liquid/render"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/liquid"
	"github.com/shine-blog/shine/site/markdown"
)

// newTemplates is the Liquid engine of one build: Jekyll's tags and
// filters, and the tags of the plugins shine builds in. markdownify
// converts as page bodies convert, wiki links and all.
func newTemplates(s *content.Site, markdownify func(string) (string, error)) *liquid.Engine {
	t := liquid.New(s, markdownify)
	t.RegisterTag("seo", seoTag)
	t.RegisterTag("feed_meta", feedMetaTag)
	t.RegisterBlock("highlight", highlightBlock)
	return t
}

// highlightBlock is Jekyll's {% highlight lang [linenos] %}: the code
// highlighted by chroma with CSS classes, in Jekyll's markup.
func highlightBlock(ctx render.Context) (string, error) {
	args := strings.Fields(ctx.TagArgs())
	if len(args) == 0 {
		return "", errors.New("highlight needs a language, as in {% highlight go %}")
	}
	lang := args[0]
	linenos := false
	for _, a := range args[1:] {
		if a == "linenos" || strings.HasPrefix(a, "linenos=") {
			linenos = true
		}
	}
	code, err := ctx.InnerString()
	if err != nil {
		return "", err
	}
	code = strings.Trim(code, "\n")
	code = strings.TrimRight(code, " \t\n")
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="highlight"><pre><code class="language-%s" data-lang="%s">`, html.EscapeString(lang), html.EscapeString(lang))
	if err := markdown.Highlight(&b, code, lang, linenos); err != nil {
		return "", err
	}
	b.WriteString("</code></pre></figure>")
	return b.String(), nil
}
