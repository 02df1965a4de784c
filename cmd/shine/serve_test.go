package main

import (
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestServeScripts runs the preview server scripts in testdata/serve. They
// start `shine serve --port 0 --ready-file F &`, wait for F with
// waitfile, edit the source, and poll pages with waitget until the
// rebuild shows.
func TestServeScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/serve",
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"waitfile": cmdWaitfile,
			"waitget":  cmdWaitget,
			"editfile": cmdEditfile,
			"http":     cmdHTTP,
		},
	})
}

// waitget [-status N] URL REGEXP polls URL for up to 10 s until it answers
// with status N (200 by default) and a body matching REGEXP, then writes
// the body to stdout. With !, it waits until the body stops matching.
func cmdWaitget(ts *testscript.TestScript, neg bool, args []string) {
	status := http.StatusOK
	if len(args) > 2 && args[0] == "-status" {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		status, args = n, args[2:]
	}
	if len(args) != 2 {
		ts.Fatalf("usage: waitget [-status N] URL REGEXP")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	deadline := time.Now().Add(10 * time.Second)
	var last string
	for {
		resp, err := http.Get(args[0])
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = resp.Status + "\n" + string(b)
			if resp.StatusCode == status && re.Match(b) != neg {
				ts.Stdout().Write(b)
				return
			}
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			ts.Fatalf("waitget %s: no %d answer %smatching %q after 10s; last:\n%s", args[0], status, map[bool]string{true: "not ", false: ""}[neg], args[1], last)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// editfile FILE OLD NEW replaces the first OLD in FILE with NEW, in one
// write, as an editor saves.
func cmdEditfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: editfile FILE OLD NEW")
	}
	file := ts.MkAbs(args[0])
	b, err := os.ReadFile(file)
	ts.Check(err)
	if !strings.Contains(string(b), args[1]) {
		ts.Fatalf("editfile: %q not in %s", args[1], args[0])
	}
	ts.Check(os.WriteFile(file, []byte(strings.Replace(string(b), args[1], args[2], 1)), 0o644))
}
