package content

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseFrontMatter(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		data       map[string]any
		body       string
		bodyLine   int
		dateRaw    string
		dateQuoted bool
	}{
		{name: "no front matter is all body", src: "Hello\n", data: map[string]any{}, body: "Hello\n", bodyLine: 1},
		{name: "blank line before the fence is not front matter (Utils.has_yaml_header?)", src: "\n---\na: 1\n---\n", data: map[string]any{}, body: "\n---\na: 1\n---\n", bodyLine: 1},
		{name: "yaml", src: "---\ntitle: Hi\ntags: [a, b]\n---\nBody\n",
			data: map[string]any{"title": "Hi", "tags": []any{"a", "b"}}, body: "Body\n", bodyLine: 5},
		{name: "empty front matter", src: "---\n---\nBody\n", data: map[string]any{}, body: "Body\n", bodyLine: 3},
		{name: "fence with trailing spaces", src: "---  \ntitle: x\n---\n", data: map[string]any{"title": "x"}, body: "", bodyLine: 4},
		{name: "plain timestamp keeps its text", src: "---\ndate: 2022-01-20 22:35:00 -0800\n---\n",
			data: map[string]any{"date": "2022-01-20 22:35:00 -0800"}, bodyLine: 4, dateRaw: "2022-01-20 22:35:00 -0800"},
		{name: "quoted date is marked quoted", src: "---\ndate: \"2022-01-20\"\n---\n",
			data: map[string]any{"date": "2022-01-20"}, bodyLine: 4, dateRaw: "2022-01-20", dateQuoted: true},
		{name: "YAML 1.1 booleans as Ruby reads them", src: "---\npublished: no\ncomments: yes\nquoted: 'no'\n---\n",
			data: map[string]any{"published": false, "comments": true, "quoted": "no"}, bodyLine: 6},
		{name: "title with a colon, quoted", src: "---\ntitle: \"Go: the good parts\"\nempty:\n---\n",
			data: map[string]any{"title": "Go: the good parts", "empty": nil}, bodyLine: 5},
		{name: "toml", src: "+++\ntitle = \"T\"\ncount = 3\n+++\nBody\n",
			data: map[string]any{"title": "T", "count": 3}, body: "Body\n", bodyLine: 5},
		{name: "closed with ... as Jekyll allows", src: "---\ntitle: Dots\n...\nBody\n",
			data: map[string]any{"title": "Dots"}, body: "Body\n", bodyLine: 4},
		{name: "anchors and merge keys", src: "---\nbase: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n---\n",
			data: map[string]any{"base": map[string]any{"x": 1}, "other": map[string]any{"x": 1, "y": 2}}, bodyLine: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, err := ParseFrontMatter("x.md", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.data, fm.Data); diff != "" {
				t.Errorf("data (-want +got):\n%s", diff)
			}
			if string(fm.Body) != tt.body {
				t.Errorf("body = %q, want %q", fm.Body, tt.body)
			}
			if fm.BodyLine != tt.bodyLine {
				t.Errorf("body line = %d, want %d", fm.BodyLine, tt.bodyLine)
			}
			if fm.DateRaw != tt.dateRaw || fm.DateQuoted != tt.dateQuoted {
				t.Errorf("date = %q quoted=%v, want %q quoted=%v", fm.DateRaw, fm.DateQuoted, tt.dateRaw, tt.dateQuoted)
			}
		})
	}
}

func TestParseFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
		line            int
	}{
		{"unclosed flow list", "---\ntitle: x\ntags: [a, b\n---\n", "did not find expected", 3},
		{"unclosed flow list on the first line", "---\ntitle: [broken\n---\n", "did not find expected", 2},
		{"unclosed flow map after a quoted bracket", "---\ntitle: \"[x\"\nauthor: {name: a\nbio: b\n---\n", "did not find expected", 3},
		{"bad mapping", "---\ntitle: x\nfoo: : bar\n---\n", "mapping values are not allowed", 3},
		{"unclosed front matter", "---\ntitle: x\n", "front matter is not closed", 1},
		{"not a mapping", "---\n- a\n- b\n---\n", "must be a mapping", 2},
		{"bad toml", "+++\ntitle = \n+++\n", "front matter", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFrontMatter("_posts/x.md", []byte(tt.src))
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FileError", err)
			}
			if tt.name == "unclosed front matter" && !errors.Is(err, ErrFrontMatterNotClosed) {
				t.Errorf("err = %v, want ErrFrontMatterNotClosed", err)
			}
			if fe.File != "_posts/x.md" || fe.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q (line %d), want _posts/x.md:%d: ...%s...", err, fe.Line, tt.line, tt.want)
			}
		})
	}
}

func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte("---\ntitle: x\n---\nbody"))
	f.Add([]byte("+++\ntitle = 'x'\n+++\n"))
	f.Add([]byte("---\n[\n---\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fm, err := ParseFrontMatter("f.md", b)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FileError", err)
			}
			return
		}
		if fm.BodyLine < 1 || len(fm.Body) > len(b) {
			t.Fatalf("body line %d, body %d of %d bytes", fm.BodyLine, len(fm.Body), len(b))
		}
	})
}
