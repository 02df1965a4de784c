package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Document::DATE_FILENAME_MATCHER, DATELESS_FILENAME_MATCHER and
// Document#populate_title.
func TestParsePostName(t *testing.T) {
	type result struct {
		Date, Slug, Ext string
		OK              bool
	}
	tests := []struct {
		name string
		in   string
		want result
	}{
		{"plain", "2022-01-20-amazon-gems.md", result{"2022-01-20", "amazon-gems", ".md", true}},
		{"single digit month and day", "2022-1-5-x.markdown", result{"2022-1-5", "x", ".markdown", true}},
		{"two digit year", "22-1-5-x.md", result{"22-1-5", "x", ".md", true}},
		{"trailing dots", "2022-02-03-trailing...md", result{"2022-02-03", "trailing", ".md", true}},
		{"subfolder", "sub/2022-01-20-x.md", result{"2022-01-20", "x", ".md", true}},
		{"dots inside slug", "2022-01-20-v1.2.3.html", result{"2022-01-20", "v1.2.3", ".html", true}},
		{"spaces and symbols", "2022-06-07-a b#c?d%e é.md", result{"2022-06-07", "a b#c?d%e é", ".md", true}},
		{"dateless draft", "a-draft.md", result{"", "a-draft", ".md", false}},
		{"dateless in folder", "sub/a-draft..md", result{"", "a-draft", ".md", false}},
		{"no extension", "2022-01-20-noext", result{"", "2022-01-20-noext", "", false}},
		{"five digit year is not a date", "20222-01-20-x.md", result{"", "20222-01-20-x", ".md", false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got result
			got.Date, got.Slug, got.Ext, got.OK = ParsePostName(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParsePostName(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
