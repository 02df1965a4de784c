package site

import "github.com/shine-blog/shine/content"

// contentOptions is what content.Load needs to know of a build's options.
func (o Options) contentOptions() content.Options {
	return content.Options{
		Drafts:      o.Drafts,
		Future:      o.Future,
		Unpublished: o.Unpublished,
		BaseURL:     o.BaseURL,
		Destination: o.Destination,
		Theme:       o.Theme,
		Now:         o.Now,
	}
}
