package markdown

import "testing"

var tableCases = []mdCase{
	{name: "one line with a pipe", in: "this | that\n",
		want: "<table><tbody><tr><td>this</td><td>that</td></tr></tbody></table>"},
	{name: "no separator line", in: "| a | b |\n| c | d |\n",
		want: "<table><tbody><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></tbody></table>"},
	{name: "header and alignment", in: "| h1 | h2 | h3 |\n|:---|---:|:-:|\n| a | b | c |\n",
		want: "<table><thead><tr><th style=\"text-align: left\">h1</th><th style=\"text-align: right\">h2</th><th style=\"text-align: center\">h3</th></tr></thead>" +
			"<tbody><tr><td style=\"text-align: left\">a</td><td style=\"text-align: right\">b</td><td style=\"text-align: center\">c</td></tr></tbody></table>"},
	{name: "does not interrupt a paragraph", in: "para\n| a | b |\n| c | d |\n",
		want: "<p>para\n| a | b |\n| c | d |</p>"},
	{name: "not before a paragraph line", in: "a | b\ntext\n",
		want: "<p>a | b\ntext</p>"},
	{name: "pipes in code and escaped", in: "| a `x|y` | b \\| c |\n",
		want: "<table><tbody><tr><td>a <code class=\"language-plaintext highlighter-rouge\">x|y</code></td><td>b | c</td></tr></tbody></table>"},
	{name: "short rows padded", in: "| a | b | c |\n| d |\n",
		want: "<table><tbody><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td><td>\u00a0</td><td>\u00a0</td></tr></tbody></table>"},
	{name: "inline markdown in cells", in: "| *em* | [l](u) |\n",
		want: "<table><tbody><tr><td><em>em</em></td><td><a href=\"u\">l</a></td></tr></tbody></table>"},
	{name: "in a list item", in: "- a | b\n- c\n",
		want: "<ul><li><table><tbody><tr><td>a</td><td>b</td></tr></tbody></table></li><li>c</li></ul>"},
	{name: "not before a heading", in: "a | b\n# H\n",
		want: "<p>a | b</p><h1 id=\"h\">H</h1>"},
	{name: "not right after a comment", in: "New pages:\n\n<!-- rumdl-disable-next-line MD075 -->\n| [a](/a) | b |\n| c | d |\n\nafter\n",
		want: "<p>New pages:</p>\n<!-- rumdl-disable-next-line MD075 -->\n<p>| <a href=\"/a\">a</a> | b |\n| c | d |</p>\n<p>after</p>"},
	{name: "not right after a heading, code or an element", in: "# H\n| a | b |\n\n```\nx\n```\n| c | d |\n\n<div>x</div>\n| e | f |\n",
		want: "<h1 id=\"h\">H</h1>\n<p>| a | b |</p>\n<div class=\"language-plaintext highlighter-rouge\"><div class=\"highlight\"><pre class=\"highlight\"><code>x\n</code></pre></div></div>\n<p>| c | d |</p>\n<div>x</div>\n<p>| e | f |</p>"},
	{name: "right after a void element or a script", in: "<hr>\n| a | b |\n\n<script>x</script>\n| c | d |\n",
		want: "<hr />\n<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>\n<script>x</script>\n<table><tbody><tr><td>c</td><td>d</td></tr></tbody></table>"},
	{name: "attribute list before", in: "Para\n\n{: .c #t}\n| a | b |\n\nPara\n{: .p}\n| c | d |\n",
		want: "<p>Para</p>\n<table class=\"c\" id=\"t\"><tbody><tr><td>a</td><td>b</td></tr></tbody></table>\n<p class=\"p\">Para</p>\n<p>| c | d |</p>"},
}

// A wiki link's label is not a table cell (shine's own syntax, which
// Jekyll does not have).
func TestTableSkipsWikiLinks(t *testing.T) {
	got := convertCase(t, mdCase{in: "see [[Runbooks/Disk Full#Free space|freeing space]].\n"})
	if want := "<p>see [[Runbooks/Disk Full#Free space|freeing space]].</p>\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTables(t *testing.T) { runCases(t, tableCases) }

func FuzzTables(f *testing.F) {
	for _, c := range tableCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fuzzConvert(t, in)
	})
}
