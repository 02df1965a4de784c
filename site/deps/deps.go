// Package deps is the dependency tracking of incremental rebuilds: what
// each render read (Reads), which inputs changed in which generation and
// in which fields (Tracker), and which outputs read each input, so a
// rebuild finds the stale outputs of a save without looking at every page.
//
// It knows nothing of sites or templates: the engine names the inputs
// (a document by path, a site key, a layout, an include, the URL index,
// the sitemap's entries), records reads while it renders, and tells the
// Tracker what changed.
package deps

import (
	"fmt"
	"slices"
	"sort"
)

// Kind is a kind of input.
type Kind uint8

// The kinds of input a render can read.
const (
	KindDoc     Kind = iota // a document, by source path
	KindKey                 // a site key computed from the content (site.posts, site.tags, ...)
	KindLayout              // a layout, by name
	KindInclude             // an include, by file
	KindURLs                // the URL of any document ({% link %}, {% post_url %})
	KindSitemap             // the sitemap's entries
)

// Input names one thing a render can read. It is comparable and costs no
// allocation to make, so it can key maps on the rebuild's hot path.
type Input struct {
	Kind Kind
	Name string
}

// Inputs of each kind.
func Doc(path string) Input     { return Input{KindDoc, path} }
func Key(k string) Input        { return Input{KindKey, k} }
func Layout(name string) Input  { return Input{KindLayout, name} }
func Include(file string) Input { return Input{KindInclude, file} }

var (
	// URLs is the URL of any document by source path.
	URLs = Input{Kind: KindURLs}
	// Sitemap is the sitemap's entries: every page's URL and date.
	Sitemap = Input{Kind: KindSitemap}
	// AllKeys stands for every site key, for a render that read the
	// whole site variable.
	AllKeys = Key("*")
)

func (in Input) String() string {
	switch in.Kind {
	case KindDoc:
		return "doc " + in.Name
	case KindKey:
		return "site." + in.Name
	case KindLayout:
		return "layout " + in.Name
	case KindInclude:
		return "include " + in.Name
	case KindURLs:
		return "urls"
	case KindSitemap:
		return "sitemap"
	}
	return fmt.Sprintf("input(%d, %q)", in.Kind, in.Name)
}

// Reads is what one render read: the derived site keys (site.posts,
// site.data, ...), the layouts and includes it went through, and whether
// it asked for a URL by source path. The methods may be called on nil,
// which records nothing.
type Reads struct {
	Keys     map[string]bool // derived site keys read; "*" is all of them
	Layouts  []string        // in the order rendered
	Includes map[string]bool
	URLs     bool
	// Fields are the names of document fields looked up, on any
	// document; AllFields says some render took whole documents (a loop
	// over a document's pairs, jsonify, an assign of a whole document).
	Fields    map[string]bool
	AllFields bool
}

// Field records a lookup of a document field.
func (r *Reads) Field(name string) {
	if r == nil {
		return
	}
	if r.Fields == nil {
		r.Fields = map[string]bool{}
	} else if r.Fields[name] {
		return
	}
	r.Fields[name] = true
}

// WholeDocument records that a render took a whole document.
func (r *Reads) WholeDocument() {
	if r != nil {
		r.AllFields = true
	}
}

// FieldsRead is the fields r records as read; every field when r is nil.
func (r *Reads) FieldsRead() Fields {
	if r == nil || r.AllFields {
		return AllFields
	}
	return Fields{Names: r.Fields}
}

// Key records a read of a derived site key.
func (r *Reads) Key(k string) {
	if r == nil {
		return
	}
	if r.Keys == nil {
		r.Keys = map[string]bool{}
	}
	r.Keys[k] = true
}

// Include records a render through an include file.
func (r *Reads) Include(file string) {
	if r == nil {
		return
	}
	if r.Includes == nil {
		r.Includes = map[string]bool{}
	}
	r.Includes[file] = true
}

// Layout records a render through a layout.
func (r *Reads) Layout(name string) {
	if r == nil {
		return
	}
	r.Layouts = append(r.Layouts, name)
}

// ReadURLs records a lookup of a URL by source path.
func (r *Reads) ReadURLs() {
	if r != nil {
		r.URLs = true
	}
}

// Inputs lists every input r records, in a fixed order.
func (r *Reads) Inputs() []Input {
	if r == nil {
		return nil
	}
	var out []Input
	for _, k := range sortedKeys(r.Keys) {
		out = append(out, Key(k))
	}
	for _, l := range r.Layouts {
		out = append(out, Layout(l))
	}
	for _, f := range sortedKeys(r.Includes) {
		out = append(out, Include(f))
	}
	if r.URLs {
		out = append(out, URLs)
	}
	return out
}

