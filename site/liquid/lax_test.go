package liquid

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shine-blog/shine/content"
)

// testEngine is the Engine of a site with the given files and config
// (liquid: options under raw), in UTC.
func testEngine(t *testing.T, files fstest.MapFS, raw map[string]any) *Engine {
	t.Helper()
	cfg := content.DefaultConfig()
	cfg.Location = time.UTC
	if raw != nil {
		cfg.Raw = raw
	}
	return New(&content.Site{Config: cfg, Files: files}, nil)
}

func renderWith(t *testing.T, e *Engine, src string, vars map[string]any) (string, error) {
	t.Helper()
	tpl, err := e.Parse([]byte(src), "index.html", 1)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	err = e.Render(&b, tpl, vars, "index.html")
	return b.String(), err
}

// TestRubyLiquid holds the cases real Jekyll sites showed, each with
// what Debian's jekyll 4.3.1 (Liquid 5.4) rendered from the same template
// and page (timezone: UTC).
func TestRubyLiquid(t *testing.T) {
	e := testEngine(t, fstest.MapFS{"_includes/hi.html": {Data: []byte("[{{ include.a }}]")}}, nil)
	page := map[string]any{
		"title":  "T",
		"author": "Jane",
		"list":   []any{"a", "b", "c", "d"},
		"nested": []any{[]any{"a", "b"}, []any{"c"}},
		"hash":   map[string]any{"z": 1, "a": 2},
		"k":      "a",
	}
	cases := []struct{ name, tpl, want string }{
		{"int plus", `{{ "1798692512" | plus: 1 }}`, "1798692513"},
		{"empty plus", `{{ '' | plus: 0 }}`, "0"},
		{"float divided", `{{ 10.0 | divided_by: 4 }}`, "2.5"},
		{"int divided floors", `{{ 7 | divided_by: 2 }} {{ -7 | divided_by: 2 }} {{ -7 | modulo: 3 }}`, "3 -4 2"},
		{"decimal sum", `{{ 0.1 | plus: 0.2 }} {{ 3 | times: 1.5 }} {{ '2.5' | times: 2 }}`, "0.3 4.5 5.0"},
		{"range of string", `{% assign n = "3" | plus: 0 %}{% for i in (1..n) %}{{ i }}{% endfor %}`, "123"},
		{"range of captured", `{% capture a %}{% endcapture %}{% for i in (a..2) %}{{ i }}{% endfor %}`, "012"},
		{"for over string", `{% for a in page.author %}[{{ a }}]{% endfor %}`, "[Jane]"},
		{"slice array", `{{ page.list | slice: 1, 2 | join: "," }}|{{ page.list | slice: -1 | join: "," }}|{{ "hello" | slice: 1, 3 }}`, "b,c|d|ell"},
		{"join nested", `{{ page.nested | join: "," }}`, "a,b,c"},
		{"size of hash", `{{ page.hash | size }} {{ page.list | size }} {{ 'héllo' | size }}`, "2 4 5"},
		{"limit nil", `{% for x in page.list limit: nil %}{{ x }}{% endfor %}`, "abcd"},
		{"limit string", `{% for x in page.list limit: '2' %}{{ x }}{% endfor %}`, "ab"},
		{"reversed after limit", `{% for i in (1..6) reversed limit: 2 %}{{ i }}{% endfor %}`, "21"},
		{"unknown filter", `{{ page.title | date_to_xml }}|{{ page.title | no_such: 1 | upcase }}`, "T|T"},
		{"multi-line include", `{% include hi.html
   a="x" %}`, "[x]"},
		{"nbsp before filter", `{% assign p = 'a/b' | split: '/' | join: '-' %}{{ p }}`, "a-b"},
		{"space before colon", `{{ 'a b c' | remove : ' ' }}`, "abc"},
		{"filter in if", `{% if page.missing | size == 0 %}a{% else %}b{% endif %}{% if page.list | size > 10 %}c{% endif %}`, "bc"},
		{"stray quote", `{{ 'a,b' | split: ','' | join: '-' }}`, "ab"},
		{"string over lines", `{{ page.nothing | default: 'See
  More'
  }}`, "See\n  More"},
		{"dot bracket", `{{ page.hash.[page.k] }}`, "2"},
		{"date_to_string trailing number", `{{ "2025-04-11T01:36:45 1744335405" | date_to_string }}`, "11 Apr 2025"},
		{"date with offset", `{{ "2026-08-21 10:10:00-06:00" | date: "%Y-%m-%d %H:%M %z" }}`, "2026-08-21 10:10 -0600"},
		{"date month name", `{{ "Sept 1, 2020" | date: "%b %d, %Y" }}|{{ "1 Sept 2020 10:30 PM" | date: "%F %R" }}`, "Sep 01, 2020|2020-09-01 22:30"},
		{"date day first", `{{ "11-9-2017" | date: "%F" }}|{{ "11/9/2017" | date: "%F" }}`, "2017-09-11|2017-09-11"},
		{"date epoch", `{{ 1744335405 | date: "%F %T" }}|{{ "1744335405" | date: "%F" }}`, "2025-04-11 01:36:45|2025-04-11"},
		{"date not a date", `{{ "not a date" | date: "%Y" }}`, "not a date"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := renderWith(t, e, tc.tpl, map[string]any{"page": page})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.tpl, diff)
			}
		})
	}
	w := strings.Join(e.Warnings(), "\n")
	for _, name := range []string{"date_to_xml", "no_such"} {
		if !strings.Contains(w, `index.html: unknown filter "`+name+`"`) {
			t.Errorf("no warning names %s: %q", name, w)
		}
	}
}

// TestLiquidOptions checks that _config.yml's liquid: options switch the
// strict behaviours on, as in Jekyll, and that the default lets an
// unknown filter and an undefined variable pass.
func TestLiquidOptions(t *testing.T) {
	tests := []struct {
		name    string
		options map[string]any
		tpl     string
		wantErr string // "" for none
	}{
		{"default passes unknown filters", nil, `{{ "a" | date_to_xml }}{{ nope }}`, ""},
		{"strict_filters", map[string]any{"strict_filters": true}, `{{ "a" | date_to_xml }}`, `undefined filter "date_to_xml"`},
		{"error_mode strict", map[string]any{"error_mode": "strict"}, `{{ "a" | date_to_xml }}`, `undefined filter "date_to_xml"`},
		{"strict_variables", map[string]any{"strict_variables": true}, `{{ nope }}`, `undefined variable`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := map[string]any{}
			if tc.options != nil {
				raw["liquid"] = tc.options
			}
			_, err := renderWith(t, testEngine(t, nil, raw), tc.tpl, map[string]any{})
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}
