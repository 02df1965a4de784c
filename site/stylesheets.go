package site

import (
	"path"
	"reflect"
	"sync"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/sass"
)

// stylesheets holds the Dart Sass compiler of one build or serve session:
// made when the first stylesheet is compiled (a site without Sass never
// starts Dart Sass), kept across rebuilds, made again only when the
// config's sass: options change, and stopped by close.
type stylesheets struct {
	mu     sync.Mutex
	c      *sass.Compiler
	source string
	opts   sass.Options
}

// compiler is the session's compiler for site s.
func (st *stylesheets) compiler(s *content.Site) (*sass.Compiler, error) {
	opts, err := sass.ParseOptions(s.Config.Raw["sass"])
	if err != nil {
		return nil, &content.FileError{File: "_config.yml", Err: err}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.c != nil && st.source == s.Source && reflect.DeepEqual(st.opts, opts) {
		return st.c, nil
	}
	if st.c != nil {
		st.c.Close()
	}
	c, err := sass.New(s.Source, opts)
	if err != nil {
		return nil, err
	}
	st.c, st.source, st.opts = c, s.Source, opts
	return c, nil
}

// warnings are Dart Sass's warnings so far in the session.
func (st *stylesheets) warnings() []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.c == nil {
		return nil
	}
	return st.c.Warnings()
}

func (st *stylesheets) close() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.c == nil {
		return nil
	}
	err := st.c.Close()
	st.c = nil
	return err
}

// compileSass compiles a stylesheet page whose Liquid is rendered (css)
// and writes its source map beside it, as Jekyll's converter does for
// pages: <name>.css.map in the folder of the .css.
func (b *engine) compileSass(p *page, css string) (string, error) {
	c, err := b.styles.compiler(b.site)
	if err != nil {
		return "", err
	}
	d := p.doc
	r, err := c.Compile(d.Path, []byte(css), p.bodyLine, d.Collection == "")
	if err != nil {
		return "", err
	}
	// The partials read count as files the render included: a rebuild
	// marks every changed source path as a changed include, so saving a
	// partial makes exactly the stylesheets that read it stale.
	for _, f := range r.Imports {
		p.cur.Include(f)
	}
	if r.SourceMap != nil {
		name := path.Base(d.Path)
		mapDest := path.Join(path.Dir(p.dest), name[:len(name)-len(path.Ext(name))]+".css.map")
		if err := b.out.write(mapDest, r.SourceMap); err != nil {
			return "", err
		}
	}
	return string(r.CSS), nil
}

// stylesheets is the Builder's compiler holder, made on first use.
func (b *Builder) stylesheets() *stylesheets {
	if b.styles == nil {
		b.styles = &stylesheets{}
	}
	return b.styles
}

// Close stops what the Builder started for its builds (Dart Sass, when
// the site has stylesheets). A Builder can build again after Close; it
// starts them anew.
func (b *Builder) Close() error {
	if b.styles == nil {
		return nil
	}
	return b.styles.close()
}
