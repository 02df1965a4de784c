package paste_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/shine-blog/shine/paste"
)

func FuzzParseExpiry(f *testing.F) {
	for _, s := range []string{"never", "10m", "1h", "1d", "2w", "1y", "90m", "1h30m", "0", "-1d", "1000d", "d", "9999999999y", "1e9h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := paste.ParseExpiry(s)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("ParseExpiry(%q) = %v, negative", s, d)
		}
		if d == paste.Never && s != "never" {
			t.Fatalf("ParseExpiry(%q) = never", s)
		}
		// What FormatExpiry spells reads back the same.
		if back, err := paste.ParseExpiry(paste.FormatExpiry(d)); err != nil || back != d {
			t.Fatalf("ParseExpiry(FormatExpiry(%v)) = %v, %v", d, back, err)
		}
	})
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"1MiB", "512KiB", "100kB", "4096", "0", "-1MiB", "1GiB", "99999999999999GiB", "MiB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := paste.ParseSize(s)
		if err == nil && (n <= 0 || n > 1<<40) {
			t.Fatalf("ParseSize(%q) = %d", s, n)
		}
	})
}

// FuzzUpload feeds the upload parser arbitrary multipart bodies and query
// strings: it must answer 201, 400 or 413, never crash or 500.
func FuzzUpload(f *testing.F) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.SetBoundary("xyz")
	fw, _ := mw.CreateFormFile("content", "a.go")
	io.WriteString(fw, "package a\n")
	mw.WriteField("lang", "go")
	mw.WriteField("expires", "1d")
	mw.WriteField("burn", "1")
	mw.Close()
	f.Add(b.Bytes(), "multipart/form-data; boundary=xyz", "")
	f.Add([]byte("raw body"), "", "lang=go&expires=1h&burn=0")
	f.Add([]byte("--xyz\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nx\r\n--xyz--"), "multipart/form-data; boundary=xyz", "")
	f.Add([]byte("x"), "multipart/form-data", "expires=never&lang=")
	s := newServer(f, func(c *paste.Config) { c.MaxSize = 4096; c.MaxExpiry = 30 * 24 * time.Hour })
	f.Fuzz(func(t *testing.T, body []byte, ctype, query string) {
		r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		r.URL.RawQuery = query
		if ctype != "" {
			r.Header.Set("Content-Type", ctype)
		}
		r.RemoteAddr = "192.0.2.1:1"
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		switch w.Code {
		case 201, 400, 413:
		default:
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		if w.Header().Get("Content-Type") == "" {
			t.Fatal("no Content-Type")
		}
	})
}

func TestClientAddr(t *testing.T) {
	s := newServer(t, func(c *paste.Config) {
		c.RateLimit, c.RateBurst = 0.001, 1
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
	// Each case spends the one token of the address it should be keyed
	// on, so a second request from the same key is refused.
	tests := []struct {
		name         string
		remote, xff  string
		sameAs       string // a remote address that shares the bucket
		sameAsXFF    string
		wantSameBuck bool
	}{
		{"untrusted peer ignores XFF", "192.0.2.10:1", "198.51.100.1", "192.0.2.10:2", "", true},
		{"trusted peer uses XFF", "10.0.0.1:1", "198.51.100.2", "10.0.0.2:1", "198.51.100.2", true},
		{"rightmost untrusted hop", "10.0.0.1:1", "203.0.113.5, 198.51.100.3, 10.9.9.9", "192.0.2.99:1", "", false},
		{"IPv6 grouped by /64", "[2001:db8::1]:1", "", "[2001:db8::2]:1", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := func(remote, xff string) int {
				r := httptest.NewRequest("GET", "/", nil)
				r.RemoteAddr = remote
				if xff != "" {
					r.Header.Set("X-Forwarded-For", xff)
				}
				w := httptest.NewRecorder()
				s.ServeHTTP(w, r)
				return w.Code
			}
			if c := req(tt.remote, tt.xff); c != 200 {
				t.Fatalf("first request: %d", c)
			}
			c := req(tt.sameAs, tt.sameAsXFF)
			if tt.wantSameBuck && c != 429 {
				t.Errorf("second request from the same client: %d, want 429", c)
			}
			if !tt.wantSameBuck && c != 200 {
				t.Errorf("request from another client: %d, want 200", c)
			}
		})
	}
}

// blockingStore holds Create until released, to catch a request in flight.
type blockingStore struct {
	paste.Store
	entered, release chan struct{}
}

func (b *blockingStore) Create(ctx context.Context, p *paste.Paste) error {
	close(b.entered)
	<-b.release
	return b.Store.Create(ctx, p)
}

// TestGracefulShutdown cancels Serve while an upload is in flight: the
// upload still succeeds and Serve returns cleanly.
func TestGracefulShutdown(t *testing.T) {
	st := &blockingStore{Store: openStore(t), entered: make(chan struct{}), release: make(chan struct{})}
	cfg := paste.DefaultConfig()
	cfg.RateLimit = 0
	s, err := paste.NewServer(st, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln, 10*time.Second) }()
	answer := make(chan int, 1)
	go func() {
		resp, err := http.Post("http://"+ln.Addr().String()+"/", "text/plain", strings.NewReader("in flight"))
		if err != nil {
			t.Error(err)
			answer <- 0
			return
		}
		resp.Body.Close()
		answer <- resp.StatusCode
	}()
	<-st.entered
	cancel()
	time.Sleep(100 * time.Millisecond) // let Shutdown close the listener
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still accepting connections during shutdown")
	}
	close(st.release)
	if code := <-answer; code != 201 {
		t.Errorf("request in flight answered %d, want 201", code)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
