package content

import (
	"regexp"
	"strings"
)

var (
	slugRawRe     = regexp.MustCompile(`\s+`)
	slugDefaultRe = regexp.MustCompile(`[^\p{M}\p{L}\p{Nd}]+`)
	slugPrettyRe  = regexp.MustCompile(`[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+`)
	slugASCIIRe   = regexp.MustCompile(`[^A-Za-z0-9]+`)
)

// Slugify is Jekyll's Utils.slugify. mode: "none", "raw", "default" (also
// used for ""), "pretty", "ascii", "latin". cased=false lowercases the
// result (Jekyll's default).
func Slugify(s, mode string, cased bool) string {
	var re *regexp.Regexp
	switch mode {
	case "raw":
		re = slugRawRe
	case "", "default", "latin":
		re = slugDefaultRe
	case "pretty":
		re = slugPrettyRe
	case "ascii":
		re = slugASCIIRe
	default:
		if cased {
			return s
		}
		return strings.ToLower(s)
	}
	slug := re.ReplaceAllString(s, "-")
	slug = strings.TrimPrefix(slug, "-")
	slug = strings.TrimSuffix(slug, "-")
	if !cased {
		slug = strings.ToLower(slug)
	}
	return slug
}

// TitleizeSlug is Utils.titleize_slug: "amazon-gems" -> "Amazon Gems".
func TitleizeSlug(slug string) string {
	words := strings.Split(slug, "-")
	for i, w := range words {
		if w != "" {
			w = strings.ToLower(w)
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}
