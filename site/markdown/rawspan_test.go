package markdown

import "testing"

var rawSpanCases = []mdCase{
	{name: "notextile in a table cell", in: "Commit | Message\n--- | ---\n[09130d5](https://x/) | <notextile>[nomaster] minor version mustn't `introduce` warnings</notextile>\n",
		want: "<table><thead><tr><th>Commit</th><th>Message</th></tr></thead><tbody><tr><td><a href=\"https://x/\">09130d5</a></td>" +
			"<td><notextile>[nomaster] minor version mustn't `introduce` warnings</notextile></td></tr></tbody></table>"},
	{name: "code element keeps dashes", in: "for example <code>--config _config.yml</code>. Settings -- here\n",
		want: "<p>for example <code>--config _config.yml</code>. Settings – here</p>"},
	{name: "span is read", in: "<span>*em* it's</span>\n",
		want: "<p><span><em>em</em> it’s</span></p>"},
}

func TestRawSpans(t *testing.T) { runCases(t, rawSpanCases) }

func FuzzRawSpans(f *testing.F) {
	for _, c := range rawSpanCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fuzzConvert(t, in)
	})
}
