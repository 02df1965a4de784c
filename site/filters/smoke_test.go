package filters

import "testing"

func TestSmoke(t *testing.T) {
	runCases(t, testEnv(t), []testCase{
		{"rel", `{{ "/x" | relative_url }}|{{ "" | absolute_url }}`, nil, "/blog/x|https://example.org/blog"},
		{"date", `{{ "2022-01-20 10:00" | date: "%-d %B %b %e %Y" }}`, nil, "20 January Jan 20 2022"},
		{"where_exp", `{{ items | where_exp: "i", "i.n > 1" | map: "n" | join: "," }}`, map[string]any{"items": []any{map[string]any{"n": 1}, map[string]any{"n": 2}, map[string]any{"n": 3}}}, "2,3"},
		{"group_by_exp", `{% assign g = items | group_by_exp: "i", "i.n | modulo: 2" %}{% for x in g %}{{ x.name }}={{ x.size }};{% endfor %}`, map[string]any{"items": []any{map[string]any{"n": 1}, map[string]any{"n": 2}, map[string]any{"n": 3}}}, "1=2;0=1;"},
		{"sort", `{{ items | sort: "n", "last" | map: "n" | jsonify }}`, map[string]any{"items": []any{map[string]any{"n": 3}, map[string]any{}, map[string]any{"n": 2}}}, "[2,3,null]"},
		{"jsonify", `{{ x | jsonify }}`, map[string]any{"x": map[string]any{"b": []any{1.0, "<"}, "a": nil}}, `{"a":null,"b":[1.0,"<"]}`},
	})
}
