package sass

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/shine-blog/shine/content"
)

// needSass skips a test that runs Dart Sass where none is installed
// (.ci/run installs it).
func needSass(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("sass"); err != nil {
		t.Skip("Dart Sass (sass) is not on PATH")
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func newCompiler(t *testing.T, dir string, opts Options) *Compiler {
	t.Helper()
	c, err := New(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Error(err)
		}
	})
	return c
}

var site = map[string]string{
	"_sass/_base.scss":            "@import \"vars\";\n@import \"layout/grid\";\nbody { color: $text; }\n",
	"_sass/_vars.scss":            "$text: #111;\n",
	"_sass/layout/_grid.scss":     "@import \"gutter\";\n.grid { margin: $gutter; }\n",
	"_sass/layout/_gutter.scss":   "$gutter: 2px;\n",
	"_sass/_unused.scss":          "$never: 1;\n",
	"vendor/css/_reset.scss":      "* { margin: 0; }\n",
	"assets/css/_local.scss":      ".local { top: 0; }\n",
	"assets/css/style.scss":       "---\n---\n",
	"assets/css/indented.sass":    "",
	"_sass/_broken.scss":          "$a: 1;\n\n.x { color: $nope; }\n",
	"_sass/_also-broken.scss":     "@import \"broken\";\n",
	"_sass/ambiguous/_twice.scss": "",
	"_sass/ambiguous/twice.scss":  "",
}

func TestCompile(t *testing.T) {
	needSass(t)
	dir := writeFiles(t, site)
	opts, err := ParseOptions(map[string]any{"load_paths": []any{"vendor/*"}})
	if err != nil {
		t.Fatal(err)
	}
	c := newCompiler(t, dir, opts)
	if diff := cmp.Diff([]string{"vendor/css", "_sass"}, c.LoadPaths()); diff != "" {
		t.Errorf("load paths (-want +got):\n%s", diff)
	}
	src := "@import \"base\", \"reset\";\n.a { b: c; }\n"
	r, err := c.Compile("assets/css/style.scss", []byte(src), 3, true)
	if err != nil {
		t.Fatal(err)
	}
	wantCSS := ".grid {\n  margin: 2px;\n}\n\nbody {\n  color: #111;\n}\n\n* {\n  margin: 0;\n}\n\n.a {\n  b: c;\n}\n\n/*# sourceMappingURL=style.css.map */"
	if diff := cmp.Diff(wantCSS, string(r.CSS)); diff != "" {
		t.Errorf("css (-want +got):\n%s", diff)
	}
	wantImports := []string{"_sass/_base.scss", "_sass/_vars.scss", "_sass/layout/_grid.scss", "_sass/layout/_gutter.scss", "vendor/css/_reset.scss"}
	if diff := cmp.Diff(wantImports, r.Imports); diff != "" {
		t.Errorf("imports (-want +got):\n%s", diff)
	}
	var m struct {
		File           string
		Sources        []string
		SourcesContent []string
	}
	if err := json.Unmarshal(r.SourceMap, &m); err != nil {
		t.Fatalf("source map: %v\n%s", err, r.SourceMap)
	}
	if m.File != "style.css" || len(m.Sources) != len(m.SourcesContent) || !contains(m.Sources, "style.scss") || !contains(m.Sources, "../../_sass/layout/_grid.scss") {
		t.Errorf("source map = %s", r.SourceMap)
	}

	// Imports are not looked up beside the stylesheet: "local" is not
	// assets/css/_local.scss, and "style" is not the stylesheet itself.
	if _, err := c.Compile("assets/css/style.scss", []byte("@import \"local\";"), 3, true); err == nil || !strings.Contains(err.Error(), "Can't find stylesheet") {
		t.Errorf("importing a file beside the stylesheet: err = %v, want not found", err)
	}
}

func contains(l []string, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}

