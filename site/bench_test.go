package site

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/shine-blog/shine/themes"
)

// BenchmarkBuild builds the site in $SHINE_BENCH_SITE (for example the
// 10,000-post corpus from ../shared/bench); scripts/bench compares it with
// the limit floor in the same run.
func BenchmarkBuild(b *testing.B) {
	src := os.Getenv("SHINE_BENCH_SITE")
	if src == "" {
		b.Skip("set SHINE_BENCH_SITE to a site folder to benchmark a build")
	}
	dest := filepath.Join(b.TempDir(), "_site")
	for i := 0; i < b.N; i++ {
		if _, err := Build(context.Background(), Options{Source: src, Destination: dest, Theme: themes.Default()}); err != nil {
			b.Fatal(err)
		}
	}
}
