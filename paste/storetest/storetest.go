// Package storetest is the conformance suite for paste.Store: every backend
// runs the same tests from its own package's tests with Run.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shine-blog/shine/paste"
)

// Backend opens stores for the suite.
type Backend struct {
	// New returns a store on new, empty storage; the suite closes it.
	// peer, when not nil, opens another store on the same storage, as a
	// second server would; it is nil for storage that only one process
	// can open. The suite closes what peer returns.
	New func(t *testing.T) (s paste.Store, peer func() (paste.Store, error))
}

// Run runs the conformance suite against b.
func Run(t *testing.T, b Backend) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s paste.Store, peer func() (paste.Store, error))
	}{
		{"CreateGet", testCreateGet},
		{"CreateNeverOverwrites", testCreateNeverOverwrites},
		{"Binary", testBinary},
		{"GetMissing", testGetMissing},
		{"Expire", testExpire},
		{"Sweep", testSweep},
		{"RevealKeepsPlainPaste", testRevealKeepsPlain},
		{"BurnAfterReadingConcurrent", testBurnConcurrent},
		{"GetDoesNotBurn", testGetDoesNotBurn},
		{"Delete", testDelete},
		{"ConcurrentCreates", testConcurrentCreates},
		{"SharedStorage", testShared},
		{"TextFields", testTextFields},
		{"Reports", testReports},
		{"TakeDown", testTakeDown},
		{"Bans", testBans},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, peer := b.New(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s, peer)
		})
	}
}

// newPaste returns a paste with a fresh id, whose delete token is "token-"
// followed by the id. Times are whole milliseconds so that every backend
// keeps them exactly.
func newPaste(content string) *paste.Paste {
	id := paste.NewID()
	return &paste.Paste{
		ID:         id,
		Content:    []byte(content),
		Lang:       "go",
		Filename:   "main.go",
		CreatedAt:  time.Now().Truncate(time.Millisecond),
		ExpiresAt:  time.Now().Add(time.Hour).Truncate(time.Millisecond),
		DeleteHash: paste.HashToken("token-" + id),
	}
}

func mustCreate(t *testing.T, s paste.Store, p *paste.Paste) {
	t.Helper()
	if err := s.Create(context.Background(), p); err != nil {
		t.Fatalf("Create(%s): %v", p.ID, err)
	}
}

var cmpTime = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

