package markdown

import (
	"strings"
	"testing"
)

var optionCases = []mdCase{
	{name: "auto_ids off", in: "## Hello\n", kramdown: map[string]any{"auto_ids": false},
		want: "<h2>Hello</h2>"},
	{name: "auto_id_prefix", in: "## Hello\n\n## Hello\n", kramdown: map[string]any{"auto_id_prefix": "p-"},
		want: "<h2 id=\"p-hello\">Hello</h2><h2 id=\"p-hello-1\">Hello</h2>"},
	{name: "kramdown input ids", in: "## 2024 in review\n\n## What's new?\n\n## Café\n\n## !!!\n\n## !!!\n", kramdown: map[string]any{"input": "kramdown"},
		want: "<h2 id=\"in-review\">2024 in review</h2><h2 id=\"whats-new\">What’s new?</h2><h2 id=\"caf\">Café</h2><h2 id=\"section\">!!!</h2><h2 id=\"section-1\">!!!</h2>"},
	{name: "hard_wrap", in: "one\ntwo\n", kramdown: map[string]any{"hard_wrap": true},
		want: "<p>one<br />\ntwo</p>"},
	{name: "default_lang and css_class", in: "```\nputs 1\n```\n\n`code`\n",
		kramdown: map[string]any{"syntax_highlighter_opts": map[string]any{"default_lang": "crystal", "block": map[string]any{"css_class": "code_section"}}},
		want:     "<div class=\"language-crystal highlighter-rouge\"><div class=\"highlight\"><pre class=\"code_section\"><code><span class=\"nb\">puts</span> <span class=\"mi\">1</span>\n</code></pre></div></div>\n<p><code class=\"language-crystal highlighter-rouge\"><span class=\"n\">code</span></code></p>"},
	{name: "highlighting disabled", in: "```\nputs 1\n```\n\n```ruby\nx = 1\n```\n\n`code`\n",
		kramdown: map[string]any{"syntax_highlighter_opts": map[string]any{"disable": true}},
		want:     "<pre><code>puts 1\n</code></pre>\n<pre><code class=\"language-ruby\">x = 1\n</code></pre>\n<p><code>code</code></p>"},
}

func TestOptions(t *testing.T) { runCases(t, optionCases) }

func TestOptionErrors(t *testing.T) {
	for _, c := range []struct {
		m    map[string]any
		want string
	}{
		{map[string]any{"toc_levels": "2..9"}, `kramdown: toc_levels: "9" is not a heading level 1 to 6`},
		{map[string]any{"input": "textile"}, `kramdown: input: "textile" is not an input Jekyll reads`},
		{map[string]any{"smart_quotes": "lsquo,rsquo"}, "kramdown: smart_quotes: lsquo,rsquo is not four quotes"},
		{map[string]any{"hard_wrap": "maybe"}, "kramdown: hard_wrap: maybe is not true or false"},
		{map[string]any{"entity_output": "html"}, `kramdown: entity_output: "html" is not one of`},
	} {
		_, err := OptionsFromConfig(c.m)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("OptionsFromConfig(%v) = %v, want an error starting %q", c.m, err, c.want)
		}
	}
}
