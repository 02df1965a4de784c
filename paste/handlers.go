package paste

// The request handlers: the home page and upload, reading a paste
// (highlighted, raw, revealed), and deleting one.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shine-blog/shine/paste/seal"
)

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
	defer up.release()
	if banned, err := s.store.Banned(r.Context(), ContentHash(up.content)); err != nil || banned {
		if banned {
			s.metrics.bannedUploads.Inc()
			err = ErrBanned
		}
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
	// Markdown is set on a Markdown paste: rendered (Rendered) or its
	// source, with a link to the other view.
	Markdown, Rendered bool
	ToggleURL          string
	// Sealed is an encrypted paste's envelope: the browser decrypts it
	// with the key in the link's fragment, and highlights it.
	Sealed string
}

func (s *Server) show(w http.ResponseWriter, r *http.Request) {
	if s.onRawOrigin(r) {
		http.Redirect(w, r, s.cfg.BaseURL+r.URL.Path, http.StatusFound)
		return
	}
	id, lang := splitName(r.PathValue("name"))
	p, ok := s.lookup(w, r, id)
	if !ok {
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
	if r.Method == http.MethodHead {
		// Link previews ask for headers: they get them without the
		// paste being rendered.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", cacheControl(p, time.Now()))
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
	if p, ok := s.consume(w, r, id); ok {
		s.showPaste(w, r, p, lang, p.Burn)
	}
}

// consume reads a paste and, when it burns after reading, deletes it in
// the same step; the answer must not be cached.
func (s *Server) consume(w http.ResponseWriter, r *http.Request, id string) (*Paste, bool) {
	p, err := s.store.Reveal(r.Context(), id)
	if err != nil {
		s.serveError(w, r, err)
		return nil, false
	}
	if p.Burn {
		s.metrics.burnt.Inc()
	}
	w.Header().Set("Cache-Control", "no-store")
	return p, true
}

// lookup reads a paste without consuming it, answering the error itself
// (404 for an id that cannot exist) when there is none.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request, id string) (*Paste, bool) {
	if !ValidID(id) {
		s.serveError(w, r, ErrNotFound)
		return nil, false
	}
	p, err := s.store.Get(r.Context(), id)
	if err != nil {
		s.serveError(w, r, err)
		return nil, false
	}
	return p, true
}

func (s *Server) showPaste(w http.ResponseWriter, r *http.Request, p *Paste, lang string, revealed bool) {
	page := pastePage{
		P:         p,
		ExtLang:   lang,
		RawURL:    s.rawURL(r, p.ID),
		Size:      len(p.Content),
		Lines:     countLines(p.Content),
		Revealed:  revealed,
		Binary:    p.Binary(),
		NewFromID: p.ID,
	}
	if !p.ExpiresAt.IsZero() {
		page.Expires = p.ExpiresAt.UTC().Format("2006-01-02 15:04 MST")
	}
	if seal.Looks(p.Content) {
		page.Sealed, page.CanCopy = string(p.Content), true
	} else if !page.Binary {
		if lang == "" {
			lang = p.Lang
		}
		key := lang
		if isMarkdown(lang, p.Filename) {
			page.Markdown = true
			if r.URL.Query().Get("view") == "source" {
				key = "markdown"
				page.ToggleURL = "/" + r.PathValue("name")
			} else {
				key = markdownKey
				page.ToggleURL = "/" + r.PathValue("name") + "?view=source"
			}
		}
		code, err := s.renders.get(r.Context(), p, key)
		if err != nil {
			s.serveError(w, r, err)
			return
		}
		page.Code, page.Lang, page.CanCopy, page.Rendered = code.code, code.lexer, !code.markdown, code.markdown
		if page.Markdown && revealed {
			page.ToggleURL = "" // gone: there is no other view to show
		}
	}
	if !revealed {
		w.Header().Set("Cache-Control", cacheControl(p, time.Now()))
	}
	name := "paste.html"
	if page.Sealed != "" {
		name = "sealed.html"
	}
	s.render(w, http.StatusOK, name, page)
}

func (s *Server) raw(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if s.rawHost != "" && !s.onRawOrigin(r) {
		http.Redirect(w, r, s.rawURL(r, id), http.StatusFound)
		return
	}
	p, ok := s.lookup(w, r, id)
	if !ok {
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
	if p, ok := s.consume(w, r, id); ok {
		s.writeRaw(w, p)
	}
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
		if !p.Burn && p.ExpiresAt.IsZero() {
			h["Cache-Control"] = hRawCache
		} else {
			h["Cache-Control"] = []string{cacheControl(p, time.Now())}
		}
	}
	w.Write(p.Content)
}

// countLines counts the lines of content as people do: a last line
// without a final newline counts too.
func countLines(content []byte) int {
	n := bytes.Count(content, []byte("\n"))
	if len(content) > 0 && content[len(content)-1] != '\n' {
		n++
	}
	return n
}

// maxAge is how long a paste may be cached, at most.
const maxAge = 60 * time.Second

// cacheControl says how long p may be cached: never longer than it lives
// and at most a minute, so a deleted paste leaves caches soon; a burn
// paste never.
func cacheControl(p *Paste, now time.Time) string {
	if p.Burn {
		return "no-store"
	}
	age := maxAge
	if !p.ExpiresAt.IsZero() {
		age = min(age, p.ExpiresAt.Sub(now))
	}
	secs := int(age / time.Second)
	if secs < 1 {
		return "no-store"
	}
	return "public, max-age=" + strconv.Itoa(secs)
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
	s.renders.forget(id)
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
