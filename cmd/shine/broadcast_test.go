package main

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/shine-blog/shine/broadcast/smtptest"
)

// TestBroadcastScripts runs the broadcast scripts with an SMTP server of
// their own: a real one, on loopback, that the `smtpd` command starts,
// steers and inspects.
func TestBroadcastScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/broadcast",
		RequireExplicitExec: true,
		Cmds:                map[string]func(ts *testscript.TestScript, neg bool, args []string){"smtpd": smtpd},
	})
}

// mailServer is the server of one script, with what the script asked of it.
type mailServer struct {
	srv *smtptest.Server

	mu       sync.Mutex
	reject   map[string]error
	holdAt   int // hold the holdAt-th message (1-based); 0: none
	seen     int
	held     chan struct{}
	released chan struct{}
}

var (
	serversMu sync.Mutex
	servers   = map[*testscript.TestScript]*mailServer{}
)

// smtpd start FILE...    start a server; write its host:port over SMTP_ADDR in FILEs
// smtpd reject CODE ADDR  answer RCPT TO:ADDR with CODE
// smtpd accept ADDR       take mail for ADDR again
// smtpd hold N            keep the Nth message waiting until released
// smtpd waitheld          wait until the held message arrived
// smtpd release           refuse the held message and let the server go on
// smtpd count ADDR N      ADDR received exactly N messages
// smtpd total N           the server accepted N messages in all
func smtpd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: smtpd start|reject|accept|hold|waitheld|release|count|total ...")
	}
	serversMu.Lock()
	ms := servers[ts]
	serversMu.Unlock()
	if args[0] != "start" && ms == nil {
		ts.Fatalf("smtpd: no server started")
	}
	switch args[0] {
	case "start":
		srv, err := smtptest.NewServer("127.0.0.1:0")
		ts.Check(err)
		ms = &mailServer{srv: srv, reject: map[string]error{}, held: make(chan struct{}), released: make(chan struct{})}
		srv.Rcpt = func(to string) error {
			ms.mu.Lock()
			defer ms.mu.Unlock()
			return ms.reject[to]
		}
		srv.Accept = func(smtptest.Message) error {
			ms.mu.Lock()
			ms.seen++
			hold := ms.seen == ms.holdAt
			ms.mu.Unlock()
			if hold {
				close(ms.held)
				<-ms.released
				return errors.New("the client went away")
			}
			return nil
		}
		serversMu.Lock()
		servers[ts] = ms
		serversMu.Unlock()
		ts.Defer(func() {
			ms.mu.Lock()
			if ms.holdAt > 0 && ms.seen >= ms.holdAt {
				select {
				case <-ms.released:
				default:
					close(ms.released)
				}
			}
			ms.mu.Unlock()
			srv.Close()
			serversMu.Lock()
			delete(servers, ts)
			serversMu.Unlock()
		})
		for _, f := range args[1:] {
			p := ts.MkAbs(f)
			b, err := os.ReadFile(p)
			ts.Check(err)
			ts.Check(os.WriteFile(p, []byte(strings.ReplaceAll(string(b), "SMTP_ADDR", srv.Addr)), 0o644))
		}
	case "reject":
		code, err := strconv.Atoi(args[1])
		ts.Check(err)
		ms.mu.Lock()
		ms.reject[args[2]] = smtptest.Error(code, "refused by the test")
		ms.mu.Unlock()
	case "accept":
		ms.mu.Lock()
		delete(ms.reject, args[1])
		ms.mu.Unlock()
	case "hold":
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		ms.mu.Lock()
		ms.holdAt = n
		ms.mu.Unlock()
	case "waitheld":
		select {
		case <-ms.held:
		case <-time.After(60 * time.Second):
			ts.Fatalf("smtpd: no message held after 60s")
		}
	case "release":
		close(ms.released)
	case "count", "total":
		want, err := strconv.Atoi(args[len(args)-1])
		ts.Check(err)
		got := len(ms.srv.Messages())
		if args[0] == "count" {
			got = ms.srv.Received()[args[1]]
		}
		if (got == want) == neg {
			ts.Fatalf("smtpd %s: got %d, want %d", strings.Join(args[:len(args)-1], " "), got, want)
		}
	default:
		ts.Fatalf("smtpd: unknown command %q", args[0])
	}
}
