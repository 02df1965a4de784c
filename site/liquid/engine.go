package liquid

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"

	osteele "github.com/osteele/liquid"
	"github.com/osteele/liquid/render"

	"github.com/shine-blog/shine/content"
)

// Template is a parsed Liquid template.
type Template = osteele.Template

// Renderer is a Go tag: it gets the render context and returns the text
// the tag stands for.
type Renderer = osteele.Renderer

// RecorderKey names the binding that carries a render's Recorder to the
// tags. Liquid names cannot hold a NUL, so no template can read or
// overwrite it.
const RecorderKey = "\x00deps"

// Recorder notes what a render reads beyond its bindings: the includes
// it goes through and whether it asked for a URL by source path.
type Recorder interface {
	Include(file string)
	ReadURLs()
}

// RecorderOf finds the Recorder of the render a Go tag runs in; nil when
// the render records nothing.
func RecorderOf(ctx render.Context) Recorder {
	r, _ := ctx.Get(RecorderKey).(Recorder)
	return r
}

// Engine is the Liquid engine of one build, with Jekyll's filters and
// tags; it caches every parsed include so each is parsed once.
type Engine struct {
	engine   *osteele.Engine
	files    fs.FS
	includes sync.Map // name -> *includeEntry
	urls     *URLIndex
	filters  map[string]bool // every filter name the engine knows
	mode     Mode
	warn     *warnings
	rellinks sync.Map // *osteele.Template -> true: it uses rellinks, which reads URLs
}

type includeEntry struct {
	once sync.Once
	tpl  *osteele.Template
	err  error
}

// New returns the engine for site s. markdownify renders Markdown for the
// markdownify filter.
func New(s *content.Site, markdownify func(string) (string, error)) *Engine {
	t := &Engine{engine: osteele.NewEngine(), files: s.Files, urls: NewURLIndex(s), filters: map[string]bool{}, warn: &warnings{}}
	t.mode = ModeOf(s.Config.Raw)
	if t.mode.StrictVariables {
		t.engine.StrictVariables()
	}
	for _, name := range standardFilters {
		t.filters[name] = true
	}
	registerSitePlugins(t, s.SitePlugins)
	register(t, Env{
		URL:         s.Config.URL,
		BaseURL:     s.Config.BaseURL,
		Location:    s.Config.Location,
		Markdownify: markdownify,
		Slugify:     content.Slugify,
		SourceURL:   func(p string) (string, bool) { return t.urls.path(p) },
	})
	t.engine.RegisterTag("include", t.includeTag("_includes"))
	t.engine.RegisterTag("include_relative", t.includeTag(""))
	t.engine.RegisterTag(includeEndTag, includeEnd)
	t.engine.RegisterTag("post_url", t.postURLTag)
	t.engine.RegisterTag("link", t.linkTag)
	registerPluginTags(t, t.includeTag("_includes"))
	return t
}

// RegisterFilter adds a filter, replacing any of the same name. Call it
// before the first Parse: the lax reading drops filters it does not know.
func (t *Engine) RegisterFilter(name string, fn any) {
	t.filters[name] = true
	t.engine.RegisterFilter(name, fn)
}

// RegisterTag adds a tag, replacing any of the same name.
func (t *Engine) RegisterTag(name string, r Renderer) { t.engine.RegisterTag(name, r) }

// RegisterBlock adds a block tag, replacing any of the same name.
func (t *Engine) RegisterBlock(name string, r Renderer) { t.engine.RegisterBlock(name, r) }

// Parse parses a template whose first line is line of file.
func (t *Engine) Parse(src []byte, file string, line int) (*Template, error) {
	src, rellinks := rellinksArg(src)
	tpl, err := t.engine.ParseTemplateLocation(t.lax(src, file, line), file, line)
	if err != nil {
		return nil, Error(err, file)
	}
	t.noteRellinks(tpl, rellinks)
	return tpl, nil
}

// Render renders tpl with bindings into dst.
func (t *Engine) Render(dst *bytes.Buffer, tpl *Template, bindings map[string]any, file string) error {
	t.readsURLs(tpl, bindings)
	if err := tpl.FRender(dst, bindings); err != nil {
		return Error(err, file)
	}
	return nil
}

