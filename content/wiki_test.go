package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFirstHeading(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"atx", "intro\n\n# Storage on-call\n\ntext", "Storage on-call"},
		{"closing hashes", "## Title ##\n", "Title"},
		{"hash inside kept", "# C# notes\n", "C# notes"},
		{"setext", "Big Title\n=========\n", "Big Title"},
		{"setext level 2", "Small\n---\n", "Small"},
		{"fenced code skipped", "```\n# not a title\n```\n# Real\n", "Real"},
		{"indented code skipped", "    # code\n\n# Real\n", "Real"},
		{"no space is no heading", "#hashtag\n", ""},
		{"none", "just text\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FirstHeading([]byte(tc.body)); got != tc.want {
				t.Errorf("FirstHeading(%q) = %q; want %q", tc.body, got, tc.want)
			}
		})
	}
}

func TestLoadWiki(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"_wiki/Users/Tcchao.md":         "Notes about Tc.\n",
		"_wiki/Teams/Storage/Oncall.md": "# Storage on-call\n\nSee [[Users/Tcchao]].\n",
		"_wiki/Named.md":                "---\ntitle: From front matter\n---\n# Heading\n",
		"_wiki/image.png":               "png",
		"_layouts/wiki.html":            "{{ content }}",
	})
	s, err := Load(dir, Options{Now: buildTime})
	if err != nil {
		t.Fatal(err)
	}
	var got [][3]string
	for _, d := range s.Collections[WikiLabel] {
		got = append(got, [3]string{d.Path, d.Title, d.URL + " " + d.Layout})
	}
	want := [][3]string{
		{"_wiki/Named.md", "From front matter", "/wiki/Named/ wiki"},
		{"_wiki/Teams/Storage/Oncall.md", "Storage on-call", "/wiki/Teams/Storage/Oncall/ wiki"},
		{"_wiki/Users/Tcchao.md", "Tcchao", "/wiki/Users/Tcchao/ wiki"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("wiki pages (-want +got):\n%s", diff)
	}
	if len(s.Static) != 1 || s.Static[0].Dest != "wiki/image.png" {
		t.Errorf("static files = %v; want the image at wiki/image.png", s.Static)
	}

	// A site's own wiki collection keeps its settings.
	dir = writeSite(t, map[string]string{
		"_config.yml":    "collections:\n  wiki:\n    output: true\n    permalink: /notes/:path:output_ext\n",
		"_wiki/Today.md": "# Today\n",
	})
	if s, err = Load(dir, Options{Now: buildTime}); err != nil {
		t.Fatal(err)
	}
	if d := s.Collections[WikiLabel]; len(d) != 1 || d[0].URL != "/notes/Today.html" || d[0].Layout != "" {
		t.Errorf("own wiki collection: %+v", d)
	}
	// No _wiki folder, no wiki collection: Jekyll sites see no change.
	if s, err = Load(writeSite(t, map[string]string{"index.md": "---\n---\n"}), Options{Now: buildTime}); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Config.Collections[WikiLabel]; ok {
		t.Error("a site without _wiki has a wiki collection")
	}
}
