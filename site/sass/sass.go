// Package sass compiles a site's .scss and .sass pages to CSS the way
// Jekyll's Sass converter does (jekyll-sass-converter 3, Dart Sass): the
// config's sass: options, partials from _sass and the load paths, a
// source map next to each stylesheet. It drives the Dart Sass executable
// over its embedded protocol (github.com/bep/godartsass/v2), started once
// per Compiler, on the first stylesheet, and stopped by Close.
package sass

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bep/godartsass/v2"

	"github.com/shine-blog/shine/content"
)

// ErrNoCompiler is the error of a site with stylesheets and no Dart Sass
// to compile them; InstallHint says how to get one.
var ErrNoCompiler = errors.New("Sass needs the Dart Sass compiler: no sass executable on PATH, nor one named by sass: executable: in _config.yml")

// InstallHint is how to install Dart Sass where shine finds it.
const InstallHint = "install Dart Sass with 'npm i -E sass-embedded-linux-x64@1.105.0' and put node_modules/sass-embedded-linux-x64/dart-sass on PATH (or name its sass in _config.yml under sass: executable:)"

// entryScheme is the URL scheme of the stylesheet being compiled. It is
// not file: on purpose: Dart Sass then hands every import of the
// stylesheet to the importer, which so sees all that is read.
const entryScheme = "shine-stylesheet"

// Compiler compiles the stylesheets of one site. It is safe for
// concurrent use; Dart Sass runs the compilations side by side.
type Compiler struct {
	source    string // absolute
	opts      Options
	loadPaths []string // absolute folders, in lookup order

	mu       sync.Mutex
	t        *godartsass.Transpiler
	warnings []string
	warned   map[string]bool
}

// New returns a Compiler for the site at source. Dart Sass is not started
// until the first Compile.
func New(source string, opts Options) (*Compiler, error) {
	abs, err := filepath.Abs(source)
	if err != nil {
		return nil, err
	}
	c := &Compiler{source: abs, opts: opts}
	// Jekyll: the user's load paths, then sass_dir, each a glob from the
	// source; only folders that exist count.
	for _, p := range append(slices.Clone(opts.LoadPaths), opts.SassDir) {
		if p == "" {
			continue
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(abs, p)
		}
		matches, _ := filepath.Glob(p)
		for _, m := range matches {
			if st, err := os.Stat(m); err == nil && st.IsDir() && !slices.Contains(c.loadPaths, m) {
				c.loadPaths = append(c.loadPaths, m)
			}
		}
	}
	return c, nil
}

// LoadPaths are the folders imports are looked up in, relative to the
// source where they are inside it: a change there may change any
// stylesheet that imports through them.
func (c *Compiler) LoadPaths() []string {
	out := make([]string, len(c.loadPaths))
	for i, p := range c.loadPaths {
		out[i] = c.rel(p)
	}
	return out
}

// Result is one compiled stylesheet.
type Result struct {
	CSS []byte
	// SourceMap is the .css.map to write beside it; nil when the site
	// turns source maps off.
	SourceMap []byte
	// Imports are the files the stylesheet read, relative to the source
	// (slash-separated, sorted); files outside it are absolute.
	Imports []string
}

