package content

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// octopress-paginate (github.com/octopress/paginate) is a Jekyll plugin
// that paginates any page whose front matter says paginate: true or gives
// a hash of settings, over posts or another collection. Sites add it as a
// gem or carry its Ruby files in _plugins; shine builds its rules in. The
// reference is the plugin's copy that sites carry (scala-lang's): its
// settings, page count, URLs, titles and Liquid paginator follow here.

// OctopressPaginate is the plugin's name in plugins: and in warnings.
const OctopressPaginate = "octopress-paginate"

// OctopressPaginateOn says whether octopress-paginate runs: the config
// names it under plugins: (or gems:), or the site carries the plugin in
// _plugins.
func (s *Site) OctopressPaginateOn() bool {
	if s.Config.PluginEnabled(OctopressPaginate) {
		return true
	}
	for _, p := range s.SitePlugins {
		if p.BuiltIn == OctopressPaginate {
			return true
		}
	}
	return false
}

var rbModuleLine = regexp.MustCompile(`(?m)^[ \t]*module[ \t]+([\w:]+)[ \t]*(?:#.*)?$`)

// isOctopressPaginate says whether a Ruby file is part of octopress-paginate
// by what it defines: the module Octopress::Paginate, written nested
// (module Octopress, then module Paginate) or in one line.
func isOctopressPaginate(src string) bool {
	var names []string
	for _, m := range rbModuleLine.FindAllStringSubmatch(src, -1) {
		names = append(names, m[1])
	}
	for i, n := range names {
		if n == "Octopress::Paginate" || n == "::Octopress::Paginate" {
			return true
		}
		if n == "Octopress" && i+1 < len(names) && names[i+1] == "Paginate" {
			return true
		}
	}
	return false
}

// OctoPagination is what octopress-paginate makes of one page's paginate
// front matter: the plugin's defaults, under the config's pagination:
// settings, under the page's own.
type OctoPagination struct {
	// Settings is the merged hash, which the page shows as page.paginate
	// (with the page's number, the page count and its neighbours added
	// by PageHash). Its keys keep their order: the plugin's defaults, then
	// the config's, then the page's.
	Settings map[string]any

	Collection       string // "posts" or another collection's label
	PerPage          int
	Limit            int // at most this many pages, when HasLimit
	HasLimit         bool
	PermalinkSetting string // of the later pages, ":num" the page's number, under the first page's folder
	TitleSuffix      string // added to the later pages' titles, ":num" the page's number
	Reverse          bool   // a collection other than posts is listed last first
	FirstNum         int    // the first page's number: 1 unless page_num says otherwise

	// Categories and Tags keep the items with at least one of them, when
	// HasCategories or HasTags.
	Categories, Tags       []string
	HasCategories, HasTags bool
}

// octoDefaults are the plugin's DEFAULT settings, in its order.
var octoDefaults = []struct {
	key   string
	value any
}{
	{"collection", "posts"},
	{"per_page", 10},
	{"limit", 5},
	{"permalink", "/page:num/"},
	{"title_suffix", " - page :num"},
	{"page_num", 1},
}

