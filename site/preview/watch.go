package preview

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Quiet and most are how a burst of events is batched: a rebuild starts
// once no event came for quiet, or most after the first.
const (
	quiet = 10 * time.Millisecond
	most  = 150 * time.Millisecond
)

// Watch watches the source folder, every folder in it including those
// made later, and rebuilds after each burst of changes until ctx ends.
// The destination, version control folders, and editors' swap, backup
// and temporary files are ignored. ready, when set, is called once the
// watches are in place.
func (s *Server) Watch(ctx context.Context, ready func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer w.Close()
	src, err := filepath.Abs(s.opts.Source)
	if err != nil {
		return err
	}
	dest, err := filepath.Abs(s.dest)
	if err != nil {
		return err
	}
	skipDir := func(p string) bool {
		if p == dest || strings.HasPrefix(p, dest+string(filepath.Separator)) {
			return true
		}
		switch filepath.Base(p) {
		case ".git", ".hg", ".svn", ".jekyll-cache", ".sass-cache", "node_modules":
			return p != src
		}
		return strings.HasPrefix(filepath.Base(p), "."+filepath.Base(dest)+".shine-")
	}
	// addTree watches dir and the folders under it, and returns the files
	// in it: a folder that appears may already hold some.
	addTree := func(dir string) []string {
		var files []string
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if skipDir(p) {
					return filepath.SkipDir
				}
				if err := w.Add(p); err != nil {
					fmt.Fprintf(s.opts.Log, "shine: watch %s: %v\n", p, err)
				}
				return nil
			}
			files = append(files, p)
			return nil
		})
		return files
	}
	addTree(src)
	if ready != nil {
		ready()
	}

	pending := map[string]bool{}
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	// queue adds changed files to the batch and (re)starts its timer.
	queue := func(files ...string) {
		if len(files) == 0 {
			return
		}
		now := time.Now()
		if len(pending) == 0 {
			first = now
		}
		for _, f := range files {
			pending[f] = true
		}
		wait := quiet
		if left := most - now.Sub(first); left < wait {
			wait = max(left, 0)
		}
		timer.Reset(wait)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			fmt.Fprintf(s.opts.Log, "shine: watch: %v\n", err)
		case e, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ignoredName(filepath.Base(e.Name)) || skipDir(filepath.Dir(e.Name)) || skipDir(e.Name) || s.ownWrite(e.Name) {
				continue
			}
			if e.Has(fsnotify.Create) {
				if st, err := os.Stat(e.Name); err == nil && st.IsDir() {
					// A folder made or moved in: watch it, and rebuild
					// with the files it already holds.
					var files []string
					for _, f := range addTree(e.Name) {
						if !ignoredName(filepath.Base(f)) && !s.ownWrite(f) {
							files = append(files, f)
						}
					}
					queue(files...)
					continue
				}
			}
			if e.Op == fsnotify.Chmod {
				continue
			}
			queue(e.Name)
		case <-timer.C:
			if len(pending) == 0 {
				continue
			}
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			pending = map[string]bool{}
			if _, err := s.Rebuild(ctx, paths); err != nil && errors.Is(err, context.Canceled) {
				return nil
			}
		}
	}
}

// ownWrite says whether file is one the preview itself writes: its log
// or standard output redirected into the source folder (shine serve >
// serve.log), or the ready file. Rebuilding on those would write another
// log line, and so on forever.
func (s *Server) ownWrite(file string) bool {
	for _, p := range s.opts.Writes {
		if p == file {
			return true
		}
	}
	if len(s.ownFiles) == 0 {
		return false
	}
	st, err := os.Stat(file)
	if err != nil {
		return false
	}
	for _, own := range s.ownFiles {
		if os.SameFile(st, own) {
			return true
		}
	}
	return false
}

// ignoredName says whether a file name is an editor's swap, backup or
// temporary file, which never is part of the site.
func ignoredName(name string) bool {
	switch {
	case name == "4913" || name == ".DS_Store",
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, ".#"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasPrefix(name, ".goutputstream-"),
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".swpx"),
		strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".shine-tmp"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	return false
}