func testCreateGet(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		p    *paste.Paste
	}{
		{"expiring", newPaste("package main\n")},
		{"never", func() *paste.Paste { p := newPaste("x"); p.ExpiresAt = time.Time{}; return p }()},
		{"empty", func() *paste.Paste { p := newPaste(""); p.Lang, p.Filename = "", ""; return p }()},
		{"burn", func() *paste.Paste { p := newPaste("secret"); p.Burn = true; return p }()},
		{"large", newPaste(string(bytes.Repeat([]byte("0123456789abcdef"), 64<<10)))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustCreate(t, s, tc.p)
			got, err := s.Get(ctx, tc.p.ID)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if diff := cmp.Diff(tc.p, got, cmpTime); diff != "" {
				t.Errorf("Get mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func testCreateNeverOverwrites(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	ctx := context.Background()
	p := newPaste("first")
	mustCreate(t, s, p)
	q := newPaste("second")
	q.ID = p.ID
	if err := s.Create(ctx, q); !errors.Is(err, paste.ErrExists) {
		t.Fatalf("Create with a taken id = %v, want ErrExists", err)
	}
	got, err := s.Get(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Content) != "first" {
		t.Errorf("content after colliding Create = %q, want %q", got.Content, "first")
	}
	// An expired paste that is not swept yet still holds its id.
	e := newPaste("old")
	e.ExpiresAt = time.Now().Add(-time.Minute)
	mustCreate(t, s, e)
	f := newPaste("new")
	f.ID = e.ID
	if err := s.Create(ctx, f); !errors.Is(err, paste.ErrExists) {
		t.Errorf("Create over an expired paste = %v, want ErrExists", err)
	}
}

func testBinary(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	p := newPaste(string(b))
	mustCreate(t, s, p)
	got, err := s.Get(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Content, b) {
		t.Errorf("binary content changed: got %x", got.Content)
	}
}

func testGetMissing(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	ctx := context.Background()
	id := paste.NewID()
	if _, err := s.Get(ctx, id); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("Get(missing) = %v, want ErrNotFound", err)
	}
	if _, err := s.Reveal(ctx, id); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("Reveal(missing) = %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, id, "x"); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("Delete(missing) = %v, want ErrNotFound", err)
	}
}

func testExpire(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	ctx := context.Background()
	p := newPaste("soon gone")
	p.ExpiresAt = time.Now().Add(300 * time.Millisecond)
	mustCreate(t, s, p)
	if _, err := s.Get(ctx, p.ID); err != nil {
		t.Fatalf("Get before expiry: %v", err)
	}
	time.Sleep(time.Until(p.ExpiresAt) + 50*time.Millisecond)
	if _, err := s.Get(ctx, p.ID); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("Get after expiry = %v, want ErrNotFound", err)
	}
	if _, err := s.Reveal(ctx, p.ID); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("Reveal after expiry = %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, p.ID, "token-"+p.ID); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("Delete after expiry = %v, want ErrNotFound", err)
	}
}

func testSweep(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	ctx := context.Background()
	now := time.Now()
	var expired, live []*paste.Paste
	for i := range 30 {
		p := newPaste(fmt.Sprint("expired ", i))
		p.ExpiresAt = now.Add(-time.Duration(i+1) * time.Minute)
		mustCreate(t, s, p)
		expired = append(expired, p)
	}
	for i := range 10 {
		p := newPaste(fmt.Sprint("live ", i))
		if i%2 == 0 {
			p.ExpiresAt = time.Time{}
		}
		mustCreate(t, s, p)
		live = append(live, p)
	}
	n, err := s.Sweep(ctx, now)
	if err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	if n != len(expired) {
		t.Errorf("Sweep removed %d pastes, want %d", n, len(expired))
	}
	if n, err := s.Sweep(ctx, now); err != nil || n != 0 {
		t.Errorf("second Sweep = %d, %v; want 0, nil", n, err)
	}
	for _, p := range live {
		if _, err := s.Get(ctx, p.ID); err != nil {
			t.Errorf("Get(%s) after sweep: %v", p.ID, err)
		}
	}
	// Swept ids are free again: the storage really forgot them.
	for _, p := range expired[:3] {
		q := newPaste("reused")
		q.ID = p.ID
		if err := s.Create(ctx, q); err != nil {
			t.Errorf("Create with a swept id: %v", err)
		}
	}
}

func testRevealKeepsPlain(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	ctx := context.Background()
	p := newPaste("not burnt")
	mustCreate(t, s, p)
	for i := range 3 {
		got, err := s.Reveal(ctx, p.ID)
		if err != nil {
			t.Fatalf("Reveal #%d: %v", i+1, err)
		}
		if string(got.Content) != "not burnt" {
			t.Errorf("Reveal #%d content = %q", i+1, got.Content)
		}
	}
}

func testGetDoesNotBurn(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	ctx := context.Background()
	p := newPaste("preview me")
	p.Burn = true
	mustCreate(t, s, p)
	for range 3 {
		if _, err := s.Get(ctx, p.ID); err != nil {
			t.Fatalf("Get of a burn paste: %v", err)
		}
	}
	if _, err := s.Reveal(ctx, p.ID); err != nil {
		t.Fatalf("Reveal: %v", err)
	}
	if _, err := s.Get(ctx, p.ID); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("Get after Reveal = %v, want ErrNotFound", err)
	}
}

// testBurnConcurrent has 50 readers reveal one burn-after-reading paste at
// once: exactly one may see it.
func testBurnConcurrent(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	for round := range 5 {
		p := newPaste(fmt.Sprint("burn round ", round))
		p.Burn = true
		mustCreate(t, s, p)
		var seen, missed atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 50 {
			wg.Go(func() {
				<-start
				got, err := s.Reveal(context.Background(), p.ID)
				switch {
				case err == nil:
					if !bytes.Equal(got.Content, p.Content) {
						t.Errorf("revealed content = %q", got.Content)
					}
					seen.Add(1)
				case errors.Is(err, paste.ErrNotFound):
					missed.Add(1)
				default:
					t.Errorf("Reveal: %v", err)
				}
			})
		}
		close(start)
		wg.Wait()
		if seen.Load() != 1 || missed.Load() != 49 {
			t.Fatalf("round %d: %d readers saw the paste and %d did not; want 1 and 49", round, seen.Load(), missed.Load())
		}
	}
}

