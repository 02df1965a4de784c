package content

import "strings"

// ExtractExcerpt is Excerpt#extract_excerpt.
func ExtractExcerpt(body, separator string) string {
	head, _, found := strings.Cut(body, separator)
	if !found {
		return body
	}
	return head
}
