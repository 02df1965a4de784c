package site

import (
	"bytes"
	"strings"
)

// mentionBase says whether jekyll-mentions links @names on page p, and
// to which base URL: on with the plugin, for HTML output, unless the page
// sets jekyll-mentions: false; the base is jekyll-mentions (a URL or
// {base_url: URL}) from the page or the config, else https://github.com.
func (b *engine) mentionBase(p *page) (string, bool) {
	if !b.site.Config.PluginEnabled("jekyll-mentions") {
		return "", false
	}
	if !htmlOutput(p) {
		return "", false
	}
	setting, ok := p.data["jekyll-mentions"]
	if !ok {
		setting = b.site.Config.Raw["jekyll-mentions"]
	}
	switch v := setting.(type) {
	case bool:
		if !v {
			return "", false
		}
	case string:
		return v, true
	case map[string]any:
		if s, ok := v["base_url"].(string); ok {
			return s, true
		}
	}
	return "https://github.com", true
}

// mentionIgnored are the elements whose text jekyll-mentions leaves alone.
var mentionIgnored = map[string]bool{"pre": true, "code": true, "a": true, "style": true, "script": true}

// mentionify links each @name in the text of an HTML page (its body, when
// it has one) to base/name, as jekyll-mentions does, except inside pre,
// code, a, style and script. Everything else is written back as it was.
func mentionify(out []byte, base string) []byte {
	if !bytes.Contains(out, []byte("@")) {
		return out
	}
	if !strings.HasSuffix(base, "/") && !strings.HasSuffix(base, "~") {
		base += "/"
	}
	return rewriteText(out, mentionIgnored, '@', func(text string) string {
		return linkMentions(text, base)
	})
}

// mentionStop are the words html-pipeline's MentionFilter leaves unlinked.
var mentionStop = map[string]bool{"mention": true, "mentions": true, "mentioned": true, "mentioning": true}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// linkMentions is html-pipeline's MentionFilter with jekyll-mentions'
// username pattern [\w][\w-]*: an @ at the start or after a non-word
// character, a name, then no slash, and the name not followed by dots
// and a word character.
func linkMentions(text, base string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '@' || (i > 0 && isWordByte(text[i-1])) {
			continue
		}
		j := i + 1
		if j >= len(text) || !isWordByte(text[j]) {
			continue
		}
		for j < len(text) && (isWordByte(text[j]) || text[j] == '-') {
			j++
		}
		if !mentionEnds(text, j) {
			continue
		}
		name := text[i+1 : j]
		if mentionStop[strings.ToLower(name)] {
			continue
		}
		b.WriteString(text[last:i])
		b.WriteString(`<a href="` + base + name + `" class="user-mention">@` + name + "</a>")
		last = j
		i = j - 1
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// mentionEnds is the pattern's look-ahead after the name at j.
func mentionEnds(text string, j int) bool {
	if j >= len(text) || text[j] == '\n' {
		return true
	}
	switch c := text[j]; {
	case c == '/':
		return false
	case c == '.':
		for j < len(text) && text[j] == '.' {
			j++
		}
		return j >= len(text) || text[j] == '\n' || !isWordByte(text[j])
	default:
		return true
	}
}
