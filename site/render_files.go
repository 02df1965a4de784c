package site

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/shine-blog/shine/content"
)

// RenderFiles loads the site as Build does and renders only the output
// files named by dests (paths under the destination, such as
// "broadcast/news/0001/email.html"), returning their bytes and the loaded
// site. Nothing is written. It is how other packages (shine broadcast)
// get a page exactly as the site builds it without building it all.
func RenderFiles(ctx context.Context, opts Options, dests ...string) (*content.Site, map[string][]byte, error) {
	s, err := content.Load(opts.Source, opts.contentOptions())
	if err != nil {
		return nil, nil, err
	}
	want := make(map[string]bool, len(dests))
	for _, d := range dests {
		want[d] = true
	}
	static := s.Static
	s.Static = nil // nothing is copied
	defer func() { s.Static = static }()
	// What the engine writes past emit (a search index) goes to a
	// scratch folder, never into the working directory.
	scratch, err := os.MkdirTemp("", "shine-render-*")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(scratch)
	b := newEngine(s, &output{dest: scratch, tmp: scratch, direct: true})
	var mu sync.Mutex
	got := make(map[string][]byte, len(dests))
	b.emit = func(p *page, data []byte) error {
		mu.Lock()
		got[p.dest] = append([]byte(nil), data...)
		mu.Unlock()
		return nil
	}
	_, _, err = b.renderAll(ctx, nil, func(pages []*page, _ []*content.StaticFile) ([]*page, error) {
		keep := pages[:0:0]
		for _, p := range pages {
			if want[p.dest] {
				keep = append(keep, p)
			}
		}
		return keep, nil
	})
	if err != nil {
		return nil, nil, err
	}
	for _, d := range dests {
		if _, ok := got[d]; !ok {
			return nil, nil, fmt.Errorf("the site has no page %s", d)
		}
	}
	return s, got, nil
}
