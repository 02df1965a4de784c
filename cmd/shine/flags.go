package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// flagHelp is returned when -h was asked for: usage was printed, exit 0.
var flagHelp = flag.ErrHelp

// newFlagSet returns a FlagSet that reports errors instead of exiting, with
// a usage text made of the synopsis and the flag defaults.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: shine %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and turns flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	return nil
}
