// Package wiki is the wiki-link syntax of shine's Markdown and the
// resolution of its names: [[Page]], [[Folder/Page]], [[Page|shown text]]
// and [[Page#Heading]] as a goldmark inline-parser extension, and an
// Index of the site's wiki pages that finds the page a name means (by
// path, then title, then file name, case-insensitively).
//
// The parser turns each link into a Link node; a transformer resolves it
// against the Index carried by the parser context (see Use), so the same
// Markdown renders a working link, or a link marked broken, depending on
// the wiki it is read with. Links inside code spans and code blocks are
// never parsed, as goldmark leaves those alone.
package wiki
