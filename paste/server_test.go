package paste_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shine-blog/shine/paste"
	"github.com/shine-blog/shine/paste/bolt"
)

func openStore(t testing.TB) paste.Store {
	t.Helper()
	store, err := bolt.Open(filepath.Join(t.TempDir(), "paste.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

func newServer(t testing.TB, edit func(*paste.Config)) *paste.Server {
	t.Helper()
	store := openStore(t)
	cfg := paste.DefaultConfig()
	cfg.BaseURL = "http://paste.test"
	cfg.RateLimit = 0
	if edit != nil {
		edit(&cfg)
	}
	s, err := paste.NewServer(store, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func do(t testing.TB, h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	if r.RemoteAddr == "" {
		r.RemoteAddr = "192.0.2.1:1234"
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func form(t *testing.T, fields map[string]string) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if k == "content" {
			fw, _ := mw.CreateFormFile(k, "notes.txt")
			io.WriteString(fw, v)
			continue
		}
		mw.WriteField(k, v)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// create uploads content as a raw body with the query q, and returns the
// JSON answer.
func create(t testing.TB, h http.Handler, content, q string) paste.Answer {
	t.Helper()
	r := httptest.NewRequest("POST", "/?"+q, strings.NewReader(content))
	r.Header.Set("Accept", "application/json")
	w := do(t, h, r)
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var a paste.Answer
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func path(u string) string { return strings.TrimPrefix(u, "http://paste.test") }

func TestCreateAnswers(t *testing.T) {
	s := newServer(t, nil)
	t.Run("plain", func(t *testing.T) {
		w := do(t, s, httptest.NewRequest("POST", "/", strings.NewReader("hello\n")))
		if w.Code != 201 || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Fatalf("got %d %q", w.Code, w.Header().Get("Content-Type"))
		}
		u := strings.TrimSpace(w.Body.String())
		if !strings.HasPrefix(u, "http://paste.test/") || len(path(u)) != 13 {
			t.Errorf("answer %q is not a paste URL with a 12-character id", u)
		}
		if !strings.Contains(w.Header().Get("X-Delete-Url"), "/delete?token=") {
			t.Errorf("X-Delete-Url = %q", w.Header().Get("X-Delete-Url"))
		}
	})
	t.Run("json", func(t *testing.T) {
		a := create(t, s, "x", "expires=1h")
		if a.ID == "" || a.URL != "http://paste.test/"+a.ID || a.RawURL != a.URL+"/raw" || !strings.HasPrefix(a.DeleteURL, a.URL+"/delete?token=") {
			t.Errorf("answer %+v", a)
		}
		if a.ExpiresAt == nil || time.Until(*a.ExpiresAt) > time.Hour || time.Until(*a.ExpiresAt) < 59*time.Minute {
			t.Errorf("expires_at = %v, want in an hour", a.ExpiresAt)
		}
	})
	t.Run("form", func(t *testing.T) {
		body, ct := form(t, map[string]string{"content": "package main\n", "lang": "go", "expires": "1d", "burn": "1"})
		r := httptest.NewRequest("POST", "/", body)
		r.Header.Set("Content-Type", ct)
		r.Header.Set("Accept", "application/json")
		w := do(t, s, r)
		var a paste.Answer
		json.Unmarshal(w.Body.Bytes(), &a)
		if w.Code != 201 || !a.Burn || a.ExpiresAt == nil {
			t.Fatalf("got %d %s", w.Code, w.Body)
		}
	})
	t.Run("never", func(t *testing.T) {
		if a := create(t, s, "x", "expires=never"); a.ExpiresAt != nil {
			t.Errorf("expires_at = %v, want null", a.ExpiresAt)
		}
	})
}

func TestReadPaste(t *testing.T) {
	s := newServer(t, nil)
	a := create(t, s, "package main\n\nfunc main() {}\n", "lang=go")
	w := do(t, s, httptest.NewRequest("GET", "/"+a.ID+"/raw", nil))
	if w.Body.String() != "package main\n\nfunc main() {}\n" || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("raw = %q %q", w.Header().Get("Content-Type"), w.Body)
	}
	page := do(t, s, httptest.NewRequest("GET", "/"+a.ID, nil)).Body.String()
	for _, want := range []string{`id="L3"`, `href="#L3"`, `class="kd"`, `/raw"`, `id="copy"`, `/?from=` + a.ID} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// /{id}.py highlights as Python instead.
	page = do(t, s, httptest.NewRequest("GET", "/"+a.ID+".py", nil)).Body.String()
	if !strings.Contains(page, "Python") {
		t.Errorf("/%s.py is not highlighted as Python", a.ID)
	}
	// "New paste from this" fills the form.
	home := do(t, s, httptest.NewRequest("GET", "/?from="+a.ID, nil)).Body.String()
	if !strings.Contains(home, "func main() {}") {
		t.Error("home page ?from= does not start from the paste")
	}
}

func TestBinary(t *testing.T) {
	s := newServer(t, nil)
	bin := "\x00\x01\x02\xff binary"
	body, ct := form(t, map[string]string{"content": bin})
	r := httptest.NewRequest("POST", "/", body)
	r.Header.Set("Content-Type", ct)
	id := path(strings.TrimSpace(do(t, s, r).Body.String()))
	w := do(t, s, httptest.NewRequest("GET", id+"/raw", nil))
	if w.Body.String() != bin || w.Header().Get("Content-Type") != "application/octet-stream" ||
		w.Header().Get("Content-Disposition") != `attachment; filename=notes.txt` {
		t.Errorf("binary raw: %q %q %q", w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"), w.Body)
	}
	if page := do(t, s, httptest.NewRequest("GET", id, nil)).Body.String(); !strings.Contains(page, "binary file") {
		t.Error("binary page does not say so")
	}
}

func TestBurnAfterReading(t *testing.T) {
	s := newServer(t, nil)
	a := create(t, s, "the secret", "burn=1")
	// Previews and crawlers GET: nothing is consumed, nothing is shown.
	for _, p := range []string{"/" + a.ID, "/" + a.ID + ".txt", "/" + a.ID + "/raw"} {
		w := do(t, s, httptest.NewRequest("GET", p, nil))
		if strings.Contains(w.Body.String(), "the secret") {
			t.Errorf("GET %s shows the burn paste", p)
		}
	}
	if w := do(t, s, httptest.NewRequest("GET", "/"+a.ID+"/raw", nil)); w.Code != 405 || w.Header().Get("Allow") != "POST" {
		t.Errorf("GET raw of burn paste = %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
	// 20 people press reveal at once: one sees it.
	var seen atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			r := httptest.NewRequest("POST", "/"+a.ID+"/reveal", nil)
			w := httptest.NewRecorder()
			r.RemoteAddr = "192.0.2.1:1"
			s.ServeHTTP(w, r)
			if w.Code == 200 && strings.Contains(w.Body.String(), "the secret") {
				seen.Add(1)
			} else if w.Code != 404 {
				t.Errorf("reveal: %d", w.Code)
			}
		})
	}
	wg.Wait()
	if seen.Load() != 1 {
		t.Errorf("%d revealers saw the paste, want 1", seen.Load())
	}
	// Scripts reveal with POST raw.
	b := create(t, s, "script secret", "burn=1")
	if w := do(t, s, httptest.NewRequest("POST", "/"+b.ID+"/raw", nil)); w.Body.String() != "script secret" {
		t.Errorf("POST raw = %d %q", w.Code, w.Body)
	}
	if w := do(t, s, httptest.NewRequest("POST", "/"+b.ID+"/raw", nil)); w.Code != 404 {
		t.Errorf("second POST raw = %d", w.Code)
	}
}

func TestDelete(t *testing.T) {
	s := newServer(t, nil)
	a := create(t, s, "x", "")
	token := a.DeleteURL[strings.Index(a.DeleteURL, "token=")+6:]
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
	}{
		{"no token", func() *http.Request { return httptest.NewRequest("DELETE", "/"+a.ID, nil) }, 403},
		{"wrong token header", func() *http.Request {
			r := httptest.NewRequest("DELETE", "/"+a.ID, nil)
			r.Header.Set("X-Delete-Token", token+"x")
			return r
		}, 403},
		{"wrong token form", func() *http.Request {
			r := httptest.NewRequest("POST", "/"+a.ID+"/delete", strings.NewReader("token=nope"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, 403},
		{"GET delete link deletes nothing", func() *http.Request { return httptest.NewRequest("GET", path(a.DeleteURL), nil) }, 200},
		{"still there", func() *http.Request { return httptest.NewRequest("GET", "/"+a.ID+"/raw", nil) }, 200},
		{"right token", func() *http.Request { return httptest.NewRequest("DELETE", "/"+a.ID+"?token="+token, nil) }, 200},
		{"gone", func() *http.Request { return httptest.NewRequest("GET", "/"+a.ID+"/raw", nil) }, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if w := do(t, s, tt.req()); w.Code != tt.status {
				t.Errorf("status %d, want %d (%s)", w.Code, tt.status, w.Body)
			}
		})
	}
}

// TestPayloadNeverHTML checks that a paste is never interpreted as HTML:
// raw is text/plain with nosniff and a sandbox CSP, and the page escapes it.
func TestPayloadNeverHTML(t *testing.T) {
	s := newServer(t, nil)
	const payload = `<script>alert(document.cookie)</script><img src=x onerror=alert(1)>`
	for _, q := range []string{"", "lang=html", "lang=js"} {
		a := create(t, s, payload, q)
		w := do(t, s, httptest.NewRequest("GET", "/"+a.ID+"/raw", nil))
		h := w.Header()
		if h.Get("Content-Type") != "text/plain; charset=utf-8" || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Content-Security-Policy") != "default-src 'none'; sandbox" || w.Body.String() != payload {
			t.Errorf("%s raw: %v %q", q, h, w.Body)
		}
		for _, p := range []string{"/" + a.ID, "/" + a.ID + ".html"} {
			page := do(t, s, httptest.NewRequest("GET", p, nil)).Body.String()
			if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
				t.Errorf("GET %s (%s) has the payload unescaped", p, q)
			}
			if !strings.Contains(page, "&lt;") {
				t.Errorf("GET %s (%s) lacks the escaped payload", p, q)
			}
		}
	}
}

// TestHeadersEverywhere checks that every response sets its Content-Type
// and the security headers, and that every HTML one has the strict CSP.
func TestHeadersEverywhere(t *testing.T) {
	s := newServer(t, nil)
	a := create(t, s, "<script>x</script>", "")
	b := create(t, s, "burn", "burn=1")
	for _, tc := range []struct{ method, path string }{
		{"GET", "/"}, {"GET", "/?from=" + a.ID}, {"GET", "/" + a.ID}, {"GET", "/" + a.ID + ".go"}, {"GET", "/" + b.ID},
		{"GET", path(a.DeleteURL)}, {"GET", "/nosuchpaste"}, {"GET", "/a/b/c"}, {"PUT", "/"}, {"GET", "/healthz"},
		{"GET", "/" + a.ID + "/raw"}, {"GET", "/paste.css"}, {"GET", "/paste.js"}, {"GET", "/metrics"},
		{"POST", "/" + b.ID + "/reveal"}, {"DELETE", "/" + a.ID},
	} {
		w := do(t, s, httptest.NewRequest(tc.method, tc.path, nil))
		h := w.Header()
		ct := h.Get("Content-Type")
		if ct == "" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s %s: Content-Type %q, nosniff %q, Referrer-Policy %q", tc.method, tc.path, ct, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
		}
		csp := h.Get("Content-Security-Policy")
		if strings.HasPrefix(ct, "text/html") && (!strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe")) {
			t.Errorf("%s %s: HTML with CSP %q", tc.method, tc.path, csp)
		}
	}
}

func TestBadRequests(t *testing.T) {
	s := newServer(t, func(c *paste.Config) { c.MaxSize = 1000; c.MaxExpiry = 24 * time.Hour })
	big := strings.Repeat("x", 1001)
	formReq := func(fields map[string]string) func() *http.Request {
		return func() *http.Request {
			body, ct := form(t, fields)
			r := httptest.NewRequest("POST", "/", body)
			r.Header.Set("Content-Type", ct)
			return r
		}
	}
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		reason string
	}{
		{"raw too large", func() *http.Request { return httptest.NewRequest("POST", "/", strings.NewReader(big)) }, 413, "limit is 1000B"},
		{"raw too large, no length", func() *http.Request {
			r := httptest.NewRequest("POST", "/", io.MultiReader(strings.NewReader(big)))
			r.ContentLength = -1
			return r
		}, 413, "too large"},
		{"form too large", formReq(map[string]string{"content": big}), 413, "too large"},
		{"empty", func() *http.Request { return httptest.NewRequest("POST", "/", nil) }, 400, "empty"},
		{"bad expiry", func() *http.Request { return httptest.NewRequest("POST", "/?expires=soon", strings.NewReader("x")) }, 400, "expires"},
		{"expiry over max", func() *http.Request { return httptest.NewRequest("POST", "/?expires=2d", strings.NewReader("x")) }, 400, "longer"},
		{"never over max", formReq(map[string]string{"content": "x", "expires": "never"}), 400, "longer"},
		{"bad burn", func() *http.Request { return httptest.NewRequest("POST", "/?burn=maybe", strings.NewReader("x")) }, 400, "burn"},
		{"unknown lang", func() *http.Request { return httptest.NewRequest("POST", "/?lang=klingon", strings.NewReader("x")) }, 400, "lang"},
		{"unknown field", formReq(map[string]string{"content": "x", "expire": "1d"}), 400, "unknown field"},
		{"no content field", formReq(map[string]string{"lang": "go"}), 400, "content"},
		{"broken multipart", func() *http.Request {
			r := httptest.NewRequest("POST", "/", strings.NewReader("--zz\r\nnonsense"))
			r.Header.Set("Content-Type", "multipart/form-data; boundary=zz")
			return r
		}, 400, "multipart"},
		{"PUT /", func() *http.Request { return httptest.NewRequest("PUT", "/", nil) }, 405, "Method Not Allowed"},
		{"PATCH paste", func() *http.Request { return httptest.NewRequest("PATCH", "/abc", nil) }, 405, "Method Not Allowed"},
		{"DELETE raw", func() *http.Request { return httptest.NewRequest("DELETE", "/abc/raw", nil) }, 405, "Method Not Allowed"},
		{"bad id", func() *http.Request { return httptest.NewRequest("GET", "/a%3Cb/raw", nil) }, 404, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(t, s, tt.req())
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.reason) || len(w.Body.String()) > 200 {
				t.Errorf("got %d %q, want %d with a short reason containing %q", w.Code, w.Body, tt.status, tt.reason)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

// countingReader counts how much of a body the server reads.
type countingReader struct{ n atomic.Int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	c.n.Add(int64(len(p)))
	return len(p), nil
}

func TestTooLargeNotReadWhole(t *testing.T) {
	s := newServer(t, func(c *paste.Config) { c.MaxSize = 1 << 20 })
	for _, ct := range []string{"", "multipart/form-data; boundary=zz"} {
		body := &countingReader{}
		r := httptest.NewRequest("POST", "/", body)
		r.ContentLength = -1 // unknown, so the limit must stop the reading
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		w := do(t, s, r)
		if w.Code != 413 && !(ct != "" && w.Code == 400) {
			t.Errorf("%q: status %d", ct, w.Code)
		}
		if n := body.n.Load(); n > 2<<20 {
			t.Errorf("%q: server read %d bytes of an endless body", ct, n)
		}
	}
	// With a Content-Length over the limit nothing is read at all.
	body := &countingReader{}
	r := httptest.NewRequest("POST", "/", body)
	r.ContentLength = 100 << 20
	if w := do(t, s, r); w.Code != 413 || body.n.Load() != 0 {
		t.Errorf("declared 100MiB: status %d after reading %d bytes", w.Code, body.n.Load())
	}
}

func TestRateLimit(t *testing.T) {
	s := newServer(t, func(c *paste.Config) {
		c.RateLimit, c.RateBurst = 1, 3
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	})
	get := func(remote, xff string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		return do(t, s, r)
	}
	for i := range 3 {
		if w := get("192.0.2.1:1", ""); w.Code != 200 {
			t.Fatalf("request %d: %d", i, w.Code)
		}
	}
	w := get("192.0.2.1:2", "")
	if w.Code != 429 || w.Header().Get("Retry-After") == "" {
		t.Fatalf("over the limit: %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	// Another client is not affected, health checks never limited.
	if w := get("192.0.2.2:1", ""); w.Code != 200 {
		t.Errorf("other client: %d", w.Code)
	}
	r := httptest.NewRequest("GET", "/healthz", nil)
	r.RemoteAddr = "192.0.2.1:3"
	if w := do(t, s, r); w.Code != 200 {
		t.Errorf("healthz limited: %d", w.Code)
	}
	// An untrusted peer cannot dodge the limit with X-Forwarded-For.
	if w := get("192.0.2.1:4", "198.51.100.7"); w.Code != 429 {
		t.Errorf("spoofed X-Forwarded-For from untrusted peer: %d", w.Code)
	}
	// Behind a trusted proxy, each forwarded client has its own bucket.
	for i := range 3 {
		if w := get("10.1.1.1:1", fmt.Sprintf("198.51.100.%d, 10.2.2.2", i+1)); w.Code != 200 {
			t.Errorf("forwarded client %d: %d", i, w.Code)
		}
	}
	for range 3 {
		get("10.1.1.1:1", "203.0.113.9")
	}
	if w := get("10.1.1.1:1", "203.0.113.9"); w.Code != 429 {
		t.Errorf("forwarded client over the limit: %d", w.Code)
	}
}

func TestExpiredIs404(t *testing.T) {
	// Uploads live at least a minute: plant a paste that is past its
	// time.
	s, store := serverAndStore(t)
	a := &paste.Paste{ID: paste.NewID(), Content: []byte("brief"), CreatedAt: time.Now().Add(-time.Hour),
		ExpiresAt: time.Now().Add(-time.Second), DeleteHash: paste.HashToken("t")}
	if err := store.Create(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/" + a.ID, "/" + a.ID + "/raw"} {
		if w := do(t, s, httptest.NewRequest("GET", p, nil)); w.Code != 404 {
			t.Errorf("GET %s of expired paste: %d", p, w.Code)
		}
	}
}

func TestRawOrigin(t *testing.T) {
	s := newServer(t, func(c *paste.Config) { c.RawBaseURL = "http://raw.paste.test" })
	a := create(t, s, "x", "")
	if a.RawURL != "http://raw.paste.test/"+a.ID+"/raw" {
		t.Errorf("raw_url = %s", a.RawURL)
	}
	if w := do(t, s, httptest.NewRequest("GET", "/"+a.ID+"/raw", nil)); w.Code != 302 || w.Header().Get("Location") != a.RawURL {
		t.Errorf("raw on main origin: %d %s", w.Code, w.Header().Get("Location"))
	}
	if w := do(t, s, httptest.NewRequest("GET", a.RawURL, nil)); w.Code != 200 || w.Body.String() != "x" {
		t.Errorf("raw on raw origin: %d", w.Code)
	}
	if w := do(t, s, httptest.NewRequest("GET", "http://raw.paste.test/"+a.ID, nil)); w.Code != 302 {
		t.Errorf("page on raw origin: %d", w.Code)
	}
}

func TestMetricsAndHealth(t *testing.T) {
	s := newServer(t, nil)
	create(t, s, "x", "")
	if w := do(t, s, httptest.NewRequest("GET", "/healthz", nil)); w.Body.String() != "ok\n" {
		t.Errorf("healthz: %q", w.Body)
	}
	m := do(t, s, httptest.NewRequest("GET", "/metrics", nil)).Body.String()
	for _, want := range []string{"shine_paste_created_total 1", `shine_paste_http_requests_total{code="201",route="POST /{$}"} 1`} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
