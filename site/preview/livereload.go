package preview

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/shine-blog/shine/content"
)

//go:embed livereload/livereload.js
var liveReloadJS []byte

// event is one Server-Sent Event for the open pages.
type event struct {
	name, data string
}

// hub fans events out to every connected page.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	closed  bool
}

func newHub() *hub { return &hub{clients: map[chan event]bool{}} }

func (h *hub) subscribe() (chan event, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	c := make(chan event, 16)
	h.clients[c] = true
	return c, true
}

func (h *hub) unsubscribe(c chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[c] {
		delete(h.clients, c)
		close(c)
	}
}

// send queues e for every client; a client too slow to take it misses it
// (its next reload brings it up to date anyway).
func (h *hub) send(e event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- e:
		default:
		}
	}
}

// close ends every stream, so a server can shut down.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		delete(h.clients, c)
		close(c)
	}
}

// events streams reload, css, problem and ok events to one page. The
// first event, hello, carries the server's id: a page that reconnects to
// a restarted server sees a new id and reloads.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c, ok := s.hub.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(c)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	write := func(e event) {
		fmt.Fprintf(w, "event: %s\n", e.name)
		for _, line := range strings.Split(e.data, "\n") {
			fmt.Fprintf(w, "data: %s\n", line)
		}
		fmt.Fprint(w, "\n")
		fl.Flush()
	}
	write(event{"hello", s.id})
	if p := s.problem(); p != "" {
		write(event{"problem", jsonString(p)})
	}
	tick := time.NewTicker(20 * time.Second)
	defer tick.Stop()
	for {
		select {
		case e, ok := <-c:
			if !ok {
				return
			}
			write(e)
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		case <-r.Context().Done():
			return
		}
	}
}

func (s *Server) script(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(liveReloadJS)
}

// inject adds the live reload script, and the error overlay while the
// last rebuild failed, to a served HTML page (never to the built file).
func (s *Server) inject(page []byte) []byte {
	var add bytes.Buffer
	if p := s.problem(); p != "" {
		add.WriteString(p)
	}
	if s.opts.Reload {
		add.WriteString(`<script src="/_shine/livereload.js"></script>` + "\n")
	}
	if add.Len() == 0 {
		return page
	}
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		return append(page, add.Bytes()...)
	}
	out := make([]byte, 0, len(page)+add.Len())
	out = append(out, page[:i]...)
	out = append(out, add.Bytes()...)
	return append(out, page[i:]...)
}

// overlayHTML shows a failed build over the page: the message, the file
// and line, and the source around that line.
func overlayHTML(source string, err error) string {
	var b strings.Builder
	b.WriteString(`<div id="shine-error" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f4f4f5;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;padding:2rem">`)
	b.WriteString(`<p style="margin:0 0 1rem;color:#fca5a5;font-weight:bold">shine: the last save did not build; this page is the last good one</p>`)
	fmt.Fprintf(&b, `<pre style="white-space:pre-wrap;margin:0 0 1rem">%s</pre>`, html.EscapeString(err.Error()))
	var fe *content.FileError
	if errors.As(err, &fe) && fe.Line > 0 {
		if ex := sourceAround(source, fe.File, fe.Line); ex != "" {
			fmt.Fprintf(&b, `<p style="margin:0">%s:%d</p><pre style="margin:0;padding:.5rem;background:#27272a">%s</pre>`,
				html.EscapeString(fe.File), fe.Line, ex)
		}
	}
	b.WriteString("</div>\n")
	return b.String()
}

// sourceAround is the escaped source around line of file, the line marked.
func sourceAround(source, file string, line int) string {
	b, err := os.ReadFile(filepath.Join(source, filepath.FromSlash(file)))
	if err != nil {
		return ""
	}
	lines := strings.Split(string(b), "\n")
	var out strings.Builder
	for n := max(1, line-3); n <= min(len(lines), line+3); n++ {
		mark := "  "
		style := ""
		if n == line {
			mark, style = "> ", ` style="background:#7f1d1d"`
		}
		fmt.Fprintf(&out, "<span%s>%s%4d | %s</span>\n", style, mark, n, html.EscapeString(lines[n-1]))
	}
	return out.String()
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
