package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/shine-blog/shine/site"
	"github.com/shine-blog/shine/site/preview"
	"github.com/shine-blog/shine/site/sass"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "serve [-s SOURCE] [-d DEST] [--host 127.0.0.1] [--port 4000] [--drafts] [--future] [--open] [--no-reload]", stderr)
	var f siteFlags
	f.register(fs)
	host := fs.String("host", "127.0.0.1", "listen on this `address`")
	port := fs.Int("port", 4000, "listen on this `port` (0 picks a free one)")
	open := fs.Bool("open", false, "open the site in the browser")
	noReload := fs.Bool("no-reload", false, "do not reload open pages when the site changes")
	readyFile := fs.String("ready-file", "", "write the site's URL to this `file` once it is served and watched")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := f.check("serve", fs.Args()); err != nil {
		return err
	}
	opts := f.options()
	b := site.NewBuilder(opts)
	defer b.Close() // stops Dart Sass, if the site started it
	res, buildErr := b.Build(ctx)
	if buildErr != nil {
		// Serve anyway: the page shows the error until a save fixes it.
		fmt.Fprintf(stderr, "shine: build: %v\n", buildErr)
		if errors.Is(buildErr, sass.ErrNoCompiler) {
			fmt.Fprintf(stderr, "hint: %s\n", sass.InstallHint)
		}
	} else {
		for _, w := range res.Warnings {
			fmt.Fprintf(stderr, "shine: warning: %s\n", w)
		}
		fmt.Fprintf(stderr, "built %d pages and %d static files in %s\n", res.Pages, res.Static, res.Duration.Round(time.Millisecond))
	}
	popts := preview.Options{Source: opts.Source, Destination: opts.Destination, Reload: !*noReload, Log: stderr}
	if *readyFile != "" {
		// Written by serve itself: no reason to rebuild, wherever it is.
		if abs, err := filepath.Abs(*readyFile); err == nil {
			popts.Writes = append(popts.Writes, abs, abs+".tmp")
		}
	}
	srv := preview.NewServer(b, buildErr, popts)

	ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		return hintError{fmt.Errorf("serve: %w", err), "pick another port with --port, or --port 0 for any free one"}
	}
	url := "http://" + ln.Addr().String() + srv.BaseURL() + "/"
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// No write timeout: the live reload stream stays open.
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	watchErr := make(chan error, 1)
	watching := make(chan struct{})
	go func() { watchErr <- srv.Watch(ctx, func() { close(watching) }) }()
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()

	select {
	case <-watching:
	case err := <-watchErr:
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintf(stdout, "serving %s at %s\n", opts.Destination, url)
	if *readyFile != "" {
		if err := writeReady(*readyFile, strings.TrimSuffix(url, "/")); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}
	if *open {
		openBrowser(url, stderr)
	}

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case err := <-watchErr:
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}
	srv.Close()
	shut, stop := context.WithTimeout(context.Background(), 3*time.Second)
	defer stop()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// writeReady writes the URL (without its final slash, for scripts to add
// paths to) to file in one step, so a reader never sees
// half of it.
func writeReady(file, url string) error {
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, []byte(url+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Clean(file))
}

// openBrowser opens url in the desktop's browser, best effort.
func openBrowser(url string, stderr io.Writer) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "shine: open %s: %v\n", url, err)
		return
	}
	go cmd.Wait()
}
