package site

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/shine-blog/shine/content"
)

// output writes a build into a temporary folder beside the destination
// and swaps it in at the end, so readers never see half a site and a
// failed build leaves the last good one in place.
type output struct {
	dest string
	tmp  string
	keep []string
	dirs sync.Map // folders already made
	// direct writes into dest itself, each file through a temporary
	// name and a rename: the incremental rebuilds of shine serve.
	direct bool
}

// newDirectOutput writes single files into an existing destination.
func newDirectOutput(dest string) (*output, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	return &output{dest: dest, tmp: dest, direct: true}, nil
}

func newOutput(dest string, keep []string) (*output, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("make destination: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".shine-*")
	if err != nil {
		return nil, fmt.Errorf("make destination: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	return &output{dest: dest, tmp: tmp, keep: keep}, nil
}

// write writes one output file; rel is slash-separated.
func (o *output) write(rel string, data []byte) error {
	p := filepath.Join(o.tmp, filepath.FromSlash(rel))
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if !o.direct {
		return os.WriteFile(p, data, 0o644)
	}
	tmp := p + ".shine-tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// writeAll writes the files rels with data, several at once: the few
// files of a rebuild are mostly waiting on the file system.
func (o *output) writeAll(rels []string, data [][]byte) error {
	if len(rels) < 2 {
		for i, rel := range rels {
			if err := o.write(rel, data[i]); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, len(rels))
	var wg sync.WaitGroup
	slots := make(chan struct{}, max(runtime.GOMAXPROCS(0), 4))
	for i := range rels {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer wg.Done()
			errs[i] = o.write(rels[i], data[i])
			<-slots
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// remove deletes an output file that no source writes any more, and the
// folders it leaves empty.
func (o *output) remove(rel string) error {
	p := filepath.Join(o.tmp, filepath.FromSlash(rel))
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for dir := filepath.Dir(p); dir != o.tmp && strings.HasPrefix(dir, o.tmp); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break
		}
		o.dirs.Delete(dir)
	}
	return nil
}

func (o *output) mkdir(dir string) error {
	if _, ok := o.dirs.Load(dir); ok {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	o.dirs.Store(dir, true)
	return nil
}

// copyStatic copies a static file from the site or the theme.
func (o *output) copyStatic(s *content.Site, f *content.StaticFile) error {
	var src io.ReadCloser
	var err error
	if f.FromTheme {
		src, err = s.Files.Open(f.Path)
	} else {
		src, err = os.Open(filepath.Join(s.Source, filepath.FromSlash(f.Path)))
	}
	if err != nil {
		return err
	}
	defer src.Close()
	p := filepath.Join(o.tmp, filepath.FromSlash(f.Dest))
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	final := p
	if o.direct {
		p += ".shine-tmp"
	}
	dst, err := os.Create(p)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Close(); err != nil {
		return err
	}
	if o.direct {
		if err := os.Rename(p, final); err != nil {
			return err
		}
		p = final
	}
	if !f.ModTime.IsZero() {
		os.Chtimes(p, f.ModTime, f.ModTime)
	}
	return nil
}

// commit moves kept files over from the old site, then swaps the new
// folder in and removes the old one.
func (o *output) commit() error {
	if err := o.carryKept(); err != nil {
		o.abort()
		return err
	}
	old := ""
	if _, err := os.Lstat(o.dest); err == nil {
		old = o.tmp + ".old"
		if err := os.Rename(o.dest, old); err != nil {
			o.abort()
			return fmt.Errorf("replace %s: %w", o.dest, err)
		}
	}
	if err := os.Rename(o.tmp, o.dest); err != nil {
		if old != "" {
			os.Rename(old, o.dest)
		}
		o.abort()
		return fmt.Errorf("replace %s: %w", o.dest, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// carryKept moves keep_files entries of the old site into the new one,
// unless the build wrote the same path.
func (o *output) carryKept() error {
	for _, k := range o.keep {
		k = strings.Trim(filepath.FromSlash(k), string(filepath.Separator))
		if k == "" {
			continue
		}
		from := filepath.Join(o.dest, k)
		to := filepath.Join(o.tmp, k)
		if _, err := os.Lstat(from); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if _, err := os.Lstat(to); err == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.Rename(from, to); err != nil {
			return fmt.Errorf("keep %s: %w", k, err)
		}
	}
	return nil
}

// abort throws the unfinished build away.
func (o *output) abort() { os.RemoveAll(o.tmp) }
