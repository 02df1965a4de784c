package filters

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/osteele/liquid"
)

// testCase renders tpl with vars through an engine with Register applied.
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

// stubSlugify stands in for content.Slugify: enough to see the mode passed.
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
	e := liquid.NewEngine()
	Register(e, env)
	out, err := e.ParseAndRenderString(tpl, vars)
	if err != nil {
		return "", err
	}
	return out, nil
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
