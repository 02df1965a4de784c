package preview

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shine-blog/shine/site"
	"github.com/shine-blog/shine/themes"
)

// TestServeLatency measures, on the site in $SHINE_SERVE_BENCH (the
// 10,000-post corpus from ../shared/bench), the time from saving a post to
// the reload event reaching a connected page: for body edits and for tag
// changes, through the real watcher, rebuild and event stream. It reports
// figures and asserts nothing about time.
//
//	SHINE_SERVE_BENCH=/tmp/c10k/jekyll go test ./site/preview -run TestServeLatency -v
func TestServeLatency(t *testing.T) {
	src := os.Getenv("SHINE_SERVE_BENCH")
	if src == "" {
		t.Skip("set SHINE_SERVE_BENCH to a site folder to measure live reload latency")
	}
	dir := t.TempDir()
	copied := filepath.Join(dir, "site")
	if out, err := exec.Command("cp", "-r", src, copied).CombinedOutput(); err != nil {
		t.Fatalf("copy: %v\n%s", err, out)
	}
	// The theme, as shine serve passes it: a site on it gets its pages too.
	opts := site.Options{Source: copied, Destination: filepath.Join(dir, "_site"), Theme: themes.Default()}
	b := site.NewBuilder(opts)
	start := time.Now()
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("full build: %d pages in %s", res.Pages, time.Since(start).Round(time.Millisecond))

	rendered := make(chan int, 64)
	srv, hs := serveAndWatch(t, b, Options{Source: opts.Source, Destination: opts.Destination, Reload: true,
		Rebuilt: func(ch *site.Change, err error) {
			if ch != nil {
				rendered <- ch.Rendered
			}
		}})

	events := make(chan string, 64)
	resp, err := http.Get(hs.URL + "/_shine/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- name
			}
		}
	}()
	if e := <-events; e != "hello" {
		t.Fatalf("first event %q, want hello", e)
	}

	posts, _ := filepath.Glob(filepath.Join(copied, "_posts", "*.md"))
	markdownPosts, _ := filepath.Glob(filepath.Join(copied, "_posts", "*.markdown"))
	posts = append(posts, markdownPosts...)
	slices.Sort(posts)
	tagsLine := regexp.MustCompile(`(?m)^tags: \[.*\]$`)
	measure := func(name string, n int, edit func(i int, text string) string) {
		var times []time.Duration
		var pages []int
		for i := 0; i < n; i++ {
			p := posts[(i*7919)%len(posts)]
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Millisecond) // let the last burst settle
			t0 := time.Now()
			if err := os.WriteFile(p, []byte(edit(i, string(b))), 0o644); err != nil {
				t.Fatal(err)
			}
			for e := range events {
				if e == "reload" {
					break
				}
				if e == "problem" {
					t.Fatalf("%s %d: rebuild failed: %s", name, i, srv.problem())
				}
			}
			times = append(times, time.Since(t0))
			select {
			case r := <-rendered:
				pages = append(pages, r)
			case <-time.After(5 * time.Second):
				t.Fatalf("%s %d: reloaded, but no rebuild was reported", name, i)
			}
		}
		slices.Sort(times)
		slices.Sort(pages)
		t.Logf("%s: %d edits: median %s, p95 %s, min %s, max %s; pages rendered: median %d, max %d", name, n,
			times[len(times)/2].Round(100*time.Microsecond), times[(len(times)*95+99)/100-1].Round(100*time.Microsecond),
			times[0].Round(100*time.Microsecond), times[len(times)-1].Round(100*time.Microsecond),
			pages[len(pages)/2], pages[len(pages)-1])
	}
	measure("post body", 30, func(i int, text string) string {
		return text + fmt.Sprintf("\nA paragraph added in edit %d.\n", i)
	})
	if b, err := os.ReadFile(posts[0]); err != nil || !tagsLine.Match(b) {
		t.Logf("tag change: %s has no tags: [...] line; skipped", posts[0])
		return
	}
	measure("tag change", 20, func(i int, text string) string {
		return tagsLine.ReplaceAllString(text, fmt.Sprintf("tags: [bench-tag-%d, golang]", i%3))
	})
}
