package paste

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
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
	pageCSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
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
// the request was sent to.
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
	return scheme + "://" + r.Host
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

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if s.onRawOrigin(r) {
		http.Redirect(w, r, s.cfg.BaseURL, http.StatusFound)
		return
	}
	page := homePage{
		MaxSize:       FormatSize(s.cfg.MaxSize),
		Choices:       s.cfg.ExpiryChoices(),
		DefaultExpiry: s.cfg.defaultExpiry(),
		Base:          s.baseURL(r),
		IDBits:        IDBytes * 8,
	}
	// "New paste from this": start from an existing paste's text.
	if id := r.URL.Query().Get("from"); ValidID(id) {
		if p, err := s.store.Get(r.Context(), id); err == nil && !p.Burn && !p.Binary() {
			page.From, page.FromLang = string(p.Content), p.Lang
		}
	}
	s.render(w, http.StatusOK, "home.html", page)
}

// Answer is the JSON answer to an upload.
type Answer struct {
	ID        string     `json:"id"`
	URL       string     `json:"url"`
	RawURL    string     `json:"raw_url"`
	DeleteURL string     `json:"delete_url"`
	ExpiresAt *time.Time `json:"expires_at"` // null: never
	Burn      bool       `json:"burn"`
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	up, err := s.parseUpload(w, r)
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	now := time.Now().Truncate(time.Microsecond)
	token := NewToken()
	p := &Paste{
		Content:    up.content,
		Lang:       up.lang,
		Filename:   up.filename,
		Burn:       up.burn,
		CreatedAt:  now,
		DeleteHash: HashToken(token),
	}
	if up.expiry != Never {
		p.ExpiresAt = now.Add(up.expiry)
	}
	// A new paste never replaces another: the store refuses a taken id and
	// we draw again. With 72 random bits a second draw is already rare.
	for range 5 {
		p.ID = NewID()
		err = s.store.Create(r.Context(), p)
		if !errors.Is(err, ErrExists) {
			break
		}
		s.log.Warn("paste id collision", "id", p.ID)
	}
	if err != nil {
		s.serveError(w, r, fmt.Errorf("create paste: %w", err))
		return
	}
	s.metrics.created.Inc()
	s.metrics.createBytes.Add(float64(len(p.Content)))
	base := s.baseURL(r)
	a := Answer{
		ID:        p.ID,
		URL:       base + "/" + p.ID,
		RawURL:    s.rawURL(r, p.ID),
		DeleteURL: base + "/" + p.ID + "/delete?token=" + token,
		Burn:      p.Burn,
	}
	if !p.ExpiresAt.IsZero() {
		t := p.ExpiresAt.UTC()
		a.ExpiresAt = &t
	}
	h := w.Header()
	h.Set("Location", a.URL)
	h.Set("X-Delete-Url", a.DeleteURL)
	h.Set("Cache-Control", "no-store")
	switch {
	case wantsJSON(r):
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(a)
	case up.fromBrowser:
		s.render(w, http.StatusCreated, "created.html", a)
	default:
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, a.URL+"\n")
	}
}

// wantsJSON reports whether the client asked for a JSON answer, by Accept
// header or ?format=json.
func wantsJSON(r *http.Request) bool {
	if r.URL.Query().Get("format") == "json" {
		return true
	}
	for _, v := range r.Header.Values("Accept") {
		if strings.Contains(v, "application/json") {
			return true
		}
	}
	return false
}

// splitName splits "/{id}.ext" into id and the language ext names.
func splitName(name string) (id, lang string) {
	id, lang, _ = strings.Cut(name, ".")
	return id, langFromExt(lang)
}

type pastePage struct {
	P         *Paste
	Code      template.HTML
	Lang      string // the lexer used
	ExtLang   string // language asked for in the URL, kept for the reveal form
	RawURL    string
	Size      int
	Lines     int
	Revealed  bool // a burn-after-reading paste, shown once and now gone
	Binary    bool
	Expires   string
	CanCopy   bool
	NewFromID string
}

func (s *Server) show(w http.ResponseWriter, r *http.Request) {
	if s.onRawOrigin(r) {
		http.Redirect(w, r, s.cfg.BaseURL+r.URL.Path, http.StatusFound)
		return
	}
	id, lang := splitName(r.PathValue("name"))
	if !ValidID(id) {
		s.serveError(w, r, ErrNotFound)
		return
	}
	p, err := s.store.Get(r.Context(), id)
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	if p.Burn {
		// Link previews and crawlers GET links: show a button and consume
		// nothing until a person presses it.
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Robots-Tag", "noindex")
		s.render(w, http.StatusOK, "reveal.html", pastePage{P: &Paste{ID: p.ID}, ExtLang: lang})
		return
	}
	s.showPaste(w, r, p, lang, false)
}

