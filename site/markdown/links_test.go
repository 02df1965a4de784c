package markdown

import "testing"

var linkCases = []mdCase{
	{name: "unbalanced parenthesis in a definition",
		in:   "Thanks!\n\n[patch]: https://example.com/c948b31)\n[security advisory]: https://example.com/sa\n[Crystal 1.20.0]: https://example.com/120/\n\nSee [patch], [security advisory] and [Crystal 1.20.0].\n",
		want: "<p>Thanks!</p>\n<p>See <a href=\"https://example.com/c948b31)\">patch</a>, <a href=\"https://example.com/sa\">security advisory</a> and <a href=\"https://example.com/120/\">Crystal 1.20.0</a>.</p>"},
	{name: "titles", in: "[a]: /a \"A\"\n[b]: /b 'B'\n[c]: /c\n  \"C\"\n[d]: </d e> 'D'\n[e]: /e \"x\" \"y\"\n\n[a], [b], [c], [d], [e]\n",
		want: "<p><a href=\"/a\" title=\"A\">a</a>, <a href=\"/b\" title=\"B\">b</a>, <a href=\"/c\" title=\"C\">c</a>, <a href=\"/d e\" title=\"D\">d</a>, <a href=\"/e\" title=\"x&quot; &quot;y\">e</a></p>"},
	{name: "reference after white space", in: "[a]: /a\n[b]: /b\n\n[a] [b], [a] [nope], [a] [], [a]\t[b]\n",
		want: "<p><a href=\"/b\">a</a>, [a] [nope], <a href=\"/a\">a</a>, <a href=\"/b\">a</a></p>"},
	{name: "spaces in a definition", in: "[s]: /a b  \n\n[s]\n",
		want: "<p><a href=\"/a b\">s</a></p>"},
	{name: "a title that does not close makes no definition", in: "[bad]: /u \"t\" x\n\n[bad]\n",
		want: "<p>[bad]: /u “t” x</p>\n<p>[bad]</p>"},
	{name: "no definition inside a paragraph", in: "text\n[late]: /late\n\n[late]\n",
		want: "<p>text\n[late]: /late</p>\n<p>[late]</p>"},
	{name: "the last definition wins", in: "[dup]: /first\n\n[dup]: /second\n\n[dup]\n",
		want: "<p><a href=\"/second\">dup</a></p>"},
	{name: "definition then text", in: "[x]: /x\nsome [x] text\n",
		want: "<p>some <a href=\"/x\">x</a> text</p>"},
	{name: "image with spaces", in: "![](/assets/blog/2024/2024-09-19 helvetic-ruby johannes müller.jpg)\n",
		want: "<p><img src=\"/assets/blog/2024/2024-09-19 helvetic-ruby johannes müller.jpg\" alt=\"\" /></p>"},
	{name: "inline URLs", in: "[l](/x y \"t\") ![i](<a b.png>) [p](/x(1) \"u\") [q](/ü?a=1&b=2) [r](/z 't' )\n",
		want: "<p><a href=\"/x y\" title=\"t\">l</a> <img src=\"a b.png\" alt=\"i\" /> <a href=\"/x(1)\" title=\"u\">p</a> <a href=\"/ü?a=1&amp;b=2\">q</a> <a href=\"/z\" title=\"t\">r</a></p>"},
	{name: "unbalanced inline URL is text", in: "[a](/x (y) and more\n",
		want: "<p>[a](/x (y) and more</p>"},
	{name: "alt text as written", in: "![it's *a* & \"b\" -- c\\*](x.png \"T\")\n",
		want: "<p><img src=\"x.png\" alt=\"it's *a* &amp; &quot;b&quot; -- c*\" title=\"T\" /></p>"},
}

func TestLinks(t *testing.T) { runCases(t, linkCases) }

func FuzzLinks(f *testing.F) {
	for _, c := range linkCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fuzzConvert(t, in)
	})
}
