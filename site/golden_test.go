package site

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shine-blog/shine/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files with the current output")

// TestGolden builds a small fixture site with the default theme and pins
// the pages people and feed readers see: a post, the home page, a tag
// page, the feed and the sitemap. Run `go test ./site -update` after a
// deliberate change and review the diff.
func TestGolden(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "_site")
	_, err := Build(context.Background(), Options{
		Source:      "testdata/golden/site",
		Destination: dest,
		Theme:       themes.Default(),
		Now:         time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, file string }{
		{"post", "supertan/2022/01/21/amazon-gems.html"},
		{"home", "index.html"},
		{"home-page-2", "page2/index.html"},
		{"tag", "tags/sde-good-reads/index.html"},
		{"feed", "feed.xml"},
		{"sitemap", "sitemap.xml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dest, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./site -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs from %s (-want +got):\n%s", tc.file, golden, diff)
			}
		})
	}
}
