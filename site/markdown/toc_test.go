package markdown

import "testing"

var tocCases = []mdCase{
	{name: "nested with no_toc", in: "# Title\n{:.no_toc}\n\n* TOC\n{:toc}\n\n## A `code` [link](x)\n\n### A.1\n\n#### deep\n\n## B *em*\n\n# Top again\n\n### Skip level\n",
		want: `<h1 class="no_toc" id="title">Title</h1>
<ul id="markdown-toc">
<li><a href="#a-code-link" id="markdown-toc-a-code-link">A <code class="language-plaintext highlighter-rouge">code</code> link</a><ul>
<li><a href="#a1" id="markdown-toc-a1">A.1</a><ul>
<li><a href="#deep" id="markdown-toc-deep">deep</a></li>
</ul>
</li>
</ul>
</li>
<li><a href="#b-em" id="markdown-toc-b-em">B <em>em</em></a></li>
<li><a href="#top-again" id="markdown-toc-top-again">Top again</a><ul>
<li><a href="#skip-level" id="markdown-toc-skip-level">Skip level</a></li>
</ul>
</li>
</ul>
<h2 id="a-code-link">A <code class="language-plaintext highlighter-rouge">code</code> <a href="x">link</a></h2>
<h3 id="a1">A.1</h3>
<h4 id="deep">deep</h4>
<h2 id="b-em">B <em>em</em></h2>
<h1 id="top-again">Top again</h1>
<h3 id="skip-level">Skip level</h3>`},
	{name: "toc_levels", in: "* x\n{:toc}\n\n## A\n\n### B\n", kramdown: map[string]any{"toc_levels": "2..2"},
		want: "<ul id=\"markdown-toc\"><li><a href=\"#a\" id=\"markdown-toc-a\">A</a></li></ul><h2 id=\"a\">A</h2><h3 id=\"b\">B</h3>"},
	{name: "ordered with a class", in: "1. x\n{:toc .cls}\n\n## A\n",
		want: "<ol class=\"cls\" id=\"markdown-toc\"><li><a href=\"#a\" id=\"markdown-toc-a\">A</a></li></ol><h2 id=\"a\">A</h2>"},
}

func TestTOC(t *testing.T) { runCases(t, tocCases) }

func FuzzTOC(f *testing.F) {
	for _, c := range tocCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fuzzConvert(t, in)
	})
}
