package markdown

import "testing"

var typographyCases = []mdCase{
	{name: "quotes by kramdown's rules", in: "He said \"hi\" (and \"left)\". It's -- ok... \"\n",
		want: "<p>He said “hi” (and “left)”. It’s – ok… “</p>"},
	{name: "after emphasis and parens", in: "\"Quoted\" and 'single' in '80s, \"*em*\" and (\"paren\") --- done.\n",
		want: "<p>“Quoted” and ‘single’ in ’80s, “<em>em</em>” and (“paren”) — done.</p>"},
	{name: "quote after code", in: "`x`'s value and \"`y`\"\n",
		want: "<p><code class=\"language-plaintext highlighter-rouge\">x</code>’s value and “<code class=\"language-plaintext highlighter-rouge\">y</code>”</p>"},
	{name: "quote at line start", in: "first line\n\"second\" line\n",
		want: "<p>first line\n“second” line</p>"},
	{name: "nested quotes", in: "\"'Hi,' she said.\"\n",
		want: "<p>“‘Hi,’ she said.”</p>"},
	{name: "quote before punctuation", in: "a \"?\" b '. c\n",
		want: "<p>a “?” b ‘. c</p>"},
	{name: "numeric entities", in: "It's -- \"ok\"\n", kramdown: map[string]any{"entity_output": "numeric"},
		want: "<p>It&#8217;s &#8211; &#8220;ok&#8221;</p>"},
	{name: "symbolic entities", in: "It's -- \"ok\"\n", kramdown: map[string]any{"entity_output": "symbolic"},
		want: "<p>It&rsquo;s &ndash; &ldquo;ok&rdquo;</p>"},
	{name: "guillemets for quotes", in: "\"ok\" 'yes'\n", kramdown: map[string]any{"smart_quotes": "lsaquo,rsaquo,laquo,raquo"},
		want: "<p>«ok» ‹yes›</p>"},
}

func TestTypography(t *testing.T) { runCases(t, typographyCases) }

func FuzzTypography(f *testing.F) {
	for _, c := range typographyCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fuzzConvert(t, in)
	})
}
