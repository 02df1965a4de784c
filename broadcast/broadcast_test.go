package broadcast

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shine-blog/shine/broadcast/smtptest"
	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site"
	"github.com/shine-blog/shine/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files with the current output")

var fixedNow = time.Date(2024, 3, 12, 8, 0, 0, 0, time.UTC)

// fixture copies testdata/site into a temporary folder with n readers in
// its subscribers file (the two of the fixture when n is 0).
func fixture(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dir, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		var b strings.Builder
		b.WriteString("email,name\n")
		for i := range n {
			fmt.Fprintf(&b, "reader%04d@example.com,Reader %d\n", i, i)
		}
		if err := os.WriteFile(filepath.Join(dir, "_data/readers.csv"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func siteOptions(dir string) site.Options {
	return site.Options{Source: dir, Theme: themes.Default(), Now: fixedNow}
}

func compose(t testing.TB, dir string) (*Email, []Recipient) {
	t.Helper()
	e, err := Compose(context.Background(), siteOptions(dir), "sde-good-reads", 0)
	if err != nil {
		t.Fatal(err)
	}
	rcpts, err := Recipients(dir, e.List)
	if err != nil {
		t.Fatal(err)
	}
	return e, rcpts
}

func startServer(t testing.TB, addr string) *smtptest.Server {
	t.Helper()
	srv, err := smtptest.NewServer(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func smtpOf(t testing.TB, srv *smtptest.Server) SMTP {
	host, port, _ := net.SplitHostPort(srv.Addr)
	p, _ := strconv.Atoi(port)
	return SMTP{Host: host, Port: p}
}

func newSender(t testing.TB, dir string, srv *smtptest.Server) *Sender {
	t.Helper()
	l, err := OpenLedger(LedgerPath(dir), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return &Sender{Ledger: l, SMTP: smtpOf(t, srv), Backoff: []time.Duration{10 * time.Millisecond}}
}

// runSend opens the ledger, sends and closes it, as one run of the
// command does.
func runSend(t *testing.T, dir string, srv *smtptest.Server, backoff []time.Duration) (Summary, error) {
	t.Helper()
	e, rcpts := compose(t, dir)
	l, err := OpenLedger(LedgerPath(dir), false)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	s := &Sender{Ledger: l, SMTP: smtpOf(t, srv), Backoff: backoff}
	return s.Send(context.Background(), e, rcpts)
}

func TestSendDeliversOneWellFormedMessageEach(t *testing.T) {
	dir := fixture(t, 0)
	srv := startServer(t, "127.0.0.1:0")
	sum, err := runSend(t, dir, srv, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sent != 3 || sum.Recipients != 3 {
		t.Fatalf("summary %+v, want 3 sent", sum)
	}
	msgs := srv.Messages()
	if len(msgs) != 3 {
		t.Fatalf("server got %d messages, want 3", len(msgs))
	}
	seenIDs := map[string]bool{}
	for _, m := range msgs {
		if len(m.To) != 1 {
			t.Errorf("a message went to %v: want one recipient per message", m.To)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatalf("parse message: %v", err)
		}
		h := msg.Header
		to, err := mail.ParseAddressList(h.Get("To"))
		if err != nil || len(to) != 1 || !strings.EqualFold(to[0].Address, m.To[0]) {
			t.Errorf("To: %q for envelope %v: want only the recipient", h.Get("To"), m.To)
		}
		if h.Get("Cc") != "" || h.Get("Bcc") != "" {
			t.Errorf("Cc/Bcc set: %q %q", h.Get("Cc"), h.Get("Bcc"))
		}
		id := h.Get("Message-Id")
		if _, err := mail.ParseAddress(strings.Trim(id, "<>")); err != nil || !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, ">") || seenIDs[id] {
			t.Errorf("Message-ID %q: want a unique <local@domain>", id)
		}
		seenIDs[id] = true
		if want := e0(t, dir).MessageID(m.To[0], false); id != "<"+want+">" {
			t.Errorf("Message-ID %q, want the deterministic <%s>", id, want)
		}
		dec := new(mime.WordDecoder)
		subj, _ := dec.DecodeHeader(h.Get("Subject"))
		if subj != "SDE Good Reads #1" {
			t.Errorf("Subject %q", subj)
		}
		for k, want := range map[string]string{
			"List-Id":               "SDE Good Reads <sde-good-reads.example.org>",
			"List-Archive":          "<https://example.org/broadcast/sde-good-reads/>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		} {
			if got := h.Get(k); got != want {
				t.Errorf("%s: %q, want %q", k, got, want)
			}
		}
		unsub := h.Get("List-Unsubscribe")
		if !strings.Contains(unsub, "<mailto:tan@example.org?subject=unsubscribe%20sde-good-reads>") ||
			!strings.Contains(unsub, "<https://list.example.org/unsubscribe?email=") {
			t.Errorf("List-Unsubscribe: %q", unsub)
		}
		text, htmlPart, related := parts(t, msg)
		if !strings.Contains(text, "Raft, explained with pictures") || strings.Contains(text, "<p>") {
			t.Errorf("text part:\n%s", text)
		}
		if !strings.Contains(htmlPart, `style="`) || !strings.Contains(htmlPart, "cid:") {
			t.Errorf("HTML part without inlined styles or embedded image:\n%s", htmlPart)
		}
		if related != 1 {
			t.Errorf("%d embedded images, want 1", related)
		}
		assertNoExternalRequests(t, htmlPart)
	}
	// A second run sends nothing.
	sum, err = runSend(t, dir, srv, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sent != 0 || sum.AlreadySent != 3 || len(srv.Messages()) != 3 {
		t.Errorf("second run: %+v, server has %d messages", sum, len(srv.Messages()))
	}
}

func e0(t testing.TB, dir string) *Email {
	e, _ := compose(t, dir)
	return e
}

// parts walks a multipart/alternative message and returns its text and
// HTML bodies, decoded, and the number of embedded images.
func parts(t *testing.T, msg *mail.Message) (text, html string, images int) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(mt string, params map[string]string, body io.Reader)
	walk = func(mt string, params map[string]string, body io.Reader) {
		if !strings.HasPrefix(mt, "multipart/") {
			t.Fatalf("unexpected %s", mt)
		}
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("multipart: %v", err)
			}
			pmt, pparams, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(p) // NextPart decodes quoted-printable
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case strings.HasPrefix(pmt, "multipart/"):
				walk(pmt, pparams, bytes.NewReader(b))
			case pmt == "text/plain":
				text = string(b)
			case pmt == "text/html":
				html = string(b)
			case strings.HasPrefix(pmt, "image/"):
				if p.Header.Get("Content-Id") == "" {
					t.Errorf("image part without Content-ID")
				}
				images++
			}
		}
	}
	if mt != "multipart/alternative" && mt != "multipart/related" && mt != "multipart/mixed" {
		t.Fatalf("Content-Type %s", mt)
	}
	walk(mt, params, msg.Body)
	if text == "" || html == "" {
		t.Fatalf("want a text and an HTML part; got text %d bytes, HTML %d bytes", len(text), len(html))
	}
	return text, html, images
}

func assertNoExternalRequests(t *testing.T, html string) {
	t.Helper()
	for _, bad := range []string{"<link", "<script", `src="http`, `src="/`, "url(", "@import", "srcset="} {
		if strings.Contains(html, bad) {
			t.Errorf("email HTML contains %q: opening it would make a request", bad)
		}
	}
}

func TestSendFaults(t *testing.T) {
	dir := fixture(t, 6)
	srv := startServer(t, "127.0.0.1:0")
	// Two readers are deferred (451) for the whole first run, one is
	// refused for good (550).
	defer451 := map[string]bool{"reader0001@example.com": true, "reader0004@example.com": true}
	// The sender opens several connections at once: the server calls Rcpt
	// from each.
	var mu sync.Mutex
	rcptTries := map[string]int{}
	tries := func(to string) int {
		mu.Lock()
		defer mu.Unlock()
		return rcptTries[to]
	}
	srv.Rcpt = func(to string) error {
		mu.Lock()
		rcptTries[to]++
		mu.Unlock()
		switch {
		case defer451[to]:
			return smtptest.Error(451, "greylisted, try again later")
		case to == "reader0002@example.com":
			return smtptest.Error(550, "no such user")
		}
		return nil
	}
	sum, err := runSend(t, dir, srv, []time.Duration{5 * time.Millisecond, 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sent != 4 || sum.Deferred != 2 || sum.Failed != 1 {
		t.Fatalf("first run: %+v, want 4 sent, 2 deferred, 1 failed", sum)
	}
	if n := tries("reader0001@example.com"); n != 3 {
		t.Errorf("a deferred reader was tried %d times in the run, want 3 (first try and two retries)", n)
	}
	l, err := OpenLedger(LedgerPath(dir), true)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := l.Entries("sde-good-reads", 1)
	l.Close()
	if e := entries["reader0001@example.com"]; e.State != Deferred || !strings.Contains(e.Reason, "451") {
		t.Errorf("deferred entry: %+v", e)
	}
	if e := entries["reader0002@example.com"]; e.State != Failed || !strings.Contains(e.Reason, "550") {
		t.Errorf("failed entry: %+v", e)
	}

	// The next run: the server takes the deferred ones now.
	defer451 = map[string]bool{}
	sum, err = runSend(t, dir, srv, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sent != 2 || sum.AlreadySent != 4 || sum.Failed != 1 || sum.Deferred != 0 {
		t.Fatalf("second run: %+v, want the 2 deferred sent", sum)
	}
	if n := tries("reader0002@example.com"); n != 1 {
		t.Errorf("the refused reader was tried %d times, want once: a 5xx is never retried", n)
	}
	got := srv.Received()
	for i := range 6 {
		addr := fmt.Sprintf("reader%04d@example.com", i)
		want := 1
		if i == 2 {
			want = 0
		}
		if got[addr] != want {
			t.Errorf("%s got %d copies, want %d", addr, got[addr], want)
		}
	}
	if got["sde-good-reads@lists.example.org"] != 1 {
		t.Errorf("the list address got %d copies", got["sde-good-reads@lists.example.org"])
	}
}

func TestSendAfterDroppedConnection(t *testing.T) {
	dir := fixture(t, 10)
	srv := startServer(t, "127.0.0.1:0")
	// After four messages the server cuts every connection at MAIL FROM.
	srv.Mail = func(n int) bool { return n >= 4 }
	sum, err := runSend(t, dir, srv, nil)
	if err == nil {
		t.Fatalf("first run succeeded (%+v); want it stopped by the lost connection", sum)
	}
	if !strings.Contains(err.Error(), "run send again") {
		t.Errorf("error %q does not say what to do", err)
	}
	first := len(srv.Messages())
	if first != 4 {
		t.Fatalf("server took %d messages before the cut, want 4", first)
	}
	addr := srv.Addr
	srv.Close()

	srv2 := startServer(t, addr) // the same server, back up
	sum, err = runSend(t, dir, srv2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sent != 7 || sum.AlreadySent != 4 || sum.Uncertain != 0 {
		t.Errorf("second run: %+v, want the other 7 sent", sum)
	}
	got := srv.Received()
	for k, v := range srv2.Received() {
		got[k] += v
	}
	if len(got) != 11 {
		t.Errorf("%d recipients reached, want 11", len(got))
	}
	for a, n := range got {
		if n != 1 {
			t.Errorf("%s got %d copies", a, n)
		}
	}
}

func TestSuppression(t *testing.T) {
	dir := fixture(t, 3)
	srv := startServer(t, "127.0.0.1:0")
	l, err := OpenLedger(LedgerPath(dir), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Suppress("sde-good-reads", "Reader0001@Example.com", "unsubscribed", fixedNow); err != nil {
		t.Fatal(err)
	}
	// reader0002 failed permanently on two earlier issues.
	for _, n := range []int{7, 8} {
		if err := l.Put("sde-good-reads", n, Entry{Address: "reader0002@example.com", State: Failed, Reason: "550 no such user"}); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	sum, err := runSend(t, dir, srv, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Received()
	if got["reader0001@example.com"] != 0 || got["reader0002@example.com"] != 0 || got["reader0000@example.com"] != 1 {
		t.Errorf("received %v: the unsubscribed and twice-failed readers must get nothing", got)
	}
	if sum.Suppressed != 2 {
		t.Errorf("summary %+v, want 2 suppressed", sum)
	}
}

func TestSendTestCopyLeavesLedgerAlone(t *testing.T) {
	dir := fixture(t, 0)
	srv := startServer(t, "127.0.0.1:0")
	e, _ := compose(t, dir)
	if err := SendTest(context.Background(), smtpOf(t, srv), e, "me@example.net", fixedNow); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "me@example.net" || !bytes.Contains(msgs[0].Data, []byte("Subject: [TEST] SDE Good Reads #1")) {
		t.Fatalf("test copy: %d messages %q", len(msgs), msgs)
	}
	if _, err := os.Stat(LedgerPath(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a test send made a ledger (%v)", err)
	}
}

// BenchmarkSend1000 sends an issue to 1,000 readers, unthrottled, over
// loopback: the issue asks for under 10 s.
func BenchmarkSend1000(b *testing.B) {
	for range b.N {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "site")
		if err := os.CopyFS(dir, os.DirFS("testdata/site")); err != nil {
			b.Fatal(err)
		}
		var csv strings.Builder
		csv.WriteString("email\n")
		for i := range 1000 {
			fmt.Fprintf(&csv, "r%04d@example.com\n", i)
		}
		os.WriteFile(filepath.Join(dir, "_data/readers.csv"), []byte(csv.String()), 0o644)
		srv := startServer(b, "127.0.0.1:0")
		e, rcpts := compose(b, dir)
		s := newSender(b, dir, srv)
		b.StartTimer()
		sum, err := s.Send(context.Background(), e, rcpts)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Sent != 1001 {
			b.Fatalf("sent %d", sum.Sent)
		}
	}
}

func TestGolden(t *testing.T) {
	dir := fixture(t, 0)
	dest := filepath.Join(t.TempDir(), "_site")
	if _, err := site.Build(context.Background(), site.Options{Source: dir, Destination: dest, Theme: themes.Default(), Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	e, _ := compose(t, dir)
	msg, err := e.Message(Recipient{Address: "ana@example.com", Name: "Ana Müller"}, fixedNow, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, file, got string }{
		{"archive", "broadcast/sde-good-reads/index.html", ""},
		{"issue", "broadcast/sde-good-reads/0001/index.html", ""},
		{"feed", "broadcast/sde-good-reads/feed.xml", ""},
		{"link-post", "2024/03/01/raft-explained.html", ""},
		{"email-html", "", e.HTML},
		{"email-text", "", e.Text},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := []byte(tc.got)
			if tc.file != "" {
				if got, err = os.ReadFile(filepath.Join(dest, tc.file)); err != nil {
					t.Fatal(err)
				}
			}
			golden(t, tc.name, got)
		})
	}
	assertNoExternalRequests(t, e.HTML)
	var eml bytes.Buffer
	if _, err := msg.WriteTo(&eml); err != nil {
		t.Fatal(err)
	}
	if _, err := mail.ReadMessage(bytes.NewReader(eml.Bytes())); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(eml.Bytes(), []byte("To: =?utf-8?q?Ana_M=C3=BCller?= <ana@example.com>")) {
		t.Errorf("To header not RFC 2047 encoded:\n%s", eml.Bytes()[:600])
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./broadcast -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from %s (-want +got):\n%s", name, path, diff)
	}
}

func TestConfigErrorsNameKeyAndLine(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"rate", "broadcast:\n  news:\n    tags: [x]\n    rate: fast\n", "_config.yml:4: broadcast.news.rate: want messages per second"},
		{"password", "broadcast:\n  news:\n    tags: [x]\n    smtp: smtps://u:secret@smtp.example.org\n", "_config.yml:4: broadcast.news.smtp: the password does not belong in the config"},
		{"unknown", "title: x\nbroadcast:\n  news:\n    tag: [x]\n    categories: [y]\n", "_config.yml:4: broadcast.news.tag: unknown setting"},
		{"from", "broadcast:\n  news:\n    tags: [x]\n    from: not an address\n", "_config.yml:4: broadcast.news.from: not a mail address"},
		{"no selection", "broadcast:\n  news:\n    title: News\n", "_config.yml:2: broadcast.news: name the posts to send"},
		{"scheme", "broadcast:\n  news:\n    tags: [x]\n    smtp: http://x\n", "_config.yml:4: broadcast.news.smtp: want smtp://"},
		{"unsubscribe", "broadcast:\n  news:\n    tags: [x]\n\n    unsubscribe: http://x.org/u\n", "_config.yml:5: broadcast.news.unsubscribe: want an https://"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := content.ParseConfig("_config.yml", []byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	cfg, err := content.ParseConfig("_config.yml", []byte("broadcast:\n  news:\n    tags: [x]\n    rate: 600/m\n"))
	if err != nil || cfg.Broadcast("news").Rate != 10 || cfg.Broadcast("news").Subject != content.DefaultBroadcastSubject {
		t.Errorf("rate 600/m: %v %+v", err, cfg.Broadcast("news"))
	}
}
