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
		{"capitalize lowers the rest", `{{ "elixir in PRODUCTION" | capitalize }}|{{ "élan VITAL" | capitalize }}|{{ "ǆemal" | capitalize }}|{{ 12 | capitalize }}|{{ page.missing | capitalize }}|`, "Elixir in production|Élan vital|ǅemal|12||"},
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
		{"raw body with a lone {{", "a\n   {%- raw %}{{@x.y(\"F\")}{% endraw %}}  # true\nb {% raw %}{{ c }}{% endraw %} {{ \"d\" }}", "a{{@x.y(\"F\")}}  # true\nb {{ c }} d"},
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

// strictWant is what Jekyll rendered from the cases of TestLiquidOptions
// that render something.
var strictWant = map[string]string{
	"error_mode strict passes unknown filters": "ab",
	"error_mode strict tags":                   "ab123<tr class=\"row1\">\n<td class=\"col1\">1</td><td class=\"col2\">2</td></tr>\n<tr class=\"row2\"><td class=\"col1\">3</td></tr>\n",
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
		// error_mode: strict is about syntax: Jekyll still passes an
		// unknown filter's input through, and reads case, cycle, tablerow
		// and offset: continue as in lax mode.
		{"error_mode strict passes unknown filters", map[string]any{"error_mode": "strict"}, `{{ "a" | date_to_xml }}{% assign v = "b" | date_to_xml %}{{ v }}`, ""},
		{"error_mode strict stray word", map[string]any{"error_mode": "strict"}, `{{ page.x junk }}`, `syntax error`},
		{"error_mode strict stray quote", map[string]any{"error_mode": "strict"}, `{{ 'a,b' | split: ','' | join: '-' }}`, `syntax error`},
		{"error_mode strict tags", map[string]any{"error_mode": "strict"}, `{% case 'b' %}{% when 'a' or 'b' %}ab{% endcase %}{% for i in (1..3) limit: 1 %}{{ i }}{% endfor %}{% for i in (1..3) offset: continue %}{{ i }}{% endfor %}{% tablerow i in (1..3) cols: 2 %}{{ i }}{% endtablerow %}`, ""},
		{"strict_filters and error_mode strict", map[string]any{"error_mode": "strict", "strict_filters": true}, `{{ "a" | date_to_xml }}`, `undefined filter "date_to_xml"`},
		{"strict_variables", map[string]any{"strict_variables": true}, `{{ nope }}`, `undefined variable`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := map[string]any{}
			if tc.options != nil {
				raw["liquid"] = tc.options
			}
			got, err := renderWith(t, testEngine(t, nil, raw), tc.tpl, map[string]any{})
			if want := strictWant[tc.name]; want != "" && got != want {
				t.Errorf("got %q, want %q", got, want)
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

// TestLaxTags holds the tags whose markup Ruby Liquid reads loosely, each
// with what Debian's jekyll 4.3.1 (Liquid 5.4) rendered from the same
// template and page (testdata/parity/lax has them as a site).
func TestLaxTags(t *testing.T) {
	e := testEngine(t, fstest.MapFS{
		"_includes/show.html":  {Data: []byte("[{% for p in include %}{{ p[0] }}={{ p[1] }};{% endfor %}]")},
		"_includes/outer.html": {Data: []byte("<{{ include.a }}{% include inner.html %}{% assign leaked = 'L' %}>")},
		"_includes/inner.html": {Data: []byte("({{ include.a }})")},
	}, nil)
	page := map[string]any{
		"title": "T",
		"list":  []any{"a", "b", "c", "d", "e", "f"},
		"n":     2,
		"s":     "3",
		"f":     2.5,
		"x":     "b",
		"num":   3,
		"h":     map[string]any{"x": 1, "y": 2},
		"no":    false,
		"empty": "",
		"str":   "str",
		"inc":   "show.html",
	}
	cases := []struct{ name, tpl, want string }{
		{"when or", `{% case page.x %}{% when 'a' or 'b' %}ab{% else %}other{% endcase %}`, "ab"},
		{"when commas", `{% case page.x %}{% when 'a','b' %}ab{% else %}other{% endcase %}|{% case page.x %}{% when 'a' , 'b' %}ab{% else %}other{% endcase %}`, "ab|ab"},
		{"when or and comma", `{% case page.x %}{% when 'c' or 'd', 'b' %}cdb{% else %}other{% endcase %}`, "cdb"},
		{"case tight", `{%case page.x%}{%when 'b'%}tight{%endcase%}`, "tight"},
		{"when types", `{% case page.num %}{% when 3 %}three{% endcase %}|{% case page.s %}{% when 3 %}n{% when '3' %}s{% endcase %}`, "three|s"},
		{"when variable", `{% case page.x %}{% when page.x %}self{% endcase %}`, "self"},
		{"when stray word", `{% case page.x %}{% when 'a' orr 'b' %}x{% else %}y{% endcase %}`, "y"},
		{"case filter ignored", `{% case page.x | upcase %}{% when 'B' %}up{% when 'b' %}low{% endcase %}`, "low"},
		{"when over lines", "{% case page.x %}\n{% when 'a' or\n'b' %}multi{% endcase %}", "multi"},
		{"case every match renders", `{% case page.x %}{% when 'b' %}one{% when 'b' %}two{% endcase %}`, "onetwo"},
		{"case else before when", `{% case page.x %}{% when 'a' %}a{% else %}e1{% when 'b' %}b{% else %}e2{% endcase %}`, "e1b"},
		{"case nested", `{% case page.x %}{% when 'b' %}{% if false %}{% else %}{% case page.num %}{% when 1 %}1{% else %}n{% endcase %}{% endif %}{% for i in page.missing %}{% else %}f{% endfor %}{% else %}no{% endcase %}`, "nf"},
		{"case trims", "[{%- case page.x -%}\n  {%- when 'a' -%} A\n  {%- when 'b' -%} B \n{%- else -%} E\n{%- endcase -%}\n]", "[B]"},
		{"case text before when", `{% case page.x %}junk{% when 'b' %}B{% endcase %}`, "B"},
		{"cycle tight", `{% for i in (1..4) %}{% cycle 'a','b','c' %}{% endfor %}|{% for i in (1..4) %}{%cycle 'a' , 'b'%}{% endfor %}`, "abca|abab"},
		{"cycle unquoted groups are variables", `{% for i in (1..3) %}{% cycle g1: 'a', 'b' %}{% cycle g2: 'a', 'b' %}{% endfor %}`, "ababab"},
		{"cycle quoted groups", `{% for i in (1..3) %}{% cycle 'g1': 'a', 'b' %}{% cycle 'g2': 'a', 'b' %}{% endfor %}`, "aabbaa"},
		{"cycle group spaced", `{% for i in (1..3) %}{% cycle 'g' : 'x', 'y' %}{% endfor %}`, "xyx"},
		{"cycle outside loops", `{% cycle 'p', 'q' %}{% cycle 'p', 'q' %}{% cycle 'p', 'q' %}`, "pqp"},
		{"cycle variable", `{% for i in (1..3) %}{% cycle page.x, 'z' %}{% endfor %}`, "bzb"},
		{"cycle comma in quotes", `{% for i in (1..3) %}{% cycle 'a,b', 'c' %}{% endfor %}`, "c"},
		{"cycle two fragments", `{% for i in (1..3) %}{% cycle "q": 'a' 'b', 'c' %}{% endfor %}`, "aca"},
		{"cycle group of another size", `{% cycle 'k': 'a', 'b', 'c' %}{% cycle 'k': 'a', 'b', 'c' %}{% cycle 'k': 'x' %}{% cycle 'k': 'a', 'b', 'c' %}`, "aba"},
		{"tablerow limit", `{% tablerow i in page.list cols: 2 limit: 3 %}{{ i }}{% endtablerow %}`,
			"<tr class=\"row1\">\n<td class=\"col1\">a</td><td class=\"col2\">b</td></tr>\n<tr class=\"row2\"><td class=\"col1\">c</td></tr>\n"},
		{"tablerow variables", `{% tablerow i in page.list cols:page.n offset:page.s %}{{ i }}{% endtablerow %}`,
			"<tr class=\"row1\">\n<td class=\"col1\">d</td><td class=\"col2\">e</td></tr>\n<tr class=\"row2\"><td class=\"col1\">f</td></tr>\n"},
		{"tablerow commas", `{% tablerow i in page.list, cols: 3, limit: 4 %}{{ i }}{% endtablerow %}`,
			"<tr class=\"row1\">\n<td class=\"col1\">a</td><td class=\"col2\">b</td><td class=\"col3\">c</td></tr>\n<tr class=\"row2\"><td class=\"col1\">d</td></tr>\n"},
		{"tablerow cols string and float", `{% tablerow i in page.list limit: 4 cols: '2' %}{{ i }}{% endtablerow %}{% tablerow i in page.list limit: 3 cols: page.f %}{{ i }}{% endtablerow %}`,
			"<tr class=\"row1\">\n<td class=\"col1\">a</td><td class=\"col2\">b</td></tr>\n<tr class=\"row2\"><td class=\"col1\">c</td><td class=\"col2\">d</td></tr>\n" +
				"<tr class=\"row1\">\n<td class=\"col1\">a</td><td class=\"col2\">b</td></tr>\n<tr class=\"row2\"><td class=\"col1\">c</td></tr>\n"},
		{"tablerow no cols", `{% tablerow i in page.list limit: 2 %}{{ i }}{% endtablerow %}`,
			"<tr class=\"row1\">\n<td class=\"col1\">a</td><td class=\"col2\">b</td></tr>\n"},
		{"tablerowloop", `{% tablerow i in (1..3) cols: 2 %}{{ tablerowloop.index }}{{ tablerowloop.col }}{{ tablerowloop.row }}{% endtablerow %}`,
			"<tr class=\"row1\">\n<td class=\"col1\">111</td><td class=\"col2\">221</td></tr>\n<tr class=\"row2\"><td class=\"col1\">312</td></tr>\n"},
		{"tablerow nil", `[{% tablerow i in page.missing %}{{ i }}{% endtablerow %}]`, "[]"},
		{"tablerow hash", `{% tablerow p in page.h %}{{ p[0] }}{% endtablerow %}`,
			"<tr class=\"row1\">\n<td class=\"col1\">x</td><td class=\"col2\">y</td></tr>\n"},
		{"tablerow string", `{% tablerow i in page.str %}{{ i }}{% endtablerow %}`, "<tr class=\"row1\">\n<td class=\"col1\">str</td></tr>\n"},
		{"tablerow in for", `{% for o in (1..2) %}{% tablerow i in (1..2) %}{{ forloop.index }}{{ i }}{% endtablerow %}{% endfor %}`,
			"<tr class=\"row1\">\n<td class=\"col1\">11</td><td class=\"col2\">12</td></tr>\n<tr class=\"row1\">\n<td class=\"col1\">21</td><td class=\"col2\">22</td></tr>\n"},
		{"tablerow limit 0", `{% tablerow i in page.list limit: 0 %}{{ i }}{% endtablerow %}`, "<tr class=\"row1\">\n</tr>\n"},
		{"for over nothing", `{% for i in page.missing %}x{% else %}empty{% endfor %}|{% for i in 5 %}x{% else %}five{% endfor %}`, "empty|five"},
		{"offset continue", `{% for i in page.list limit: 2 %}{{ i }}{% endfor %}-{% for i in page.list offset: continue limit: 2 %}{{ i }}{% endfor %}-{% for i in page.list offset:continue %}{{ i }}{% endfor %}`, "ab-cd-ef"},
		{"offset continue reversed", `{% for i in (1..6) limit: 2 %}{{ i }}{% endfor %}{% for i in (1..6) offset: continue limit: 2 %}{{ i }}{% endfor %}{% for i in (1..6) reversed offset: continue %}{{ i }}{% endfor %}`, "123465"},
		{"offset continue nested", `{% for i in page.list limit: 1 %}{% for j in page.list limit: 1 %}{% endfor %}{% for j in page.list offset: continue limit: 1 %}{{ i }}{{ j }}{% endfor %}{% endfor %}{% for i in page.list offset: continue %}{{ i }}{% endfor %}`, "abbcdef"},
		{"offset continue past the end", `{% for i in page.list %}{% endfor %}{% for i in page.list offset: continue %}{{ i }}{% else %}none{% endfor %}`, "none"},
		{"offset continue other loop", `{% for j in page.list limit:1 %}{{ j }}{% endfor %}{% for i in page.list offset: continue %}{{ i }}{% endfor %}`, "aabcdef"},
		{"limit and offset variables", `{% for i in page.list limit: page.n offset: page.s %}{{ i }}{% endfor %}|{% for i in page.list limit: page.missing %}{{ i }}{% endfor %}`, "de|abcdef"},
		{"for odd spacing", `{% for i in page.list, limit: 2 %}{{ i }}{% endfor %}|{% for i in page.list limit : 2 %}{{ i }}{% endfor %}|{% for i in page.list limit: 2 offset: 1 %}{{ forloop.index }}{{ forloop.length }}{% endfor %}`, "ab|ab|1222"},
		{"default allow_false", `{{ page.no | default: 'x', allow_false: true }}|{{ page.no | default: 'x' }}|{{ page.no | default: 'x', allow_false: false }}`, "false|x|x"},
		{"default allow_false empty", `{{ page.empty | default: 'x', allow_false: true }}|{{ page.missing | default: 'x', allow_false:true }}|{{ page.no|default:'y',allow_false:page.no }}`, "x|x|y"},
		{"default allow_false assign", `{% assign v = page.no | default: 'z', allow_false: true %}{{ v }}`, "false"},
		{"include spacing", `{% include show.html a = "x" b= 'y' c =page.title %}`, "[a=x;b=y;c=T;]"},
		{"include over lines", "{% include show.html a=\"x\"\n   b=\"y\"\n%}", "[a=x;b=y;]"},
		{"include values", `{% include show.html a=3 b=true c=nil d=-1 e=2.5 f=page.n g=page.missing %}`, "[a=3;b=true;c=;d=-1;e=2.5;f=2;g=;]"},
		{"include escapes", `{% include show.html a="say \"hi\"" b='it\'s' %}`, `[a=say "hi";b=it's;]`},
		{"include other quote", `{% include show.html a='x"y' b="x'y" %}`, `[a=x"y;b=x'y;]`},
		{"include variable name", `{% include {{ page.inc }} a="v" %}`, "[a=v;]"},
		{"include dashes", `{% include show.html a-b="dash" c_d=x %}`, "[a-b=dash;c_d=;]"},
		{"include tight", `{%include show.html a="1"%}`, "[a=1;]"},
		{"include nested and assigns", `{% include outer.html a="1" %}[{{ leaked }}]`, "<1(1)>[L]"},
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
}

// TestRaw checks raw blocks whose body holds Liquid's own delimiters, as
// Jekyll rendered them (jekyll docs _docs/step-by-step/02-liquid.md).
func TestRaw(t *testing.T) {
	e := testEngine(t, nil, nil)
	cases := []struct{ name, tpl, want string }{
		{"opener alone", "a {% raw %}`{{`{% endraw %} and {% raw %}`}}`{% endraw %}.", "a `{{` and `}}`."},
		{"tag opener", "{% raw %}`{%`{% endraw %} and\n{% raw %}`%}`{% endraw %}", "`{%` and\n`%}`"},
		{"whole markup", "{% raw %}{{ page.title }} {%- if x -%}{% endraw %}", "{{ page.title }} {%- if x -%}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := renderWith(t, e, tc.tpl, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("%s: got %q, want %q", tc.tpl, got, tc.want)
			}
		})
	}
}
