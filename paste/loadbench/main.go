// Command loadbench measures the paste server on loopback, as issue #3
// asks: reading a 4 KiB paste raw against a bare net/http handler serving
// the same bytes, and creating 4 KiB pastes on the bbolt store with 64
// concurrent clients.
//
//	go build -o /tmp/shine ./cmd/shine && go run ./paste/loadbench -shine /tmp/shine
//
// It starts `shine paste serve` (bbolt in a temporary folder, rate limit
// off) and a bare server (this program with -bare) as separate processes,
// and drives both with the same lean HTTP/1.1 keep-alive load generator,
// so the ratio compares the servers, not the clients.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	shine := fs.String("shine", "shine", "path of the shine binary to benchmark")
	dur := fs.Duration("duration", 10*time.Second, "length of each measurement")
	readConns := fs.Int("read-conns", 64, "concurrent connections for the read benchmarks")
	createConns := fs.Int("create-conns", 64, "concurrent clients for the create benchmark")
	size := fs.Int("size", 4096, "paste size in bytes")
	bare := fs.String("bare", "", "internal: serve the bare handler on this address and print it")
	target := fs.String("get", "", "only GET this `URL` (on a server already running) with -read-conns connections for -duration, and report req/s")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *target != "" {
		u, err := url.Parse(*target)
		if err != nil || u.Scheme != "http" {
			return fmt.Errorf("-get: want an http:// URL")
		}
		r := load(u.Host, []byte("GET "+u.RequestURI()+" HTTP/1.1\r\nHost: "+u.Host+"\r\n\r\n"), *readConns, *dur, -1)
		if r.err != nil {
			return r.err
		}
		fmt.Printf("GET %s: %.0f req/s, %d non-2xx answers\n", *target, r.rps(), r.bad)
		return nil
	}
	body := bytes.Repeat([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n"), *size/64+1)[:*size]
	if *bare != "" {
		return serveBare(*bare, body)
	}

	dir, err := os.MkdirTemp("", "loadbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	ready := filepath.Join(dir, "ready")
	srv := exec.Command(*shine, "paste", "serve", "--addr", "127.0.0.1:0", "--db", "bolt:"+filepath.Join(dir, "paste.db"),
		"--rate-limit", "0", "--log-level", "warn", "--ready-file", ready)
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return fmt.Errorf("start shine: %w", err)
	}
	defer func() { srv.Process.Signal(os.Interrupt); srv.Wait() }()
	pasteURL, err := waitReady(ready)
	if err != nil {
		return err
	}

	self, err := os.Executable()
	if err != nil {
		return err
	}
	bareCmd := exec.Command(self, "-bare", "127.0.0.1:0", "-size", strconv.Itoa(*size))
	bareOut, _ := bareCmd.StdoutPipe()
	bareCmd.Stderr = os.Stderr
	if err := bareCmd.Start(); err != nil {
		return fmt.Errorf("start bare server: %w", err)
	}
	defer func() { bareCmd.Process.Kill(); bareCmd.Wait() }()
	line, err := bufio.NewReader(bareOut).ReadString('\n')
	if err != nil {
		return fmt.Errorf("bare server: %w", err)
	}
	bareAddr := strings.TrimSpace(line)

	// One paste to read.
	resp, err := http.Post(pasteURL+"/?expires=1d", "application/octet-stream", bytes.NewReader(body))
	if err != nil {
		return err
	}
	idURL, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("create paste: %s: %s", resp.Status, idURL)
	}
	rawPath := strings.TrimPrefix(strings.TrimSpace(string(idURL)), pasteURL) + "/raw"
	pasteAddr := strings.TrimPrefix(pasteURL, "http://")

	fmt.Printf("loadbench: %d-byte pastes, %v per measurement, GOMAXPROCS from the environment\n", *size, *dur)
	get := func(addr, path string) []byte {
		return []byte("GET " + path + " HTTP/1.1\r\nHost: " + addr + "\r\n\r\n")
	}
	// Warm both up, then alternate in one-second slices, so that both see
	// the same background load on a shared machine.
	load(bareAddr, get(bareAddr, "/"), *readConns, time.Second, len(body))
	load(pasteAddr, get(pasteAddr, rawPath), *readConns, time.Second, len(body))
	var bareN, rawN int64
	var bareD, rawD time.Duration
	for range max(1, int(*dur/time.Second)) {
		b := load(bareAddr, get(bareAddr, "/"), *readConns, time.Second, len(body))
		r := load(pasteAddr, get(pasteAddr, rawPath), *readConns, time.Second, len(body))
		if b.err != nil || r.err != nil {
			return errors.Join(b.err, r.err)
		}
		bareN, bareD = bareN+b.n, bareD+b.d
		rawN, rawD = rawN+r.n, rawD+r.d
	}
	bareRPS := float64(bareN) / bareD.Seconds()
	rawRPS := float64(rawN) / rawD.Seconds()
	fmt.Printf("read  bare net/http handler:  %9.0f req/s\n", bareRPS)
	fmt.Printf("read  shine GET /{id}/raw:    %9.0f req/s  = %.0f%% of bare (target ≥ 70%%)\n", rawRPS, 100*rawRPS/bareRPS)

	post := []byte("POST /?expires=1d HTTP/1.1\r\nHost: " + pasteAddr + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
		strconv.Itoa(len(body)) + "\r\n\r\n" + string(body))
	c := load(pasteAddr, post, *createConns, *dur, -1)
	if c.err != nil {
		return c.err
	}
	fmt.Printf("create %d clients, bbolt, durable: %9.0f pastes/s (target ≥ 3000), %d non-201 answers\n", *createConns, c.rps(), c.bad)
	return nil
}

