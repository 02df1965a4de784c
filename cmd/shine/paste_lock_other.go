//go:build !unix

package main

import "os"

// lockFile does nothing where there is no flock: the token file is still
// rewritten atomically, but concurrent clients may lose an entry.
func lockFile(f *os.File) error { return nil }
