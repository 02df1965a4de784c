package main

// The real-sites test: the five public Jekyll sites in ../shared/realsites
// (beside the clone, as CI has them) are built with this shine and scored
// against Jekyll's own output by the folder's score script. A site that
// built must still build, and no site may fall below the paths and
// identical pages recorded in testdata/realsites-floor.txt. Raise the
// floor as the score improves:
//
//	go test ./cmd/shine -run RealSites -v -update-floor

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var updateFloor = flag.Bool("update-floor", false, "rewrite testdata/realsites-floor.txt with the current scores")

// realSitesDir is ../shared/realsites from the repository root.
const realSitesDir = "../../../shared/realsites"

const floorFile = "testdata/realsites-floor.txt"

// siteScore is one site's line of the scorer's output.
type siteScore struct {
	built                bool
	html, other, same    int
	htmlN, otherN, sameN int
}

func (s siteScore) String() string {
	b := "ok"
	if !s.built {
		b = "FAILED"
	}
	return fmt.Sprintf("build %s  html %d/%d  other %d/%d  identical %d/%d", b, s.html, s.htmlN, s.other, s.otherN, s.same, s.sameN)
}

var scoreLine = regexp.MustCompile(`^(\S+)\s+build (ok|FAILED) .*?html paths (\d+)/(\d+)\s+other paths (\d+)/(\d+)\s+identical text (\d+)/(\d+)`)

// parseScores reads the per-site lines of the scorer (or of the floor
// file, which has the same shape).
func parseScores(text string) map[string]siteScore {
	out := map[string]siteScore{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		m := scoreLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
		out[m[1]] = siteScore{built: m[2] == "ok", html: n(3), htmlN: n(4), other: n(5), otherN: n(6), same: n(7), sameN: n(8)}
	}
	return out
}

func TestRealSites(t *testing.T) {
	if testing.Short() {
		t.Skip("builds five real sites; not in -short")
	}
	t.Parallel() // a minute or more: overlap it with the other tests
	if d, ok := t.Deadline(); ok && time.Until(d) < 6*time.Minute {
		t.Skipf("only %s left before the test deadline; the five builds need more (raise -timeout)", time.Until(d).Round(time.Second))
	}
	dir, err := filepath.Abs(realSitesDir)
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "score")
	if _, err := os.Stat(script); err != nil {
		t.Skipf("no real sites beside the clone (%s): %v", dir, err)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("the scorer needs python3")
	}
	bin := filepath.Join(t.TempDir(), "shine")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command("python3", script, "-shine", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("score: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	got := parseScores(string(out))
	if len(got) == 0 {
		t.Fatalf("no site scores in the scorer's output:\n%s", out)
	}
	if *updateFloor {
		var b strings.Builder
		b.WriteString("# Real-sites floor: what TestRealSites requires of each site (cmd/shine/realsites_test.go).\n")
		b.WriteString("# Rewrite with: go test ./cmd/shine -run RealSites -update-floor\n")
		for _, line := range strings.Split(string(out), "\n") {
			if scoreLine.MatchString(line) {
				b.WriteString(line + "\n")
			}
		}
		if err := os.WriteFile(floorFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(floorFile)
	if err != nil {
		t.Fatal(err)
	}
	for site, floor := range parseScores(string(data)) {
		g, ok := got[site]
		switch {
		case !ok:
			t.Errorf("%s: not scored; the floor has %s", site, floor)
		case floor.built && !g.built:
			t.Errorf("%s: no longer builds (floor: %s)", site, floor)
		case g.html < floor.html || g.other < floor.other || g.same < floor.same:
			t.Errorf("%s: %s, below the floor %s", site, g, floor)
		}
	}
}
