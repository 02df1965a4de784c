package content

import (
	"regexp"
	"strings"
)

var (
	// liquidTagRe is Excerpt::LIQUID_TAG_REGEX.
	liquidTagRe = regexp.MustCompile(`(?s)\{%-?[\t\n\v\f\r ]*(\w+)[\t\n\v\f\r ]*.*?-?%\}`)
	// linkRefRe is Excerpt::MKDWN_LINK_REF_REGEX: a Markdown reference
	// link definition on a line of its own.
	linkRefRe = regexp.MustCompile(`(?m)^ {0,3}(\[[^\]]+\])(:.+)$`)
)

// liquidBlocks are the tags registered as Liquid::Block in Jekyll 4.3
// (Liquid 4 plus Jekyll's highlight): the ones that need an end tag.
var liquidBlocks = map[string]bool{
	"capture": true, "case": true, "comment": true, "for": true, "highlight": true,
	"if": true, "ifchanged": true, "raw": true, "tablerow": true, "unless": true,
}

// ExtractExcerpt is Excerpt#extract_excerpt: the part of a post's raw body
// before the separator (default "\n\n"), with the reference-style link
// definitions from the rest appended, and unclosed Liquid blocks handled
// the way Jekyll does.
//
// Jekyll's rules, kept here: without the separator (or with nothing after
// it) the head is returned untouched. For each Liquid block tag opened in
// the head, from the last to the first, "\n{% endTAG %}" is appended
// unless an end tag for that name already appears anywhere in the head,
// so two unclosed ifs get one endif. A definition "[label]: url" from the
// rest is appended when the head contains "[label]".
func ExtractExcerpt(body, separator string) string {
	head, tail, found := strings.Cut(body, separator)
	if !found || tail == "" {
		return head
	}
	if strings.Contains(head, "{%") {
		head = closeLiquidBlocks(head)
	}
	// A definition needs "]:" in the rest and its label in the head; most
	// posts have neither, and the regexp over the whole body is costly.
	if !strings.Contains(tail, "]:") || !strings.Contains(head, "[") {
		return head
	}
	var defs []string
	for _, m := range linkRefRe.FindAllStringSubmatch(tail, -1) {
		if strings.Contains(head, m[1]) {
			defs = append(defs, m[1]+m[2])
		}
	}
	if len(defs) == 0 {
		return head
	}
	return head + "\n\n" + strings.Join(defs, "\n")
}

// closeLiquidBlocks is Excerpt#sanctify_liquid_tags.
func closeLiquidBlocks(head string) string {
	tags := liquidTagRe.FindAllStringSubmatch(head, -1)
	for i := len(tags) - 1; i >= 0; i-- {
		name := tags[i][1]
		if !liquidBlocks[name] {
			continue
		}
		endRe := regexp.MustCompile(`(?s)\{%-?[\t\n\v\f\r ]*end` + regexp.QuoteMeta(name) + `.*?[\t\n\v\f\r ]*-?%\}`)
		if endRe.MatchString(head) {
			continue
		}
		head += "\n{% end" + name + " %}"
	}
	return head
}
