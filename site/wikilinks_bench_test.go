//go:build unix

package site

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"testing"
	"time"

	"github.com/shine-blog/shine/themes"
)

// BenchmarkWikiLinkRebuild measures the incremental rebuild after a wiki
// page gains a link (and, the next time, loses it again) on the site in
// $SHINE_WIKI_REBUILD_SITE (scripts/bench-wiki -k DIR makes DIR/with).
// With SHINE_WIKI_REBUILD_PROF=FILE it writes a CPU profile of the
// rebuilds alone, without the first build.
//
//	SHINE_WIKI_REBUILD_SITE=/tmp/wikibench/with go test ./site -run '^$' -bench WikiLinkRebuild -benchtime 20x
func BenchmarkWikiLinkRebuild(b *testing.B) {
	from := os.Getenv("SHINE_WIKI_REBUILD_SITE")
	if from == "" {
		b.Skip("set SHINE_WIKI_REBUILD_SITE to a site with a wiki (scripts/bench-wiki -k DIR makes DIR/with)")
	}
	dir := b.TempDir()
	src := filepath.Join(dir, "site")
	if out, err := exec.Command("cp", "-r", from, src).CombinedOutput(); err != nil {
		b.Fatalf("copy: %v\n%s", err, out)
	}
	bl := NewBuilder(Options{Source: src, Destination: filepath.Join(dir, "_site"), Theme: themes.Default()})
	if _, err := bl.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	rel := filepath.Join("_wiki", "Teams", "Group-1", "Page-6.md")
	orig, err := os.ReadFile(filepath.Join(src, rel))
	if err != nil {
		b.Fatal(err)
	}
	if f := os.Getenv("SHINE_WIKI_REBUILD_PROF"); f != "" {
		w, err := os.Create(f)
		if err != nil {
			b.Fatal(err)
		}
		defer w.Close()
		if err := pprof.StartCPUProfile(w); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	b.ResetTimer()
	cpu0 := cpuTime(b)
	rendered := 0
	for i := 0; i < b.N; i++ {
		data := orig
		if i%2 == 0 {
			data = append(append([]byte(nil), orig...), fmt.Sprintf("\nNow links to [[Teams/Group-0/Page-%d]].\n", (i/2%8)*240)...)
		}
		if err := os.WriteFile(filepath.Join(src, rel), data, 0o644); err != nil {
			b.Fatal(err)
		}
		ch, err := bl.Rebuild(context.Background(), []string{rel})
		if err != nil {
			b.Fatal(err)
		}
		if ch.Full {
			b.Fatal("a full build")
		}
		rendered += ch.Rendered
	}
	b.ReportMetric(float64(rendered)/float64(b.N), "pages/op")
	b.ReportMetric(float64(cpuTime(b)-cpu0)/1e6/float64(b.N), "cpu-ms/op")
}

// cpuTime is the user and system time this process has used: on a
// loaded machine, a steadier measure than the time that passed.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
