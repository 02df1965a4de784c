package markdown

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// mdCase is one Markdown input with the HTML Jekyll 4.3 (kramdown 2.4)
// makes from it. TestKramdownAgreement checks every want against
// Jekyll itself where it is installed, so a want is never made up.
type mdCase struct {
	name string
	in   string
	want string
	// kramdown is the site's "kramdown:" configuration, if any.
	kramdown map[string]any
}

// allCases are the case tables of every extension.
func allCases() map[string][]mdCase {
	return map[string][]mdCase{
		"attributes": attributeCases,
		"html":       htmlBlockCases,
		"typography": typographyCases,
		"tables":     tableCases,
		"toc":        tocCases,
		"options":    optionCases,
		"abbr":       abbrCases,
		"raw spans":  rawSpanCases,
		"links":      linkCases,
		"task lists": taskListCases,
		"xhtml":      xhtmlCases,
		"lists":      listCases,
	}
}

// sameHTML puts HTML in a form where kramdown's indentation and line
// breaks between tags do not count.
func sameHTML(s string) string {
	s = betweenTags.ReplaceAllString(strings.TrimSpace(s), "><")
	return s
}

var betweenTags = regexp.MustCompile(`>\s+<`)

func convertCase(t *testing.T, c mdCase) string {
	t.Helper()
	opts, err := OptionsFromConfig(c.kramdown)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := New(opts).Convert(&b, []byte(c.in)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func runCases(t *testing.T, cases []mdCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := convertCase(t, c)
			if diff := cmp.Diff(sameHTML(c.want), sameHTML(got)); diff != "" {
				t.Errorf("%q (-want +got):\n%s", c.in, diff)
			}
		})
	}
}

// TestKramdownAgreement converts every case with Jekyll's converter and
// checks that the case's want is what Jekyll makes.
func TestKramdownAgreement(t *testing.T) {
	if _, err := exec.LookPath("ruby"); err != nil {
		t.Skip("ruby not installed")
	}
	if err := exec.Command("ruby", "-e", "require 'jekyll'").Run(); err != nil {
		t.Skip("jekyll not installed")
	}
	type input struct {
		Src      string         `json:"src"`
		Kramdown map[string]any `json:"kramdown,omitempty"`
	}
	var ins []input
	var cases []mdCase
	var tables []string
	for table, cs := range allCases() {
		for _, c := range cs {
			ins = append(ins, input{c.in, c.kramdown})
			cases = append(cases, c)
			tables = append(tables, table)
		}
	}
	js, err := json.Marshal(ins)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("ruby", "testdata/kramdown.rb")
	cmd.Stdin = bytes.NewReader(js)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ruby testdata/kramdown.rb: %v\n%s", err, stderr.String())
	}
	var htmls []string
	if err := json.Unmarshal(out, &htmls); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		if diff := cmp.Diff(sameHTML(c.want), sameHTML(htmls[i])); diff != "" {
			t.Errorf("%s/%s: want is not what Jekyll makes of %q (-want +jekyll):\n%s", tables[i], c.name, c.in, diff)
		}
	}
}

// fuzzConvert converts in and fails on an error or a panic; it checks
// that the converter is deterministic too.
func fuzzConvert(t *testing.T, in string) {
	c := New(Options{})
	var a, b bytes.Buffer
	if err := c.Convert(&a, []byte(in)); err != nil {
		t.Fatalf("convert %q: %v", in, err)
	}
	if err := c.Convert(&b, []byte(in)); err != nil {
		t.Fatalf("convert %q: %v", in, err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("convert %q twice: %q then %q", in, a.String(), b.String())
	}
}
