package paste_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkRaw measures the handler work of GET /{id}/raw for a 4 KiB
// paste, without the network.
func BenchmarkRaw(b *testing.B) {
	s := newServer(b, nil)
	a := create(b, s, strings.Repeat("x", 4096), "")
	r := httptest.NewRequest("GET", "/"+a.ID+"/raw", nil)
	r.RemoteAddr = "192.0.2.1:1"
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkPage measures GET /{id} for a 12 KiB Go paste: the highlighted
// page a person sees. Compare with BenchmarkPageUncached.
func BenchmarkPage(b *testing.B) {
	s := newServer(b, nil)
	a := create(b, s, benchSource(b), "lang=go")
	benchGet(b, s, "/"+a.ID)
}

func benchSource(b *testing.B) string {
	const fn = `// sum adds the numbers in xs, skipping the negative ones.
func sum(xs []int) (total int) {
	for i, x := range xs {
		if x < 0 {
			continue // "negative" values do not count
		}
		total += x * i
	}
	return total
}

`
	return "package bench\n\n" + strings.Repeat(fn, (12<<10)/len(fn))
}

func benchGet(b *testing.B, s http.Handler, path string) {
	r := httptest.NewRequest("GET", path, nil)
	r.RemoteAddr = "192.0.2.1:1"
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}
