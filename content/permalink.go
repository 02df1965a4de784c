package content

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// URLParts carries what Jekyll's UrlDrop (posts, collection docs) and
// Page#url_placeholders expose.
type URLParts struct {
	Date       time.Time // in the zone Jekyll would format it in
	Slug       string    // front matter `slug`, else the file-name slug
	Title      string    // front matter `slug` else file-name slug (Jekyll's :title is slugify(slug, pretty, cased))
	Categories []string  // in order, as Jekyll holds them
	Collection string    // "posts" for posts
	Path       string    // source path relative to the collection/site dir, for :path
	Name       string    // base name without extension, for :name / :basename
	OutputExt  string    // ".html"
}

// permalinkStyles is Configuration::STYLE_TO_PERMALINK.
var permalinkStyles = map[string]string{
	"none":     "/:categories/:title:output_ext",
	"date":     "/:categories/:year/:month/:day/:title:output_ext",
	"ordinal":  "/:categories/:year/:y_day/:title:output_ext",
	"pretty":   "/:categories/:year/:month/:day/:title/",
	"weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}

// PermalinkTemplate turns a permalink setting into a template
// (Configuration#style_to_permalink): the named styles "date", "pretty",
// "ordinal", "weekdate", "none" become their templates for posts; anything
// else is returned as is.
func PermalinkTemplate(style string) string {
	if t, ok := permalinkStyles[style]; ok {
		return t
	}
	return style
}

// CollectionTemplate is Collection#url_template for a collection without
// its own `permalink`: "/:collection/:path" with the suffix of the site's
// permalink style.
func CollectionTemplate(permalinkStyle string) string {
	return addPermalinkSuffix("/:collection/:path", permalinkStyle)
}

// PageTemplate is Page#template for a page: non-HTML outputs, index pages,
// and the suffix Utils.add_permalink_suffix gives for the site's permalink
// style. isHTML is Page#html? (output .html, .xhtml or .htm); isIndex is
// Page#index? (basename "index").
func PageTemplate(isHTML, isIndex bool, permalinkStyle string) string {
	switch {
	case !isHTML:
		return "/:path/:basename:output_ext"
	case isIndex:
		return "/:path/"
	}
	return addPermalinkSuffix("/:path/:basename", permalinkStyle)
}

// addPermalinkSuffix is Utils.add_permalink_suffix. Only "pretty",
// "date", "ordinal" and "none" are named here: "weekdate" falls to the
// generic rule and adds nothing, as in Jekyll 4.3.
func addPermalinkSuffix(template, style string) string {
	switch style {
	case "pretty":
		return template + "/"
	case "date", "ordinal", "none":
		return template + ":output_ext"
	}
	if strings.HasSuffix(style, "/") {
		template += "/"
	}
	if strings.HasSuffix(style, ":output_ext") {
		template += ":output_ext"
	}
	return template
}

// CleanedRelativePath is Document#cleaned_relative_path, the value of
// :path for a document: the site-relative path without its extension,
// with the first occurrence of the collection's directory ("_posts")
// removed and trailing dots dropped. "_posts/2022-01-20-x.md" gives
// "/2022-01-20-x".
func CleanedRelativePath(relPath, collectionDir string) string {
	p := strings.TrimSuffix(relPath, path.Ext(relPath))
	p = strings.Replace(p, collectionDir, "", 1)
	return strings.TrimRight(p, ".")
}

var placeholderRe = regexp.MustCompile(`:([a-z_]+)`)

// ExpandPermalink fills a template for a post or collection document the
// way URL#generate_url_from_drop does with a Drops::UrlDrop, then
// sanitizes it as URL#sanitize_url does.
//
// Each value is escaped with URL.escape_path. A name that is not a
// placeholder is an error, as in Jekyll ("The URL template doesn't have
// foo keys"); a trailing "_" is tried without it (":month_:day"). Names of
// Ruby's own object methods (":class", ":hash", ":then"...) are not an
// error in Jekyll but expand to nothing, and so they do here. :basename is
// a page placeholder only: Jekyll rejects it for documents.
//
// p.Date must already be in the site's zone: ParseDate's result is.
func ExpandPermalink(template string, p URLParts) (string, error) {
	var errs []error
	out := placeholderRe.ReplaceAllStringFunc(template, func(m string) string {
		name := m[1:]
		v, ok := documentPlaceholder(name, p)
		if !ok && strings.HasSuffix(name, "_") {
			name = name[:len(name)-1]
			v, ok = documentPlaceholder(name, p)
		}
		if !ok {
			errs = append(errs, fmt.Errorf("permalink %q: unknown placeholder :%s", template, name))
			return m
		}
		esc, err := escapePath(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("permalink %q: :%s: %w", template, name, err))
			return m
		}
		return esc + m[1+len(name):]
	})
	if len(errs) > 0 {
		return sanitizeURL(out), errs[0]
	}
	return sanitizeURL(out), nil
}