// String lists what was read, for tests and debugging.
func (r *Reads) String() string {
	fields := fmt.Sprint(sortedKeys(r.Fields))
	if r.AllFields {
		fields = "all"
	}
	return fmt.Sprintf("keys=%v layouts=%v includes=%v urls=%v fields=%s", sortedKeys(r.Keys), r.Layouts, sortedKeys(r.Includes), r.URLs, fields)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Fields is the set of document fields a render may read; All when it
// may read whole documents.
type Fields struct {
	Names map[string]bool
	All   bool
}

// AllFields reads every field.
var AllFields = Fields{All: true}

// edit is one change of an input: its generation and the document fields
// it touched (nil: any).
type edit struct {
	gen    uint64
	fields map[string]bool
}

// history is the recent edits of one input. Older ones are dropped; an
// output last written before the oldest kept counts as touched.
type history struct {
	edits      []edit
	lostBefore uint64
}

// historyLen is how many edits of one input are kept.
const historyLen = 32

func (h *history) add(gen uint64, fields map[string]bool) {
	h.edits = append(h.edits, edit{gen, fields})
	if len(h.edits) > historyLen {
		h.lostBefore = h.edits[0].gen
		h.edits = h.edits[1:]
	}
}

// touches says whether an edit after generation at touched a field read
// names. An input with no history changed in no recorded way: any field.
func (h *history) touches(at uint64, read Fields) bool {
	if h == nil || at < h.lostBefore {
		return true
	}
	for _, e := range h.edits {
		if e.gen <= at {
			continue
		}
		if e.fields == nil || read.All {
			return true
		}
		for f := range e.fields {
			if read.Names[f] {
				return true
			}
		}
	}
	return false
}

// Tracker keeps, between builds, the generation each input last changed
// in (with the fields each change of a document or site key touched),
// which outputs read each input, and which inputs changed since the last
// Clean. Generations count builds: an output written in generation g is
// stale when an input it read changed after g. A Tracker is not safe for
// concurrent use.
type Tracker struct {
	gen     uint64
	at      map[Input]uint64
	anyKey  uint64 // the last generation any site key changed in
	history map[Input]*history
	readers map[Input]map[string]struct{}
	dirty   map[Input]bool
	epoch   uint64 // how many times it was Reset
}

// New returns a Tracker in generation 0 with nothing changed.
func New() *Tracker {
	t := &Tracker{}
	t.Reset()
	return t
}

// Reset forgets every change and reader, after a full build: everything
// is as new as the current generation.
func (t *Tracker) Reset() {
	t.epoch++
	t.at = map[Input]uint64{}
	t.anyKey = 0
	t.history = map[Input]*history{}
	t.readers = map[Input]map[string]struct{}{}
	t.dirty = map[Input]bool{}
}

// Epoch counts the Resets: readers filed in an earlier epoch are gone.
func (t *Tracker) Epoch() uint64 { return t.epoch }

// Next starts a new generation and returns it.
func (t *Tracker) Next() uint64 {
	t.gen++
	return t.gen
}

// Gen is the current generation.
func (t *Tracker) Gen() uint64 { return t.gen }

// Changed records that in changed in the current generation. fields are
// the document fields the change touched, for documents and site keys
// (nil: any). A changed site key also marks AllKeys dirty.
func (t *Tracker) Changed(in Input, fields map[string]bool) {
	t.at[in] = t.gen
	t.dirty[in] = true
	switch in.Kind {
	case KindKey:
		t.anyKey = t.gen
		t.dirty[AllKeys] = true
		fallthrough
	case KindDoc:
		h := t.history[in]
		if h == nil {
			h = &history{}
			t.history[in] = h
		}
		h.add(t.gen, fields)
	}
}

// ChangedAt is the generation in last changed in, 0 when never since
// the last Reset.
func (t *Tracker) ChangedAt(in Input) uint64 { return t.at[in] }

// ChangedSince says whether in changed after generation at in a field
// read names.
func (t *Tracker) ChangedSince(in Input, at uint64, read Fields) bool {
	return t.at[in] > at && t.history[in].touches(at, read)
}

// Stale says whether anything r records changed after generation at,
// counting a change of a site key only when it touched a field in read.
// A nil r (nothing known of the render) is always stale.
func (t *Tracker) Stale(r *Reads, at uint64, read Fields) bool {
	if r == nil {
		return true
	}
	if r.URLs && t.at[URLs] > at {
		return true
	}
	if t.anyKey > at {
		if r.Keys["*"] {
			return true
		}
		for k := range r.Keys {
			if t.ChangedSince(Key(k), at, read) {
				return true
			}
		}
	}
	for _, l := range r.Layouts {
		if t.at[Layout(l)] > at {
			return true
		}
	}
	for f := range r.Includes {
		if t.at[Include(f)] > at {
			return true
		}
	}
	return false
}

// Read files output under an input it read. Entries are only added: an
// input the output no longer reads costs a needless stale check, never a
// missed output.
func (t *Tracker) Read(output string, in Input) {
	m := t.readers[in]
	if m == nil {
		m = map[string]struct{}{}
		t.readers[in] = m
	}
	m[output] = struct{}{}
}

// DirtyReaders are the outputs that read an input changed since the last
// Clean, sorted.
func (t *Tracker) DirtyReaders() []string {
	seen := map[string]bool{}
	var out []string
	for in := range t.dirty {
		for o := range t.readers[in] {
			if !seen[o] {
				seen[o] = true
				out = append(out, o)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Clean forgets which inputs changed, after a good rebuild wrote every
// output they made stale. Their generations stay.
func (t *Tracker) Clean() { clear(t.dirty) }
