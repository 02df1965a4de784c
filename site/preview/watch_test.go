package preview

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shine-blog/shine/site"
)

// fakeRebuilder records the paths of each rebuild the watcher asks for.
type fakeRebuilder struct {
	mu     sync.Mutex
	calls  [][]string
	called chan struct{}
}

func newFake() *fakeRebuilder { return &fakeRebuilder{called: make(chan struct{}, 100)} }

func (f *fakeRebuilder) Rebuild(ctx context.Context, paths []string) (*site.Change, error) {
	f.mu.Lock()
	p := slices.Clone(paths)
	slices.Sort(p)
	f.calls = append(f.calls, p)
	f.mu.Unlock()
	f.called <- struct{}{}
	return &site.Change{}, nil
}

func (f *fakeRebuilder) BaseURL() string { return "" }

// wait returns the paths of the next rebuild, or fails after d.
func (f *fakeRebuilder) wait(t *testing.T, d time.Duration, what string) []string {
	t.Helper()
	select {
	case <-f.called:
	case <-time.After(d):
		t.Fatalf("%s: no rebuild within %s", what, d)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[len(f.calls)-1]
}

// quiet fails if a rebuild comes within d.
func (f *fakeRebuilder) quiet(t *testing.T, d time.Duration, what string) {
	t.Helper()
	select {
	case <-f.called:
		f.mu.Lock()
		defer f.mu.Unlock()
		t.Fatalf("%s: rebuilt %v", what, f.calls[len(f.calls)-1])
	case <-time.After(d):
	}
}

// watch runs the watcher of a server over fake until the test ends.
func watch(t *testing.T, fake Rebuilder, opts Options) *Server {
	t.Helper()
	srv := NewServer(fake, nil, opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	ready := make(chan struct{})
	go func() {
		defer close(done)
		srv.Watch(ctx, func() { close(ready) })
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		srv.Close()
	})
	select {
	case <-ready:
	case <-done:
		t.Fatal("the watcher stopped before it was ready")
	}
	return srv
}

// TestWatchFolderMovedIn moves a folder with files into the source: the
// watcher rebuilds with its files at once, without waiting for another
// save.
func TestWatchFolderMovedIn(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	writeFile(t, filepath.Join(src, "_config.yml"), "title: T\n")
	outside := filepath.Join(dir, "outside", "notes")
	writeFile(t, filepath.Join(outside, "a.md"), "---\n---\nA\n")
	writeFile(t, filepath.Join(outside, "deeper", "b.md"), "---\n---\nB\n")
	fake := newFake()
	watch(t, fake, Options{Source: src, Destination: filepath.Join(src, "_site")})

	if err := os.Rename(outside, filepath.Join(src, "notes")); err != nil {
		t.Fatal(err)
	}
	got := fake.wait(t, 2*time.Second, "a folder moved into the source")
	for _, want := range []string{filepath.Join(src, "notes", "a.md"), filepath.Join(src, "notes", "deeper", "b.md")} {
		if !slices.Contains(got, want) {
			t.Errorf("rebuilt %v, without %s", got, want)
		}
	}
}

// TestWatchIgnoresOwnLog redirects the server's log into a file in the
// source folder, as shine serve > serve.log inside the site does: the
// log's writes rebuild nothing, and a real save still does.
func TestWatchIgnoresOwnLog(t *testing.T) {
	src := t.TempDir()
	writeFile(t, filepath.Join(src, "index.md"), "---\n---\nHi\n")
	log, err := os.Create(filepath.Join(src, "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	ready := filepath.Join(src, "ready")
	fake := newFake()
	watch(t, fake, Options{Source: src, Destination: filepath.Join(src, "_site"), Log: log, Writes: []string{ready}})

	for i := 0; i < 5; i++ {
		fmt.Fprintf(log, "rebuilt %d\n", i)
		time.Sleep(20 * time.Millisecond)
	}
	writeFile(t, ready, "http://127.0.0.1:4000\n")
	fake.quiet(t, 500*time.Millisecond, "the server's own log and ready file written")

	writeFile(t, filepath.Join(src, "index.md"), "---\n---\nHello\n")
	got := fake.wait(t, 2*time.Second, "a save")
	if want := []string{filepath.Join(src, "index.md")}; !slices.Equal(got, want) {
		t.Errorf("rebuilt %v, want %v", got, want)
	}
}
