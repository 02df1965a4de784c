package liquid

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	osteele "github.com/osteele/liquid"
	"gopkg.in/yaml.v2"
)

// Expected values marked "jekyll" were produced by rendering the same
// template with Debian's jekyll 4.3.1 (Liquid 5.4), site timezone
// America/New_York, url https://example.org, baseurl /blog.

type testCase struct {
	name string
	tpl  string
	vars map[string]any
	want string
}

func newYork(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// stubSlugify stands in for content.Slugify and shows the mode it was given.
func stubSlugify(s, mode string, cased bool) string {
	return mode + ":" + strings.ToLower(strings.ReplaceAll(s, " ", "-"))
}

func testEnv(t *testing.T) Env {
	return Env{
		URL:      "https://example.org",
		BaseURL:  "/blog",
		Location: newYork(t),
		Slugify:  stubSlugify,
		Markdownify: func(src string) (string, error) {
			return "<p>" + src + "</p>\n", nil
		},
	}
}

func renderTpl(t *testing.T, env Env, tpl string, vars map[string]any) (string, error) {
	t.Helper()
	e := osteele.NewEngine()
	Register(e, env)
	return e.ParseAndRenderString(tpl, vars)
}

func runCases(t *testing.T, env Env, cases []testCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := renderTpl(t, env, tc.tpl, tc.vars)
			if err != nil {
				t.Fatalf("render %q: %v", tc.tpl, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("render %q (-want +got):\n%s", tc.tpl, diff)
			}
		})
	}
}

