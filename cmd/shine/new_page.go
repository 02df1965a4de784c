package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/shine-blog/shine/content"
)

// newPage writes a page: wiki/Users/Tcchao is the wiki page
// _wiki/Users/Tcchao.md (a heading, no front matter: the wiki needs
// none); any other path is a page with front matter at PATH.md.
func newPage(args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("new page", "new page [-s SOURCE] PATH   (wiki/Folder/Name for a wiki page)", stderr)
	source := "."
	flags.StringVar(&source, "s", ".", "source `folder`")
	flags.StringVar(&source, "source", ".", "source `folder`")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return usageError{errors.New("new page: give the page's path, as in wiki/Users/Tcchao or about")}
	}
	p := strings.Trim(path.Clean("/"+filepath.ToSlash(flags.Arg(0))), "/")
	p = strings.TrimSuffix(p, ".md")
	name := path.Base(p)
	if p == "" || p == "." || name == "wiki" || strings.HasPrefix(name, ".") {
		return usageError{fmt.Errorf("new page: %q names no page", flags.Arg(0))}
	}
	var rel, text string
	if rest, ok := strings.CutPrefix(p, content.WikiLabel+"/"); ok {
		rel = "_" + content.WikiLabel + "/" + rest + ".md"
		text = "# " + name + "\n\nWrite here. Link to another page by its name in double square brackets.\n"
	} else {
		rel = p + ".md"
		text = fmt.Sprintf("---\nlayout: page\ntitle: %s\n---\n\nWrite here.\n", yamlString(name))
	}
	full := filepath.Join(source, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return fmt.Errorf("new page: %w", err)
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return hintError{fmt.Errorf("new page: %s already exists", rel), "choose another name, or edit the existing page"}
	}
	if err != nil {
		return fmt.Errorf("new page: %w", err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return fmt.Errorf("new page: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("new page: %w", err)
	}
	fmt.Fprintln(stdout, rel)
	return nil
}
