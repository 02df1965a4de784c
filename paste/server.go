package paste

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"
)

//go:embed web
var webFS embed.FS

// Security headers. pageCSP lets pages load only this origin's stylesheet
// and script, post forms only here, and never be framed; rawCSP makes raw
// content inert even if a browser renders it.
const (
	pageCSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	rawCSP  = "default-src 'none'; sandbox"
)

// Header values shared by every response: net/http only reads them, and
// sharing saves allocations on the hot path.
var (
	hNosniff    = []string{"nosniff"}
	hNoReferrer = []string{"no-referrer"}
	hDeny       = []string{"DENY"}
	hPageCSP    = []string{pageCSP}
	hRawCSP     = []string{rawCSP}
	hTextPlain  = []string{"text/plain; charset=utf-8"}
	hRawCache   = []string{"public, max-age=60"}
)

// Server is the paste service's HTTP handler.
type Server struct {
	store   Store
	cfg     Config
	log     *slog.Logger
	mux     *http.ServeMux
	tmpl    *template.Template
	static  map[string]staticFile
	limiter *limiter
	metrics *metrics
	rawHost string // host of RawBaseURL, if set
	renders *renders
	uploads *budget
	// reportLimiter is a stricter limit for reports than for requests.
	reportLimiter *limiter
}

type staticFile struct {
	body  []byte
	ctype string
}

// NewServer returns a Server on store. cfg must be valid.
func NewServer(store Store, cfg Config, log *slog.Logger) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{store: store, cfg: cfg, log: log, metrics: newMetrics()}
	if cfg.RateLimit > 0 {
		s.limiter = newLimiter(cfg.RateLimit, cfg.RateBurst)
	}
	s.renders = newRenders(cfg.RenderTimeout, cfg.HighlightLimit, max(1, runtime.GOMAXPROCS(0)/2), cfg.RenderCacheSize, s.metrics.renders.Inc, s.metrics.renderTimeouts.Inc)
	s.reportLimiter = newLimiter(1.0/60, 5)
	s.uploads = newBudget(cfg.UploadMemory, s.metrics.uploadBytes)
	if cfg.RawBaseURL != "" {
		u, _ := url.Parse(cfg.RawBaseURL)
		s.rawHost = u.Host
	}
	var err error
	s.tmpl, err = template.New("").Funcs(template.FuncMap{
		"expiry": FormatExpiry,
		"size":   func(n int) string { return FormatSize(int64(n)) },
	}).ParseFS(webFS, "web/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	s.static = map[string]staticFile{}
	err = fs.WalkDir(webFS, "web/static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(webFS, p)
		name := strings.TrimPrefix(p, "web/static/")
		ctype := mime.TypeByExtension(name[strings.LastIndexByte(name, '.'):])
		if name == "paste.css" {
			b = append(b, highlightCSS()...)
		}
		s.static[name] = staticFile{b, ctype}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load static files: %w", err)
	}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.home)
	m.HandleFunc("POST /{$}", s.create)
	m.HandleFunc("GET /{name}", s.show)
	m.HandleFunc("POST /{id}/reveal", s.reveal)
	m.HandleFunc("GET /{id}/raw", s.raw)
	m.HandleFunc("POST /{id}/raw", s.revealRaw)
	m.HandleFunc("DELETE /{id}", s.delete)
	m.HandleFunc("GET /{id}/delete", s.confirmDelete)
	m.HandleFunc("POST /{id}/delete", s.delete)
	m.HandleFunc("POST /{id}/report", s.report)
	m.HandleFunc("GET /admin/reports", s.admin(s.adminReports))
	m.HandleFunc("POST /admin/takedown/{id}", s.admin(s.adminTakeDown))
	m.HandleFunc("POST /admin/ban", s.admin(s.adminBan))
	m.HandleFunc("GET /healthz", s.healthz)
	m.Handle("GET /metrics", s.metrics.handler())
	// Static files sit at the top level: ids never contain a dot, so
	// /paste.css can never be a paste.
	for name := range s.static {
		m.HandleFunc("GET /"+name, s.serveStatic)
	}
	s.mux = m
}

// statusWriter records the status code for metrics and logs.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ServeHTTP sets the security headers every response carries, applies the
// rate limit, routes, and records metrics.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	h := w.Header()
	h["X-Content-Type-Options"] = hNosniff
	h["Referrer-Policy"] = hNoReferrer
	h["Content-Security-Policy"] = hPageCSP
	sw := &statusWriter{ResponseWriter: w}
	if s.limiter != nil && s.limited(r.URL.Path) {
		if ok, wait := s.limiter.allow(clientAddr(r, s.cfg.TrustedProxies), start); !ok {
			s.metrics.limited.Inc()
			secs := int(wait/time.Second) + 1
			h.Set("Retry-After", strconv.Itoa(secs))
			s.httpError(sw, r, http.StatusTooManyRequests, fmt.Sprintf("too many requests: try again in %d s", secs))
			s.observe(r, sw, start)
			return
		}
	}
	s.mux.ServeHTTP(sw, r)
	s.observe(r, sw, start)
}

// limited reports whether path counts against the rate limit: everything
// but health checks, metrics and static assets.
func (s *Server) limited(path string) bool {
	if path == "/healthz" || path == "/metrics" {
		return false
	}
	_, static := s.static[strings.TrimPrefix(path, "/")]
	return !static
}

func (s *Server) observe(r *http.Request, w *statusWriter, start time.Time) {
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	code := w.code
	if code == 0 {
		code = http.StatusOK
	}
	d := time.Since(start)
	s.metrics.observe(route, code, d)
	if code >= 500 {
		s.log.Error("request", "method", r.Method, "path", r.URL.Path, "status", code, "duration", d)
	} else if s.log.Enabled(r.Context(), slog.LevelDebug) {
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", code, "duration", d)
	}
}

