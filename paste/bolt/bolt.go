// Package bolt stores pastes in one go.etcd.io/bbolt file, the embedded
// default store of shine paste serve.
//
// bbolt syncs the file at every transaction commit, so Create funnels
// concurrent writes through one goroutine that commits them in groups: every
// caller waits for the commit that contains its write (group commit), which
// keeps each paste durable before it is acknowledged while sharing one
// fsync among all the writers that arrived meanwhile.
package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"syscall"
	"time"

	bbolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/shine-blog/shine/paste"
)

var (
	pastesBucket = []byte("pastes")
	expiryBucket = []byte("expiry") // 8-byte big-endian expiry (unix ns) + id → nothing
	// Moderation: reports are keyed by time so they list in order.
	reportsBucket = []byte("reports") // 8-byte created (unix ns) + 4 random bytes + paste id → reason
	goneBucket    = []byte("gone")    // id of a taken-down paste → 8-byte time + reason
	bansBucket    = []byte("bans")    // SHA-256 of banned content → 8-byte time + reason
)

// maxBatch bounds the writes committed in one transaction.
const maxBatch = 512

// ErrClosed is returned by writes after Close.
var ErrClosed = errors.New("paste store closed")

// Store is a paste.Store on a bbolt file.
type Store struct {
	db    *bbolt.DB
	cache *cache
	ops   chan *op
	quit  chan struct{}
	done  chan struct{}
}

var _ paste.Store = (*Store)(nil)

// op is one write waiting for a group commit. fn must return one of the
// paste sentinel errors only before it has written anything, so that the
// other writes of its group can still commit.
type op struct {
	fn  func(tx *bbolt.Tx) error
	err chan error
}

// Open opens or creates the store file at path. If another process holds
// the file, Open fails after lockWait instead of waiting forever.
func Open(path string, lockWait time.Duration) (*Store, error) {
	if lockWait <= 0 {
		lockWait = 2 * time.Second
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: lockWait, NoFreelistSync: true, FreelistType: bbolt.FreelistMapType})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: the file is locked by another process (is another shine paste serve using it?)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{pastesBucket, expiryBucket, reportsBucket, goneBucket, bansBucket} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: create buckets: %w", path, err)
	}
	s := &Store{db: db, cache: newCache(64<<20, 256<<10), ops: make(chan *op), quit: make(chan struct{}), done: make(chan struct{})}
	go s.commitLoop()
	return s, nil
}

// Close waits for pending writes and closes the file.
func (s *Store) Close() error {
	select {
	case <-s.quit:
		return nil
	default:
	}
	close(s.quit)
	<-s.done
	return s.db.Close()
}

// write runs fn in a group-committed transaction and returns once that
// transaction is durable (or failed).
func (s *Store) write(fn func(tx *bbolt.Tx) error) error {
	o := &op{fn: fn, err: make(chan error, 1)}
	select {
	case s.ops <- o:
	case <-s.quit:
		return ErrClosed
	}
	return <-o.err
}

func (s *Store) commitLoop() {
	defer close(s.done)
	batch := make([]*op, 0, maxBatch)
	for {
		var first *op
		select {
		case first = <-s.ops:
		case <-s.quit:
			return
		}
		batch = append(batch[:0], first)
		// Take every writer that is already waiting: they arrived while
		// the previous commit was syncing, and share this one.
	drain:
		for len(batch) < maxBatch {
			select {
			case o := <-s.ops:
				batch = append(batch, o)
			default:
				break drain
			}
		}
		s.commit(batch)
	}
}

func isDomain(err error) bool {
	return errors.Is(err, paste.ErrExists) || errors.Is(err, paste.ErrNotFound) || errors.Is(err, paste.ErrBadToken) || errors.Is(err, paste.ErrGone)
}

func (s *Store) commit(batch []*op) {
	errs := make([]error, len(batch))
	err := s.db.Update(func(tx *bbolt.Tx) error {
		for i, o := range batch {
			errs[i] = o.fn(tx)
			if errs[i] != nil && !isDomain(errs[i]) {
				return errs[i]
			}
		}
		return nil
	})
	if err == nil {
		for i, o := range batch {
			o.err <- errs[i]
		}
		return
	}
	// Something failed in a way that may have left writes half done; the
	// transaction was rolled back, so run each write on its own.
	for _, o := range batch {
		o.err <- classify(s.db.Update(o.fn))
	}
}

// classify marks the errors of a full disk (or quota) as
// paste.ErrStorageFull, which the server answers with 507.
func classify(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return fmt.Errorf("%w: %w", paste.ErrStorageFull, err)
	}
	return err
}

