package site

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Debian has no ruby-jemoji, so Jekyll cannot be asked: these cases come
// from jemoji's own spec (spec/jemoji_spec.rb and its fixture site) and
// html-pipeline's EmojiFilter tests (:shipit:), with gemoji's file names.
func TestEmojify(t *testing.T) {
	const root = "https://github.githubassets.com/images/icons/"
	img := func(name, file, root string) string {
		return `<img class="emoji" title=":` + name + `:" alt=":` + name + `:" src="` + root + `emoji/` + file + `" height="20" width="20">`
	}
	plusOne := img("+1", "unicode/1f44d.png", root)
	tests := []struct {
		name, root, in, want string
	}{
		{"post", root, "<p>:+1:</p>\n", "<p>" + plusOne + "</p>\n"},
		{"code block left alone", root,
			"<p>:+1:</p>\n<pre><code><span class=\"s2\">\":smile: every day\"</span></code></pre>\n<p><tt>:smile:</tt></p>",
			"<p>" + plusOne + "</p>\n<pre><code><span class=\"s2\">\":smile: every day\"</span></code></pre>\n<p><tt>:smile:</tt></p>"},
		{"liquid output kept", root,
			`<p>:+1: <a href="/docs/with_liquid.html">_docs/with_liquid.md</a></p>`,
			"<p>" + plusOne + ` <a href="/docs/with_liquid.html">_docs/with_liquid.md</a></p>`},
		{"custom src", "http://mine.club/", "<p>:+1:</p>\n", "<p>" + img("+1", "unicode/1f44d.png", "http://mine.club/") + "</p>\n"},
		{"body only", root,
			"<html>\n<head><title>:+1:</title></head>\n<body class=\"x\">\n<p>:+1:</p>\n</body>\n</html>\n",
			"<html>\n<head><title>:+1:</title></head>\n<body class=\"x\">\n<p>" + plusOne + "</p>\n</body>\n</html>\n"},
		{"custom emoji", "https://foo.com", "<p>:shipit:</p>", "<p>" + img("shipit", "shipit.png", "https://foo.com/") + "</p>"},
		{"variation selector and joiner dropped", root,
			"<p>:heart: :woman_technologist: :hash: :copyright:</p>",
			"<p>" + img("heart", "unicode/2764.png", root) + " " + img("woman_technologist", "unicode/1f469-1f4bb.png", root) + " " +
				img("hash", "unicode/0023-20e3.png", root) + " " + img("copyright", "unicode/00a9.png", root) + "</p>"},
		{"adjacent names", root, "<p>:-1::+1:</p>", "<p>" + img("-1", "unicode/1f44e.png", root) + plusOne + "</p>"},
		{"a failed name's colon opens the next", root, "<p>at 10:30 :+1:</p>", "<p>at 10:30 " + plusOne + "</p>"},
		{"unknown names and scripts left alone", root,
			"<p>:nosuchemoji: ::</p><script>x = ':+1:'</script>",
			"<p>:nosuchemoji: ::</p><script>x = ':+1:'</script>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(emojify([]byte(tt.in), tt.root))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("emojify (-want +got):\n%s", diff)
			}
		})
	}
}
