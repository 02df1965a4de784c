package check

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shine-blog/shine/site"
	"github.com/shine-blog/shine/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files with the current output")

// TestCheckWiki pins the report of shine check on the fixture wiki: its
// two wiki links to no page, each at its file and line, and nothing else.
func TestCheckWiki(t *testing.T) {
	rep, err := Check(context.Background(), site.Options{
		Source:      "../testdata/wiki/site",
		Destination: filepath.Join(t.TempDir(), "_site"),
		Theme:       themes.Default(),
		Now:         time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range rep.Findings {
		b.WriteString(f.String() + "\n")
	}
	if rep.Broken() != 2 {
		t.Errorf("check found %d broken; want the 2 wiki links:\n%s", rep.Broken(), b.String())
	}
	golden := "../testdata/golden/wiki-check.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", golden, diff)
	}
}
