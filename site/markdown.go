package site

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/shine-blog/shine/site/wiki"
)

// markdown converts Markdown to HTML the way a Jekyll site expects from
// kramdown: GFM, footnotes, definition lists, smart typography, raw HTML
// kept, heading ids as kramdown makes them, and fenced code highlighted by
// chroma with CSS classes in Rouge's markup (see fencedCode).
type markdown struct {
	md goldmark.Markdown
	// wiki resolves [[wiki links]]; set before conversions start and
	// only between builds after that.
	wiki *wiki.Index
}

func newMarkdown() *markdown {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			// kramdown's back link is a plain ↩ (no emoji variation selector).
			extension.NewFootnote(extension.WithFootnoteBacklinkHTML("&#8617;")),
			extension.DefinitionList,
			extension.Typographer,
			wiki.Extension,
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(gfmHeadingIDs{}, 100))),
		goldmark.WithRendererOptions(html.WithUnsafe(),
			renderer.WithNodeRenderers(util.Prioritized(fencedCode{}, 200))),
	)
	return &markdown{md: md}
}

// convert renders src, appending to dst.
func (m *markdown) convert(dst *bytes.Buffer, src []byte) error {
	_, err := m.convertLinks(dst, src)
	return err
}

// convertLinks is convert that also returns the links src has: its
// wiki links, resolved, and its ordinary links' destinations.
func (m *markdown) convertLinks(dst *bytes.Buffer, src []byte) (*wiki.Result, error) {
	ctx := parser.NewContext(parser.WithIDs(&autoIDs{}))
	links := wiki.Use(ctx, m.wiki, gfmID)
	return links, m.md.Convert(src, dst, parser.WithContext(ctx))
}

func (m *markdown) String(src string) (string, error) {
	var b bytes.Buffer
	if err := m.convert(&b, []byte(src)); err != nil {
		return "", err
	}
	return b.String(), nil
}