// Compile compiles the stylesheet file (relative to the source) whose
// text, its Liquid already rendered, is src; bodyLine is the file line
// src starts on, so errors name the line in the file. sourceMap asks for
// a source map where the options allow one (Jekyll writes them for pages
// only).
func (c *Compiler) Compile(file string, src []byte, bodyLine int, sourceMap bool) (*Result, error) {
	t, err := c.transpiler()
	if err != nil {
		return nil, &content.FileError{File: file, Err: err}
	}
	abs := filepath.Join(c.source, filepath.FromSlash(file))
	// Imports are looked up in the load paths only, not beside the
	// stylesheet, as with Jekyll: style.scss importing "style" means the
	// partial _sass/_style.scss, not itself.
	im := &importer{dirs: c.loadPaths, rel: c.rel, loaded: map[string]string{}}
	entry := (&url.URL{Scheme: entryScheme, Path: filepath.ToSlash(abs)}).String()
	args := godartsass.Args{
		Source:                        string(src),
		URL:                           entry,
		SourceSyntax:                  godartsass.SourceSyntaxSCSS,
		OutputStyle:                   godartsass.OutputStyleExpanded,
		EnableSourceMap:               sourceMap && c.opts.SourceMap == "always",
		SourceMapIncludeSources:       true,
		ImportResolver:                im,
		IncludePaths:                  c.loadPaths,
		SilenceDeprecations:           c.opts.SilenceDeprecations,
		SilenceDependencyDeprecations: c.opts.QuietDeps,
	}
	if strings.EqualFold(path.Ext(file), ".sass") {
		args.SourceSyntax = godartsass.SourceSyntaxSASS
	}
	if c.opts.Compressed {
		args.OutputStyle = godartsass.OutputStyleCompressed
	}
	res, err := t.Execute(args)
	if err != nil {
		return nil, c.fileError(file, src, bodyLine, im, err)
	}
	r := &Result{}
	for p := range im.loaded {
		r.Imports = append(r.Imports, c.rel(p))
	}
	slices.Sort(r.Imports)

	css := res.CSS
	mappings := ""
	// Jekyll asks for @charset (or a byte order mark when compressed) on
	// a stylesheet that is not all ASCII; the protocol client leaves it
	// off, so it is added here.
	if !isASCII(css) {
		if c.opts.Compressed {
			css = "\uFEFF" + css
		} else {
			css = "@charset \"UTF-8\";\n" + css
			mappings = ";"
		}
	}
	if args.EnableSourceMap {
		base := strings.TrimSuffix(path.Base(file), path.Ext(file))
		m, err := c.sourceMap(res.SourceMap, path.Dir(file), entry, base+".css", mappings)
		if err != nil {
			return nil, &content.FileError{File: file, Err: fmt.Errorf("sass: source map: %w", err)}
		}
		r.SourceMap = m
		sep := "\n\n"
		if c.opts.Compressed {
			sep = ""
		}
		css += sep + "/*# sourceMappingURL=" + url.PathEscape(base+".css.map") + " */"
	}
	r.CSS = []byte(css)
	return r, nil
}

// Warnings are the distinct warnings Dart Sass gave so far (@warn and
// deprecations), each naming its file and line.
func (c *Compiler) Warnings() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.warnings)
}

// Started says whether Dart Sass was started, that is whether the site
// had a stylesheet to compile.
func (c *Compiler) Started() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t != nil
}

// Close stops Dart Sass, if it was started.
func (c *Compiler) Close() error {
	c.mu.Lock()
	t := c.t
	c.mu.Unlock()
	if t == nil {
		return nil
	}
	if err := t.Close(); err != nil && !errors.Is(err, godartsass.ErrShutdown) {
		return fmt.Errorf("stop Dart Sass: %w", err)
	}
	return nil
}

// transpiler starts Dart Sass on first use. A failure to start is not
// kept: once Dart Sass is installed, the next rebuild of shine serve
// finds it.
func (c *Compiler) transpiler() (*godartsass.Transpiler, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t != nil {
		return c.t, nil
	}
	exe, err := c.executable()
	if err != nil {
		return nil, err
	}
	t, err := godartsass.Start(godartsass.Options{
		DartSassEmbeddedFilename: exe,
		Timeout:                  2 * time.Minute,
		LogEventHandler:          c.logEvent,
		Stderr:                   io.Discard,
	})
	if err != nil {
		return nil, fmt.Errorf("start Dart Sass (%s): %w; shine needs Dart Sass 1.63 or later, which speaks the embedded protocol", exe, err)
	}
	c.t = t
	return t, nil
}

// executable finds Dart Sass: sass: executable: from the config, else
// sass on PATH.
func (c *Compiler) executable() (string, error) {
	if exe := c.opts.Executable; exe != "" {
		if !filepath.IsAbs(exe) && strings.ContainsRune(exe, filepath.Separator) {
			exe = filepath.Join(c.source, exe)
		}
		p, err := exec.LookPath(exe)
		if err != nil {
			return "", fmt.Errorf("%w (sass: executable: %s: %v)", ErrNoCompiler, c.opts.Executable, err)
		}
		return p, nil
	}
	p, err := exec.LookPath("sass")
	if err != nil {
		return "", ErrNoCompiler
	}
	return p, nil
}

