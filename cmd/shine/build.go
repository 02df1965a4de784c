package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/shine-blog/shine/site"
	"github.com/shine-blog/shine/site/sass"
	"github.com/shine-blog/shine/themes"
)

// siteFlags are the flags build and serve share.
type siteFlags struct {
	source, dest                string
	drafts, future, unpublished bool
	baseURL                     string
	baseURLSet                  bool
}

func (f *siteFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.source, "s", ".", "source `folder`")
	fs.StringVar(&f.source, "source", ".", "source `folder`")
	fs.StringVar(&f.dest, "d", "", "destination `folder` (default SOURCE/_site)")
	fs.StringVar(&f.dest, "destination", "", "destination `folder` (default SOURCE/_site)")
	fs.BoolVar(&f.drafts, "drafts", false, "include posts in _drafts")
	fs.BoolVar(&f.future, "future", false, "include posts dated in the future")
	fs.BoolVar(&f.unpublished, "unpublished", false, "include documents with published: false")
	fs.Func("baseurl", "serve the site under this `path`, overriding baseurl in _config.yml", func(s string) error {
		f.baseURL, f.baseURLSet = s, true
		return nil
	})
}

// check rejects arguments after the flags and a source that is not a
// folder; cmd names the command in the message.
func (f *siteFlags) check(cmd string, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd, args)}
	}
	if st, err := os.Stat(f.source); err != nil || !st.IsDir() {
		return hintError{fmt.Errorf("%s: source folder %s not found", cmd, f.source), "give the site's folder with -s, or create one with 'shine new site DIR'"}
	}
	return nil
}

func (f *siteFlags) options() site.Options {
	dest := f.dest
	if dest == "" {
		dest = filepath.Join(f.source, "_site")
	}
	o := site.Options{
		Source:      f.source,
		Destination: dest,
		Drafts:      f.drafts,
		Future:      f.future,
		Unpublished: f.unpublished,
		Theme:       themes.Default(),
	}
	if f.baseURLSet {
		o.BaseURL = &f.baseURL
	}
	return o
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("build", "build [-s SOURCE] [-d DEST] [--drafts] [--future] [--unpublished] [--baseurl PATH]", stderr)
	var f siteFlags
	f.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := f.check("build", fs.Args()); err != nil {
		return err
	}
	opts := f.options()
	tuneGC()
	stop := func() {}
	if isTerminal(stderr) {
		opts.Progress, stop = progressPrinter(stderr)
	}
	res, err := site.Build(ctx, opts)
	stop()
	if err != nil {
		if errors.Is(err, sass.ErrNoCompiler) {
			return hintError{buildError(err), sass.InstallHint}
		}
		return buildError(err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "shine: warning: %s\n", w)
	}
	fmt.Fprintf(stdout, "built %d pages and %d static files into %s in %s\n",
		res.Pages, res.Static, opts.Destination, res.Duration.Round(time.Millisecond))
	return nil
}

// buildError says how many problems a failed build found and lists each
// on its own line, file:line first.
func buildError(err error) error {
	var errs []error
	var flatten func(error)
	flatten = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				flatten(e)
			}
			return
		}
		errs = append(errs, e)
	}
	flatten(err)
	if len(errs) == 1 {
		return fmt.Errorf("build: %w", err)
	}
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = "  " + strings.ReplaceAll(e.Error(), "\n", "\n  ")
	}
	return fmt.Errorf("build failed with %d errors:\n%s", len(errs), strings.Join(lines, "\n"))
}

// tuneGC trades memory the build has to spare for fewer collections: a
// build allocates fast and keeps little, so the default GOGC=100 collects
// far more often than it needs to. The soft limit keeps the heap of even
// a very large site bounded. GOGC or GOMEMLIMIT in the environment win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(640 << 20)
	}
}

// isTerminal says whether w is a terminal, where progress is worth showing.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressPrinter shows "rendering N/M" on one terminal line, at most ten
// times a second, and clears it when stopped.
func progressPrinter(w io.Writer) (func(done, total int), func()) {
	var mu sync.Mutex
	var last time.Time
	shown := false
	report := func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < 100*time.Millisecond && done < total {
			return
		}
		last = time.Now()
		shown = true
		fmt.Fprintf(w, "\rrendering %d/%d", done, total)
	}
	stop := func() {
		mu.Lock()
		defer mu.Unlock()
		if shown {
			fmt.Fprint(w, "\r\033[K")
		}
	}
	return report, stop
}
