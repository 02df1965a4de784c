package wiki

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindLink is the node kind of a wiki link.
var KindLink = ast.NewNodeKind("WikiLink")

// Link is a wiki link in a Markdown document: [[Target#Fragment|Text]].
// Resolution fills in Page or Err.
type Link struct {
	ast.BaseInline
	Target   string // the page name as written, "" for [[#Heading]]
	Fragment string // after '#', as written
	Label    string // after '|', as written; "" when there is none
	Offset   int    // of the opening "[[" in the source

	Page *Page // the page linked to, once resolved
	Err  error // why it did not resolve
	// Slug turns the fragment into the heading id; nil keeps it.
	slug func(string) string
}

func (n *Link) Kind() ast.NodeKind { return KindLink }

func (n *Link) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Target": n.Target, "Fragment": n.Fragment, "Label": n.Label}, nil)
}

// Shown is the text the link shows: the text after '|', else the
// linked page's title (so a renamed title shows at once), else the name
// as written. A fragment is added after the title as "Title › Heading".
func (n *Link) Shown() string {
	if n.Label != "" {
		return n.Label
	}
	name := n.Target
	if n.Page != nil {
		name = n.Page.Title
	}
	if n.Fragment != "" {
		if name == "" {
			return n.Fragment
		}
		return name + " › " + n.Fragment
	}
	return name
}

// Href is where the link goes: the page's URL and the fragment's id.
func (n *Link) Href() string {
	h := ""
	if n.Page != nil {
		h = n.Page.URL
	}
	if n.Fragment != "" {
		id := n.Fragment
		if n.slug != nil {
			id = n.slug(id)
		}
		h += "#" + id
	}
	return h
}

// Parse reads a wiki link at the start of b: "[[", a name with no
// brackets or line break, "]]". It returns the link and its length, or
// nil when b does not start with one.
func Parse(b []byte) (*Link, int) {
	if !bytes.HasPrefix(b, []byte("[[")) {
		return nil, 0
	}
	end := -1
	for i := 2; i < len(b); i++ {
		c := b[i]
		if c == '\n' || c == '\r' || c == '[' {
			return nil, 0
		}
		if c == ']' {
			if i+1 < len(b) && b[i+1] == ']' {
				end = i
			}
			break
		}
	}
	if end < 0 {
		return nil, 0
	}
	inner := string(b[2:end])
	l := &Link{}
	if i := strings.IndexByte(inner, '|'); i >= 0 {
		l.Label = strings.TrimSpace(inner[i+1:])
		inner = inner[:i]
	}
	if i := strings.IndexByte(inner, '#'); i >= 0 {
		l.Fragment = strings.TrimSpace(inner[i+1:])
		inner = inner[:i]
	}
	l.Target = strings.TrimSpace(inner)
	if l.Target == "" && l.Fragment == "" {
		return nil, 0
	}
	return l, end + 2
}

// linkParser is the inline parser: it runs before goldmark's own link
// parser, which would otherwise read "[[" as two brackets.
type linkParser struct{}

func (linkParser) Trigger() []byte { return []byte{'['} }

func (linkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	l, n := Parse(line)
	if l == nil {
		return nil
	}
	l.Offset = seg.Start
	block.Advance(n)
	return l
}

// contextKey carries the Index of one conversion and what it found.
var contextKey = parser.NewContextKey()

type resolution struct {
	ix   *Index
	slug func(string) string
	res  *Result
}

// Result is what one conversion found: its wiki links, resolved, and
// the destinations of its ordinary Markdown links (for backlinks).
type Result struct {
	Links []Found
	Dests []string
}

// Found is a wiki link found in a source, with its line (1 is the
// first line of the source) and its resolution.
type Found struct {
	*Link
	Line int
}

// Use makes the conversion that reads pc resolve links against ix, and
// returns what it will find there; slug turns a [[Page#Heading]]
// fragment into the heading's id (nil keeps the fragment as written).
// Without Use, every link is broken.
func Use(pc parser.Context, ix *Index, slug func(string) string) *Result {
	r := &Result{}
	pc.Set(contextKey, &resolution{ix, slug, r})
	return r
}

// resolver resolves every link of a document after parsing.
type resolver struct{}

func (resolver) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	r, _ := pc.Get(contextKey).(*resolution)
	if r == nil {
		r = &resolution{res: &Result{}}
	}
	src := reader.Source()
	line, at := 1, 0
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *Link:
			l.slug = r.slug
			if l.Target != "" {
				l.Page, l.Err = r.ix.Resolve(l.Target)
			}
			if l.Offset >= at && l.Offset <= len(src) {
				line += bytes.Count(src[at:l.Offset], []byte("\n"))
				at = l.Offset
			}
			// A copy out of the tree: the result outlives the
			// document, whose nodes it would otherwise keep alive.
			c := *l
			c.BaseInline = ast.BaseInline{}
			r.res.Links = append(r.res.Links, Found{&c, line})
		case *ast.Link:
			r.res.Dests = append(r.res.Dests, string(l.Destination))
		}
		return ast.WalkContinue, nil
	})
}

// linkRenderer writes a resolved link as <a class="wikilink">, a broken
// one as <a class="wikilink broken"> without an href, and a link to a
// heading of the same page as a plain fragment link.
type linkRenderer struct{}

func (linkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindLink, renderLink)
}

func renderLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	l := node.(*Link)
	if l.Target != "" && l.Page == nil {
		w.WriteString(`<a class="wikilink broken" title="no wiki page `)
		w.Write(util.EscapeHTML([]byte(l.Target)))
		w.WriteString(`">`)
	} else {
		w.WriteString(`<a class="wikilink" href="`)
		w.Write(util.EscapeHTML(util.URLEscape([]byte(l.Href()), false)))
		w.WriteString(`">`)
	}
	w.Write(util.EscapeHTML([]byte(l.Shown())))
	w.WriteString("</a>")
	return ast.WalkSkipChildren, nil
}

// Extension adds wiki links to a goldmark Markdown.
var Extension goldmark.Extender = extension{}

type extension struct{}

func (extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(linkParser{}, 199)),
		parser.WithASTTransformers(util.Prioritized(resolver{}, 1000)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(linkRenderer{}, 500)))
}
