// Package site is the build engine: it turns a loaded content.Site into
// files (Markdown, Liquid layouts and includes, generated pages such as
// tags, pagination, feed and sitemap) and writes the destination folder
// atomically. A Builder keeps what incremental rebuilds need (see
// site/deps); Render gives other packages (site/check) an exported view of
// a build's result, and site/preview drives a Builder through its Rebuild
// method.
package site
