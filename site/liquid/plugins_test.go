package liquid

import (
	"testing"

	osteele "github.com/osteele/liquid"
)

// TestGistTag checks {% gist %} against jekyll-gist 1.5 offline, which
// writes the script tag after "false" (its failed fetch of the code).
func TestGistTag(t *testing.T) {
	e := osteele.NewEngine()
	e.RegisterTag("gist", gistTag)
	for _, tc := range []struct{ src, want string }{
		{`{% gist parkr/931c1c8d465a04042403 %}`, `<script src="https://gist.github.com/parkr/931c1c8d465a04042403.js"> </script>`},
		{`{% gist 931c1c8d465a04042403 hello.md %}`, `<script src="https://gist.github.com/931c1c8d465a04042403.js?file=hello.md"> </script>`},
		{`{% gist id file %}`, `<script src="https://gist.github.com/abc.js?file=x.go"> </script>`},
	} {
		t.Run(tc.src, func(t *testing.T) {
			got, err := e.ParseAndRenderString(tc.src, map[string]any{"id": "abc", "file": "x.go"})
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
