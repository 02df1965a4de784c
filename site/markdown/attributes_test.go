package markdown

import "testing"

var attributeCases = []mdCase{
	{name: "class before paragraph", in: "{: .note .info}\nWhen defining\nas a sequence.\n",
		want: "<p class=\"note info\">When defining\nas a sequence.</p>"},
	{name: "after paragraph", in: "para after\n{: .x #pid title=\"t t\"}\n",
		want: `<p class="x" id="pid" title="t t">para after</p>`},
	{name: "heading id", in: "## 4.4.1 / 2025-01-29\n{: #v4-4-1}\n\nText\n",
		want: "<h2 id=\"v4-4-1\">4.4.1 / 2025-01-29</h2>\n<p>Text</p>"},
	{name: "heading class keeps auto id", in: "## Hello\n{: .c}\n",
		want: `<h2 class="c" id="hello">Hello</h2>`},
	{name: "list", in: "- a\n- b\n{: .list}\n",
		want: "<ul class=\"list\"><li>a</li><li>b</li></ul>"},
	{name: "blockquote", in: "> quote\n{: .q}\n",
		want: "<blockquote class=\"q\"><p>quote</p></blockquote>"},
	{name: "fenced code", in: "```\ncode\n```\n{: .c}\n",
		want: "<div class=\"language-plaintext c highlighter-rouge\"><div class=\"highlight\"><pre class=\"highlight\"><code>code\n</code></pre></div></div>"},
	{name: "before across blank line", in: "x\n\n{: .before}\n\npara after blank\n",
		want: "<p>x</p>\n<p class=\"before\">para after blank</p>"},
	{name: "first and blank line after is lost", in: "{: .before}\n\npara\n", want: "<p>para</p>"},
	{name: "two lists merge", in: "{: .a}\n{: .b #x}\npara\n",
		want: `<p class="a b" id="x">para</p>`},
	{name: "definition", in: "{:refdef: .big #foo}\npara with ref\n{: refdef .more}\n",
		want: `<p class="big more" id="foo">para with ref</p>`},
	{name: "definition after use", in: "para\n{: later}\n\n{:later: title=\"x\"}\n",
		want: `<p title="x">para</p>`},
	{name: "span link", in: "[Scala](https://x.org){:target=\"_blank\" :rel=\"noopener\"} x\n",
		want: `<p><a href="https://x.org" target="_blank">Scala</a> x</p>`},
	{name: "span emphasis and code", in: "*em*{: .e} and `code`{:.cc}.\n",
		want: `<p><em class="e">em</em> and <code class="language-plaintext cc highlighter-rouge">code</code>.</p>`},
	{name: "span after text stays text", in: "word{: .x} end\n",
		want: `<p>word{: .x} end</p>`},
	{name: "escaped brace in value", in: "para\n{: title=\"a\\}b\"}\n",
		want: `<p title="a}b">para</p>`},
	{name: "not a list", in: "{: .x} and more\n",
		want: `<p>{: .x} and more</p>`},
	{name: "indented code is not a list", in: "para\n\n    {: .x}\n",
		want: "<p>para</p>\n<div class=\"language-plaintext highlighter-rouge\"><div class=\"highlight\"><pre class=\"highlight\"><code>{: .x}\n</code></pre></div></div>"},
	{name: "inside list item", in: "- item\n\n  {: .n}\n  para\n",
		want: "<ul><li><p>item</p><p class=\"n\">para</p></li></ul>"},
}

func TestAttributes(t *testing.T) { runCases(t, attributeCases) }

func FuzzAttributes(f *testing.F) {
	for _, c := range attributeCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fuzzConvert(t, in)
	})
}