func testDelete(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	ctx := context.Background()
	p := newPaste("delete me")
	mustCreate(t, s, p)
	for _, wrong := range []string{"", "token-", "token-" + p.ID + "x", "TOKEN-" + p.ID} {
		if err := s.Delete(ctx, p.ID, wrong); !errors.Is(err, paste.ErrBadToken) {
			t.Errorf("Delete with token %q = %v, want ErrBadToken", wrong, err)
		}
	}
	if _, err := s.Get(ctx, p.ID); err != nil {
		t.Fatalf("Get after refused deletes: %v", err)
	}
	if err := s.Delete(ctx, p.ID, "token-"+p.ID); err != nil {
		t.Fatalf("Delete with the right token: %v", err)
	}
	if _, err := s.Get(ctx, p.ID); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("Get after Delete = %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, p.ID, "token-"+p.ID); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("second Delete = %v, want ErrNotFound", err)
	}
}

// testConcurrentCreates creates many pastes at once, some of them sharing
// an id: exactly one of each id wins and every winner reads back.
func testConcurrentCreates(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	ctx := context.Background()
	const n = 200
	ps := make([]*paste.Paste, n)
	for i := range ps {
		ps[i] = newPaste(fmt.Sprint("paste ", i))
		if i%10 == 1 {
			ps[i].ID = ps[i-1].ID
		}
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range ps {
		wg.Go(func() { errs[i] = s.Create(ctx, ps[i]) })
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		if i%10 == 0 {
			a, b := errs[i], errs[i+1]
			if (a == nil) == (b == nil) || (a != nil && !errors.Is(a, paste.ErrExists)) || (b != nil && !errors.Is(b, paste.ErrExists)) {
				t.Errorf("two creates of id %s returned %v and %v; want one nil and one ErrExists", ps[i].ID, a, b)
			}
			winner := ps[i]
			if a != nil {
				winner = ps[i+1]
			}
			got, err := s.Get(ctx, winner.ID)
			if err != nil || !bytes.Equal(got.Content, winner.Content) {
				t.Errorf("Get(%s) = %v, %v; want the winner's content %q", winner.ID, got, err, winner.Content)
			}
			i++
			continue
		}
		if errs[i] != nil {
			t.Errorf("Create #%d: %v", i, errs[i])
		}
	}
}

// testShared runs several stores on one storage, as several servers behind
// a load balancer would: what one writes the others read, a burn paste
// burns once across all of them, and ids stay unique across them.
func testShared(t *testing.T, s paste.Store, peer func() (paste.Store, error)) {
	if peer == nil {
		t.Skip("this storage is opened by one process only")
	}
	ctx := context.Background()
	stores := []paste.Store{s}
	for range 3 {
		o, err := peer()
		if err != nil {
			t.Fatalf("open peer: %v", err)
		}
		t.Cleanup(func() { o.Close() })
		stores = append(stores, o)
	}
	// What one writes, every other reads.
	for i, w := range stores {
		p := newPaste(fmt.Sprint("from server ", i))
		mustCreate(t, w, p)
		for j, r := range stores {
			got, err := r.Get(ctx, p.ID)
			if err != nil || string(got.Content) != string(p.Content) {
				t.Errorf("server %d reading server %d's paste: %v, %v", j, i, got, err)
			}
		}
	}
	// The same id from two servers: one wins.
	p, q := newPaste("a"), newPaste("b")
	q.ID = p.ID
	mustCreate(t, stores[1], p)
	if err := stores[2].Create(ctx, q); !errors.Is(err, paste.ErrExists) {
		t.Errorf("Create of a taken id on another server = %v, want ErrExists", err)
	}
	// Burn after reading across servers: 50 readers spread over them.
	b := newPaste("burn across servers")
	b.Burn = true
	mustCreate(t, stores[0], b)
	var seen atomic.Int32
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if _, err := stores[i%len(stores)].Reveal(ctx, b.ID); err == nil {
				seen.Add(1)
			} else if !errors.Is(err, paste.ErrNotFound) {
				t.Errorf("Reveal: %v", err)
			}
		})
	}
	wg.Wait()
	if seen.Load() != 1 {
		t.Errorf("%d readers across servers saw the burn paste, want 1", seen.Load())
	}
	// Delete on one server, gone on the others; wrong token refused.
	d := newPaste("delete across")
	mustCreate(t, stores[3], d)
	if err := stores[1].Delete(ctx, d.ID, "wrong"); !errors.Is(err, paste.ErrBadToken) {
		t.Errorf("Delete with wrong token on another server = %v, want ErrBadToken", err)
	}
	if err := stores[2].Delete(ctx, d.ID, "token-"+d.ID); err != nil {
		t.Errorf("Delete on another server: %v", err)
	}
	if _, err := stores[3].Get(ctx, d.ID); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("Get after Delete elsewhere = %v, want ErrNotFound", err)
	}
	// Sweeping from every server at once removes each paste once.
	for i := range 20 {
		e := newPaste(fmt.Sprint("expired ", i))
		e.ExpiresAt = time.Now().Add(-time.Minute)
		mustCreate(t, stores[i%len(stores)], e)
	}
	var swept atomic.Int32
	for _, st := range stores {
		wg.Go(func() {
			n, err := st.Sweep(ctx, time.Now())
			if err != nil {
				t.Errorf("Sweep: %v", err)
			}
			swept.Add(int32(n))
		})
	}
	wg.Wait()
	if swept.Load() != 20 {
		t.Errorf("concurrent sweeps removed %d pastes in all, want 20", swept.Load())
	}
}

