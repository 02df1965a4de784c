// Package preview is shine serve: it serves the folder a build writes,
// watches the source, rebuilds through a Rebuilder on every save, and
// tells open pages to reload (or shows the error overlay over the last
// good page).
package preview

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shine-blog/shine/site"
)

// Rebuilder is what the preview needs of the build engine: a rebuild
// after source files changed, and the path the site is served under.
// *site.Builder is one; tests use a fake.
type Rebuilder interface {
	// Rebuild brings the destination up to date after the source files
	// at paths (absolute, or relative to the source) changed.
	Rebuild(ctx context.Context, paths []string) (*site.Change, error)
	// BaseURL is the site's baseurl after the last good build.
	BaseURL() string
}

// Options configure the preview server.
type Options struct {
	Source      string    // the site folder the watcher watches
	Destination string    // the folder the Rebuilder writes and the server serves
	Reload      bool      // inject the live reload script and send events
	Log         io.Writer // rebuild reports; nil discards them
	// Rebuilt, when set, is called after each rebuild attempt.
	Rebuilt func(*site.Change, error)
	// Writes are absolute paths of files the preview's process writes
	// (the ready file): the watcher ignores them. Files the standard
	// output and error and Log go to are found and ignored on their own.
	Writes []string
}

// Server previews a site while it is written: it serves the destination
// folder the Rebuilder writes, rebuilds on every change the watcher
// reports, and tells the open pages to reload. It serves the folder, not
// memory: the writer can look at the real output, a 10,000-post site does
// not have to fit in memory twice, and what is served is exactly what
// shine build would write (plus the injected script).
type Server struct {
	b    Rebuilder
	opts Options
	dest string
	id   string
	hub  *hub

	buildMu sync.Mutex // one rebuild at a time
	// ownFiles are the regular files the process's output goes to.
	ownFiles []os.FileInfo

	mu      sync.RWMutex
	baseURL string
	failed  string // the overlay of the failed rebuild, or ""
}

// NewServer serves what b builds. b must have built once, successfully
// or not; firstErr is that build's error.
func NewServer(b Rebuilder, firstErr error, opts Options) *Server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &Server{b: b, opts: opts, dest: opts.Destination, hub: newHub(),
		id: strconv.FormatInt(time.Now().UnixNano(), 36)}
	s.ownFiles = outputFiles(os.Stdout, os.Stderr, opts.Log)
	s.update(firstErr)
	return s
}

// outputFiles are the regular files among ws, by identity: where output
// redirected to a file goes.
func outputFiles(ws ...any) []os.FileInfo {
	var out []os.FileInfo
	for _, w := range ws {
		f, ok := w.(*os.File)
		if !ok || f == nil {
			continue
		}
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			out = append(out, st)
		}
	}
	return out
}

// Handler routes the live reload endpoints and the site's files.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_shine/events", s.events)
	mux.HandleFunc("GET /_shine/livereload.js", s.script)
	mux.HandleFunc("GET /", s.serveFile)
	return mux
}

// Close ends the event streams so the HTTP server can shut down.
func (s *Server) Close() { s.hub.close() }

// BaseURL is the path the site is served under.
func (s *Server) BaseURL() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.baseURL
}

func (s *Server) problem() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.failed
}

// update records the outcome of a build; it says whether an error was
// cleared.
func (s *Server) update(err error) (cleared bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.baseURL = s.b.BaseURL()
	if err != nil {
		s.failed = overlayHTML(s.opts.Source, err)
		return false
	}
	cleared = s.failed != ""
	s.failed = ""
	return cleared
}

