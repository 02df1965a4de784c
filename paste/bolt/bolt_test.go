package bolt_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shine-blog/shine/paste"
	"github.com/shine-blog/shine/paste/bolt"
	"github.com/shine-blog/shine/paste/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Backend{
		New: func(t *testing.T) (paste.Store, func() (paste.Store, error)) {
			s, err := bolt.Open(filepath.Join(t.TempDir(), "paste.db"), time.Second)
			if err != nil {
				t.Fatal(err)
			}
			return s, nil
		},
	})
}

// TestLocked checks that a second opener of the same file gets a clear
// error after a short wait instead of hanging.
func TestLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paste.db")
	s, err := bolt.Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	_, err = bolt.Open(path, 200*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "locked by another process") {
		t.Fatalf("second Open = %v, want a locked error", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second Open took %v", d)
	}
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paste.db")
	s, err := bolt.Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	p := &paste.Paste{ID: paste.NewID(), Content: []byte("kept"), CreatedAt: time.Now(), DeleteHash: paste.HashToken("t")}
	if err := s.Create(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = bolt.Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Get(t.Context(), p.ID)
	if err != nil || string(got.Content) != "kept" {
		t.Fatalf("Get after reopen = %v, %v", got, err)
	}
}