// testTextFields: every store refuses the same text fields (invalid UTF-8,
// control characters) with ErrMalformed, storing nothing, and keeps any
// valid text exactly. PostgreSQL used to fail with an internal error
// where bolt stored the bytes.
func testTextFields(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	ctx := context.Background()
	for _, tc := range []struct{ name, filename, lang string }{
		{"filename not UTF-8", "\xff\xfe.txt", ""},
		{"filename with NUL", "a\x00b", ""},
		{"filename with newline", "a\nb", ""},
		{"lang not UTF-8", "", "g\xffo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPaste("x")
			p.Filename, p.Lang = tc.filename, tc.lang
			if err := s.Create(ctx, p); !errors.Is(err, paste.ErrMalformed) {
				t.Fatalf("Create = %v, want ErrMalformed", err)
			}
			if _, err := s.Get(ctx, p.ID); !errors.Is(err, paste.ErrNotFound) {
				t.Errorf("Get after refused Create = %v, want ErrNotFound", err)
			}
		})
	}
	p := newPaste("x")
	p.Filename = paste.CleanText("\xff\xfe r\u00e9sum\u00e9 \u65e5\u672c.txt")
	mustCreate(t, s, p)
	got, err := s.Get(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Filename != "\ufffd r\u00e9sum\u00e9 \u65e5\u672c.txt" {
		t.Errorf("cleaned file name came back as %q", got.Filename)
	}
}

func testReports(t *testing.T, s paste.Store, _ func() (paste.Store, error)) {
	ctx := context.Background()
	a, b := newPaste("a"), newPaste("b")
	mustCreate(t, s, a)
	mustCreate(t, s, b)
	base := time.Now().Truncate(time.Millisecond)
	want := []paste.Report{
		{PasteID: b.ID, Reason: "spam", CreatedAt: base},
		{PasteID: a.ID, Reason: "malware \u2013 see line 3", CreatedAt: base.Add(time.Second)},
		{PasteID: b.ID, Reason: "spam again", CreatedAt: base.Add(2 * time.Second)},
	}
	// Added out of order: listed by time.
	for _, i := range []int{2, 0, 1} {
		if err := s.AddReport(ctx, want[i]); err != nil {
			t.Fatalf("AddReport: %v", err)
		}
	}
	got, err := s.Reports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpTime); diff != "" {
		t.Errorf("Reports (-want +got):\n%s", diff)
	}
	err = s.AddReport(ctx, paste.Report{PasteID: paste.NewID(), Reason: "x", CreatedAt: base})
	if !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("AddReport on a missing paste = %v, want ErrNotFound", err)
	}
	e := newPaste("old")
	e.ExpiresAt = time.Now().Add(-time.Minute)
	mustCreate(t, s, e)
	if err := s.AddReport(ctx, paste.Report{PasteID: e.ID, Reason: "x", CreatedAt: base}); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("AddReport on an expired paste = %v, want ErrNotFound", err)
	}
}

