package site

import (
	"context"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/deps"
)

// Output is where one output file came from: the part of a build's result
// that packages outside the engine (shine check) read, instead of the
// engine's own page types.
type Output struct {
	Path      string   // output path, slash-separated, under the destination
	Source    string   // the source file, relative to the site folder; for generated pages what generated them
	Line      int      // the source line that set the output path (its permalink), 0 when none
	Generated bool     // no source file stands for it (feed, sitemap, tag pages, ...)
	Static    bool     // copied as it is
	Layouts   []string // the layout files the page went through, innermost first
}

// Duplicate is an output path a second source would write too.
type Duplicate struct {
	First, Second Output
}

// Built is a site rendered for inspection: the files, and where each
// came from.
type Built struct {
	Site *content.Site
	Dir  string // the folder the files are in
	// Outputs are every output file by path, each with the source that
	// wrote it: the first one, or a static file over a page.
	Outputs    map[string]Output
	Duplicates []Duplicate // in the order the build met them
	Result     *Result
	// FieldsRead are the document fields some render looked up, on any
	// document, page, paginator or item of a site list, as the renders
	// recorded them; a document taken whole counts every key it has.
	FieldsRead map[string]bool
}

// Render builds the site as Build does, but into a new folder beside dir
// (Built.Dir, which the caller removes) that never replaces anything, and
// records where each output file came from. An output path two sources
// write is a Duplicate, not an error: the first source keeps the path,
// and a static file wins over a page.
func Render(ctx context.Context, opts Options, dir string) (*Built, error) {
	s, err := content.Load(opts.Source, opts.contentOptions())
	if err != nil {
		return nil, err
	}
	out, err := newOutput(dir, nil)
	if err != nil {
		return nil, err
	}
	bt := &Built{Site: s, Dir: out.tmp, Outputs: map[string]Output{}, FieldsRead: map[string]bool{}}
	e := newEngine(s, out)
	defer e.styles.close()
	e.allKeys = true
	all, r, err := e.renderAll(ctx, nil, bt.planned)
	if err != nil {
		out.abort()
		return nil, err
	}
	for _, p := range all {
		for _, rd := range []*deps.Reads{p.reads, p.conv} {
			if rd != nil {
				for f := range rd.Fields {
					bt.FieldsRead[f] = true
				}
			}
		}
	}
	r.Warnings = append(s.Warnings, r.Warnings...)
	bt.Result = r
	return bt, nil
}

// planned records every page's source and turns duplicate output paths
// into Duplicates instead of failing the build.
func (bt *Built) planned(pages []*page, static []*content.StaticFile) ([]*page, error) {
	keep := pages[:0:0]
	for _, p := range pages {
		o := Output{Path: p.dest, Source: p.path, Generated: p.doc == nil, Layouts: bt.layoutChain(p.layout)}
		if p.doc != nil {
			o.Line = p.doc.Lines["permalink"]
		}
		if prev, ok := bt.Outputs[p.dest]; ok {
			bt.Duplicates = append(bt.Duplicates, Duplicate{prev, o})
			continue
		}
		bt.Outputs[p.dest] = o
		keep = append(keep, p)
	}
	for _, f := range static {
		o := Output{Path: f.Dest, Source: f.Path, Static: true}
		if prev, ok := bt.Outputs[f.Dest]; ok {
			// The file wins over the page; drop the page, as the file
			// is copied regardless.
			bt.Duplicates = append(bt.Duplicates, Duplicate{prev, o})
			keep = deletePage(keep, f.Dest)
		}
		bt.Outputs[f.Dest] = o
	}
	return keep, nil
}

func deletePage(pages []*page, dest string) []*page {
	out := pages[:0]
	for _, p := range pages {
		if p.dest != dest {
			out = append(out, p)
		}
	}
	return out
}

// layoutChain lists the files of a layout and the layouts it chains to.
func (bt *Built) layoutChain(name string) []string {
	var files []string
	for seen := 0; name != "" && seen < 32; seen++ {
		l := bt.Site.Layouts[name]
		if l == nil {
			break
		}
		files = append(files, l.Path)
		name = l.Parent
	}
	return files
}
