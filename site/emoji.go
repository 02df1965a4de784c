package site

import (
	"fmt"
	"os"
	"strings"

	"github.com/yuin/goldmark-emoji/definition"
)

// emojiRoot says whether jemoji turns :name: into images on page p, and
// the asset root it links them to: on with the plugin, for HTML output;
// the root is the config's emoji.src, else $ASSET_HOST_URL/images/icons/,
// else GitHub's.
func (b *engine) emojiRoot(p *page) (string, bool) {
	if !b.site.Config.PluginEnabled("jemoji") || !htmlOutput(p) {
		return "", false
	}
	if m, ok := b.site.Config.Raw["emoji"].(map[string]any); ok {
		if s, ok := m["src"].(string); ok {
			return s, true
		}
	}
	if host := strings.TrimSuffix(os.Getenv("ASSET_HOST_URL"), "/"); host != "" {
		return host + "/images/icons/", true
	}
	return "https://github.githubassets.com/images/icons/", true
}

// emojiIgnored are the elements whose text jemoji leaves alone:
// html-pipeline's EmojiFilter skips pre, code and tt; script and style
// are skipped too, where an <img> would only break the code.
var emojiIgnored = map[string]bool{"pre": true, "code": true, "tt": true, "script": true, "style": true}

// emojify replaces each :name: of a GitHub emoji in the text of an HTML
// page (its body, when it has one) with jemoji's <img> linked under root.
func emojify(out []byte, root string) []byte {
	return rewriteText(out, emojiIgnored, ':', func(text string) string {
		return emojiImages(text, root)
	})
}

// emojiImages is EmojiFilter's /:(name|name|…):/ over one text run: a
// name is the whole text between two colons, and a colon that closes no
// name may open the next.
func emojiImages(text, root string) string {
	var b strings.Builder
	last := 0
	for i := strings.IndexByte(text, ':'); i >= 0; {
		j := strings.IndexByte(text[i+1:], ':')
		if j < 0 {
			break
		}
		j += i + 1
		name := text[i+1 : j]
		file, ok := emojiFile(name)
		if !ok {
			i = j
			continue
		}
		b.WriteString(text[last:i])
		src := root
		if !strings.HasSuffix(src, "/") {
			src += "/"
		}
		src += "emoji/" + file
		fmt.Fprintf(&b, `<img class="emoji" title=":%s:" alt=":%s:" src="%s" height="20" width="20">`, name, name, src)
		last = j + 1
		next := strings.IndexByte(text[last:], ':')
		if next < 0 {
			break
		}
		i = last + next
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// customEmoji are gemoji's GitHub-only emoji, which have no code points:
// their image is emoji/NAME.png. goldmark-emoji's database keeps only the
// Unicode ones.
var customEmoji = map[string]bool{
	"atom": true, "basecamp": true, "basecampy": true, "bowtie": true,
	"dependabot": true, "electron": true, "feelsgood": true, "finnadie": true,
	"fishsticks": true, "goberserk": true, "godmode": true, "hurtrealbad": true,
	"neckbeard": true, "octocat": true, "rage1": true, "rage2": true,
	"rage3": true, "rage4": true, "shipit": true, "suspect": true, "trollface": true,
}

// emojiFile is gemoji's image file name for the emoji called name,
// relative to the emoji folder: unicode/ then its code points in
// lowercase hex of at least four digits joined by "-", without a variation
// selector (fe0f) or zero-width joiner (200d) after the first, then .png.
func emojiFile(name string) (string, bool) {
	if customEmoji[name] {
		return name + ".png", true
	}
	if name == "" {
		return "", false
	}
	e, ok := definition.Github().Get(name)
	if !ok || !e.IsUnicode() {
		return "", false
	}
	var b strings.Builder
	b.WriteString("unicode/")
	for i, r := range e.Unicode {
		if i > 0 {
			if r == 0xfe0f || r == 0x200d {
				continue
			}
			b.WriteByte('-')
		}
		fmt.Fprintf(&b, "%04x", r)
	}
	b.WriteString(".png")
	return b.String(), true
}
