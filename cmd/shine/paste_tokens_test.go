package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shine-blog/shine/paste"
	"github.com/shine-blog/shine/paste/bolt"
)

// TestTokenFileConcurrent runs 60 uploads and 30 deletions at once, as
// several shells would: every token of a paste still there is kept. The
// token file used to lose 4 or 5 of them.
func TestTokenFileConcurrent(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	store, err := bolt.Open(filepath.Join(t.TempDir(), "paste.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	cfg := paste.DefaultConfig()
	cfg.RateLimit = 0
	srv, err := paste.NewServer(store, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	file := filepath.Join(t.TempDir(), "note.txt")
	if err := os.WriteFile(file, []byte("note\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	upload := func() string {
		var out, errb bytes.Buffer
		if err := runPasteUpload(t.Context(), []string{"--server", ts.URL, file}, &out, &errb); err != nil || errb.Len() > 0 {
			t.Errorf("upload: %v %s", err, errb.String())
		}
		return strings.TrimSpace(out.String())
	}
	var old []string
	for range 30 {
		old = append(old, upload())
	}
	var mu sync.Mutex
	var kept []string
	var wg sync.WaitGroup
	for i := range 90 {
		wg.Go(func() {
			if i%3 == 2 {
				var errb bytes.Buffer
				if err := runPasteRm(t.Context(), []string{old[i/3]}, io.Discard, &errb); err != nil || errb.Len() > 0 {
					t.Errorf("rm %s: %v %s", old[i/3], err, errb.String())
				}
				return
			}
			u := upload()
			mu.Lock()
			kept = append(kept, u)
			mu.Unlock()
		})
	}
	wg.Wait()
	entries, err := readTokens()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.URL)
	}
	sort.Strings(got)
	sort.Strings(kept)
	if fmt.Sprint(got) != fmt.Sprint(kept) {
		t.Errorf("token file holds %d entries, want the %d uploads that were not deleted", len(got), len(kept))
	}
	path, _ := tokenFile()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode: %v %v", fi.Mode(), err)
	}
}

func TestRedactDB(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"bolt:paste.db", "bolt:paste.db"},
		{"postgres://u:hunter2@db/x", "postgres://u:xxxxx@db/x"},
		{"postgres://u@db/x?sslmode=disable&password=hunter2", "postgres://u@db/x?sslmode=disable&password=xxxxx"},
		{"postgres://u@db/x?password=hun%20ter2", "postgres://u@db/x?password=xxxxx"},
		{"postgresql://u:p%40ss@db/x?password=other", "postgresql://u:xxxxx@db/x?password=xxxxx"},
		{"host=db user=u password=hunter2 dbname=x", "host=db user=u password=xxxxx dbname=x"},
		{"host=db password='hun ter2' dbname=x", "host=db password='xxxxx' dbname=x"},
	} {
		if got := redactDB(tc.in); got != tc.want {
			t.Errorf("redactDB(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
