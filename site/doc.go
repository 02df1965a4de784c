// Package site turns a loaded content.Site into files: Markdown, Liquid
// layouts and includes, generated pages (tags, pagination, feed, sitemap)
// and the atomic write of the destination folder.
package site
