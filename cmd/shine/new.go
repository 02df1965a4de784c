package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/themes"
)

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, "usage: shine new site DIR\n       shine new post [-s SOURCE] \"Title\"\n       shine new page [-s SOURCE] PATH   (wiki/Folder/Name for a wiki page)")
		if len(args) == 0 {
			return usageError{errors.New("new: say what to create: site, post or page")}
		}
		return flagHelp
	}
	switch args[0] {
	case "site":
		return newSite(args[1:], stdout, stderr)
	case "post":
		return newPost(args[1:], stdout, stderr, time.Now())
	case "page":
		return newPage(args[1:], stdout, stderr)
	}
	return usageError{fmt.Errorf("new: unknown kind %q: want site, post or page", args[0])}
}

// newSite writes the starter site into an empty or missing folder.
func newSite(args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("new site", "new site DIR", stderr)
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return usageError{errors.New("new site: give the folder to create")}
	}
	dir := flags.Arg(0)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return hintError{fmt.Errorf("new site: %s exists and is not empty", dir), "choose a new folder; shine never writes over existing files"}
	}
	starter := themes.Starter()
	err := fs.WalkDir(starter, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := fs.ReadFile(starter, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		return fmt.Errorf("new site: %w", err)
	}
	fmt.Fprintf(stdout, "created a new site in %s\nbuild it with: shine build -s %s\n", dir, dir)
	return nil
}

// newPost writes _posts/YYYY-MM-DD-slug.md with front matter for a title.
func newPost(args []string, stdout, stderr io.Writer, now time.Time) error {
	flags := newFlagSet("new post", "new post [-s SOURCE] \"Title\"", stderr)
	source := "."
	flags.StringVar(&source, "s", ".", "source `folder`")
	flags.StringVar(&source, "source", ".", "source `folder`")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	title := strings.TrimSpace(strings.Join(flags.Args(), " "))
	if title == "" {
		return usageError{errors.New("new post: give the post's title")}
	}
	cfg, err := content.ReadConfig(source)
	if err != nil {
		return fmt.Errorf("new post: %w", err)
	}
	now = now.In(cfg.Location)
	slug := content.Slugify(title, "default", false)
	if slug == "" {
		return fmt.Errorf("new post: the title %q has no letters or digits to name the file after", title)
	}
	rel := filepath.Join("_posts", now.Format("2006-01-02")+"-"+slug+".md")
	path := filepath.Join(source, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("new post: %w", err)
	}
	text := fmt.Sprintf("---\nlayout: post\ntitle: %s\ndate: %s\ntags: []\n---\n\nWrite here.\n",
		yamlString(title), now.Format("2006-01-02 15:04:05 -0700"))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return hintError{fmt.Errorf("new post: %s already exists", rel), "choose another title, or edit the existing post"}
	}
	if err != nil {
		return fmt.Errorf("new post: %w", err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return fmt.Errorf("new post: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("new post: %w", err)
	}
	fmt.Fprintln(stdout, rel)
	return nil
}

// yamlString quotes a title when YAML would otherwise misread it.
func yamlString(s string) string {
	if strings.ContainsAny(s, ":#'\"[]{}&*!|>%@`,") || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "?") {
		return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
	}
	return s
}
