package liquid

import "testing"

func TestTags(t *testing.T) {
	runCases(t, testEnv(t), []testCase{
		// jekyll: cycle works outside loops and keeps its place across loops
		{"cycle outside loop", `{% cycle 'a', 'b' %}{% cycle 'a', 'b' %}{% cycle 'a', 'b' %}`, nil, "aba"},
		{"cycle group across loops", `{% for i in (1..3) %}{% cycle 'g': 'x', 'y' %}{% endfor %}{% for i in (1..3) %}{% cycle 'g': 'x', 'y' %}{% endfor %}`, nil, "xyxyxy"},
		// jekyll, as are the two below
		{"cycle groups apart", `{% cycle 'g1': 'a', 'b' %}{% cycle 'g2': 'a', 'b' %}{% cycle 'g1': 'a', 'b' %}`, nil, "aab"},
		{"cycle variables", `{% for i in (1..3) %}{% cycle odd, even %}{% endfor %}`, map[string]any{"odd": "o", "even": "e"}, "oeo"},
		// jekyll: counters are apart from assigned variables
		{"increment decrement", `{% increment c %}{% increment c %}{% decrement c %}{{ c }}|{% decrement d %}{% decrement d %}{{ d }}|{% assign e = 10 %}{% increment e %}{{ e }}`, nil, "0111|-1-2-2|010"},
		// jekyll
		{"ifchanged", `{% for i in (1..4) %}{% ifchanged %}{{ i | divided_by: 2 }}{% endifchanged %}{% endfor %}`, nil, "012"},
		{"echo", `{% echo "a" | upcase %}{% echo xs %}`, map[string]any{"xs": []any{"b", "c"}}, "Abc"},
		// jekyll: the osteele/liquid tags that already match
		{"case when list", `{% case 2 %}{% when 1, 2 %}onetwo{% else %}e{% endcase %}`, nil, "onetwo"},
		{"capture unless raw comment", `{% capture x %}a{{ 1 | plus: 1 }}{% endcapture %}{{ x }}|{% unless false %}u{% else %}v{% endunless %}|{% raw %}{{ y }}{% endraw %}|{% comment %}zz{% endcomment %}`, nil, "a2|u|{{ y }}|"},
		{"break continue", `{% for i in (1..5) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 4 %}{% break %}{% endif %}{{ i }}{% endfor %}`, nil, "13"},
		{"for limit offset", `{% for i in (1..6) limit:2 offset:1 %}{{ i }}{% endfor %}`, nil, "23"},
	})
}
