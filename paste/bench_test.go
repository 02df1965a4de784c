package paste_test

import (
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
