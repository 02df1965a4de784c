package liquid

import "testing"

func TestRellinksArg(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{{ x | markdownify | rellinks }}`, `{{ x | markdownify | rellinks: "page" }}`},
		{`{{- x | rellinks | remove: "<p>" -}}`, `{{- x | rellinks: "page" | remove: "<p>" -}}`},
		{`{% assign y = x | rellinks %}{{ y|rellinks}}`, `{% assign y = x | rellinks: "page" %}{{ y|rellinks: "page"}}`},
		{`text | rellinks {{ x }}`, `text | rellinks {{ x }}`},
		{`{% raw %}{{ x | rellinks }}{% endraw %}{{ x | rellinks }}`, `{% raw %}{{ x | rellinks }}{% endraw %}{{ x | rellinks: "page" }}`},
		{`{% comment %}{{ x | rellinks }}{% endcomment %}`, `{% comment %}{{ x | rellinks }}{% endcomment %}`},
		{`{{ x | rellinks : p }}`, `{{ x | rellinks : p }}`},
		{`{{ x | rellinks_more }}`, `{{ x | rellinks_more }}`},
		{`{{ x | rellinks`, `{{ x | rellinks`},
	} {
		got, uses := rellinksArg([]byte(c.in))
		if string(got) != c.want || uses != (c.in != c.want) {
			t.Errorf("rellinksArg(%q) = %q, %v; want %q", c.in, got, uses, c.want)
		}
	}
}
