package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/shine-blog/shine/paste"
	"github.com/shine-blog/shine/paste/postgres"
)

// TestPasteScripts runs the paste service scripts in testdata/paste. They
// start `shine paste serve … --ready-file F &`, wait for F with waitfile,
// and talk HTTP with the commands below.
func TestPasteScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/paste",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, ".config"))
			if pg := os.Getenv("SHINE_TEST_POSTGRES"); pg != "" {
				// Each script gets a schema of its own, dropped at the end.
				schema := "paste_script_" + paste.NewID()
				env.Setenv("SHINE_TEST_POSTGRES", pg)
				env.Setenv("PGSCHEMA", schema)
				env.Defer(func() {
					if err := postgres.DropSchema(context.Background(), pg, schema); err != nil {
						env.T().Log("drop schema:", err)
					}
				})
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "postgres" {
				return os.Getenv("SHINE_TEST_POSTGRES") != "", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"waitfile":   cmdWaitfile,
			"http":       cmdHTTP,
			"pastemany":  cmdPasteMany,
			"pastecheck": cmdPasteCheck,
			"capture":    cmdCapture,
		},
	})
}

// waitfile FILE [VAR] waits up to 20 s for FILE to exist and not be empty,
// then sets $VAR to its first line.
func cmdWaitfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: waitfile FILE [VAR]")
	}
	path := ts.MkAbs(args[0])
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := os.ReadFile(path)
		if err == nil && len(b) > 0 {
			if len(args) == 2 {
				line, _, _ := strings.Cut(string(b), "\n")
				ts.Setenv(args[1], strings.TrimSpace(line))
			}
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("waitfile %s: still missing after 20s", args[0])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// http [-H 'Name: value']... [-F name=value|name=@file]... [-d @file|text]
// METHOD URL sends a request like curl would. The body goes to stdout;
// stderr gets "HTTP <code>" then the response headers, one per line, sorted.
// It fails (unless negated) on no answer, never on a status code.
func cmdHTTP(ts *testscript.TestScript, neg bool, args []string) {
	var headers [][2]string
	var form [][2]string
	var data []byte
	hasData := false
	for len(args) > 2 {
		switch args[0] {
		case "-H":
			k, v, _ := strings.Cut(args[1], ":")
			headers = append(headers, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		case "-F":
			k, v, _ := strings.Cut(args[1], "=")
			form = append(form, [2]string{k, v})
		case "-d":
			hasData = true
			if f, ok := strings.CutPrefix(args[1], "@"); ok {
				data = []byte(ts.ReadFile(f))
			} else {
				data = []byte(args[1])
			}
		default:
			ts.Fatalf("http: unknown option %s", args[0])
		}
		args = args[2:]
	}
	if len(args) != 2 {
		ts.Fatalf("usage: http [-H h]... [-F f]... [-d data] METHOD URL")
	}
	var body io.Reader
	ctype := ""
	if len(form) > 0 {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for _, f := range form {
			if file, ok := strings.CutPrefix(f[1], "@"); ok {
				w, _ := mw.CreateFormFile(f[0], filepath.Base(file))
				io.WriteString(w, ts.ReadFile(file))
			} else {
				mw.WriteField(f[0], f[1])
			}
		}
		mw.Close()
		body, ctype = &b, mw.FormDataContentType()
	} else if hasData {
		// curl --data-binary sends this type unless told otherwise.
		body, ctype = bytes.NewReader(data), "application/x-www-form-urlencoded"
	}
	req, err := http.NewRequest(args[0], args[1], body)
	ts.Check(err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for _, h := range headers {
		req.Header.Set(h[0], h[1])
	}
	resp, err := (&http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}).Do(req)
	if err != nil {
		if neg {
			return
		}
		ts.Fatalf("http: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	ts.Check(err)
	ts.Stdout().Write(b)
	var lines []string
	for k, vs := range resp.Header {
		for _, v := range vs {
			lines = append(lines, k+": "+v)
		}
	}
	sort.Strings(lines)
	fmt.Fprintf(ts.Stderr(), "HTTP %d\n%s\n", resp.StatusCode, strings.Join(lines, "\n"))
	if neg {
		ts.Fatalf("http: unexpected answer")
	}
}

// pastemany N URL MANIFEST uploads N distinct pastes with 16 clients and
// writes one line per acknowledged paste to MANIFEST: its URL and the
// SHA-256 of what was sent.
func cmdPasteMany(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: pastemany N URL MANIFEST")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	var mu sync.Mutex
	var manifest []string
	var failures []string
	jobs := make(chan int)
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 30 * time.Second}
	for range 16 {
		wg.Go(func() {
			for i := range jobs {
				content := fmt.Sprintf("paste %d of %d\n%s", i, n, strings.Repeat(fmt.Sprintf("line %d\n", i), 50+i%200))
				resp, err := client.Post(args[1]+"/?expires=1d", "application/octet-stream", strings.NewReader(content))
				if err != nil {
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				mu.Lock()
				if resp.StatusCode == http.StatusCreated {
					sum := sha256.Sum256([]byte(content))
					manifest = append(manifest, strings.TrimSpace(string(b))+" "+hex.EncodeToString(sum[:]))
				} else {
					failures = append(failures, fmt.Sprintf("%d %s", resp.StatusCode, b))
				}
				mu.Unlock()
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if len(failures) > 0 {
		ts.Fatalf("pastemany: %d of %d uploads failed, first: %s", len(failures), n, failures[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[2]), []byte(strings.Join(manifest, "\n")+"\n"), 0o644))
	fmt.Fprintf(ts.Stdout(), "acknowledged %d pastes\n", len(manifest))
}

// pastecheck MANIFEST reads back every paste that pastemany listed and
// checks its bytes.
func cmdPasteCheck(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: pastecheck MANIFEST")
	}
	f, err := os.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	client := &http.Client{Timeout: 30 * time.Second}
	sc := bufio.NewScanner(f)
	checked := 0
	for sc.Scan() {
		u, sum, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		resp, err := client.Get(u + "/raw")
		ts.Check(err)
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		ts.Check(err)
		got := sha256.Sum256(b)
		if resp.StatusCode != 200 || hex.EncodeToString(got[:]) != sum {
			ts.Fatalf("pastecheck: %s answered %d with %d bytes that do not match what was acknowledged", u, resp.StatusCode, len(b))
		}
		checked++
	}
	ts.Check(sc.Err())
	fmt.Fprintf(ts.Stdout(), "checked %d pastes\n", checked)
}

// capture [-stderr] VAR REGEXP sets $VAR to the first submatch of REGEXP
// (or the whole match) in the last command's stdout (or stderr).
func cmdCapture(ts *testscript.TestScript, neg bool, args []string) {
	file := "stdout"
	if len(args) > 0 && args[0] == "-stderr" {
		file, args = "stderr", args[1:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: capture [-stderr] VAR REGEXP")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	m := re.FindStringSubmatch(ts.ReadFile(file))
	if m == nil {
		ts.Fatalf("capture: no match for %s in %s", args[1], file)
	}
	ts.Setenv(args[0], m[len(m)-1])
}
