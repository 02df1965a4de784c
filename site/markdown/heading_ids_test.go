package markdown

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHeadingIDs checks ids against what Jekyll 4.3 (kramdown 2.4 with
// the GFM parser) made for the same headings.
func TestHeadingIDs(t *testing.T) {
	src := "## Introduction\n\n## Introduction\n\n## 2024 in review\n\n## What's new? (Part 1)\n\n" +
		"## C++ & Go: a comparison\n\n## Café, naïve façade\n\n## The `config.key`\n\n" +
		"## A [linked](https://example.com/) heading\n\n## -- dashes -- and ... dots\n\n## !!!\n\n" +
		"## Own id {#mine}\n\n### Introduction\n\nSetext\n------\n"
	want := []string{"introduction", "introduction-1", "2024-in-review", "whats-new-part-1",
		"c--go-a-comparison", "café-naïve-façade", "the-configkey", "a-linked-heading",
		"-dashes--and--dots", "", "mine", "introduction-2", "setext"}
	var b bytes.Buffer
	if err := New(Options{}).Convert(&b, []byte(src)); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range regexp.MustCompile(`<h\d id="([^"]*)"`).FindAllStringSubmatch(b.String(), -1) {
		got = append(got, m[1])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("heading ids (-want +got):\n%s", diff)
	}
}
