// Command shine builds Jekyll-style sites, previews them, and runs the
// paste service. main only wires signals and exit codes around run, which
// tests call directly.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// command is one subcommand: its one-line summary and the function that
// parses its own flags and runs it.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"broadcast": {"make and mail the issues of a reading list", runBroadcast},
		"build":     {"build the site into a folder", runBuild},
		"check":     {"find broken links, images and unread front matter", runCheck},
		"new":       {"create a new site, post or page", runNew},
		"paste":     {"run or use the paste service", runPaste},
		"serve":     {"preview the site, rebuilding and reloading as you save", runServe},
		"version":   {"print the version", runVersion},
	}
}

// run dispatches to a subcommand. It returns usageError for bad invocations
// so that exitCode can tell them apart from failures.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stderr, cmds)
		if len(args) == 0 {
			return usageError{errors.New("no command given")}
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		printUsage(stderr, cmds)
		return usageError{fmt.Errorf("unknown command %q", args[0])}
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func printUsage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: shine <command> [flags]\n\ncommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'shine <command> -h' for a command's flags.")
}

// usageError marks a mistake in the command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// hintError carries a line that tells the user how to fix the failure.
type hintError struct {
	err  error
	hint string
}

func (e hintError) Error() string { return e.err.Error() }
func (e hintError) Unwrap() error { return e.err }

// exitCode prints err for a person and returns the process exit status.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flagHelp) {
		return 0
	}
	if errors.Is(err, context.Canceled) {
		return 1
	}
	msg := strings.TrimRight(err.Error(), "\n")
	fmt.Fprintf(stderr, "shine: %s\n", msg)
	var h hintError
	if errors.As(err, &h) && h.hint != "" {
		fmt.Fprintf(stderr, "hint: %s\n", h.hint)
	}
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}
