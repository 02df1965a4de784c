package site

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/osteele/liquid"
	"github.com/osteele/liquid/render"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/filters"
)

// templates holds the Liquid engine of one build, with Jekyll's filters
// and tags, and caches every parsed include so each is parsed once.
type templates struct {
	engine   *liquid.Engine
	files    fs.FS
	source   string
	includes sync.Map // name -> *includeEntry
	urls     *urlIndex
}

type includeEntry struct {
	once sync.Once
	tpl  *liquid.Template
	err  error
}

func newTemplates(s *content.Site, md *markdown, urls *urlIndex) *templates {
	t := &templates{engine: liquid.NewEngine(), files: s.Files, source: s.Source, urls: urls}
	filters.Register(t.engine, filters.Env{
		URL:         s.Config.URL,
		BaseURL:     s.Config.BaseURL,
		Location:    s.Config.Location,
		Markdownify: md.String,
		Slugify:     content.Slugify,
	})
	t.engine.RegisterTag("include", t.includeTag("_includes"))
	t.engine.RegisterTag("include_relative", t.includeTag(""))
	t.engine.RegisterTag("post_url", t.postURLTag)
	t.engine.RegisterTag("link", t.linkTag)
	t.engine.RegisterTag("seo", seoTag)
	t.engine.RegisterTag("feed_meta", feedMetaTag)
	t.engine.RegisterBlock("highlight", highlightBlock)
	return t
}

// parse parses a template whose first line is line of file.
func (t *templates) parse(src []byte, file string, line int) (*liquid.Template, error) {
	tpl, err := t.engine.ParseTemplateLocation(src, file, line)
	if err != nil {
		return nil, liquidError(err, file)
	}
	return tpl, nil
}

// render renders tpl with bindings into dst.
func (t *templates) render(dst *bytes.Buffer, tpl *liquid.Template, bindings map[string]any, file string) error {
	if err := tpl.FRender(dst, bindings); err != nil {
		return liquidError(err, file)
	}
	return nil
}

// liquidError turns a Liquid error into "file:line: message".
func liquidError(err error, file string) error {
	var se liquid.SourceError
	if errors.As(err, &se) {
		p := se.Path()
		if p == "" {
			p = file
		}
		msg := err.Error()
		if c := se.Cause(); c != nil {
			msg = c.Error()
		}
		msg = liquidPrefix.ReplaceAllString(msg, "")
		if i := strings.Index(msg, " in "+p); i > 0 {
			msg = msg[:i]
		}
		return &content.FileError{File: p, Line: se.LineNumber(), Err: fmt.Errorf("liquid: %s", msg)}
	}
	return &content.FileError{File: file, Err: fmt.Errorf("liquid: %v", err)}
}

// liquidPrefix is what osteele/liquid puts before its messages; the file
// and line are said once, in front.
var liquidPrefix = regexp.MustCompile(`^Liquid error( \(line \d+\))?: `)

func hasLiquid(b []byte) bool {
	return bytes.Contains(b, []byte("{{")) || bytes.Contains(b, []byte("{%"))
}

// includeArgs matches Jekyll's include parameters: key=value, with the
// value in double or single quotes or a variable name.
var includeArgs = regexp.MustCompile(`([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.\[\]'"-]+))`)

