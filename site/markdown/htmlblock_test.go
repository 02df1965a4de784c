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
	{name: "markdown in an element nested in raw HTML", in: "<section>\n  <h2>Team</h2>\n  <aside markdown=\"1\">\n\nThe _Core Team_, see [the document](/gov/).\n\n  </aside>\n\n  <div class=\"c\">x</div>\n</section>\n\nafter *em*\n",
		want: "<section>\n  <h2>Team</h2>\n  <aside>\n<p>The <em>Core Team</em>, see <a href=\"/gov/\">the document</a>.</p>\n</aside>\n\n  <div class=\"c\">x</div>\n</section>\n<p>after <em>em</em></p>"},
	{name: "dd markdown in a dl", in: "<aside class=\"s\">\n  <dl>\n  <dt>What?</dt>\n  <dd markdown=\"1\">\n  Crystal's [campaign](https://x.org) for more.\n  </dd>\n\n  <dt>Ordered?</dt>\n  <dd markdown=\"1\">\n  By amount.\n  </dd></dl>\n</aside>\n",
		want: "<aside class=\"s\">\n  <dl>\n  <dt>What?</dt>\n  <dd>\n<p>Crystal’s <a href=\"https://x.org\">campaign</a> for more.</p>\n</dd>\n\n  <dt>Ordered?</dt>\n  <dd>\n<p>By amount.</p>\n</dd></dl>\n</aside>"},
	{name: "raw after a nested element's end tag", in: "<div>\n<p markdown=\"1\">x *y*</p> tail *z*\n<div markdown=\"1\">\na *b*\n  </div> tail2 *z*\n</div>\n\npara\n",
		want: "<div>\n<p>x <em>y</em></p> tail *z*\n<div>\n<p>a <em>b</em></p>\n</div> tail2 *z*\n</div>\n<p>para</p>"},
	{name: "nested start tag after others on its line", in: "<dl><dd markdown=\"1\">\nx *y*\n</dd></dl>\n\n*b*\n",
		want: "<dl><dd>\n<p>x <em>y</em></p>\n</dd></dl>\n<p><em>b</em></p>"},
	{name: "nested span, markdown 0 dropped, nested deeper", in: "<div>\n  <span markdown=\"1\">*x*</span> y\n\t<div markdown=\"0\">\n  *raw*\n  </div>\n  <div markdown=\"1\">\n  <section>\n    <aside markdown=\"1\">\n  deep *md*\n  </aside>\n  </section>\n  </div>\n</div>\n",
		want: "<div>\n  <span><em>x</em></span> y\n\t<div>\n  *raw*\n  </div>\n  <div>\n<section>\n    <aside>\n<p>deep <em>md</em></p>\n</aside>\n  </section>\n</div>\n</div>"},
	{name: "raw inside markdown inside markdown", in: "<div markdown=\"1\">\n<section>\n<div markdown=\"1\">\n*a*\n</div>\n</section>\n\n*b*\n</div>\n\n*c*\n",
		want: "<div>\n<section>\n<div>\n<p><em>a</em></p>\n</div>\n</section>\n<p><em>b</em></p>\n</div>\n<p><em>c</em></p>"},
	{name: "comments and scripts in raw HTML", in: "<div>\n<!-- </div>\n<p markdown=\"1\">*a*</p> -->\n<script>\nx = \"</div>\";\n</script>\n<p markdown=\"1\">*a*</p>\n</div>\n\n*b*\n",
		want: "<div>\n<!-- </div>\n<p markdown=\"1\">*a*</p> -->\n<script>\nx = \"</div>\";\n</script>\n<p><em>a</em></p>\n</div>\n<p><em>b</em></p>"},
	{name: "text after a Markdown element's end tag", in: "<div markdown=\"1\">\nx *y*\n</div> tail *z*\n\npara\n",
		want: "<div>\n<p>x <em>y</em></p>\n</div>\n<p>tail <em>z</em></p>\n<p>para</p>"},
	{name: "text after a span element's end tag", in: "<p markdown=\"1\">x *y*</p> tail *z*\n\npara\n",
		want: "<p>x <em>y</em></p>\n<p>tail <em>z</em></p>\n<p>para</p>"},
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
