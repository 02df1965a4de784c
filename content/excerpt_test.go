package content

import "testing"

// Excerpt#extract_excerpt; the first case is what Jekyll 4.3.1 produced
// for a post on a test site.
func TestExtractExcerpt(t *testing.T) {
	tests := []struct {
		name, body, sep, want string
	}{
		{"unclosed blocks and link definitions",
			"Intro with a [link][ref] and {% if true %} open block {% for x in (1..2) %} {% if a %}\n\nmore {% endfor %} {% endif %}\n\n[ref]: https://example.com/x \"T\"\n  [other]: /o\n[link]: nope\n",
			"\n\n",
			"Intro with a [link][ref] and {% if true %} open block {% for x in (1..2) %} {% if a %}\n{% endif %}\n{% endfor %}\n\n[ref]: https://example.com/x \"T\"\n[link]: nope"},
		{"plain", "First para.\n\nSecond.", "\n\n", "First para."},
		{"no separator", "Only one paragraph.\n", "\n\n", "Only one paragraph.\n"},
		{"nothing after the separator", "Head {% if x %}\n\n", "\n\n", "Head {% if x %}"},
		{"custom separator", "Intro<!--more-->Rest", "<!--more-->", "Intro"},
		{"closed block untouched", "{% if a %}x{% endif %}\n\nrest", "\n\n", "{% if a %}x{% endif %}"},
		{"whitespace control and non-blocks", "{%- capture x -%}{% include a.html %}{% raw %}\n\n{% endraw %}{% endcapture %}", "\n\n",
			"{%- capture x -%}{% include a.html %}{% raw %}\n{% endraw %}\n{% endcapture %}"},
		{"indented definition up to three spaces", "See [a].\n\n   [a]: /a\n    [a]: /b", "\n\n", "See [a].\n\n[a]: /a"}, // the indentation goes: Jekyll joins the captures,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExtractExcerpt(tt.body, tt.sep); got != tt.want {
				t.Errorf("ExtractExcerpt = %q, want %q", got, tt.want)
			}
		})
	}
}