func (s *Server) reveal(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ValidID(id) {
		s.serveError(w, r, ErrNotFound)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	lang := langFromExt(r.PostFormValue("lang"))
	p, err := s.store.Reveal(r.Context(), id)
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	if p.Burn {
		s.metrics.burnt.Inc()
	}
	w.Header().Set("Cache-Control", "no-store")
	s.showPaste(w, r, p, lang, p.Burn)
}

func (s *Server) showPaste(w http.ResponseWriter, r *http.Request, p *Paste, lang string, revealed bool) {
	page := pastePage{
		P:         p,
		ExtLang:   lang,
		RawURL:    s.rawURL(r, p.ID),
		Size:      len(p.Content),
		Lines:     bytes.Count(p.Content, []byte("\n")),
		Revealed:  revealed,
		Binary:    p.Binary(),
		NewFromID: p.ID,
	}
	if !p.ExpiresAt.IsZero() {
		page.Expires = p.ExpiresAt.UTC().Format("2006-01-02 15:04 MST")
	}
	if !page.Binary {
		if lang == "" {
			lang = p.Lang
		}
		code, used, err := highlight(p.Content, lang, p.Filename, s.cfg.HighlightLimit)
		if err != nil {
			s.serveError(w, r, fmt.Errorf("highlight %s: %w", p.ID, err))
			return
		}
		page.Code, page.Lang, page.CanCopy = code, used, true
	}
	s.render(w, http.StatusOK, "paste.html", page)
}

func (s *Server) raw(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if s.rawHost != "" && !s.onRawOrigin(r) {
		http.Redirect(w, r, s.rawURL(r, id), http.StatusFound)
		return
	}
	if !ValidID(id) {
		s.serveError(w, r, ErrNotFound)
		return
	}
	p, err := s.store.Get(r.Context(), id)
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	if p.Burn {
		s.serveError(w, r, errBurnGet)
		return
	}
	s.writeRaw(w, p)
}

// revealRaw is the documented way for scripts to read a burn-after-reading
// paste: POST /{id}/raw consumes it and answers its bytes.
func (s *Server) revealRaw(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ValidID(id) {
		s.serveError(w, r, ErrNotFound)
		return
	}
	p, err := s.store.Reveal(r.Context(), id)
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	if p.Burn {
		s.metrics.burnt.Inc()
	}
	w.Header().Set("Cache-Control", "no-store")
	s.writeRaw(w, p)
}

func (s *Server) writeRaw(w http.ResponseWriter, p *Paste) {
	h := w.Header()
	h["Content-Security-Policy"] = hRawCSP
	if p.Binary() {
		name := safeFilename(p.Filename, p.ID)
		h["Content-Type"] = []string{"application/octet-stream"}
		h["Content-Disposition"] = []string{mime.FormatMediaType("attachment", map[string]string{"filename": name})}
	} else {
		h["Content-Type"] = hTextPlain
	}
	h["Content-Length"] = []string{strconv.Itoa(len(p.Content))}
	if h.Get("Cache-Control") == "" {
		h["Cache-Control"] = hRawCache
	}
	w.Write(p.Content)
}

// safeFilename keeps the base name of what the uploader called the file,
// with only harmless characters, or falls back to the id.
func safeFilename(name, id string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, c := range name {
		if c == '.' || c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	if n := strings.Trim(b.String(), "."); n != "" && len(n) <= 128 {
		return n
	}
	return id + ".bin"
}

// deleteToken reads the token from the query, the X-Delete-Token header
// or the token form field.
func deleteToken(w http.ResponseWriter, r *http.Request) (string, error) {
	t := r.URL.Query().Get("token")
	if t == "" {
		t = r.Header.Get("X-Delete-Token")
	}
	if t == "" && r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
		t = r.PostFormValue("token")
	}
	if t == "" {
		return "", errNoToken
	}
	if len(t) > 256 {
		return "", errTokenLen
	}
	return t, nil
}

func (s *Server) delete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ValidID(id) {
		s.serveError(w, r, ErrNotFound)
		return
	}
	token, err := deleteToken(w, r)
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	if err := s.store.Delete(r.Context(), id, token); err != nil {
		s.serveError(w, r, err)
		return
	}
	s.metrics.deleted.Inc()
	s.log.Info("paste deleted", "id", id)
	if r.Method == http.MethodPost && !wantsJSON(r) && strings.Contains(r.Header.Get("Accept"), "text/html") {
		s.render(w, http.StatusOK, "deleted.html", id)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "deleted\n")
}

// confirmDelete shows the page behind a delete link. A GET never deletes:
// link previews would.
func (s *Server) confirmDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ValidID(id) {
		s.serveError(w, r, ErrNotFound)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, http.StatusOK, "delete.html", struct{ ID, Token string }{id, r.URL.Query().Get("token")})
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