// ReadOctoPagination reads the paginate front matter of page d (nil when
// it has none, or it is false) under the config's pagination: settings.
// A setting the plugin cannot use (it would stop Jekyll's build) is an
// error naming the file, the line and the key.
func ReadOctoPagination(cfg *Config, d *Document) (*OctoPagination, error) {
	front, ok := d.Data["paginate"]
	if !ok || front == nil || front == false {
		return nil, nil
	}
	settings := map[string]any{}
	var keys []string
	from := map[string]string{} // where each key's value came from
	set := func(k string, v any, src string) {
		if _, ok := settings[k]; !ok {
			keys = append(keys, k)
		}
		settings[k] = v
		from[k] = src
	}
	for _, kv := range octoDefaults {
		set(kv.key, kv.value, "")
	}
	const configFile = "_config.yml"
	switch c := cfg.Raw["pagination"].(type) {
	case nil:
	case map[string]any:
		for _, k := range KeyOrder(c) {
			set(k, c[k], configFile)
		}
	default:
		return nil, &FileError{File: configFile, Err: fmt.Errorf("pagination: want a mapping of octopress-paginate settings, got %s", rubyClass(c))}
	}
	if fm, ok := front.(map[string]any); ok {
		for _, k := range KeyOrder(fm) {
			set(k, fm[k], d.Path)
		}
	}
	bad := func(key, format string, a ...any) error {
		err := fmt.Errorf("%s: "+format, append([]any{key}, a...)...)
		if from[key] == configFile {
			return &FileError{File: configFile, Err: fmt.Errorf("pagination: %w", err)}
		}
		return &FileError{File: d.Path, Line: lineOf(d, "paginate"), Err: fmt.Errorf("paginate: %w", err)}
	}
	// tag and category narrow the list to one; Array() of any other
	// value, as the plugin takes it.
	if t := settings["tag"]; t != nil && t != false {
		set("tags", rubyArray(t), from["tag"])
	}
	if c := settings["category"]; c != nil && c != false {
		set("categories", rubyArray(c), from["category"])
	}
	// Liquid shows a page's hash deep-merged under the front matter
	// defaults' hash of the same key (Convertible#to_liquid): the keys a
	// default paginate: hash has come first.
	if dv, ok := applyDefaults(cfg.Defaults, d.Path, "pages", false, map[string]any{})["paginate"].(map[string]any); ok {
		first := KeyOrder(dv)
		rest := slices.DeleteFunc(keys, func(k string) bool { return slices.Contains(first, k) })
		keys = append(slices.DeleteFunc(first, func(k string) bool { _, ok := settings[k]; return !ok }), rest...)
	}
	recordOrder(settings, keys)

	o := &OctoPagination{Settings: settings}
	if o.Collection, ok = settings["collection"].(string); !ok {
		return nil, bad("collection", "want the name of a collection, got %s", rubyClass(settings["collection"]))
	}
	if _, ok := cfg.Collections[o.Collection]; !ok && o.Collection != "posts" {
		return nil, bad("collection", "%q is not a collection of this site", o.Collection)
	}
	if o.PerPage, ok = settings["per_page"].(int); !ok || o.PerPage < 1 {
		return nil, bad("per_page", "want a whole number of items per page, got %s", rubyInspect(settings["per_page"]))
	}
	switch l := settings["limit"].(type) {
	case nil:
	case bool:
		if l {
			return nil, bad("limit", "want a number of pages or false, got true")
		}
	case int:
		o.Limit, o.HasLimit = l, true
	default:
		return nil, bad("limit", "want a number of pages or false, got %s", rubyInspect(l))
	}
	if o.PermalinkSetting, ok = settings["permalink"].(string); !ok {
		return nil, bad("permalink", "want a path with :num, got %s", rubyInspect(settings["permalink"]))
	}
	if o.TitleSuffix, ok = settings["title_suffix"].(string); !ok {
		return nil, bad("title_suffix", "want a string, got %s", rubyInspect(settings["title_suffix"]))
	}
	if o.FirstNum, ok = settings["page_num"].(int); !ok {
		return nil, bad("page_num", "want a whole number, got %s", rubyInspect(settings["page_num"]))
	}
	o.Reverse = settings["reverse"] == true
	o.Categories, o.HasCategories = octoFilter(settings["categories"])
	o.Tags, o.HasTags = octoFilter(settings["tags"])
	return o, nil
}

