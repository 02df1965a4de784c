package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/shine-blog/shine/site/check"
)

// errBroken says shine check found broken links, images or duplicate
// output paths; the findings are already printed.
var errBroken = errors.New("check found broken links, images or duplicate output paths")

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", "check [-s SOURCE] [-d DEST] [--drafts] [--future] [--unpublished] [--baseurl PATH]", stderr)
	fs.Usage = checkUsage(fs, stderr)
	var f siteFlags
	f.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := f.check("check", fs.Args()); err != nil {
		return err
	}
	tuneGC()
	r, err := check.Check(ctx, f.options())
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(stderr, "shine: warning: %s\n", w)
	}
	for _, fd := range r.Findings {
		fmt.Fprintln(stdout, fd)
	}
	broken := r.Broken()
	warnings := len(r.Findings) - broken
	fmt.Fprintf(stdout, "checked %d pages and %d links: %d broken, %d %s\n",
		r.Pages, r.Links, broken, warnings, plural(warnings, "warning", "warnings"))
	if broken > 0 {
		return hintError{errBroken, "fix the files named above, then run shine check again"}
	}
	return nil
}

func checkUsage(fs *flag.FlagSet, stderr io.Writer) func() {
	return func() {
		fmt.Fprintln(stderr, `usage: shine check [-s SOURCE] [-d DEST] [--drafts] [--future] [--unpublished] [--baseurl PATH]

Builds the site into a temporary folder (DEST is left alone) and reports,
each with file and line: internal links and images that point nowhere,
#fragments with no matching id, output paths two sources would write, and
front matter keys no layout, include or page reads (warnings). Exits 1
when something is broken, 0 with warnings only.`)
		fs.PrintDefaults()
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