func testTakeDown(t *testing.T, s paste.Store, peer func() (paste.Store, error)) {
	ctx := context.Background()
	p, other := newPaste("unwanted"), newPaste("fine")
	mustCreate(t, s, p)
	mustCreate(t, s, other)
	now := time.Now().Truncate(time.Millisecond)
	for _, r := range []paste.Report{{PasteID: p.ID, Reason: "bad", CreatedAt: now}, {PasteID: other.ID, Reason: "meh", CreatedAt: now.Add(time.Millisecond)}, {PasteID: p.ID, Reason: "bad!", CreatedAt: now.Add(2 * time.Millisecond)}} {
		if err := s.AddReport(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.TakeDown(ctx, p.ID, "reported twice", now); err != nil {
		t.Fatalf("TakeDown: %v", err)
	}
	if _, err := s.Get(ctx, p.ID); !errors.Is(err, paste.ErrGone) {
		t.Errorf("Get after TakeDown = %v, want ErrGone", err)
	}
	if _, err := s.Reveal(ctx, p.ID); !errors.Is(err, paste.ErrGone) {
		t.Errorf("Reveal after TakeDown = %v, want ErrGone", err)
	}
	if err := s.Delete(ctx, p.ID, "token-"+p.ID); !errors.Is(err, paste.ErrGone) {
		t.Errorf("Delete after TakeDown = %v, want ErrGone", err)
	}
	if err := s.TakeDown(ctx, p.ID, "again", now); !errors.Is(err, paste.ErrGone) {
		t.Errorf("second TakeDown = %v, want ErrGone", err)
	}
	if err := s.AddReport(ctx, paste.Report{PasteID: p.ID, Reason: "x", CreatedAt: now}); !errors.Is(err, paste.ErrGone) {
		t.Errorf("AddReport after TakeDown = %v, want ErrGone", err)
	}
	q := newPaste("reuse")
	q.ID = p.ID
	if err := s.Create(ctx, q); !errors.Is(err, paste.ErrExists) {
		t.Errorf("Create with a taken-down id = %v, want ErrExists", err)
	}
	if _, err := s.Sweep(ctx, time.Now().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, p.ID); !errors.Is(err, paste.ErrGone) {
		t.Errorf("Get after TakeDown and Sweep = %v, want ErrGone", err)
	}
	if err := s.TakeDown(ctx, paste.NewID(), "x", now); !errors.Is(err, paste.ErrNotFound) {
		t.Errorf("TakeDown of a missing paste = %v, want ErrNotFound", err)
	}
	// The reports on it are closed; the others stay.
	got, err := s.Reports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].PasteID != other.ID {
		t.Errorf("Reports after TakeDown = %+v, want only the report on %s", got, other.ID)
	}
	if peer != nil {
		s2, err := peer()
		if err != nil {
			t.Fatal(err)
		}
		defer s2.Close()
		if _, err := s2.Get(ctx, p.ID); !errors.Is(err, paste.ErrGone) {
			t.Errorf("Get on another server = %v, want ErrGone", err)
		}
	}
}

func testBans(t *testing.T, s paste.Store, peer func() (paste.Store, error)) {
	ctx := context.Background()
	h := paste.ContentHash([]byte("spam spam spam\n"))
	if banned, err := s.Banned(ctx, h); err != nil || banned {
		t.Fatalf("Banned before Ban = %v, %v", banned, err)
	}
	for range 2 {
		if err := s.Ban(ctx, h, "spam", time.Now()); err != nil {
			t.Fatalf("Ban: %v", err)
		}
	}
	if banned, err := s.Banned(ctx, h); err != nil || !banned {
		t.Errorf("Banned after Ban = %v, %v", banned, err)
	}
	if banned, err := s.Banned(ctx, paste.ContentHash([]byte("spam spam spam"))); err != nil || banned {
		t.Errorf("other content banned = %v, %v", banned, err)
	}
	if peer != nil {
		s2, err := peer()
		if err != nil {
			t.Fatal(err)
		}
		defer s2.Close()
		if banned, err := s2.Banned(ctx, h); err != nil || !banned {
			t.Errorf("Banned on another server = %v, %v", banned, err)
		}
	}
}
