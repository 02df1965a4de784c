// Package themes embeds shine's built-in themes.
//
// A theme is a Jekyll-style folder: _layouts and _includes hold Liquid
// templates, assets holds static files copied to the output as they are.
// Consumers take the theme as an fs.FS so that a site's own folders can
// overlay it file by file.
package themes

import (
	"embed"
	"io/fs"
)

// The all: prefix keeps the underscore folders (_layouts, _includes),
// which go:embed would otherwise skip.
//
//go:embed all:default
var embedded embed.FS

// Default returns the default theme, rooted at its own folder: the files are
// at _layouts/post.html, _includes/head.html, assets/css/style.css and so on.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		// fs.Sub fails only on an invalid path, and "default" is valid.
		panic(err)
	}
	return sub
}

//go:embed all:starter
var starter embed.FS

// Starter returns the site that `shine new site` writes: a config, a home
// page, an about page and one post, ready to build.
func Starter() fs.FS {
	sub, err := fs.Sub(starter, "starter")
	if err != nil {
		panic(err) // the folder is embedded above; this cannot happen
	}
	return sub
}