func serveBare(addr string, body []byte) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr().String())
	n := strconv.Itoa(len(body))
	return http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Length", n)
		w.Write(body)
	}))
}

func waitReady(path string) (string, error) {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b)), nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "", errors.New("shine paste serve did not become ready")
}

type result struct {
	n, bad int64
	d      time.Duration
	err    error
}

func (r result) rps() float64 { return float64(r.n) / r.d.Seconds() }

// load sends req over conns keep-alive connections, one request in flight
// on each, for d, and counts the 2xx answers. wantLen, if not negative,
// is the body length every answer must have.
func load(addr string, req []byte, conns int, d time.Duration, wantLen int) result {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var n, bad atomic.Int64
	var wg sync.WaitGroup
	var firstErr atomic.Value
	start := time.Now()
	for range conns {
		wg.Go(func() {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				firstErr.CompareAndSwap(nil, err)
				return
			}
			defer c.Close()
			br := bufio.NewReaderSize(c, 32<<10)
			for ctx.Err() == nil {
				if _, err := c.Write(req); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				code, bodyLen, err := readResponse(br)
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				if code/100 == 2 && (wantLen < 0 || bodyLen == wantLen) {
					n.Add(1)
				} else {
					bad.Add(1)
				}
			}
		})
	}
	wg.Wait()
	r := result{n: n.Load(), bad: bad.Load(), d: time.Since(start)}
	if e, ok := firstErr.Load().(error); ok {
		r.err = e
	}
	return r
}

// readResponse reads one HTTP/1.1 response with a Content-Length body.
func readResponse(br *bufio.Reader) (code, bodyLen int, err error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, 0, err
	}
	if len(line) < 12 {
		return 0, 0, fmt.Errorf("bad status line %q", line)
	}
	code, _ = strconv.Atoi(string(line[9:12]))
	bodyLen = -1
	for {
		h, err := br.ReadSlice('\n')
		if err != nil {
			return 0, 0, err
		}
		if len(h) <= 2 {
			break
		}
		if len(h) > 16 && strings.EqualFold(string(h[:15]), "Content-Length:") {
			bodyLen, _ = strconv.Atoi(strings.TrimSpace(string(h[15:])))
		}
	}
	if bodyLen < 0 {
		return 0, 0, errors.New("answer without Content-Length")
	}
	_, err = br.Discard(bodyLen)
	return code, bodyLen, err
}