func TestURLFilters(t *testing.T) {
	// jekyll: every row, for each baseurl.
	inputs := []string{"/x", "x", "", "/", "/a b", "/é", "/a/../b", "?q=a b", "#frag", "//host/x",
		"mailto:a@b.c", "http://Example.COM/A B", "a%20b", "/A%2fb", "/a%41%7e%2F b", "/[x]", "/a|b{c}^`\\\"<>"}
	tpl := `{% for i in ins %}[{{ i | relative_url }}|{{ i | absolute_url }}]{% endfor %}[{{ nil | relative_url }}|{{ nil | absolute_url }}][{{ 5 | relative_url }}]`
	ins := make([]any, len(inputs))
	for i, s := range inputs {
		ins[i] = s
	}
	for _, tc := range []struct {
		name, url, baseurl, want string
	}{
		{"baseurl /blog", "https://example.org", "/blog", "[/blog/x|https://example.org/blog/x][/blog/x|https://example.org/blog/x][/blog|https://example.org/blog][/blog/|https://example.org/blog/][/blog/a%20b|https://example.org/blog/a%20b][/blog/%C3%A9|https://example.org/blog/%C3%A9][/blog/b|https://example.org/blog/b][/blog/?q=a%20b|https://example.org/blog/?q=a%20b][/blog/#frag|https://example.org/blog/#frag][/blog//host/x|https://example.org/blog//host/x][mailto:a@b.c|mailto:a@b.c][http://Example.COM/A B|http://Example.COM/A B][/blog/a%20b|https://example.org/blog/a%20b][/blog/A%2Fb|https://example.org/blog/A%2Fb][/blog/aA~%2F%20b|https://example.org/blog/aA~%2F%20b][/blog/%5Bx%5D|https://example.org/blog/%5Bx%5D][/blog/a%7Cb%7Bc%7D%5E%60%5C%22%3C%3E|https://example.org/blog/a%7Cb%7Bc%7D%5E%60%5C%22%3C%3E][|][/blog/5]"},
		{"baseurl /blog/", "https://example.org", "/blog/", "[/blog/x|https://example.org/blog/x][/blog/x|https://example.org/blog/x][/blog|https://example.org/blog][/blog/|https://example.org/blog/][/blog/a%20b|https://example.org/blog/a%20b][/blog/%C3%A9|https://example.org/blog/%C3%A9][/blog/b|https://example.org/blog/b][/blog/?q=a%20b|https://example.org/blog/?q=a%20b][/blog/#frag|https://example.org/blog/#frag][/blog//host/x|https://example.org/blog//host/x][mailto:a@b.c|mailto:a@b.c][http://Example.COM/A B|http://Example.COM/A B][/blog/a%20b|https://example.org/blog/a%20b][/blog/A%2Fb|https://example.org/blog/A%2Fb][/blog/aA~%2F%20b|https://example.org/blog/aA~%2F%20b][/blog/%5Bx%5D|https://example.org/blog/%5Bx%5D][/blog/a%7Cb%7Bc%7D%5E%60%5C%22%3C%3E|https://example.org/blog/a%7Cb%7Bc%7D%5E%60%5C%22%3C%3E][|][/blog/5]"},
		{"baseurl /", "https://example.org", "/", "[/x|https://example.org/x][/x|https://example.org/x][|https://example.org/][/|https://example.org/][/a%20b|https://example.org/a%20b][/%C3%A9|https://example.org/%C3%A9][/b|https://example.org/b][/?q=a%20b|https://example.org/?q=a%20b][/#frag|https://example.org/#frag][//host/x|https://example.org//host/x][mailto:a@b.c|mailto:a@b.c][http://Example.COM/A B|http://Example.COM/A B][/a%20b|https://example.org/a%20b][/A%2Fb|https://example.org/A%2Fb][/aA~%2F%20b|https://example.org/aA~%2F%20b][/%5Bx%5D|https://example.org/%5Bx%5D][/a%7Cb%7Bc%7D%5E%60%5C%22%3C%3E|https://example.org/a%7Cb%7Bc%7D%5E%60%5C%22%3C%3E][|][/5]"},
		{"baseurl empty", "https://example.org", "", "[/x|https://example.org/x][/x|https://example.org/x][|https://example.org/][/|https://example.org/][/a%20b|https://example.org/a%20b][/%C3%A9|https://example.org/%C3%A9][/b|https://example.org/b][/?q=a%20b|https://example.org/?q=a%20b][/#frag|https://example.org/#frag][//host/x|https://example.org//host/x][mailto:a@b.c|mailto:a@b.c][http://Example.COM/A B|http://Example.COM/A B][/a%20b|https://example.org/a%20b][/A%2Fb|https://example.org/A%2Fb][/aA~%2F%20b|https://example.org/aA~%2F%20b][/%5Bx%5D|https://example.org/%5Bx%5D][/a%7Cb%7Bc%7D%5E%60%5C%22%3C%3E|https://example.org/a%7Cb%7Bc%7D%5E%60%5C%22%3C%3E][|][/5]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := testEnv(t)
			env.URL, env.BaseURL = tc.url, tc.baseurl
			got, err := renderTpl(t, env, tpl, map[string]any{"ins": ins})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	tpl = `{{ "/x" | absolute_url }}|{{ "" | absolute_url }}`
	for _, tc := range []struct{ name, url, want string }{
		// jekyll
		{"url with slash", "https://example.org/", "https://example.org//blog/x|https://example.org//blog"},
		{"no url", "", "/blog/x|/blog"},
		{"url normalized", "HTTPS://Example.ORG:443", "https://example.org/blog/x|https://example.org/blog"},
		{"url with path", "http://example.org/sub", "http://example.org/sub/blog/x|http://example.org/sub/blog"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := testEnv(t)
			env.URL = tc.url
			got, err := renderTpl(t, env, tpl, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	runCases(t, testEnv(t), []testCase{
		{"drop with url", `{{ page | relative_url }}`, map[string]any{"page": testDrop{"url": "/about/"}}, "/blog/about/"},
	})
}

// testDrop is an osteele.Drop, as the site's pages may be.
type testDrop map[string]any

func (d testDrop) ToLiquid() any { return map[string]any(d) }

func TestDateFilters(t *testing.T) {
	loc := newYork(t)
	vars := map[string]any{
		"t1":  time.Date(2022, 1, 3, 10, 5, 7, 0, time.FixedZone("", 3600)),
		"t2":  time.Date(2021, 11, 22, 0, 0, 0, 0, time.UTC), // a YAML date, as Go decoders give it
		"t3":  time.Date(2022, 7, 12, 23, 59, 0, 0, loc),
		"s1":  "2022-01-03 10:05:07 +0100",
		"s2":  "2022-01-03",
		"s3":  "Jan 3, 2022",
		"day": []any{1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31},
	}
	const jekyllFilters = `[{{ d | date_to_xmlschema }}] [{{ d | date_to_rfc822 }}] [{{ d | date_to_string }}] [{{ d | date_to_string: "ordinal" }}] [{{ d | date_to_string: "ordinal", "US" }}] [{{ d | date_to_long_string }}] [{{ d | date_to_long_string: "ordinal", "US" }}]`
	const strftimeAll = `{{ d | date: "%a %A %b %B %c %C %d %-d %e %F %H %I %j %k %l %L %m %-m %M %p %P %S %u %w %y %Y %z %:z %Z %% %D %T %R %r %x %X %h %s %U %W %G %V %^a %^B %10A %-H %_m %n%t|" }}`
	with := func(name, tpl string) string { return `{% assign d = ` + name + ` %}` + tpl }
	runCases(t, testEnv(t), []testCase{
		// jekyll: a time with an offset is shown in the site zone
		{"time", with("t1", jekyllFilters), vars, "[2022-01-03T04:05:07-05:00] [Mon, 03 Jan 2022 04:05:07 -0500] [03 Jan 2022] [3rd Jan 2022] [Jan 3rd, 2022] [03 January 2022] [January 3rd, 2022]"},
		// jekyll: a YAML date is midnight in the site zone
		{"yaml date", with("t2", jekyllFilters), vars, "[2021-11-22T00:00:00-05:00] [Mon, 22 Nov 2021 00:00:00 -0500] [22 Nov 2021] [22nd Nov 2021] [Nov 22nd, 2021] [22 November 2021] [November 22nd, 2021]"},
		// jekyll
		{"string with offset", with("s1", jekyllFilters), vars, "[2022-01-03T04:05:07-05:00] [Mon, 03 Jan 2022 04:05:07 -0500] [03 Jan 2022] [3rd Jan 2022] [Jan 3rd, 2022] [03 January 2022] [January 3rd, 2022]"},
		{"string date", with("s2", jekyllFilters), vars, "[2022-01-03T00:00:00-05:00] [Mon, 03 Jan 2022 00:00:00 -0500] [03 Jan 2022] [3rd Jan 2022] [Jan 3rd, 2022] [03 January 2022] [January 3rd, 2022]"},
		{"string words", with("s3", `{{ d | date_to_xmlschema }}`), vars, "2022-01-03T00:00:00-05:00"},
		{"ordinals", `{% for n in day %}{% assign s = "2022-01-" | append: n %}{% if n < 10 %}{% assign s = "2022-01-0" | append: n %}{% endif %}{{ s | date_to_string: "ordinal" | split: " " | first }} {% endfor %}`, vars, "1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 31st "},
		// jekyll: empty input passes through
		{"empty", `[{{ nil | date_to_xmlschema }}][{{ "" | date_to_string }}][{{ nil | date_to_rfc822 }}]`, nil, "[][][]"},

		// jekyll: Ruby strftime, every directive themes use
		{"strftime time", with("t1", strftimeAll), vars, "Mon Monday Jan January Mon Jan  3 10:05:07 2022 20 03 3  3 2022-01-03 10 10 003 10 10 000 01 1 05 AM am 07 1 1 22 2022 +0100 +01:00  % 01/03/22 10:05:07 10:05 10:05:07 AM 01/03/22 10:05:07 Jan 1641200707 01 01 2022 01 MON JANUARY     Monday 10  1 \n\t|"},
		{"strftime string", with("s2", strftimeAll), vars, "Mon Monday Jan January Mon Jan  3 00:00:00 2022 20 03 3  3 2022-01-03 00 12 003  0 12 000 01 1 00 AM am 00 1 1 22 2022 -0500 -05:00 EST % 01/03/22 00:00:00 00:00 12:00:00 AM 01/03/22 00:00:00 Jan 1641186000 01 01 2022 01 MON JANUARY     Monday 0  1 \n\t|"},
		{"strftime pm", `{{ t3 | date: "%I:%M %p %l%P %-I %#p %^b %-j %e" }}`, vars, "11:59 PM 11pm 11 pm JUL 193 12"},
		// jekyll: Liquid's date keeps odd input, reads Unix seconds in the site zone
		{"date odd input", `[{{ nil | date: "%Y" }}][{{ 0 | date: "%Y-%m-%d %H:%M" }}][{{ "1700000000" | date: "%F %T %z" }}][{{ "2022-01-03" | date: "" }}][{{ "not a date" | date: "%Y" }}]`, nil, "[][1969-12-31 19:00][2023-11-14 17:13:20 -0500][2022-01-03][not a date]"},
	})

	t.Run("invalid date", func(t *testing.T) {
		_, err := renderTpl(t, testEnv(t), `{{ "not a date" | date_to_string }}`, nil)
		if err == nil || !strings.Contains(err.Error(), "not a valid datetime") {
			t.Errorf("got error %v, want invalid date", err)
		}
	})
}

func TestTextFilters(t *testing.T) {
	vars := map[string]any{
		"odd":    "foo, bar \\baz?<a href=\"x\">é %2F%41 100% a+b [x] {y} |^`'",
		"html":   "<p class=\"a\">Hi &amp; <b>bye</b></p>\n<script>var x = '<b>';</script><!-- c\n --><STYLE>x</STYLE><style>\ny</style> a < b",
		"quotes": "\"Hello\" -- 'world'... it's 1990s --- ok `` x '' <b>bold</b> & y &amp; z",
		"ws":     " a\t\n b\u00a0c  \v d ",
		"cjk":    "Hello 世界 こんにちは 안녕 world!",
		"arr":    []any{1, "two", 3.0, nil, true, []any{1, 2}, map[string]any{"a": "b"}},
		"strs":   []string{"a", "b", "c"},
	}
	runCases(t, testEnv(t), []testCase{
		// jekyll
		{"xml_escape", `{{ odd | xml_escape }}|{{ nil | xml_escape }}`, vars, "foo, bar \\baz?&lt;a href=&quot;x&quot;&gt;é %2F%41 100% a+b [x] {y} |^`&apos;|"},
		{"cgi_escape", `{{ odd | cgi_escape }}`, vars, "foo%2C+bar+%5Cbaz%3F%3Ca+href%3D%22x%22%3E%C3%A9+%252F%2541+100%25+a%2Bb+%5Bx%5D+%7By%7D+%7C%5E%60%27"},
		{"uri_escape", `{{ odd | uri_escape }}`, vars, "foo,%20bar%20%5Cbaz?%3Ca%20href=%22x%22%3E%C3%A9%20/A%20100%25%20a+b%20[x]%20%7By%7D%20%7C%5E%60'"},
		{"strip_html", `{{ html | strip_html }}`, vars, "Hi &amp; bye\nx a < b"},
		{"smartify", `{{ quotes | smartify }}`, vars, "“Hello” – ‘world’… it’s 1990s — ok `` x ‘’ <b>bold</b> &amp; y &amp; z"},
		{"normalize_whitespace", `[{{ ws | normalize_whitespace }}]`, vars, "[a b\u00a0c d]"},
		{"number_of_words", `{{ ws | number_of_words }}|{{ cjk | number_of_words }}|{{ cjk | number_of_words: "cjk" }}|{{ cjk | number_of_words: "auto" }}|{{ "a b" | number_of_words: "auto" }}|{{ nil | number_of_words }}`, vars, "3|5|11|11|2|0"},
		{"jsonify", `{{ arr | jsonify }}|{{ odd | jsonify }}|{{ nil | jsonify }}|{{ 1.5 | jsonify }}`, vars, `[1,"two",3.0,null,true,[1,2],{"a":"b"}]|"foo, bar \\baz?<a href=\"x\">é %2F%41 100% a+b [x] {y} |^` + "`'\"|null|1.5"},
		{"inspect", `{{ arr | inspect }}|{{ nil | inspect }}`, vars, "[1, &quot;two&quot;, 3.0, nil, true, [1, 2], {&quot;a&quot;=&gt;&quot;b&quot;}]|nil"},
		{"to_integer", `{{ "12abc" | to_integer }}|{{ 3.9 | to_integer }}|{{ true | to_integer }}|{{ nil | to_integer }}|{{ "x" | to_integer }}|{{ " -4" | to_integer }}`, nil, "12|3|1|0|0|-4"},
		{"array_to_sentence_string", `{{ arr | array_to_sentence_string }}|{{ arr | array_to_sentence_string: "or" }}|{{ "a,b" | split: "," | array_to_sentence_string }}|{{ "a" | split: "," | array_to_sentence_string }}|{{ strs | array_to_sentence_string }}`, vars, `1, two, 3.0, , true, 1, 2, and {"a"=>"b"}|1, two, 3.0, , true, 1, 2, or {"a"=>"b"}|a and b|a|a, b, and c`},

		// the site's own slugify and Markdown renderer are called
		{"slugify", `{{ "Hello World" | slugify }}|{{ "Hello World" | slugify: "pretty" }}|{{ nil | slugify }}`, nil, "default:hello-world|pretty:hello-world|"},
		{"markdownify", `{{ "*hi*" | markdownify }}`, nil, "<p>*hi*</p>\n"},
	})

	t.Run("nil hooks", func(t *testing.T) {
		env := testEnv(t)
		env.Markdownify, env.Slugify = nil, nil
		got, err := renderTpl(t, env, `{{ "*hi*" | markdownify }}|{{ "Hello, World! é_x.y" | slugify }}`, nil)
		if err != nil {
			t.Fatal(err)
		}
		// jekyll's default slugify gives the same
		if diff := cmp.Diff("*hi*|hello-world-é-x-y", got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

// posts are the test data of the array filters, the same as the YAML
// rendered with jekyll.
func posts() []any {
	return []any{
		map[string]any{"title": "A", "n": 3, "year": "2021", "tags": []any{"x", "y"}},
		map[string]any{"title": "B", "n": "10", "year": "2022", "tags": []any{"y"}},
		map[string]any{"title": "C", "year": 2021, "tags": []any{}, "author": map[string]any{"name": "Z"}},
		map[string]any{"title": "D", "n": 1.5, "year": "2022", "author": map[string]any{"name": "Y"}},
	}
}

func TestArrayFilters(t *testing.T) {
	typed := make([]map[string]any, 0, 4)
	drops := make([]any, 0, 4)
	byKey := map[string]any{}
	for _, p := range posts() {
		m := p.(map[string]any)
		typed = append(typed, m)
		drops = append(drops, testDrop(m))
		byKey[m["title"].(string)] = m
	}
	vars := map[string]any{"p": posts(), "typed": typed, "drops": drops, "byKey": byKey}
	titles := func(expr string) string { return `[{{ ` + expr + ` | map: "title" | join: "," }}]` }
	runCases(t, testEnv(t), []testCase{
		// jekyll: properties that look like numbers compare as numbers' to_s,
		// arrays match any element, dotted paths reach into maps
		{"where", titles(`p | where: "year", "2021"`) + titles(`p | where: "year", 2021`) + titles(`p | where: "tags", "y"`) + titles(`p | where: "n", "10"`) + titles(`p | where: "author.name", "Z"`) + titles(`p | where: "n", nil`) + titles(`p | where: "n", "1.5"`), vars, "[A,C][A,C][A,B][B][C][C][D]"},
		{"where typed slice", titles(`typed | where: "year", "2022"`), vars, "[B,D]"},
		{"where drops", titles(`drops | where: "year", "2022"`), vars, "[B,D]"},
		{"where map values", titles(`byKey | where: "year", "2022"`), vars, "[B,D]"},
		{"where nil input", `[{{ nil | where: "a", "b" }}]`, nil, "[]"},
		// jekyll
		{"where_exp", titles(`p | where_exp: "x", "x.year == '2022'"`) + titles(`p | where_exp: "x", "x.tags contains 'y'"`) + titles(`p | where_exp: "x", "x.title != 'A' and x.year == '2022'"`) + titles(`p | where_exp: "x", "x.author"`), vars, "[B,D][A,B][B,D][C,D]"},
		{"where_exp drops", titles(`drops | where_exp: "x", "x.n == 3"`), vars, "[A]"},
		// jekyll
		{"where_exp outer variable", `{% assign y = "2021" %}` + titles(`p | where_exp: "x", "x.year == y"`), vars, "[A]"},
		// jekyll (key order aside: Go maps have none, so keys come sorted)
		{"map of a single hash", `{{ p | find: "year", "2022" | map: "title" | join: "," }}|{{ p | map: "title" | join: "," }}|{{ nil | map: "x" | size }}`, vars, "B|A,B,C,D|0"},
		{"find", `{% assign f = p | find: "year", "2022" %}{{ f.title }}|{{ p | find: "year", "1999" | jsonify }}|{% assign f = p | find_exp: "x", "x.n == 3" %}{{ f.title }}|{{ p | find_exp: "x", "x.n == 99" | jsonify }}`, vars, "B|null|A|null"},
		{"find drops", `{% assign f = drops | find: "author.name", "Y" %}{{ f.title }}`, vars, "D"},
		// jekyll
		{"group_by", `{% assign g = p | group_by: "year" %}{% for x in g %}{{ x.name }}:{{ x.size }}:{{ x.items | map: "title" | join: "" }};{% endfor %}|{{ p | group_by: "nothing" | map: "name" | jsonify }}`, vars, `2021:2:AC;2022:2:BD;|[""]`},
		{"group_by_exp", `{% assign g = p | group_by_exp: "x", "x.title | downcase" %}{% for x in g %}{{ x.name }}:{{ x.size }};{% endfor %}|{% assign g = p | group_by_exp: "x", "x.year | to_integer" %}{% for x in g %}{{ x.name | plus: 1 }}:{{ x.size }};{% endfor %}`, vars, "a:1;b:1;c:1;d:1;|2022:2;2023:2;"},
		// jekyll: nils first by default, numeric strings as numbers
		{"sort", titles(`p | sort: "n"`) + titles(`p | sort: "n", "last"`) + titles(`p | sort: "title"`) + `[{{ "c,a,B" | split: "," | sort | join: "," }}]` + titles(`p | sort: "year"`), vars, "[C,D,A,B][D,A,B,C][A,B,C,D][B,a,c][A,C,B,D]"},
		// jekyll (the numbers given as a YAML list)
		{"sort numbers", `{{ nums | sort | join: "," }}`, map[string]any{"nums": []any{3, 1.5, -2, 10}}, "-2,1.5,3,10"},
		// jekyll
		{"push pop shift unshift", `{% assign t = p | map: "title" %}[{{ t | push: "E" | join: "," }}] [{{ t | pop | join: "," }}] [{{ t | pop: 2 | join: "," }}] [{{ t | shift | join: "," }}] [{{ t | shift: 3 | join: "," }}] [{{ t | unshift: "Z" | join: "," }}] [{{ "abc" | push: "d" }}] [{{ nil | push: "d" }}] [{{ t | pop: 9 | size }}] [{{ t | join: "," }}]`, vars, "[A,B,C,D,E] [A,B,C] [A,B] [B,C,D] [D] [Z,A,B,C,D] [abc] [] [0] [A,B,C,D]"},
		// jekyll
		{"sample", `[{{ "a" | split: "," | sample }}] [{{ "a,b" | split: "," | sample: 2 | size }}] [{{ "abc" | sample }}] [{{ p | sample: 2 | size }}]`, vars, "[a] [2] [abc] [2]"},
		{"sample picks from the array", `{% assign s = p | sample %}{{ s.title | size }}`, vars, "1"},
	})

	for _, tc := range []struct{ name, tpl, want string }{
		{"sort nil", `{{ nil | sort }}`, "cannot sort a null object"},
		{"sort bad nils", `{{ p | sort: "n", "middle" }}`, "invalid nils order"},
		{"sort mixed", `{{ mixed | sort }}`, "comparison of"},
		{"pop bad count", `{{ p | pop: "x" }}`, "invalid integer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := renderTpl(t, testEnv(t), tc.tpl, map[string]any{"p": posts(), "mixed": []any{1, "a"}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestSortHash(t *testing.T) {
	e := osteele.NewEngine()
	Register(e, Env{})
	got, err := e.ParseAndRenderString(`{% assign s = h | sort %}{% for p in s %}{{ p[0] }}={{ p[1] }};{% endfor %}`,
		map[string]any{"h": yaml.MapSlice{{Key: "b", Value: 2}, {Key: "a", Value: 1}, {Key: "c", Value: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "a=1;b=2;c=3;"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