// Create implements paste.Store.
func (s *Store) Create(ctx context.Context, p *paste.Paste) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	rec := encode(p)
	id := []byte(p.ID)
	defer s.cache.invalidate(p.ID)
	return s.write(func(tx *bbolt.Tx) error {
		b := tx.Bucket(pastesBucket)
		if b.Get(id) != nil || tx.Bucket(goneBucket).Get(id) != nil {
			return paste.ErrExists
		}
		s.cache.invalidate(p.ID)
		if err := b.Put(id, rec); err != nil {
			return fmt.Errorf("put paste: %w", err)
		}
		if !p.ExpiresAt.IsZero() {
			if err := tx.Bucket(expiryBucket).Put(expiryKey(p.ExpiresAt, p.ID), nil); err != nil {
				return fmt.Errorf("put expiry: %w", err)
			}
		}
		return nil
	})
}

// Get implements paste.Store. The paste returned may be shared with other
// callers: do not modify it.
func (s *Store) Get(ctx context.Context, id string) (*paste.Paste, error) {
	now := time.Now()
	p, gen := s.cache.get(id, now)
	if p != nil {
		return p, nil
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		p, err = lookup(tx, id, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.cache.put(p, gen)
	return p, nil
}

// Reveal implements paste.Store.
func (s *Store) Reveal(ctx context.Context, id string) (*paste.Paste, error) {
	p, err := s.Get(ctx, id)
	if err != nil || !p.Burn {
		return p, err
	}
	// Read again and delete inside one write transaction: writes are
	// serialised, so only the first of concurrent revealers finds it.
	defer s.cache.invalidate(id)
	err = s.write(func(tx *bbolt.Tx) error {
		var err error
		p, err = lookup(tx, id, time.Now())
		if err != nil {
			return err
		}
		return s.remove(tx, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Delete implements paste.Store.
func (s *Store) Delete(ctx context.Context, id, token string) error {
	defer s.cache.invalidate(id)
	return s.write(func(tx *bbolt.Tx) error {
		p, err := lookup(tx, id, time.Now())
		if err != nil {
			return err
		}
		if !paste.TokenMatches(p.DeleteHash, token) {
			return paste.ErrBadToken
		}
		return s.remove(tx, p)
	})
}

// Sweep implements paste.Store. It deletes in bounded transactions so a
// large backlog never holds the writer for long.
func (s *Store) Sweep(ctx context.Context, now time.Time) (int, error) {
	total := 0
	limit := expiryKey(now, "")
	for {
		n := 0
		err := s.write(func(tx *bbolt.Tx) error {
			n = 0
			pastes := tx.Bucket(pastesBucket)
			c := tx.Bucket(expiryBucket).Cursor()
			for k, _ := c.First(); k != nil && bytes.Compare(k[:8], limit[:8]) <= 0 && n < 1000; k, _ = c.First() {
				// Expired entries never leave the cache as answers, but
				// the id may be reused once swept.
				s.cache.invalidate(string(k[8:]))
				if err := pastes.Delete(k[8:]); err != nil {
					return err
				}
				if err := c.Delete(); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		total += n
		if err != nil {
			return total, fmt.Errorf("sweep: %w", err)
		}
		if n < 1000 || ctx.Err() != nil {
			return total, ctx.Err()
		}
	}
}

// AddReport implements paste.Store.
func (s *Store) AddReport(ctx context.Context, r paste.Report) error {
	k := binary.BigEndian.AppendUint64(nil, uint64(r.CreatedAt.UnixNano()))
	k = append(k, paste.NewID()[:4]...)
	k = append(k, r.PasteID...)
	return s.write(func(tx *bbolt.Tx) error {
		if _, err := lookup(tx, r.PasteID, time.Now()); err != nil {
			return err
		}
		return tx.Bucket(reportsBucket).Put(k, []byte(r.Reason))
	})
}

// Reports implements paste.Store.
func (s *Store) Reports(ctx context.Context) ([]paste.Report, error) {
	var out []paste.Report
	err := s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(reportsBucket).ForEach(func(k, v []byte) error {
			if len(k) < 12 {
				return errCorrupt
			}
			out = append(out, paste.Report{
				PasteID:   string(k[12:]),
				Reason:    string(v),
				CreatedAt: time.Unix(0, int64(binary.BigEndian.Uint64(k))),
			})
			return nil
		})
	})
	return out, err
}

// TakeDown implements paste.Store.
func (s *Store) TakeDown(ctx context.Context, id, reason string, at time.Time) error {
	defer s.cache.invalidate(id)
	return s.write(func(tx *bbolt.Tx) error {
		p, err := lookup(tx, id, time.Now())
		if err != nil {
			return err
		}
		if err := s.remove(tx, p); err != nil {
			return err
		}
		if err := tx.Bucket(goneBucket).Put([]byte(id), stamp(at, reason)); err != nil {
			return err
		}
		// Close its reports.
		c := tx.Bucket(reportsBucket).Cursor()
		for k, _ := c.First(); k != nil; {
			if len(k) >= 12 && string(k[12:]) == id {
				k = bytes.Clone(k) // bbolt's memory, changed by Delete
				if err := c.Delete(); err != nil {
					return err
				}
				k, _ = c.Seek(k)
				continue
			}
			k, _ = c.Next()
		}
		return nil
	})
}

// Ban implements paste.Store.
func (s *Store) Ban(ctx context.Context, hash []byte, reason string, at time.Time) error {
	return s.write(func(tx *bbolt.Tx) error {
		return tx.Bucket(bansBucket).Put(bytes.Clone(hash), stamp(at, reason))
	})
}

// Banned implements paste.Store.
func (s *Store) Banned(ctx context.Context, hash []byte) (bool, error) {
	banned := false
	err := s.db.View(func(tx *bbolt.Tx) error {
		banned = tx.Bucket(bansBucket).Get(hash) != nil
		return nil
	})
	return banned, err
}

func stamp(at time.Time, reason string) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(at.UnixNano())), reason...)
}

func lookup(tx *bbolt.Tx, id string, now time.Time) (*paste.Paste, error) {
	v := tx.Bucket(pastesBucket).Get([]byte(id))
	if v == nil {
		if tx.Bucket(goneBucket).Get([]byte(id)) != nil {
			return nil, paste.ErrGone
		}
		return nil, paste.ErrNotFound
	}
	p, err := decode(id, v)
	if err != nil {
		return nil, fmt.Errorf("paste %s: %w", id, err)
	}
	if p.Expired(now) {
		return nil, paste.ErrNotFound
	}
	return p, nil
}

// remove deletes p; callers invalidate the cache after the commit too.
func (s *Store) remove(tx *bbolt.Tx, p *paste.Paste) error {
	s.cache.invalidate(p.ID)
	if err := tx.Bucket(pastesBucket).Delete([]byte(p.ID)); err != nil {
		return err
	}
	if !p.ExpiresAt.IsZero() {
		return tx.Bucket(expiryBucket).Delete(expiryKey(p.ExpiresAt, p.ID))
	}
	return nil
}

func expiryKey(t time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(t.UnixNano()))
	return append(k, id...)
}

// Record layout, version 1:
//
//	version byte, flags byte (1 = burn), created and expires as int64 unix
//	nanoseconds (0 = never), then lang, filename and delete hash each as a
//	uvarint length and bytes, then the content to the end.
const recordVersion = 1

func encode(p *paste.Paste) []byte {
	b := make([]byte, 0, 2+16+3*binary.MaxVarintLen16+len(p.Lang)+len(p.Filename)+len(p.DeleteHash)+len(p.Content))
	var flags byte
	if p.Burn {
		flags |= 1
	}
	b = append(b, recordVersion, flags)
	b = binary.BigEndian.AppendUint64(b, uint64(p.CreatedAt.UnixNano()))
	var exp int64
	if !p.ExpiresAt.IsZero() {
		exp = p.ExpiresAt.UnixNano()
	}
	b = binary.BigEndian.AppendUint64(b, uint64(exp))
	for _, f := range [][]byte{[]byte(p.Lang), []byte(p.Filename), p.DeleteHash} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return append(b, p.Content...)
}

var errCorrupt = errors.New("corrupt record")

// decode copies everything out of v, which bbolt owns.
func decode(id string, v []byte) (*paste.Paste, error) {
	if len(v) < 18 || v[0] != recordVersion {
		return nil, errCorrupt
	}
	p := &paste.Paste{ID: id, Burn: v[1]&1 != 0}
	p.CreatedAt = time.Unix(0, int64(binary.BigEndian.Uint64(v[2:])))
	if exp := int64(binary.BigEndian.Uint64(v[10:])); exp != 0 {
		p.ExpiresAt = time.Unix(0, exp)
	}
	v = v[18:]
	var fields [3][]byte
	for i := range fields {
		n, k := binary.Uvarint(v)
		if k <= 0 || uint64(len(v)-k) < n {
			return nil, errCorrupt
		}
		fields[i] = v[k : k+int(n)]
		v = v[k+int(n):]
	}
	p.Lang, p.Filename = string(fields[0]), string(fields[1])
	p.DeleteHash = bytes.Clone(fields[2])
	p.Content = bytes.Clone(v)
	if p.Content == nil {
		p.Content = []byte{}
	}
	return p, nil
}