// includeTag is Jekyll's {% include file.html key=value %}: the file from
// dir (_includes, or the including file's folder for include_relative),
// rendered with the caller's variables and include.* set to the params.
func (t *templates) includeTag(dir string) liquid.Renderer {
	return func(ctx render.Context) (string, error) {
		args := strings.TrimSpace(ctx.TagArgs())
		if strings.Contains(args, "{{") {
			var err error
			if args, err = ctx.ExpandTagArg(); err != nil {
				return "", err
			}
			args = strings.TrimSpace(args)
		}
		name, rest, _ := strings.Cut(args, " ")
		name = strings.Trim(name, `"'`)
		if name == "" {
			return "", fmt.Errorf("%s needs a file name", ctx.TagName())
		}
		params := map[string]any{}
		for _, m := range includeArgs.FindAllStringSubmatch(rest, -1) {
			switch {
			case m[4] != "":
				v, err := ctx.EvaluateString(m[4])
				if err != nil {
					return "", err
				}
				params[m[1]] = v
			case m[3] != "" || strings.Contains(m[0], "'"):
				params[m[1]] = m[3]
			default:
				params[m[1]] = strings.ReplaceAll(m[2], `\"`, `"`)
			}
		}
		file := path.Join(dir, name)
		if dir == "" {
			file = path.Join(path.Dir(ctx.SourceFile()), name)
		}
		depsOf(ctx).Include(file)
		tpl, err := t.include(file)
		if err != nil {
			return "", err
		}
		bindings := make(map[string]any, len(ctx.Bindings())+1)
		for k, v := range ctx.Bindings() {
			bindings[k] = v
		}
		bindings["include"] = params
		var buf bytes.Buffer
		if err := tpl.FRender(&buf, bindings); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
}

// include parses an include once and caches it for every later use.
func (t *templates) include(file string) (*liquid.Template, error) {
	v, _ := t.includes.LoadOrStore(file, &includeEntry{})
	e := v.(*includeEntry)
	e.once.Do(func() {
		b, err := fs.ReadFile(t.files, file)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				e.err = fmt.Errorf("included file %q not found", file)
			} else {
				e.err = err
			}
			return
		}
		body := withoutFrontMatter(file, b)
		e.tpl, e.err = t.engine.ParseTemplateLocation(body, file, 1)
	})
	return e.tpl, e.err
}

// forget drops a cached include, so the next use reads the file again.
func (t *templates) forget(file string) { t.includes.Delete(file) }

// withoutFrontMatter drops a front matter block from an include or
// relative file, which Jekyll renders without it.
func withoutFrontMatter(file string, b []byte) []byte {
	if !content.HasFrontMatter(b) {
		return b
	}
	fm, err := content.ParseFrontMatter(file, b)
	if err != nil {
		return b
	}
	return fm.Body
}

// postURLTag is {% post_url 2010-07-21-name %}: the URL of the post whose
// file name (without extension, optionally with its folder) is given.
func (t *templates) postURLTag(ctx render.Context) (string, error) {
	name := strings.TrimSpace(ctx.TagArgs())
	depsOf(ctx).URL()
	u, ok := t.urls.post(name)
	if !ok {
		return "", fmt.Errorf("post_url: no post named %q", name)
	}
	return t.urls.baseURL + u, nil
}

// linkTag is {% link path/to/file.md %}: the URL of the page, post,
// document or static file at that source path.
func (t *templates) linkTag(ctx render.Context) (string, error) {
	arg, err := ctx.ExpandTagArg()
	if err != nil {
		return "", err
	}
	name := strings.TrimPrefix(strings.TrimSpace(arg), "/")
	depsOf(ctx).URL()
	u, ok := t.urls.path(name)
	if !ok {
		return "", fmt.Errorf("link: could not find %q: give the path of a page, post or file in the source folder", name)
	}
	return t.urls.baseURL + u, nil
}

// urlIndex finds the URL of a source file, for {% link %} and {% post_url %}.
type urlIndex struct {
	baseURL string
	byPath  map[string]string // source path -> URL
	byPost  map[string]string // post name without extension (and its folders below _posts) -> URL
}

func newURLIndex(s *content.Site) *urlIndex {
	x := &urlIndex{baseURL: s.Config.BaseURL, byPath: map[string]string{}, byPost: map[string]string{}}
	add := func(d *content.Document) {
		if d.URL != "" {
			x.byPath[d.Path] = d.URL
		}
	}
	for _, d := range s.Posts {
		add(d)
		rel := d.Path
		if i := strings.LastIndex(rel, "_posts/"); i >= 0 {
			rel = rel[i+len("_posts/"):]
		}
		rel = strings.TrimSuffix(rel, path.Ext(rel))
		x.byPost[rel] = d.URL
		x.byPost[path.Base(rel)] = d.URL
	}
	for _, d := range s.Pages {
		add(d)
	}
	for _, docs := range s.Collections {
		for _, d := range docs {
			add(d)
		}
	}
	for _, f := range s.Static {
		x.byPath[f.Path] = "/" + f.Dest
	}
	return x
}

func (x *urlIndex) post(name string) (string, bool) {
	u, ok := x.byPost[name]
	return u, ok
}

func (x *urlIndex) path(name string) (string, bool) {
	u, ok := x.byPath[name]
	return u, ok
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
	if err := highlightCode(&b, code, lang, linenos); err != nil {
		return "", err
	}
	b.WriteString("</code></pre></figure>")
	return b.String(), nil
}