func (c *Compiler) logEvent(e godartsass.LogEvent) {
	if e.Type == godartsass.LogEventTypeDebug {
		return
	}
	msg := c.relativeURLs(strings.TrimSpace(e.Message))
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	msg = "sass: " + msg
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.warned == nil {
		c.warned = map[string]bool{}
	}
	if !c.warned[msg] {
		c.warned[msg] = true
		c.warnings = append(c.warnings, msg)
	}
}

// relativeURLs shortens the stylesheet and file URLs in a message to
// paths from the source.
func (c *Compiler) relativeURLs(msg string) string {
	for _, scheme := range []string{entryScheme + "://", "file://"} {
		msg = strings.ReplaceAll(msg, scheme+filepath.ToSlash(c.source)+"/", "")
	}
	return msg
}

// rel is p relative to the source, or p itself when outside it.
func (c *Compiler) rel(p string) string {
	if r, err := filepath.Rel(c.source, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}

// fileError turns a Dart Sass failure into an error naming the file
// (the stylesheet or the partial at fault) and its line.
func (c *Compiler) fileError(file string, src []byte, bodyLine int, im *importer, err error) error {
	var se godartsass.SassError
	if !errors.As(err, &se) {
		return &content.FileError{File: file, Err: fmt.Errorf("sass: %w", err)}
	}
	msg := errors.New("sass: " + c.relativeURLs(se.Message))
	u := se.Span.Url
	switch {
	case u == "" || strings.HasPrefix(u, entryScheme+":"):
		return &content.FileError{File: file, Line: bodyLine + lineAt(string(src), se.Span.Start.Offset) - 1, Err: msg}
	case strings.HasPrefix(u, "file:"):
		p, perr := fileURLPath(u)
		if perr == nil {
			im.mu.Lock()
			text, ok := im.loaded[p]
			im.mu.Unlock()
			line := 0
			if ok {
				line = lineAt(text, se.Span.Start.Offset)
			}
			return &content.FileError{File: c.rel(p), Line: line, Err: fmt.Errorf("%w (compiling %s)", msg, file)}
		}
	}
	return &content.FileError{File: file, Err: msg}
}

// lineAt is the 1-based line of the character at offset in text (Dart
// counts characters, not bytes).
func lineAt(text string, offset int) int {
	line := 1
	for i, r := range []rune(text) {
		if i >= offset {
			break
		}
		if r == '\n' {
			line++
		}
	}
	return line
}

// sourceMap rewrites Dart Sass's map as Jekyll's converter does: the
// sources relative to the stylesheet's folder and "file" set to the CSS
// name. prefix is prepended to the mappings (";" for each line added
// before the CSS).
func (c *Compiler) sourceMap(raw, dir, entry, cssName, prefix string) ([]byte, error) {
	var m struct {
		Version        int      `json:"version"`
		SourceRoot     string   `json:"sourceRoot"`
		Sources        []string `json:"sources"`
		Names          []string `json:"names"`
		Mappings       string   `json:"mappings"`
		SourcesContent []string `json:"sourcesContent,omitempty"`
		File           string   `json:"file"`
	}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, err
	}
	if m.Names == nil {
		m.Names = []string{}
	}
	m.Mappings = prefix + m.Mappings
	m.File = url.PathEscape(cssName)
	from := filepath.Join(c.source, filepath.FromSlash(dir))
	for i, s := range m.Sources {
		var p string
		switch {
		case s == entry:
			p = strings.TrimPrefix(s, entryScheme+"://")
		case strings.HasPrefix(s, "file:"):
			p, _ = fileURLPath(s)
		default:
			continue
		}
		if r, err := filepath.Rel(from, filepath.FromSlash(p)); err == nil {
			m.Sources[i] = (&url.URL{Path: filepath.ToSlash(r)}).EscapedPath()
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
