// Package content is shine's source model: configuration, front matter,
// posts, pages, collections, dates and time zones, slugs, permalinks,
// categories and tags, following Jekyll's rules. It is pure: it reads a
// source tree and describes it, and renders nothing.
package content
