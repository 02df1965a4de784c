package site

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRebuildSassPartial saves a partial and checks that a rebuild
// compiles again only the stylesheets that import it, writes nothing but
// CSS (so the preview swaps stylesheets instead of reloading), and that
// one Dart Sass serves the whole session.
func TestRebuildSassPartial(t *testing.T) {
	if _, err := exec.LookPath("sass"); err != nil {
		t.Skip("Dart Sass (sass) is not on PATH")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	for name, body := range map[string]string{
		"_config.yml":               "title: Sass\n",
		"index.html":                "---\n---\n<link rel=stylesheet href=\"/assets/css/main.css\">\n",
		"assets/css/main.scss":      "---\n---\n@import \"colors\", \"layout/grid\";\nh1 { color: $accent; }\n",
		"assets/css/print.scss":     "---\n---\n@import \"print\";\n",
		"_sass/_colors.scss":        "$accent: #00f;\n",
		"_sass/layout/_grid.scss":   "@import \"gutter\";\n.grid { gap: $gutter; }\n",
		"_sass/layout/_gutter.scss": "$gutter: 1px;\n",
		"_sass/_print.scss":         "a { color: black; }\n",
	} {
		writeFile(t, filepath.Join(src, name), body)
	}
	opts := Options{Source: src, Destination: filepath.Join(dir, "_site"), Now: testNow}
	b := NewBuilder(opts)
	defer b.Close()
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	first := b.styles.c
	read := func(rel string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(opts.Destination, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if css := read("assets/css/main.css"); !strings.Contains(css, "color: #00f") || !strings.Contains(css, "gap: 1px") {
		t.Fatalf("main.css = %q", css)
	}

	for _, step := range []struct {
		file, body, want string
	}{
		{"_sass/_colors.scss", "$accent: #f00;\n", "color: #f00"},
		// A partial imported by a partial, through a relative import.
		{"_sass/layout/_gutter.scss", "$gutter: 3px;\n", "gap: 3px"},
	} {
		writeFile(t, filepath.Join(src, step.file), step.body)
		ch, err := b.Rebuild(context.Background(), []string{step.file})
		if err != nil {
			t.Fatal(err)
		}
		if ch.Full {
			t.Errorf("%s: a full rebuild; want an incremental one", step.file)
		}
		if diff := cmp.Diff([]string{"assets/css/main.css"}, ch.Written); diff != "" {
			t.Errorf("%s: written (-want +got):\n%s", step.file, diff)
		}
		if ch.Rendered != 1 {
			t.Errorf("%s: %d pages rendered, want only main.css", step.file, ch.Rendered)
		}
		if css := read("assets/css/main.css"); !strings.Contains(css, step.want) {
			t.Errorf("%s: main.css = %q, want %q", step.file, css, step.want)
		}
	}
	if b.styles.c != first {
		t.Error("Dart Sass was started again for a rebuild; want one compiler per session")
	}

	// A partial no stylesheet imports changes nothing.
	writeFile(t, filepath.Join(src, "_sass/_unused.scss"), "$x: 1;\n")
	ch, err := b.Rebuild(context.Background(), []string{"_sass/_unused.scss"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Written) != 0 || ch.Rendered != 0 {
		t.Errorf("an unused partial: rendered %d, wrote %v; want nothing", ch.Rendered, ch.Written)
	}

	// A Sass error fails the rebuild and leaves the last good CSS.
	good := read("assets/css/main.css")
	writeFile(t, filepath.Join(src, "_sass/_colors.scss"), "$accent: ;\n")
	if _, err := b.Rebuild(context.Background(), []string{"_sass/_colors.scss"}); err == nil || !strings.Contains(err.Error(), "_sass/_colors.scss:") {
		t.Errorf("err = %v, want a Sass error naming _sass/_colors.scss", err)
	}
	if got := read("assets/css/main.css"); got != good {
		t.Errorf("after a failed rebuild main.css = %q, want the last good %q", got, good)
	}

	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if !first.Started() {
		t.Error("the compiler never started")
	}
}