// Error turns a Liquid error into "file:line: liquid: message".
func Error(err error, file string) error {
	var se osteele.SourceError
	if errors.As(err, &se) {
		p := se.Path()
		if p == "" {
			p = file
		}
		msg := err.Error()
		if c := se.Cause(); c != nil {
			msg = c.Error()
		}
		msg = readable(liquidPrefix.ReplaceAllString(msg, ""))
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

var (
	// filterErrRE is how osteele/liquid reports a filter's error.
	filterErrRE = regexp.MustCompile(`error applying filter "(\w+)" \("(.*)"\)`)
	// selectorRE is the internal prefix osteele/liquid parses a tag's
	// markup with, which its syntax errors show.
	selectorRE = regexp.MustCompile(`"%(loop|assign|cycle|when) `)
)

// readable says osteele/liquid's messages in the template's own terms:
// "divided_by: divided by 0", a syntax error in "for x", tablerow.
func readable(msg string) string {
	msg = filterErrRE.ReplaceAllString(msg, "$1: $2")
	msg = selectorRE.ReplaceAllStringFunc(msg, func(m string) string {
		if m == `"%loop ` {
			return `"for `
		}
		return `"` + m[2:]
	})
	return strings.ReplaceAll(msg, tablerowTag, "tablerow")
}

// HasLiquid reports whether b holds any Liquid markup.
func HasLiquid(b []byte) bool {
	return bytes.Contains(b, []byte("{{")) || bytes.Contains(b, []byte("{%"))
}

// includeParamRE is one of Jekyll's include parameters, key=value, with
// the value in double or single quotes (a backslash escapes the quote) or
// a variable.
var includeParamRE = regexp.MustCompile(`^([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))`)

// includeParams reads an include's parameters as Jekyll's IncludeTag
// does; like Jekyll, it refuses anything else between them (a comma, a
// filter, a value that is neither quoted nor a variable name).
func includeParams(ctx render.Context, rest string) (map[string]any, error) {
	params := map[string]any{}
	s := strings.TrimLeft(rest, " \t\r\n\f\v")
	for s != "" {
		m := includeParamRE.FindStringSubmatchIndex(s)
		if m == nil || m[1] < len(s) && !isSpace(s[m[1]]) {
			return nil, fmt.Errorf("%s: cannot read the parameters %s; write key=\"value\", key='value' or key=variable, separated by spaces, as Jekyll requires", ctx.TagName(), strings.TrimSpace(rest))
		}
		key := s[m[2]:m[3]]
		switch {
		case m[4] >= 0:
			params[key] = strings.ReplaceAll(s[m[4]:m[5]], `\"`, `"`)
		case m[6] >= 0:
			params[key] = strings.ReplaceAll(s[m[6]:m[7]], `\'`, `'`)
		default:
			v, err := ctx.EvaluateString(s[m[8]:m[9]])
			if err != nil {
				return nil, err
			}
			params[key] = v
		}
		s = strings.TrimLeft(s[m[1]:], " \t\r\n\f\v")
	}
	return params, nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// includeTag is Jekyll's {% include file.html key=value %}: the file from
// dir (_includes, or the including file's folder for include_relative),
// rendered with the caller's variables and include.* set to the params.
func (t *Engine) includeTag(dir string) Renderer {
	return func(ctx render.Context) (string, error) {
		args := strings.TrimSpace(ctx.TagArgs())
		if strings.Contains(args, "{{") {
			var err error
			if args, err = ctx.ExpandTagArg(); err != nil {
				return "", err
			}
			args = strings.TrimSpace(args)
		}
		name, rest := args, ""
		if i := strings.IndexAny(args, " \t\r\n"); i >= 0 {
			name, rest = args[:i], args[i:]
		}
		name = strings.Trim(name, `"'`)
		if name == "" {
			return "", fmt.Errorf("%s needs a file name", ctx.TagName())
		}
		params, err := includeParams(ctx, rest)
		if err != nil {
			return "", err
		}
		file := path.Join(dir, name)
		if dir == "" {
			file = path.Join(path.Dir(ctx.SourceFile()), name)
		}
		if r := RecorderOf(ctx); r != nil {
			r.Include(file)
		}
		tpl, err := t.include(file)
		if err != nil {
			return "", err
		}
		t.readsURLs(tpl, ctx.Bindings())
		bindings := make(map[string]any, len(ctx.Bindings())+1)
		for k, v := range ctx.Bindings() {
			bindings[k] = v
		}
		if strings.TrimSpace(rest) != "" {
			// Without parameters Jekyll leaves include as it was: a nested
			// include sees its caller's.
			bindings["include"] = params
		}
		// The include's assigns reach the caller, as in Jekyll, where an
		// include renders in its caller's context: the tag its source ends
		// with copies them back (see includeEnd).
		bindings[callerKey] = ctx.Bindings()
		var buf bytes.Buffer
		if err := tpl.FRender(&buf, bindings); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
}

// callerKey names the binding that holds the bindings of an include's
// caller; includeEndTag is the tag that ends every include and copies
// the include's variables (what it assigned) back into them. The include
// variable itself is the caller's again after the include, as in Jekyll.
const (
	callerKey     = "\x00caller"
	includeEndTag = "shine_include_end"
)

func includeEnd(ctx render.Context) (string, error) {
	caller, _ := ctx.Get(callerKey).(map[string]any)
	if caller == nil {
		return "", nil
	}
	for k, v := range ctx.Bindings() {
		switch k {
		case "include", callerKey:
		default:
			caller[k] = v
		}
	}
	return "", nil
}

// include parses an include once and caches it for every later use.
func (t *Engine) include(file string) (*osteele.Template, error) {
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
		body, rellinks := rellinksArg(body)
		src := append(t.lax(body, file, 1), "{% "+includeEndTag+" %}"...)
		e.tpl, e.err = t.engine.ParseTemplateLocation(src, file, 1)
		t.noteRellinks(e.tpl, rellinks)
	})
	return e.tpl, e.err
}

// Forget drops a cached include, so the next use reads the file again.
func (t *Engine) Forget(file string) { t.includes.Delete(file) }

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
func (t *Engine) postURLTag(ctx render.Context) (string, error) {
	name := strings.TrimSpace(ctx.TagArgs())
	if r := RecorderOf(ctx); r != nil {
		r.ReadURLs()
	}
	u, ok := t.urls.post(name)
	if !ok {
		return "", fmt.Errorf("post_url: no post named %q", name)
	}
	return t.urls.baseURL + u, nil
}

// linkTag is {% link path/to/file.md %}: the URL of the page, post,
// document or static file at that source path.
func (t *Engine) linkTag(ctx render.Context) (string, error) {
	arg, err := ctx.ExpandTagArg()
	if err != nil {
		return "", err
	}
	name := strings.TrimPrefix(strings.TrimSpace(arg), "/")
	if r := RecorderOf(ctx); r != nil {
		r.ReadURLs()
	}
	u, ok := t.urls.path(name)
	if !ok {
		return "", fmt.Errorf("link: could not find %q: give the path of a page, post or file in the source folder", name)
	}
	return t.urls.baseURL + u, nil
}

// URLIndex finds the URL of a source file, for {% link %} and {% post_url %}.
type URLIndex struct {
	baseURL string
	byPath  map[string]string // source path -> URL
	byPost  map[string]string // post name without extension (and its folders below _posts) -> URL
}

// NewURLIndex indexes the URLs of every document and static file of s.
func NewURLIndex(s *content.Site) *URLIndex {
	x := &URLIndex{baseURL: s.Config.BaseURL, byPath: map[string]string{}, byPost: map[string]string{}}
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

func (x *URLIndex) post(name string) (string, bool) {
	u, ok := x.byPost[name]
	return u, ok
}

func (x *URLIndex) path(name string) (string, bool) {
	u, ok := x.byPath[name]
	return u, ok
}

// SetURLs replaces the index {% link %} and {% post_url %} read, after
// the site's documents changed. Call it only between renders.
func (t *Engine) SetURLs(x *URLIndex) { t.urls = x }