func TestCompileOptions(t *testing.T) {
	needSass(t)
	dir := writeFiles(t, site)
	c := newCompiler(t, dir, Options{SassDir: "_sass", Compressed: true, SourceMap: "never"})
	r, err := c.Compile("assets/css/indented.sass", []byte("@use \"vars\"\n.a\n  color: vars.$text\n  content: \"→\"\n"), 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if want := "\uFEFF.a{color:#111;content:\"→\"}"; string(r.CSS) != want || r.SourceMap != nil {
		t.Errorf("css = %q, map = %q; want %q and no map", r.CSS, r.SourceMap, want)
	}
	// sass: executable: names the compiler, here the one on PATH.
	exe, _ := exec.LookPath("sass")
	c2 := newCompiler(t, dir, Options{SassDir: "_sass", SourceMap: "never", Executable: exe})
	r, err = c2.Compile("assets/css/x.scss", []byte(".a { content: \"→\"; }\n"), 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if want := "@charset \"UTF-8\";\n.a {\n  content: \"→\";\n}"; string(r.CSS) != want {
		t.Errorf("css = %q, want %q", r.CSS, want)
	}
}

func TestCompileErrors(t *testing.T) {
	needSass(t)
	dir := writeFiles(t, site)
	c := newCompiler(t, dir, Options{SassDir: "_sass", SourceMap: "always"})
	tests := []struct {
		name, src, file string
		line            int
		want            string
	}{
		{"in the stylesheet", "/* ok */\n.a {\n  color: $undefined;\n}\n", "assets/css/style.scss", 5, "Undefined variable"},
		{"in a partial", "@import \"also-broken\";\n", "_sass/_broken.scss", 3, "Undefined variable"},
		{"a missing import", "\n@import \"nowhere\";\n", "assets/css/style.scss", 4, "Can't find stylesheet"},
		{"two files match", "@import \"ambiguous/twice\";\n", "assets/css/style.scss", 3, "not clear which file to import: _sass/ambiguous/twice.scss, _sass/ambiguous/_twice.scss"},
		{"a syntax error", ".a { color: red;\n", "assets/css/style.scss", 3, "expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Compile("assets/css/style.scss", []byte(tt.src), 3, true)
			var fe *content.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FileError", err)
			}
			if fe.File != tt.file || fe.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q (file %s, line %d), want %s:%d: ...%s...", err, fe.File, fe.Line, tt.file, tt.line, tt.want)
			}
		})
	}
}

func TestNoCompiler(t *testing.T) {
	dir := writeFiles(t, site)
	path := os.Getenv("PATH")
	t.Setenv("PATH", t.TempDir())
	c := newCompiler(t, dir, Options{SassDir: "_sass"})
	_, err := c.Compile("assets/css/style.scss", []byte(".a{}"), 3, true)
	var fe *content.FileError
	if !errors.Is(err, ErrNoCompiler) || !errors.As(err, &fe) || fe.File != "assets/css/style.scss" {
		t.Fatalf("err = %v, want ErrNoCompiler naming assets/css/style.scss", err)
	}
	if c.Started() {
		t.Error("started without a compiler")
	}
	// Installed later, Dart Sass is found by the same Compiler: shine
	// serve need not be restarted.
	if _, err := exec.LookPath("sass"); err == nil || path == "" {
		t.Fatal("sass still found")
	}
	os.Setenv("PATH", path)
	if _, err := exec.LookPath("sass"); err == nil {
		if _, err := c.Compile("assets/css/style.scss", []byte(".a { b: c; }"), 3, true); err != nil || !c.Started() {
			t.Errorf("after installing Dart Sass: err = %v, started = %v", err, c.Started())
		}
	}
	os.Setenv("PATH", t.TempDir())
	c2 := newCompiler(t, dir, Options{SassDir: "_sass", Executable: "bin/sass"})
	if _, err := c2.Compile("a.scss", nil, 1, true); !errors.Is(err, ErrNoCompiler) || !strings.Contains(err.Error(), "bin/sass") {
		t.Fatalf("err = %v, want ErrNoCompiler naming bin/sass", err)
	}
}

func TestParseOptions(t *testing.T) {
	tests := []struct {
		name    string
		in      any
		want    Options
		wantErr string
	}{
		{"absent", nil, Options{SassDir: "_sass", SourceMap: "always"}, ""},
		{"all", map[string]any{"sass_dir": "css/_partials", "style": ":compressed", "load_paths": []any{"node_modules"}, "sourcemap": "never",
			"quiet_deps": true, "silence_deprecations": []any{"import"}, "executable": "/opt/sass"},
			Options{SassDir: "css/_partials", Compressed: true, LoadPaths: []string{"node_modules"}, SourceMap: "never",
				QuietDeps: true, SilenceDeprecations: []string{"import"}, Executable: "/opt/sass"}, ""},
		{"libsass styles are expanded", map[string]any{"style": "nested"}, Options{SassDir: "_sass", SourceMap: "always"}, ""},
		{"a load path as a string", map[string]any{"load_paths": "vendor"}, Options{SassDir: "_sass", SourceMap: "always", LoadPaths: []string{"vendor"}}, ""},
		{"bad sourcemap", map[string]any{"sourcemap": "sometimes"}, Options{}, "sass: sourcemap: want always, never or development"},
		{"not a mapping", "compressed", Options{}, "sass: want a mapping"},
		{"bad load paths", map[string]any{"load_paths": []any{1}}, Options{}, "sass: load_paths: want a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseOptions(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
