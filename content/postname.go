package content

import (
	"regexp"
	"strings"
)

var (
	// datedNameRe is Document::DATE_FILENAME_MATCHER applied to one path
	// component. Jekyll's pattern starts with an atomic, lazy (?>.+/)*?, so
	// it matches either the whole path or what follows its last slash;
	// Go's regexp has no atomic groups, so ParsePostName tries both.
	datedNameRe = regexp.MustCompile(`^(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$`)
	// datelessNameRe is Document::DATELESS_FILENAME_MATCHER.
	datelessNameRe = regexp.MustCompile(`^(?:.+/)*(.*)(\.[^.]+)$`)
)

// ParsePostName splits a post file's path relative to its _posts (or
// _drafts) folder, e.g. "2022-01-20-amazon-gems.md" or
// "2022-1-5-x.markdown", per Jekyll's Document::DATE_FILENAME_MATCHER.
// date is the "2022-01-20" part, slug has its trailing dots removed
// (Document#populate_title), ext includes the dot. ok=false when the name
// has no date (drafts may be dateless: then DATELESS_FILENAME_MATCHER
// gives slug and ext, and date==""). A name without an extension has the
// base name as slug and ext=="" (slug ||= basename_without_ext).
//
// The year may have two to four digits ("22-1-5-x.md"); ParseDate reads
// a two-digit year as Ruby's Time.parse does (22 is 2022, 99 is 1999).
func ParsePostName(name string) (date, slug, ext string, ok bool) {
	m := datedNameRe.FindStringSubmatch(name)
	if m == nil {
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			m = datedNameRe.FindStringSubmatch(name[i+1:])
		}
	}
	if m != nil {
		return m[1], trimDots(m[2]), m[3], true
	}
	if m := datelessNameRe.FindStringSubmatch(name); m != nil {
		return "", trimDots(m[1]), m[2], false
	}
	base := name[strings.LastIndexByte(name, '/')+1:]
	return "", trimDots(base), "", false
}

// trimDots drops all trailing periods: "slugs shouldn't end with a
// period" (Document#populate_title).
func trimDots(s string) string { return strings.TrimRight(s, ".") }