// rubyArray is Kernel#Array for a YAML value: a list stays, anything
// else becomes a list of one.
func rubyArray(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

// octoFilter reads a categories or tags setting. Only strings can match
// a document's (which are strings); a single value counts as a list of
// one, where the plugin would stop on it.
func octoFilter(v any) ([]string, bool) {
	if v == nil || v == false {
		return nil, false
	}
	out := []string{}
	for _, e := range rubyArray(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out, true
}

// Keeps says whether an item with these categories and tags is listed.
func (o *OctoPagination) Keeps(categories, tags []string) bool {
	return (!o.HasCategories || meets(o.Categories, categories)) && (!o.HasTags || meets(o.Tags, tags))
}

func meets(want, have []string) bool {
	for _, h := range have {
		for _, w := range want {
			if h == w {
				return true
			}
		}
	}
	return false
}

// Pages is how many pages the plugin counts for n items: enough for all
// of them, but no more than the limit. Like the plugin it counts 0 pages
// for no items (the page itself is still written), and a limit below 1
// counts below 1.
func (o *OctoPagination) Pages(n int) int {
	extra := (n+o.PerPage-1)/o.PerPage - 1
	if o.HasLimit {
		extra = min(extra, o.Limit-1)
	}
	return extra + 1
}

// Permalink is the permalink of page n (2 or more) of the page at url:
// the setting with its first ":num" replaced, joined to the first page's
// folder as Ruby's File.join joins them.
func (o *OctoPagination) Permalink(url string, n int) string {
	dir := url
	if !strings.HasSuffix(dir, "/") {
		dir = path.Dir(url)
		if !strings.HasSuffix(dir, "/") {
			dir += "/"
		}
	}
	sub := strings.Replace(o.PermalinkSetting, ":num", strconv.Itoa(n), 1)
	if sub == "" {
		return dir
	}
	return strings.TrimRight(dir, "/") + "/" + strings.TrimLeft(sub, "/")
}

// URL is the address of a later page of the page read from file, with
// permalink from Permalink: Jekyll fills the placeholders a later page
// has (:path, its source folder; :basename, "index"; :output_ext,
// ".html") and cleans the result.
func (o *OctoPagination) URL(file, permalink string) (string, error) {
	return ExpandPagePermalink(permalink, path.Dir(file), "index", ".html")
}

// Title is the title of page n (2 or more): the page's own title, or
// else the collection's name capitalized, then the suffix with its first
// ":num" replaced.
func (o *OctoPagination) Title(title any, n int) string {
	var t string
	switch v := title.(type) {
	case nil:
		t = rubyCapitalize(o.Collection)
	case bool:
		t = rubyCapitalize(o.Collection)
		if v {
			t = "true"
		}
	case string:
		t = v
	default:
		t = fmt.Sprint(v)
	}
	return t + strings.Replace(o.TitleSuffix, ":num", strconv.Itoa(n), 1)
}

// PageHash is page.paginate on page i (from 1) of total: the settings
// with the page's number (FirstNum on the first page) and the page count,
// then its neighbours' numbers and addresses (prev or next "" for none),
// in the order the plugin adds them.
func (o *OctoPagination) PageHash(i, total int, prev, next string) map[string]any {
	m := make(map[string]any, len(o.Settings)+5)
	keys := KeyOrder(o.Settings)
	for _, k := range keys {
		m[k] = o.Settings[k]
	}
	m["page_num"] = i
	if i == 1 {
		m["page_num"] = o.FirstNum
	}
	add := func(k string, v any) {
		if _, ok := m[k]; !ok {
			keys = append(keys, k)
		}
		m[k] = v
	}
	add("pages", total)
	if prev != "" {
		add("previous_page", i-1)
		add("previous_page_path", prev)
	}
	if next != "" {
		add("next_page", i+1)
		add("next_page_path", next)
	}
	recordOrder(m, keys)
	return m
}

// Paginator is the Liquid paginator of a page whose page.paginate is
// hash, listing page num's share of all: the items under the
// collection's name, their count under total_NAME.
func (o *OctoPagination) Paginator(hash map[string]any, all []any) map[string]any {
	num, _ := hash["page_num"].(int)
	lo := (num - 1) * o.PerPage
	return map[string]any{
		o.Collection:            rubySlice(all, lo, lo+o.PerPage-1),
		"page":                  hash["page_num"],
		"per_page":              hash["per_page"],
		"limit":                 hash["limit"],
		"total_" + o.Collection: len(all),
		"total_pages":           hash["pages"],
		"previous_page":         hash["previous_page"],
		"previous_page_path":    hash["previous_page_path"],
		"next_page":             hash["next_page"],
		"next_page_path":        hash["next_page_path"],
	}
}

// rubySlice is Array#[] with the range lo..hi: nil when lo is past the
// end, negative indexes counted from the end.
func rubySlice(l []any, lo, hi int) any {
	n := len(l)
	if lo < 0 {
		lo += n
	}
	if hi < 0 {
		hi += n
	}
	if lo < 0 || lo > n {
		return nil
	}
	hi = min(hi+1, n)
	if hi <= lo {
		return []any{}
	}
	return l[lo:hi]
}

// rubyCapitalize is String#capitalize: the first character in title case,
// the rest in lower case.
func rubyCapitalize(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	first, ok := titleSpecial[r]
	if !ok {
		first = string(unicode.ToTitle(r))
	}
	return first + rubyDowncase(s[n:])
}

// rubyClass names a YAML value's type as Ruby would.
func rubyClass(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case string:
		return "a string"
	case int:
		return "a number"
	case float64:
		return "a number"
	case bool:
		return "true or false"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("%T", v)
}

// rubyInspect shows a bad value in an error.
func rubyInspect(v any) string {
	switch v := v.(type) {
	case nil:
		return "nothing"
	case string:
		return strconv.Quote(v)
	case []any, map[string]any:
		return rubyClass(v)
	}
	return fmt.Sprint(v)
}
