package liquid

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shine-blog/shine/content"
)

// BenchmarkLax reads the Liquid parity fixtures' templates the way a
// build does: the lax pre-pass, then osteele/liquid's parser.
func BenchmarkLax(b *testing.B) {
	var files [][]byte
	for _, glob := range []string{"../../testdata/parity/*/_layouts/*.html", "../../testdata/parity/*/_includes/*.html", "../../testdata/parity/*/index.html"} {
		names, _ := filepath.Glob(glob)
		for _, n := range names {
			if strings.Contains(n, "/lax/") {
				continue // what only the new reading reads; keeps runs comparable
			}
			src, err := os.ReadFile(n)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, src)
		}
	}
	cfg := content.DefaultConfig()
	e := New(&content.Site{Config: cfg}, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, src := range files {
			e.lax(src, "x.html", 1)
		}
	}
}
