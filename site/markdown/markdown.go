// Package markdown converts Markdown to HTML as Jekyll's kramdown does:
// the goldmark setup, heading ids as kramdown makes them, code
// highlighted in Rouge's markup, and kramdown's own syntax as goldmark
// extensions.
package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Options configure a Converter.
type Options struct {
	// Extensions are added after the built-in ones, for syntax that is
	// not kramdown's (wiki links, for one).
	Extensions []goldmark.Extender
	// Kramdown are the site's "kramdown:" options; nil for Jekyll's
	// defaults.
	Kramdown *Kramdown
}

// Converter converts Markdown the way a Jekyll site expects from
// kramdown: GFM, footnotes, definition lists, smart typography, raw HTML
// kept, heading ids as kramdown makes them, and fenced code highlighted
// by chroma with CSS classes in Rouge's markup (see fencedCode). It is
// safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
}

// New returns a Converter with opts.
func New(opts Options) *Converter {
	k := opts.Kramdown
	if k == nil {
		d := DefaultKramdown()
		k = &d
	}
	exts := []goldmark.Extender{
		// GFM as kramdown's GFM parser reads it: no bare URLs made
		// links, and tables as kramdown's.
		extension.Strikethrough,
		extension.TaskList,
		taskLists{},
		tables{k},
		// kramdown's back link is a plain ↩ (no emoji variation selector).
		extension.NewFootnote(extension.WithFootnoteBacklinkHTML("&#8617;")),
		extension.DefinitionList,
		typography{k},
		attributes{},
		htmlBlockExt{},
		tocExt{k.TOCLevels},
		abbreviations{},
		rawSpans{},
	}
	// kramdown writes XHTML: <br />, <hr />, <img ... />.
	rendererOpts := []renderer.Option{html.WithUnsafe(), html.WithXHTML(),
		renderer.WithNodeRenderers(util.Prioritized(fencedCode{block: k.CodeBlock, span: k.CodeSpan}, 200),
			util.Prioritized(linkRenderer{}, 200))}
	if k.GFM && k.HardWrap {
		rendererOpts = append(rendererOpts, html.WithHardWraps())
	}
	md := goldmark.New(
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(blockParsers()...),
			parser.WithInlineParsers(inlineParsers()...),
			parser.WithParagraphTransformers(paragraphTransformers()...),
		)),
		goldmark.WithExtensions(append(exts, opts.Extensions...)...),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(gfmHeadingIDs{k}, 100))),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Converter{md: md}
}

// Convert renders src, appending to dst.
func (m *Converter) Convert(dst *bytes.Buffer, src []byte) error {
	ctx := parser.NewContext(parser.WithIDs(&autoIDs{}))
	return m.md.Convert(src, dst, parser.WithContext(ctx))
}

// String renders src; it is Liquid's markdownify.
func (m *Converter) String(src string) (string, error) {
	var b bytes.Buffer
	if err := m.Convert(&b, []byte(src)); err != nil {
		return "", err
	}
	return b.String(), nil
}