// Errors that handlers hand to serveError besides the paste sentinels.
var (
	errBurnGet  = errors.New("this paste is deleted once read: reveal it with POST (curl -X POST URL/raw)")
	errNoToken  = errors.New("missing delete token: send it as ?token=, the X-Delete-Token header or the token form field")
	errTokenLen = errors.New("delete token too long")
	errBusy     = errors.New("the server holds as many uploads as it can: try again shortly")
)

// serveError maps an error to its status code and a short reason: the one
// place that decides what callers see. Internal errors are logged, never
// shown.
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	var maxErr *http.MaxBytesError
	switch {
	case errors.Is(err, ErrNotFound):
		s.httpError(w, r, http.StatusNotFound, "paste not found: it may have expired, been deleted or been read once")
	case errors.Is(err, ErrBadToken):
		s.httpError(w, r, http.StatusForbidden, "wrong delete token")
	case errors.Is(err, errNoToken), errors.Is(err, errTokenLen):
		s.httpError(w, r, http.StatusForbidden, err.Error())
	case errors.Is(err, ErrTooLarge), errors.As(err, &maxErr):
		s.httpError(w, r, http.StatusRequestEntityTooLarge, "paste too large: the limit is "+FormatSize(s.cfg.MaxSize))
	case errors.Is(err, ErrStorageFull):
		s.log.Error("storage full", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", "60")
		s.httpError(w, r, http.StatusInsufficientStorage, "the server's storage is full: try again later")
	case errors.Is(err, errBusy):
		s.metrics.busy.Inc()
		w.Header().Set("Retry-After", "5")
		// Do not wait for the rest of the body: the client may be slow
		// on purpose.
		w.Header().Set("Connection", "close")
		s.httpError(w, r, http.StatusServiceUnavailable, err.Error())
	case errors.Is(err, ErrGone):
		s.httpError(w, r, http.StatusGone, "this paste was taken down by the operators of this server")
	case errors.Is(err, ErrBanned):
		s.httpError(w, r, http.StatusForbidden, "this content may not be pasted on this server")
	case errors.Is(err, ErrMalformed):
		s.httpError(w, r, http.StatusBadRequest, err.Error())
	case errors.Is(err, errBurnGet):
		w.Header().Set("Allow", "POST")
		s.httpError(w, r, http.StatusMethodNotAllowed, err.Error())
	case errors.Is(err, context.Canceled):
		// The client went away; nobody is left to answer.
	default:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		s.httpError(w, r, http.StatusInternalServerError, "internal error")
	}
}

// httpError answers with a one-line plain-text reason.
func (s *Server) httpError(w http.ResponseWriter, r *http.Request, code int, reason string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Del("Content-Disposition")
	w.WriteHeader(code)
	io.WriteString(w, reason+"\n")
}

// baseURL is where links point: the configured base URL, or the origin
// the request was sent to. Without a base URL, a Host header is believed
// only when it names a loopback address, where nobody else can send one;
// any other request gets the address the server really listens on, so a
// forged Host never reaches a Location header or a page.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimSuffix(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	} else if isTrusted(peerAddr(r.RemoteAddr), s.cfg.TrustedProxies) && r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	host := r.Host
	if !IsLoopbackHost(host) {
		host = "localhost"
		if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
			host = a.String()
		}
	}
	return scheme + "://" + host
}

// IsLoopbackHost reports whether host (with or without a port) is
// localhost or a loopback address.
func IsLoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

func (s *Server) rawURL(r *http.Request, id string) string {
	if s.cfg.RawBaseURL != "" {
		return strings.TrimSuffix(s.cfg.RawBaseURL, "/") + "/" + id + "/raw"
	}
	return s.baseURL(r) + "/" + id + "/raw"
}

// onRawOrigin reports whether r came to the raw-content origin, which
// serves nothing but raw pastes.
func (s *Server) onRawOrigin(r *http.Request) bool {
	return s.rawHost != "" && r.Host == s.rawHost
}

func (s *Server) render(w http.ResponseWriter, code int, name string, data any) {
	var b bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		s.log.Error("render page", "template", name, "err", err)
		s.httpError(w, nil, http.StatusInternalServerError, "internal error")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header()["X-Frame-Options"] = hDeny // for browsers older than frame-ancestors
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, "ok\n")
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.static[strings.TrimPrefix(r.URL.Path, "/")]
	if !ok {
		s.httpError(w, r, http.StatusNotFound, "not found")
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(f.body)
}

type homePage struct {
	MaxSize       string
	Choices       []time.Duration
	DefaultExpiry time.Duration
	Base          string
	From          string
	FromLang      string
	IDBits        int
}

// Serve answers HTTP on ln until ctx is done, then shuts down gracefully:
// it stops accepting, lets requests in flight finish (up to grace), and
// returns. It also sweeps expired pastes in the background.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	sweepCtx, stopSweep := context.WithCancel(ctx)
	defer stopSweep()
	go s.sweepLoop(sweepCtx)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func (s *Server) sweepLoop(ctx context.Context) {
	t := time.NewTicker(s.cfg.SweepInterval)
	defer t.Stop()
	for {
		s.sweepOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Server) sweepOnce(ctx context.Context) {
	n, err := s.store.Sweep(ctx, time.Now())
	if err != nil && ctx.Err() == nil {
		s.log.Error("sweep expired pastes", "err", err)
	}
	if n > 0 {
		s.metrics.swept.Add(float64(n))
		s.log.Info("swept expired pastes", "count", n)
	}
}