// Rebuild rebuilds after the source paths changed and tells the pages:
// a problem shows the overlay, a change of stylesheets only swaps them,
// anything else reloads.
func (s *Server) Rebuild(ctx context.Context, paths []string) (*site.Change, error) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	ch, err := s.b.Rebuild(ctx, paths)
	if err != nil {
		s.update(err)
		fmt.Fprintf(s.opts.Log, "shine: rebuild failed: %v\n", err)
		s.hub.send(event{"problem", jsonString(s.problem())})
	} else {
		cleared := s.update(nil)
		if cleared {
			s.hub.send(event{"ok", ""})
		}
		switch css, other := s.split(ch); {
		case ch.Full || cleared:
			s.hub.send(event{"reload", ""})
		case other:
			s.hub.send(event{"reload", s.changedPaths(ch)})
		case len(css) > 0:
			b, _ := json.Marshal(css)
			s.hub.send(event{"css", string(b)})
		}
		if !nothingDone(ch) {
			how := "incrementally"
			if ch.Full {
				how = "in full"
			}
			fmt.Fprintf(s.opts.Log, "rebuilt %s after %d changed files in %s: %d pages rendered, %d files written, %d removed\n",
				how, len(paths), ch.Duration.Round(time.Millisecond), ch.Rendered, len(ch.Written), len(ch.Removed))
		}
		for _, w := range ch.Warnings {
			fmt.Fprintf(s.opts.Log, "shine: warning: %s\n", w)
		}
	}
	if s.opts.Rebuilt != nil {
		s.opts.Rebuilt(ch, err)
	}
	return ch, err
}

// nothingDone says a rebuild found every changed file as it was: it is
// not worth a log line (which, logged into the source folder, would be
// a change of its own).
func nothingDone(ch *site.Change) bool {
	return !ch.Full && ch.Rendered == 0 && len(ch.Written) == 0 && len(ch.Removed) == 0
}

// split sorts a change's outputs into stylesheet URLs and the rest.
func (s *Server) split(ch *site.Change) (css []string, other bool) {
	base := s.BaseURL()
	for _, w := range ch.Written {
		if strings.HasSuffix(w, ".css") {
			css = append(css, base+"/"+w)
			continue
		}
		other = true
	}
	return css, other || len(ch.Removed) > 0
}

// maxListed is how many changed files a reload event lists; past it,
// every page reloads.
const maxListed = 1000

// changedPaths is the data of a reload event: the URL paths of the
// files a rebuild wrote or removed, as a JSON list, so that a page
// whose own HTML changed updates in place and the others stay as they
// are; "" (every page reloads) when there are too many to list.
func (s *Server) changedPaths(ch *site.Change) string {
	if len(ch.Written)+len(ch.Removed) > maxListed {
		return ""
	}
	base := s.BaseURL()
	paths := make([]string, 0, len(ch.Written)+len(ch.Removed))
	for _, list := range [][]string{ch.Written, ch.Removed} {
		for _, p := range list {
			paths = append(paths, base+"/"+p)
		}
	}
	b, _ := json.Marshal(paths)
	return string(b)
}

// serveFile serves the destination folder under baseurl: index.html for
// folders, NAME.html for /NAME, the site's 404 page, never cached.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	base := s.BaseURL()
	p := r.URL.Path
	if base != "" {
		if p == "/" || p == base {
			http.Redirect(w, r, base+"/", http.StatusFound)
			return
		}
		rest, ok := strings.CutPrefix(p, base+"/")
		if !ok {
			s.notFound(w, r)
			return
		}
		p = "/" + rest
	}
	rel := strings.TrimPrefix(path.Clean(p), "/")
	if strings.HasSuffix(p, "/") && rel != "" {
		rel += "/"
	}
	file := filepath.Join(s.dest, filepath.FromSlash(rel))
	st, err := os.Stat(file)
	switch {
	case err == nil && st.IsDir():
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		file = filepath.Join(file, "index.html")
	case err != nil && filepath.Ext(file) == "":
		if _, err := os.Stat(file + ".html"); err == nil {
			file += ".html"
		}
	}
	if !s.send(w, r, file, http.StatusOK) {
		s.notFound(w, r)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if s.send(w, r, filepath.Join(s.dest, "404.html"), http.StatusNotFound) {
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(s.inject([]byte("<!doctype html><title>Not found</title><body><h1>404 page not found</h1></body>\n")))
}

// send writes one file, HTML with the script injected; false when there
// is no such file.
func (s *Server) send(w http.ResponseWriter, r *http.Request, file string, status int) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		return false
	}
	ext := strings.ToLower(filepath.Ext(file))
	if ext == ".html" || ext == ".htm" {
		b, err := io.ReadAll(f)
		if err != nil {
			return false
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		b = s.inject(b)
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(b)
		}
		return true
	}
	if status != http.StatusOK {
		w.WriteHeader(status)
		io.Copy(w, f)
		return true
	}
	// ServeContent sets the type from the extension (or sniffs it) and
	// answers ranges; no modification time, so nothing is revalidated.
	http.ServeContent(w, r, file, time.Time{}, f)
	return true
}
