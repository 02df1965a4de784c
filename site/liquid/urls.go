package liquid

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"strings"

	osteele "github.com/osteele/liquid"
	"github.com/osteele/liquid/expressions"
)

func (f *filters) registerURLs(e registrar) {
	e.RegisterFilter("relative_url", func(input any) any {
		if input == nil {
			return nil
		}
		return f.relativeURL(urlOf(input))
	})
	e.RegisterFilter("absolute_url", func(input any) any {
		if input == nil {
			return nil
		}
		return f.absoluteURL(urlOf(input))
	})
	e.RegisterFilter("rellinks", f.rellinks)
}

// rellinksArg gives each rellinks filter in a template's Liquid markup,
// which takes no argument in Jekyll, the page it runs for: `| rellinks`
// becomes `| rellinks: "page"`, which osteele/liquid hands the filter as
// an expression bound to the render. Text outside {{ }} and {% %}, and
// inside raw and comment blocks, stays as it is. uses says whether the
// template has any.
func rellinksArg(src []byte) (out []byte, uses bool) {
	if !bytes.Contains(src, []byte("rellinks")) {
		return src, false
	}
	s := string(src)
	var b strings.Builder
	for {
		i := strings.Index(s, "{")
		if i < 0 || i+1 >= len(s) {
			break
		}
		var end string
		switch s[i+1] {
		case '{':
			end = "}}"
		case '%':
			end = "%}"
		default:
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		j := strings.Index(s[i+2:], end)
		if j < 0 {
			break
		}
		markup := s[i+2 : i+2+j]
		b.WriteString(s[:i+2])
		s = s[i+2+j:]
		if end == "%}" {
			if name := strings.Fields(strings.Trim(markup, "- \t\r\n")); len(name) > 0 && (name[0] == "raw" || name[0] == "comment") {
				k := strings.Index(s, "end"+name[0])
				if k < 0 {
					k = len(s)
				}
				b.WriteString(markup)
				b.WriteString(s[:k])
				s = s[k:]
				continue
			}
		}
		last := 0
		for _, ix := range rellinksUse.FindAllStringIndex(markup, -1) {
			if rest := strings.TrimLeft(markup[ix[1]:], " \t\r\n"); strings.HasPrefix(rest, ":") {
				continue // an argument of its own
			}
			b.WriteString(markup[last:ix[1]])
			b.WriteString(`: "page"`)
			last, uses = ix[1], true
		}
		b.WriteString(markup[last:])
	}
	b.WriteString(s)
	if !uses {
		return src, false
	}
	return []byte(b.String()), true
}

// noteRellinks remembers that tpl uses rellinks.
func (t *Engine) noteRellinks(tpl *osteele.Template, uses bool) {
	if uses && tpl != nil {
		t.rellinks.Store(tpl, true)
	}
}

// readsURLs records, in the render whose bindings these are, that it
// looks up URLs by source path when tpl uses rellinks, as {% link %} does.
func (t *Engine) readsURLs(tpl *osteele.Template, bindings map[string]any) {
	if _, ok := t.rellinks.Load(tpl); !ok {
		return
	}
	if r, ok := bindings[RecorderKey].(Recorder); ok && r != nil {
		r.ReadURLs()
	}
}

// rellinksUse is a use of the rellinks filter.
var rellinksUse = regexp.MustCompile(`\|\s*rellinks\b`)

// urlOf mirrors Jekyll's `input.url if input.respond_to?(:url)`: pages and
// documents stand for their URL. osteele/liquid hands filters a Drop's
// ToLiquid value, so a map with a string "url" counts as a page (in Jekyll
// only the current page is a plain Hash; site.pages and posts have url).
func urlOf(input any) string {
	input = osteele.FromDrop(input)
	switch v := input.(type) {
	case interface{ URL() string }:
		return v.URL()
	case map[string]any:
		if u, ok := v["url"].(string); ok {
			return u
		}
	}
	return toS(input)
}

func (f *filters) relativeURL(input string) string {
	if isAbsoluteURL(input) {
		return input
	}
	base := strings.TrimSuffix(f.env.BaseURL, "/")
	return normalizeURI(ensureLeadingSlash(base) + ensureLeadingSlash(input))
}

func (f *filters) absoluteURL(input string) string {
	if isAbsoluteURL(input) {
		return input
	}
	if f.env.URL == "" {
		return f.relativeURL(input)
	}
	return normalizeURI(f.env.URL + f.relativeURL(input))
}

func ensureLeadingSlash(s string) string {
	if s == "" || strings.HasPrefix(s, "/") {
		return s
	}
	return "/" + s
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*:`)

// isAbsoluteURL reports whether s has a scheme, as Addressable's absolute? does.
func isAbsoluteURL(s string) bool {
	return schemeRE.MatchString(s)
}

// uriRE splits a URI reference into its RFC 3986 parts.
var uriRE = regexp.MustCompile(`^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$`)

// normalizeURI does what Jekyll's Addressable::URI#normalize does to the
// URLs it builds: lower-case scheme and host, drop default ports, resolve
// dot segments, percent-encode what must be and decode what need not be.
func normalizeURI(s string) string {
	m := uriRE.FindStringSubmatchIndex(s)
	if m == nil {
		return s
	}
	part := func(i int) (string, bool) {
		if m[2*i] < 0 {
			return "", false
		}
		return s[m[2*i]:m[2*i+1]], true
	}
	scheme, hasScheme := part(1)
	authority, hasAuthority := part(2)
	path, _ := part(3)
	query, hasQuery := part(4)
	fragment, hasFragment := part(5)

	var b strings.Builder
	scheme = strings.ToLower(scheme)
	if hasScheme {
		b.WriteString(scheme + ":")
	}
	if hasAuthority {
		b.WriteString("//" + normalizeAuthority(scheme, authority))
		if path == "" && (scheme == "http" || scheme == "https") {
			path = "/"
		}
	}
	path = normalizeComponent(path, pathChars)
	if hasScheme || hasAuthority || strings.HasPrefix(path, "/") {
		path = removeDotSegments(path)
	}
	b.WriteString(path)
	if hasQuery {
		b.WriteString("?" + normalizeComponent(query, queryChars))
	}
	if hasFragment {
		b.WriteString("#" + normalizeComponent(fragment, queryChars))
	}
	return b.String()
}

func normalizeAuthority(scheme, authority string) string {
	userinfo, host := "", authority
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		userinfo, host = authority[:i+1], authority[i+1:]
	}
	host = strings.ToLower(host)
	switch {
	case scheme == "http" && strings.HasSuffix(host, ":80"):
		host = strings.TrimSuffix(host, ":80")
	case scheme == "https" && strings.HasSuffix(host, ":443"):
		host = strings.TrimSuffix(host, ":443")
	}
	return userinfo + host
}

const (
	unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
	subDelims  = "!$&'()*+,;="
	pathChars  = unreserved + subDelims + ":@/"
	queryChars = pathChars + "?"
)

const upperHex = "0123456789ABCDEF"

// normalizeComponent percent-encodes the bytes of s outside allowed, upper-cases
// existing escapes and decodes the escapes of unreserved characters.
func normalizeComponent(s, allowed string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			d := unhex(s[i+1])<<4 | unhex(s[i+2])
			if strings.IndexByte(unreserved, d) >= 0 {
				b.WriteByte(d)
			} else {
				b.WriteByte('%')
				b.WriteByte(upperHex[d>>4])
				b.WriteByte(upperHex[d&15])
			}
			i += 2
			continue
		}
		if strings.IndexByte(allowed, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// removeDotSegments is RFC 3986 section 5.2.4.
func removeDotSegments(in string) string {
	var out []string
	for in != "" {
		switch {
		case strings.HasPrefix(in, "../"):
			in = in[3:]
		case strings.HasPrefix(in, "./"):
			in = in[2:]
		case strings.HasPrefix(in, "/./"):
			in = in[2:]
		case in == "/.":
			in = "/"
		case strings.HasPrefix(in, "/../"):
			in = in[3:]
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "/..":
			in = "/"
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "." || in == "..":
			in = ""
		default:
			i := strings.IndexByte(in[1:], '/')
			if i < 0 {
				out = append(out, in)
				in = ""
			} else {
				out = append(out, in[:i+1])
				in = in[i+1:]
			}
		}
	}
	return strings.Join(out, "")
}

// rellinksLink is what jekyll-relative-links' rellinks filter rewrites: the
// start of a link to a Markdown file, with its fragment.
var rellinksLink = regexp.MustCompile(`<a href="([^"]+\.md)(#([^"]+))?"`)

// rellinks is jekyll-relative-links' rellinks filter (0.8): in HTML
// already converted (`{{ text | markdownify | rellinks }}`), a link to a
// Markdown file, relative to the page's folder or from the site root
// with a leading slash, becomes the URL of the page, document or static
// file at that source path, under the baseurl; links to nothing known,
// and absolute URLs, stay. page is the render's page, whose path the
// links are relative to (see rellinksArg).
func (f *filters) rellinks(html any, page expressions.Closure) any {
	s, ok := osteele.FromDrop(html).(string)
	if !ok || s == "" || f.env.SourceURL == nil {
		return html
	}
	base := "."
	if page != nil {
		if p, err := page.Evaluate(); err == nil {
			if m, ok := plainValue(osteele.FromDrop(p)).(map[string]any); ok {
				base = path.Dir(toS(m["path"]))
			}
		}
	}
	return rellinksLink.ReplaceAllStringFunc(s, func(link string) string {
		m := rellinksLink.FindStringSubmatch(link)
		target := m[1]
		if isAbsoluteURL(target) {
			return link
		}
		dir := base
		if strings.HasPrefix(target, "/") {
			dir = "."
		}
		src, err := url.QueryUnescape(path.Join(dir, strings.TrimPrefix(target, "/")))
		if err != nil {
			return link
		}
		u, ok := f.env.SourceURL(src)
		if !ok {
			return link
		}
		frag := ""
		if m[2] != "" {
			frag = "#" + m[3]
		}
		return `<a href="` + f.relativeURL(u) + frag + `"`
	})
}
