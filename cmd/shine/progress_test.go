package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestProgressPrinter checks what a terminal sees during a long build: a
// "rendering N/M" line rewritten in place, the last count always shown,
// and the line cleared when the build ends so the summary stands alone.
func TestProgressPrinter(t *testing.T) {
	var out bytes.Buffer
	report, stop := progressPrinter(&out)
	for i := 1; i <= 1000; i++ {
		report(i, 1000)
	}
	stop()
	got := out.String()
	if !strings.HasPrefix(got, "\rrendering 1/1000") {
		t.Errorf("first update = %q, want it to start with \\rrendering 1/1000", got)
	}
	if !strings.Contains(got, "\rrendering 1000/1000") {
		t.Errorf("the final count is missing: %q", got)
	}
	if n := strings.Count(got, "\r") - 1; n > 10 {
		t.Errorf("%d updates for a build this fast, want them throttled", n)
	}
	if !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("output %q does not end by clearing the line", got)
	}

	var quiet bytes.Buffer
	_, stop = progressPrinter(&quiet)
	stop()
	if quiet.Len() != 0 {
		t.Errorf("a build that reported nothing wrote %q", quiet.String())
	}
}
