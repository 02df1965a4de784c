package sass

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestResolve checks Sass's file resolution on a tree of files: extension
// and partial candidates, .css after Sass files, index files, and an
// ambiguous name.
func TestResolve(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"_base.scss":             "",
		"indented.sass":          "",
		"plain.css":              "",
		"_vendor.css":            "",
		"both.scss":              "",
		"both.css":               "",
		"theme/_index.scss":      "",
		"widgets/index.sass":     "",
		"clash/_x.scss":          "",
		"clash/x.sass":           "",
		"explicit/_named.scss":   "",
		"explicit/named.sass.md": "",
	})
	tests := []struct {
		in, want, err string
	}{
		{in: "base", want: "_base.scss"},
		{in: "_base", want: "_base.scss"},
		{in: "base.scss", want: "_base.scss"},
		{in: "indented", want: "indented.sass"},
		{in: "plain", want: "plain.css"},
		{in: "vendor", want: "_vendor.css"},
		{in: "both", want: "both.scss"}, // Sass files win over CSS
		{in: "theme", want: "theme/_index.scss"},
		{in: "widgets", want: "widgets/index.sass"},
		{in: "explicit/named", want: "explicit/_named.scss"},
		{in: "missing", want: ""},
		{in: "clash/x", err: "it's not clear which file to import: clash/x.sass, clash/_x.scss"},
	}
	rel := func(p string) string { r, _ := filepath.Rel(dir, p); return filepath.ToSlash(r) }
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := resolve(filepath.Join(dir, tt.in), rel)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != "" {
				got = rel(got)
			}
			if got != tt.want {
				t.Errorf("resolve(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHasScheme(t *testing.T) {
	for u, want := range map[string]bool{
		"sass:math": true, "http://x/y.css": true, "file:///a.scss": true,
		"minima/base": false, "c:x": true, ":x": false, "a b:c": false, "1a:b": false,
	} {
		if got := hasScheme(u); got != want {
			t.Errorf("hasScheme(%q) = %v, want %v", u, got, want)
		}
	}
}
