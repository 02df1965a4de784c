package markdown

import "testing"

var abbrCases = []mdCase{
	{name: "defined after use", in: "The HTML and CSS specs, not HTMLX.\n\n*[HTML]: Hyper Text Markup Language\n*[CSS]: Cascading Style Sheets\n",
		want: "<p>The <abbr title=\"Hyper Text Markup Language\">HTML</abbr> and <abbr title=\"Cascading Style Sheets\">CSS</abbr> specs, not HTMLX.</p>"},
	{name: "longest first and in headings", in: "## W3C HTML5\n\nHTML5 is HTML.\n\n*[HTML]: markup\n*[HTML5]: markup 5\n",
		want: "<h2 id=\"w3c-html5\">W3C <abbr title=\"markup 5\">HTML5</abbr></h2><p><abbr title=\"markup 5\">HTML5</abbr> is <abbr title=\"markup\">HTML</abbr>.</p>"},
	{name: "not in code", in: "`HTML` HTML\n\n*[HTML]: m\n",
		want: "<p><code class=\"language-plaintext highlighter-rouge\">HTML</code> <abbr title=\"m\">HTML</abbr></p>"},
}

func TestAbbreviations(t *testing.T) { runCases(t, abbrCases) }

func FuzzAbbreviations(f *testing.F) {
	for _, c := range abbrCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fuzzConvert(t, in)
	})
}
