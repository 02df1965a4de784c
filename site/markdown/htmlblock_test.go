package markdown

import "testing"

var htmlBlockCases = []mdCase{
	{name: "blank lines inside", in: "<div class=\"a\">\n\n  <p>x *y*</p>\n\n  text\n</div>\npara *em*\n",
		want: "<div class=\"a\">\n\n  <p>x *y*</p>\n\n  text\n</div>\n<p>para <em>em</em></p>"},
	{name: "jekyll docs assets", in: "<div class=\"note\">\n  <h5>ProTip™: Use variables</h5>\n\n  <p>Some text.</p>\n\n    <pre>code</pre>\n</div>\n",
		want: "<div class=\"note\">\n  <h5>ProTip™: Use variables</h5>\n\n  <p>Some text.</p>\n\n    <pre>code</pre>\n</div>"},
	{name: "nested same name", in: "<div>\n<div>\n\ninner\n</div>\n\nouter\n</div>\n\nafter\n",
		want: "<div>\n<div>\n\ninner\n</div>\n\nouter\n</div>\n<p>after</p>"},
	{name: "markdown 1 in div", in: "<div markdown=\"1\" class=\"m\">\n# Head\n\n*em* text\n\n<div>\ninner *raw*\n\n</div>\n</div>\n\nafter\n",
		want: "<div class=\"m\">\n<h1 id=\"head\">Head</h1>\n<p><em>em</em> text</p>\n<div>\ninner *raw*\n\n</div>\n</div>\n<p>after</p>"},
	{name: "markdown 1 in p", in: "<p markdown=\"1\">some *em*\nmore</p>\n\nx\n",
		want: "<p>some <em>em</em>\nmore</p>\n<p>x</p>"},
	{name: "markdown span", in: "<div markdown=\"span\">a *b*</div>\n",
		want: "<div>a <em>b</em></div>"},
	{name: "markdown block in details", in: "<details markdown=\"block\">\n<summary>S</summary>\n\n- a\n</details>\n",
		want: "<details>\n<summary>S</summary>\n<ul><li>a</li></ul>\n</details>"},
	{name: "notextile", in: "<notextile>\n*raw* x\n\n</notextile>\n\nafter\n",
		want: "<notextile>\n*raw* x\n\n</notextile>\n<p>after</p>"},
	{name: "span element starts a paragraph", in: "<span>x</span> *text*\n",
		want: "<p><span>x</span> <em>text</em></p>"},
	{name: "interrupts a paragraph", in: "text\n<div>\nb\n</div>\n",
		want: "<p>text</p>\n<div>\nb\n</div>"},
	{name: "table", in: "<table>\n<tr>\n\n<td>x</td>\n\n</tr>\n</table>\nafter\n",
		want: "<table>\n<tr>\n\n<td>x</td>\n\n</tr>\n</table>\n<p>after</p>"},
	{name: "ends on its line", in: "<div>a</div>\ntext\n",
		want: "<div>a</div>\n<p>text</p>"},
	{name: "comment", in: "<!-- a\n\nb -->\n\npara\n",
		want: "<!-- a\n\nb -->\n<p>para</p>"},
	{name: "void element", in: "<hr>\n\npara\n",
		want: "<hr />\n<p>para</p>"},
}

func TestHTMLBlocks(t *testing.T) { runCases(t, htmlBlockCases) }

func FuzzHTMLBlocks(f *testing.F) {
	for _, c := range htmlBlockCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fuzzConvert(t, in)
	})
}
