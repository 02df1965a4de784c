package liquid

import (
	"regexp"
	"strings"

	osteele "github.com/osteele/liquid"
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
}

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
