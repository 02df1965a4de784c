package site

import (
	"fmt"

	"github.com/yuin/goldmark"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site/markdown"
)

// newConverter makes the Markdown converter of s, with the "kramdown:"
// options of its _config.yml. With options it cannot read, it returns
// the error and a converter with Jekyll's defaults.
func newConverter(s *content.Site, exts ...goldmark.Extender) (*markdown.Converter, error) {
	var m map[string]any
	if v, ok := s.Config.Raw["kramdown"]; ok && v != nil {
		mm, ok := v.(map[string]any)
		if !ok {
			return markdown.New(markdown.Options{Extensions: exts}), &content.FileError{File: "_config.yml", Err: fmt.Errorf("kramdown: want a mapping of options, not %v", v)}
		}
		m = mm
	}
	opts, err := markdown.OptionsFromConfig(m)
	opts.Extensions = exts
	if err != nil {
		return markdown.New(markdown.Options{Extensions: exts}), &content.FileError{File: "_config.yml", Err: err}
	}
	return markdown.New(opts), nil
}
