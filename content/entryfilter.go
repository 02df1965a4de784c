package content

import (
	"path"
	"regexp"
	"slices"
	"strings"
)

// entryFilter is Jekyll's EntryFilter: it decides which entries of the
// source tree are read. Patterns are matched the way Jekyll matches them,
// joined to the source folder: an exclude pattern is compared with the
// entry's path from the source root, so "vendor" drops /vendor and
// everything under it (and /vendors, by the same prefix rule) but not
// resources/x/vendor; an include pattern is compared with the entry's name
// alone, so ".htaccess" is read at any depth.
type entryFilter struct {
	include, exclude []sourceGlob
}

// sourceGlob is one include or exclude pattern joined to the source folder
// (the folder itself written as "", so "/vendor" for "vendor").
type sourceGlob struct {
	joined string
	re     *regexp.Regexp // File.fnmatch with no flags: * and ? cross "/"
}

func newEntryFilter(include, exclude []string) *entryFilter {
	f := &entryFilter{}
	for _, p := range include {
		if g, ok := newSourceGlob(p); ok {
			f.include = append(f.include, g)
		}
	}
	// Jekyll matches site.exclude - site.include: a pattern named in both
	// lists excludes nothing.
	for _, p := range exclude {
		if slices.Contains(include, p) {
			continue
		}
		if g, ok := newSourceGlob(p); ok {
			f.exclude = append(f.exclude, g)
		}
	}
	return f
}

// newSourceGlob joins p to the source folder as File.join does (one "/"
// between them). An empty pattern is skipped: joined, it would be the
// source folder itself and exclude everything.
func newSourceGlob(p string) (sourceGlob, bool) {
	p = strings.TrimLeft(p, "/")
	if p == "" {
		return sourceGlob{}, false
	}
	joined := "/" + p
	return sourceGlob{joined: joined, re: fnmatchRegexp(joined)}, true
}

// matches is EntryFilter#glob_include? for one pattern: entry (joined to
// the source like the pattern) matches it as a glob, starts with it, or is
// the folder the pattern names with a trailing "/".
func (g sourceGlob) matches(entry string, dir bool) bool {
	return g.re.MatchString(entry) || strings.HasPrefix(entry, g.joined) || (dir && g.joined == entry+"/")
}

func anyMatch(globs []sourceGlob, entry string, dir bool) bool {
	for _, g := range globs {
		if g.matches(entry, dir) {
			return true
		}
	}
	return false
}

// ignored says whether the entry rel (slash-separated, from the source
// root; dir when it is a folder) is left out, as EntryFilter#filter
// decides: names ending in "." always; excluded entries unless included;
// then names starting with ".", "_", "#" or "~" and backups ending in "~",
// unless included.
func (f *entryFilter) ignored(rel string, dir bool) bool {
	name := path.Base(rel)
	if strings.HasSuffix(name, ".") {
		return true
	}
	included := anyMatch(f.include, "/"+name, dir)
	if !included && anyMatch(f.exclude, "/"+rel, dir) {
		return true
	}
	if included {
		return false
	}
	return isSpecial(name) || isBackup(name)
}

// ignoredIn is the filter Jekyll applies to the files of a collection
// folder or a _posts or _drafts folder (dir, from the source root): each
// file's path inside it (inner) is one entry, so a name starting with
// ".", "_", "#" or "~" drops it when it is the first folder or the file's
// own name, and exclude patterns are matched against dir/inner.
func (f *entryFilter) ignoredIn(dir, inner string) bool {
	name := path.Base(inner)
	if strings.HasSuffix(inner, ".") {
		return true
	}
	included := anyMatch(f.include, "/"+inner, false) || anyMatch(f.include, "/"+name, false)
	if !included && anyMatch(f.exclude, "/"+dir+"/"+inner, false) {
		return true
	}
	if included {
		return false
	}
	return isSpecial(inner) || isSpecial(name) || isBackup(inner)
}

func isSpecial(name string) bool {
	return name != "" && strings.ContainsRune("._#~", rune(name[0]))
}

func isBackup(name string) bool { return strings.HasSuffix(name, "~") }

// fnmatchRegexp compiles a glob as Ruby's File.fnmatch reads it without
// flags: "*" is any run of characters and "?" any one, "/" included;
// "[...]" is a set ("[!...]" or "[^...]" negated); "\" quotes the next
// character; braces are literal.
func fnmatchRegexp(glob string) *regexp.Regexp {
	g := []rune(glob)
	var b strings.Builder
	b.WriteString(`\A`)
	for i := 0; i < len(g); i++ {
		switch c := g[i]; c {
		case '*':
			b.WriteString(`(?s:.*)`)
		case '?':
			b.WriteString(`(?s:.)`)
		case '\\':
			if i+1 < len(g) {
				i++
				b.WriteString(regexp.QuoteMeta(string(g[i])))
			} else {
				b.WriteString(`\\`)
			}
		case '[':
			// The set runs to the next "]", but a "]" first in it (after
			// any "!" or "^") is a member.
			j := i + 1
			neg := j < len(g) && (g[j] == '!' || g[j] == '^')
			if neg {
				j++
			}
			k := j
			if k < len(g) && g[k] == ']' {
				k++
			}
			for k < len(g) && g[k] != ']' {
				k++
			}
			if k >= len(g) {
				b.WriteString(`\[`)
				continue
			}
			b.WriteByte('[')
			if neg {
				b.WriteByte('^')
			}
			for m := j; m < k; m++ {
				switch r := g[m]; {
				case r == '-' && m > j && m < k-1:
					b.WriteByte('-')
				case r == '-' || r == '\\' || r == ']' || r == '[' || r == '^':
					b.WriteByte('\\')
					b.WriteRune(r)
				default:
					b.WriteRune(r)
				}
			}
			b.WriteByte(']')
			i = k
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`\z`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		// An unusable set (a reversed range, say) matches nothing in Ruby
		// either; match the pattern as plain text.
		return regexp.MustCompile(`\A` + regexp.QuoteMeta(glob) + `\z`)
	}
	return re
}
