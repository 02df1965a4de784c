package main

import (
	"context"
	"errors"
	"io"
)

// runPaste is replaced by the paste service wiring.
func runPaste(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("paste: not built yet")
}
