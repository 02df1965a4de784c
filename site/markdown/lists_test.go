package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// listCases hold what Jekyll's kramdown (GFM input) writes for each input.
var listCases = []mdCase{
	{name: "1) is text", in: "Text:\n\n1) one;\n\n2) two\n",
		want: "<p>Text:</p>\n<p>1) one;</p>\n<p>2) two</p>"},
	{name: "1) does not interrupt a paragraph", in: "para\n1) z\n",
		want: "<p>para\n1) z</p>"},
	{name: "2) continues a 1. item", in: "1. x\n2) y\n",
		want: "<ol>\n<li>x\n2) y</li>\n</ol>"},
	{name: "1. still numbers", in: "1. x\n2. y\n",
		want: "<ol>\n<li>x</li>\n<li>y</li>\n</ol>"},
	{name: "indented 1)", in: "   1) a\n",
		want: "<p>1) a</p>"},
}

func TestLists(t *testing.T) { runCases(t, listCases) }

// FuzzLists converts list-like input: never a panic or an error, the
// same output twice, and no numbered list unless a line has a "1." marker.
func FuzzLists(f *testing.F) {
	for _, c := range listCases {
		f.Add(c.in)
	}
	f.Add("- a\n  1) b\n\n1. c\n   2) d\n")
	f.Fuzz(func(t *testing.T, in string) {
		fuzzConvert(t, in)
		var b bytes.Buffer
		if err := New(Options{}).Convert(&b, []byte(in)); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "<ol") && !dotMarker.MatchString(in) {
			t.Errorf("%q: a numbered list without a \"1.\" marker:\n%s", in, b.String())
		}
	})
}

var dotMarker = regexp.MustCompile(`(?m)\d\.`)