// ExpandPagePermalink fills a template for a page the way
// URL#generate_url_from_hash does with Page#url_placeholders: only :path
// (the page's folder), :basename and :output_ext are replaced, in that
// order and anywhere they occur, and any other ":name" is left as it is.
func ExpandPagePermalink(template, dir, basename, outputExt string) (string, error) {
	out := template
	for _, kv := range [][2]string{{"path", dir}, {"basename", basename}, {"output_ext", outputExt}} {
		if !strings.Contains(out, ":") {
			break
		}
		esc, err := escapePath(kv[1])
		if err != nil {
			return sanitizeURL(out), fmt.Errorf("permalink %q: :%s: %w", template, kv[0], err)
		}
		out = strings.ReplaceAll(out, ":"+kv[0], esc)
	}
	return sanitizeURL(out), nil
}

// documentPlaceholder is Drops::UrlDrop: the value of one placeholder.
func documentPlaceholder(name string, p URLParts) (string, bool) {
	d := p.Date
	switch name {
	case "collection":
		return p.Collection, true
	case "name":
		return Slugify(p.Name, "", false), true
	case "title":
		return Slugify(p.Title, "pretty", true), true
	case "slug":
		return Slugify(p.Slug, "", false), true
	case "categories":
		return joinSet(p.Categories, rubyDowncase), true
	case "slugified_categories":
		return joinSet(p.Categories, func(s string) string { return Slugify(s, "", false) }), true
	case "path":
		return p.Path, true
	case "output_ext":
		return p.OutputExt, true
	case "year":
		return fmt.Sprintf("%04d", d.Year()), true
	case "month":
		return d.Format("01"), true
	case "day":
		return d.Format("02"), true
	case "hour":
		return d.Format("15"), true
	case "minute":
		return d.Format("04"), true
	case "second":
		return d.Format("05"), true
	case "i_day":
		return strconv.Itoa(d.Day()), true
	case "i_month":
		return strconv.Itoa(int(d.Month())), true
	case "short_month":
		return d.Format("Jan"), true
	case "long_month":
		return d.Format("January"), true
	case "short_year":
		return fmt.Sprintf("%02d", d.Year()%100), true
	case "w_year":
		y, _ := d.ISOWeek()
		return fmt.Sprintf("%04d", y), true
	case "week":
		_, w := d.ISOWeek()
		return fmt.Sprintf("%02d", w), true
	case "w_day":
		wd := int(d.Weekday())
		if wd == 0 {
			wd = 7
		}
		return strconv.Itoa(wd), true
	case "short_day":
		return d.Format("Mon"), true
	case "long_day":
		return d.Format("Monday"), true
	case "y_day":
		return fmt.Sprintf("%03d", d.YearDay()), true
	}
	if rubyObjectMethods[name] {
		return "", true
	}
	return "", false
}

// rubyObjectMethods are the public methods a Jekyll 4.3 UrlDrop answers
// to (Drop#key? is respond_to?) that are not placeholders and give nil,
// hence "". The few that are invokable and return something else
// (keys, fetch, to_h...) break Jekyll's build; they are errors here.
var rubyObjectMethods = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`__id__ __send__ chain chunk chunk_while class clone
		collect collect_concat compact cycle define_singleton_method detect display drop
		drop_while dup each each_cons each_entry each_slice each_with_index
		each_with_object entries enum_for extend filter filter_map find find_all
		find_index flat_map freeze grep grep_v group_by hash inject inspect
		instance_eval instance_exec instance_variable_get instance_variable_set
		instance_variables invoke_drop itself lazy liquid_method_missing map max_by
		method methods min_by minmax minmax_by object_id partition private_methods
		protected_methods public_method public_methods public_send reduce reject
		remove_instance_variable reverse_each select send singleton_class
		singleton_method singleton_methods slice_after slice_before slice_when
		sort_by sum taint take take_while tally tap then to_a to_enum to_json
		to_s to_set to_yaml trust uniq untaint untrust yield_self zip`) {
		m[n] = true
	}
	return m
}()

