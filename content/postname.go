package content

import (
	"regexp"
	"strings"
)

var (
	dateFilenameRe     = regexp.MustCompile(`^(?:.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$`)
	datelessFilenameRe = regexp.MustCompile(`^(?:.+/)*(.*)(\.[^.]+)$`)
)

// ParsePostName splits a post file's path relative to its _posts (or
// _drafts) folder per Jekyll's Document::DATE_FILENAME_MATCHER.
func ParsePostName(name string) (date, slug, ext string, ok bool) {
	if m := dateFilenameRe.FindStringSubmatch(name); m != nil {
		return m[1], strings.TrimRight(m[2], "."), m[3], true
	}
	if m := datelessFilenameRe.FindStringSubmatch(name); m != nil {
		return "", strings.TrimRight(m[1], "."), m[2], false
	}
	return "", strings.TrimRight(name, "."), "", false
}
