package broadcast

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// State is where one recipient of one issue stands.
type State string

const (
	Pending   State = "pending"   // not sent yet
	Sending   State = "sending"   // handed to the server; no answer recorded yet
	Sent      State = "sent"      // the server accepted it
	Deferred  State = "deferred"  // the server said 4xx: try again later
	Failed    State = "failed"    // the server said 5xx: never retried
	Uncertain State = "uncertain" // a run stopped while it was in flight
)

// Entry is the ledger's record of one recipient of one issue.
type Entry struct {
	Address  string    `json:"address"`
	State    State     `json:"state"`
	Attempts int       `json:"attempts,omitempty"`
	Reason   string    `json:"reason,omitempty"` // the server's answer to the last attempt
	Updated  time.Time `json:"updated"`
}

// Suppression is an address a list never mails again.
type Suppression struct {
	Address string    `json:"address"`
	Reason  string    `json:"reason"`
	At      time.Time `json:"at"`
}

// ErrLedgerBusy says another shine broadcast holds the ledger.
var ErrLedgerBusy = errors.New("another shine broadcast is using the ledger")

// Ledger records, per list, issue and recipient, what was sent, and the
// addresses each list no longer mails. It is a bbolt file: every change
// is committed to disk before the send it describes goes on.
type Ledger struct {
	db *bolt.DB
}

var (
	bucketSends      = []byte("sends")      // list \x00 issue \x00 address -> Entry
	bucketSuppressed = []byte("suppressed") // list \x00 address -> Suppression
	bucketBounces    = []byte("bounces")    // list \x00 address -> the issues it failed on for good
)

// LedgerPath is where a site keeps its ledger: outside the output, in a
// dot folder the build never reads.
func LedgerPath(source string) string {
	return filepath.Join(source, ".shine", "broadcast.db")
}

// OpenLedger opens (or creates) the ledger at path. readOnly opens it
// without creating anything, for status and dry runs.
func OpenLedger(path string, readOnly bool) (*Ledger, error) {
	if readOnly {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return &Ledger{}, nil // an empty ledger: nothing sent yet
		}
	} else if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open ledger: %w", err)
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: time.Second, ReadOnly: readOnly})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open ledger %s: %w", path, ErrLedgerBusy)
	}
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	if !readOnly {
		err = db.Update(func(tx *bolt.Tx) error {
			for _, b := range [][]byte{bucketSends, bucketSuppressed, bucketBounces} {
				if _, err := tx.CreateBucketIfNotExists(b); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("open ledger %s: %w", path, err)
		}
	}
	// Concurrent sends share commits (and their fsyncs); a short delay
	// keeps a lone sender from waiting on company that is not coming.
	db.MaxBatchDelay = time.Millisecond
	return &Ledger{db: db}, nil
}

// Close closes the file.
func (l *Ledger) Close() error {
	if l.db == nil {
		return nil
	}
	return l.db.Close()
}

func normalize(addr string) string { return strings.ToLower(strings.TrimSpace(addr)) }

func sendKey(list string, issue int, addr string) []byte {
	return []byte(fmt.Sprintf("%s\x00%06d\x00%s", list, issue, normalize(addr)))
}

func issuePrefix(list string, issue int) []byte {
	return []byte(fmt.Sprintf("%s\x00%06d\x00", list, issue))
}

func listKey(list, addr string) []byte { return []byte(list + "\x00" + normalize(addr)) }

func (l *Ledger) view(fn func(tx *bolt.Tx) error) error {
	if l.db == nil {
		return nil
	}
	return l.db.View(fn)
}

// Entries returns the recipients of one issue, by address.
func (l *Ledger) Entries(list string, issue int) (map[string]Entry, error) {
	out := map[string]Entry{}
	err := l.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSends)
		if b == nil {
			return nil
		}
		p := issuePrefix(list, issue)
		c := b.Cursor()
		for k, v := c.Seek(p); k != nil && strings.HasPrefix(string(k), string(p)); k, v = c.Next() {
			var e Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("ledger entry %q: %w", k, err)
			}
			out[normalize(e.Address)] = e
		}
		return nil
	})
	return out, err
}

// Issues returns the issue numbers of list the ledger knows, in order.
func (l *Ledger) Issues(list string) ([]int, error) {
	seen := map[int]bool{}
	err := l.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSends)
		if b == nil {
			return nil
		}
		p := []byte(list + "\x00")
		c := b.Cursor()
		for k, _ := c.Seek(p); k != nil && strings.HasPrefix(string(k), string(p)); k, _ = c.Next() {
			var n int
			if _, err := fmt.Sscanf(string(k[len(p):]), "%06d", &n); err == nil {
				seen[n] = true
			}
		}
		return nil
	})
	var out []int
	for n := range seen {
		out = append(out, n)
	}
	sort.Ints(out)
	return out, err
}

// Put records e for one recipient of an issue. A permanent failure also
// counts against the address; the second one suppresses it for the list.
func (l *Ledger) Put(list string, issue int, e Entry) error {
	return l.db.Batch(func(tx *bolt.Tx) error {
		v, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketSends).Put(sendKey(list, issue, e.Address), v); err != nil {
			return err
		}
		if e.State != Failed {
			return nil
		}
		// The issues on which the address failed for good, as a set, so
		// that a batch run twice counts once.
		b := tx.Bucket(bucketBounces)
		k := listKey(list, e.Address)
		var failedOn []int
		if v := b.Get(k); v != nil {
			if err := json.Unmarshal(v, &failedOn); err != nil {
				return fmt.Errorf("ledger bounces %q: %w", k, err)
			}
		}
		if !slices.Contains(failedOn, issue) {
			failedOn = append(failedOn, issue)
		}
		v, err = json.Marshal(failedOn)
		if err != nil {
			return err
		}
		if err := b.Put(k, v); err != nil {
			return err
		}
		n := len(failedOn)
		if n >= 2 {
			return suppress(tx, list, Suppression{Address: e.Address, At: e.Updated,
				Reason: fmt.Sprintf("failed permanently %d times; last: %s", n, e.Reason)})
		}
		return nil
	})
}

// Suppress makes list never mail addr again.
func (l *Ledger) Suppress(list, addr, reason string, at time.Time) error {
	return l.db.Update(func(tx *bolt.Tx) error {
		return suppress(tx, list, Suppression{Address: strings.TrimSpace(addr), Reason: reason, At: at})
	})
}

func suppress(tx *bolt.Tx, list string, s Suppression) error {
	v, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketSuppressed).Put(listKey(list, s.Address), v)
}

// Suppressed returns the addresses list no longer mails, by address.
func (l *Ledger) Suppressed(list string) (map[string]Suppression, error) {
	out := map[string]Suppression{}
	err := l.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSuppressed)
		if b == nil {
			return nil
		}
		p := []byte(list + "\x00")
		c := b.Cursor()
		for k, v := c.Seek(p); k != nil && strings.HasPrefix(string(k), string(p)); k, v = c.Next() {
			var s Suppression
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("ledger suppression %q: %w", k, err)
			}
			out[normalize(s.Address)] = s
		}
		return nil
	})
	return out, err
}

// PutAll records many entries of one issue in one commit.
func (l *Ledger) PutAll(list string, issue int, es []Entry) error {
	if len(es) == 0 {
		return nil
	}
	return l.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSends)
		for _, e := range es {
			v, err := json.Marshal(e)
			if err != nil {
				return err
			}
			if err := b.Put(sendKey(list, issue, e.Address), v); err != nil {
				return err
			}
		}
		return nil
	})
}