// joinSet maps each item, drops repeats (Jekyll collects them in a Set)
// and joins them with "/".
func joinSet(items []string, f func(string) string) string {
	seen := map[string]bool{}
	var out []string
	for _, it := range items {
		v := f(it)
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return strings.Join(out, "/")
}

// sanitizeURL is URL#sanitize_url: a leading slash, every ".." turned
// into "/", every "./" dropped, runs of "/" squeezed.
func sanitizeURL(s string) string {
	s = "/" + s
	s = strings.ReplaceAll(s, "..", "/")
	s = strings.ReplaceAll(s, "./", "")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '/' && i > 0 && s[i-1] == '/' {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

var (
	escapeFastRe = regexp.MustCompile(`(?m)^[a-zA-Z0-9./-]+$`)
	// uriRe is Addressable::URI::URIREGEX (RFC 3986, appendix B).
	uriRe      = regexp.MustCompile(`^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$`)
	schemeRe   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9.+-]*$`)
	ipSchemes  = map[string]bool{"http": true, "https": true, "ftp": true, "tftp": true, "sftp": true, "ssh": true, "svn+ssh": true, "telnet": true, "nntp": true, "gopher": true, "wais": true, "ldap": true, "prospero": true}
	pathChars  = "-._~!$&'()*+,;=:@/"
	queryChars = pathChars + "?"
	authChars  = "-._~!$&'()*+,;=:@[]"
)

// escapePath is URL.escape_path: a value made only of letters, digits,
// ".", "/" and "-" (on any one line, as Ruby's ^ and $ match at line
// ends) is kept as is; anything else goes through Addressable::URI.encode,
// which parses it as a URI and percent-encodes each part, and then its
// first "#" becomes "%23". So "?" stays literal, "#" and "%" are encoded.
// Values that Addressable cannot assemble as a URI (": a", "a b:c",
// "http:") are errors, as Jekyll's build fails on them.
func escapePath(s string) (string, error) {
	if s == "" || escapeFastRe.MatchString(s) {
		return s, nil
	}
	m := uriRe.FindStringSubmatchIndex(s)
	if m == nil {
		return "", fmt.Errorf("cannot escape %q as a URL path", s)
	}
	part := func(i int) (string, bool) {
		if m[2*i] < 0 {
			return "", false
		}
		return s[m[2*i]:m[2*i+1]], true
	}
	scheme, hasScheme := part(2)
	authority, hasAuthority := part(4)
	p, _ := part(5)
	query, hasQuery := part(7)
	fragment, hasFragment := part(9)
	var b strings.Builder
	if hasScheme {
		if !schemeRe.MatchString(scheme) {
			return "", fmt.Errorf("cannot escape %q as a URL path: invalid scheme format %q", s, scheme)
		}
		if ipSchemes[strings.ToLower(scheme)] && authority == "" && p == "" {
			return "", fmt.Errorf("cannot escape %q as a URL path: absolute URI missing hierarchical segment", s)
		}
		b.WriteString(scheme + ":")
	} else if strings.HasPrefix(p, ":") {
		return "", fmt.Errorf("cannot escape %q as a URL path: ambiguous path", s)
	}
	if hasAuthority {
		// Only a value starting with "//" has one; Addressable's host and
		// port checks apply.
		host := authority[strings.LastIndexByte(authority, '@')+1:]
		if strings.ContainsAny(host, "<>{}\\\"") || strings.IndexFunc(host, unicode.IsSpace) >= 0 {
			return "", fmt.Errorf("cannot escape %q as a URL path: invalid character in host", s)
		}
		if i := strings.LastIndexByte(authority, ':'); i >= 0 && !strings.ContainsAny(authority[i:], "@[]") {
			port := authority[i+1:]
			if _, err := strconv.Atoi(port); port != "" && err != nil {
				return "", fmt.Errorf("cannot escape %q as a URL path: invalid port number", s)
			}
			if port == "" {
				authority = authority[:i]
			}
		}
		b.WriteString("//" + percentEncode(authority, authChars))
	}
	b.WriteString(percentEncode(p, pathChars))
	if hasQuery {
		b.WriteString("?" + percentEncode(query, queryChars))
	}
	if hasFragment {
		b.WriteString("%23" + percentEncode(fragment, queryChars))
	}
	return b.String(), nil
}

// percentEncode is Addressable::URI.encode_component: every byte that is
// not an ASCII letter, digit or one of keep becomes %XX (upper case).
func percentEncode(s, keep string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// unescapePath is URL.unescape_path (Addressable::URI.unencode): each
// %XX with two hex digits becomes its byte; a stray "%" stays.
func unescapePath(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			n, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b.WriteByte(byte(n))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// destDir is Site#in_dest_dir for a URL: unescaped, with "." and ".."
// resolved as File.expand_path does, relative and without a trailing
// slash.
func destDir(url string) string {
	return strings.TrimPrefix(path.Clean("/"+unescapePath(url)), "/")
}

// DestPath is where a document's URL is written (Document#destination):
// the URL unescaped, "index.html" appended to a trailing slash, otherwise
// the output extension appended when the path lacks it. The result is a
// slash-separated relative path without a leading slash, e.g.
// "supertan/2022/01/21/amazon-gems.html".
func DestPath(url, outputExt string) string {
	p := destDir(url)
	if strings.HasSuffix(url, "/") {
		return path.Join(p, "index.html")
	}
	if !strings.HasSuffix(p, outputExt) {
		p += outputExt
	}
	return p
}

// PageDestPath is Page#destination, which differs from DestPath for a
// trailing slash: a page gets "index" plus its output extension, so a
// feed at "/feed/" is written to "feed/index.xml".
func PageDestPath(url, outputExt string) string {
	p := destDir(url)
	if strings.HasSuffix(url, "/") {
		p = path.Join(p, "index")
	}
	if !strings.HasSuffix(p, outputExt) {
		p += outputExt
	}
	return p
}

// PermalinkExt is Renderer#permalink_ext: a permalink that does not end
// in "/" and has an extension of its own ("/badges/version.svg") sets the
// output extension, over the converter's.
func PermalinkExt(permalink string) string {
	if strings.HasSuffix(permalink, "/") {
		return ""
	}
	return rubyExtname(permalink)
}

// rubyExtname is Ruby's File.extname: the last segment's extension, ""
// when it has no dot after its leading dots.
func rubyExtname(p string) string {
	name := strings.TrimLeft(p[strings.LastIndexByte(p, '/')+1:], ".")
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return ""
	}
	return name[i:]
}

// CollectionStaticURL is StaticFile#url for a static file of a collection:
// the collection's permalink template (its `permalink`, else
// CollectionTemplate's) filled from a hash, as URL#generate_url_from_hash
// does: :collection, :path (the path inside the collection folder without
// extension), :output_ext (empty), :name (the base name) and :title
// (empty), in that order; any other placeholder stays as written. The
// trailing "/" is dropped and the file's extension appended, so a file
// _recipes/img/a.png under "/cookbook/:name/" is /cookbook/a.png.
func CollectionStaticURL(template, label, rel string) string {
	base := path.Base(rel)
	ext := rubyExtname(base)
	cleaned := strings.TrimRight(strings.TrimSuffix(rel, ext), ".")
	cleaned = strings.Replace(cleaned, "_"+label, "", 1)
	name := strings.TrimRight(strings.TrimSuffix(base, ext), ".")
	out := template
	for _, kv := range [][2]string{{"collection", label}, {"path", cleaned}, {"output_ext", ""}, {"name", name}, {"title", ""}} {
		if !strings.Contains(out, ":") {
			break
		}
		v, err := escapePath(kv[1])
		if err != nil {
			v = kv[1]
		}
		out = strings.ReplaceAll(out, ":"+kv[0], v)
	}
	return strings.TrimSuffix(sanitizeURL(out), "/") + ext
}

// StaticDestPath is where a static file at url is written
// (StaticFile#destination): the URL unescaped, relative, without a
// leading slash.
func StaticDestPath(url string) string { return destDir(url) }
