package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

// version is set by the linker for releases (-ldflags "-X main.version=v1.2.3");
// otherwise the module version from the build info is used.
var version = ""

func runVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", "version", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	v := version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	fmt.Fprintf(stdout, "shine %s\n", v)
	return nil
}
