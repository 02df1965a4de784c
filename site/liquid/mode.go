package liquid

import (
	"fmt"
	"sort"
	"sync"
)

// Mode is how strictly templates are read: Jekyll's liquid: options.
type Mode struct {
	Strict          bool // error_mode: strict: no lax reading
	StrictFilters   bool // an unknown filter is an error
	StrictVariables bool // an undefined variable is an error
}

// ModeOf reads the liquid: options of a site config (the raw map), which
// Jekyll defaults to error_mode: warn with both strict options off.
func ModeOf(raw map[string]any) Mode {
	var m Mode
	l, _ := raw["liquid"].(map[string]any)
	if l == nil {
		return m
	}
	m.Strict = fmt.Sprint(l["error_mode"]) == "strict"
	m.StrictFilters = l["strict_filters"] == true
	m.StrictVariables = l["strict_variables"] == true
	return m
}

// warnings collects what the lax reading let pass, once per message.
type warnings struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (w *warnings) add(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	w.seen[msg] = true
}

// Warnings lists, sorted, what the engine's lax reading let pass so far:
// each unknown filter once per file.
func (t *Engine) Warnings() []string {
	t.warn.mu.Lock()
	defer t.warn.mu.Unlock()
	out := make([]string, 0, len(t.warn.seen))
	for m := range t.warn.seen {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}
