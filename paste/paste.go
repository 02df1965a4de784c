// Package paste is the paste service: the Paste type, the Store interface
// that the backends in paste/bolt and paste/postgres implement, and the HTTP
// Server that people and the shine client talk to.
package paste

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors that callers branch on. Stores return them (wrapped or
// not); the Server maps them to status codes in one place.
var (
	ErrNotFound  = errors.New("paste not found")
	ErrExists    = errors.New("paste id already taken")
	ErrBadToken  = errors.New("wrong delete token")
	ErrTooLarge  = errors.New("paste too large")
	ErrMalformed = errors.New("malformed request")
	// ErrStorageFull means the storage has no room left (a full disk):
	// the server answers 507 and the client may try again later.
	ErrStorageFull = errors.New("storage full")
	// ErrGone means the paste was taken down by an operator.
	ErrGone = errors.New("paste taken down")
	// ErrBanned means the content's hash is banned from this server.
	ErrBanned = errors.New("content banned")
)

// IDBytes is the number of random bytes in a paste id: 9 bytes are 72
// bits, which base64url spells in exactly 12 characters.
const IDBytes = 9

// TokenBytes is the number of random bytes in a delete token (128 bits).
const TokenBytes = 16

// Paste is one stored paste.
type Paste struct {
	ID       string
	Content  []byte
	Lang     string // chroma lexer name or alias given by the uploader; may be empty
	Filename string // file name given by the uploader; may be empty
	// Burn marks a paste that is deleted when it is first revealed.
	Burn      bool
	CreatedAt time.Time
	// ExpiresAt is when the paste stops being served; zero means never.
	ExpiresAt time.Time
	// DeleteHash is the SHA-256 of the delete token; the token itself is
	// never stored.
	DeleteHash []byte
}

// Expired reports whether p has expired at now.
func (p *Paste) Expired(now time.Time) bool {
	return !p.ExpiresAt.IsZero() && !now.Before(p.ExpiresAt)
}

// Binary reports whether the content is not UTF-8 text; such pastes are
// served as downloads, never rendered.
func (p *Paste) Binary() bool { return IsBinary(p.Content) }

// IsBinary reports whether b should be treated as binary: invalid UTF-8 or
// containing a NUL byte.
func IsBinary(b []byte) bool {
	return bytes.IndexByte(b, 0) >= 0 || !utf8.Valid(b)
}

// Store keeps pastes. Implementations must be safe for concurrent use, and
// several Stores may share one storage (several servers on one database).
type Store interface {
	// Create stores p. It returns ErrExists, and changes nothing, if a
	// paste with p.ID already exists, expired or not. Create returns only
	// once p is durable.
	Create(ctx context.Context, p *Paste) error
	// Get returns the paste with id, or ErrNotFound if there is none or it
	// has expired. Get never consumes a burn-after-reading paste.
	Get(ctx context.Context, id string) (*Paste, error)
	// Reveal returns the paste like Get and, if it is burn-after-reading,
	// deletes it in the same atomic step, so that of many concurrent
	// callers exactly one receives it and the others get ErrNotFound.
	Reveal(ctx context.Context, id string) (*Paste, error)
	// Delete removes the paste if token hashes to its DeleteHash (compared
	// in constant time). It returns ErrNotFound or ErrBadToken otherwise.
	Delete(ctx context.Context, id, token string) error
	// Sweep removes the pastes expired at now and returns how many.
	Sweep(ctx context.Context, now time.Time) (int, error)

	// AddReport records a viewer's report on a paste; ErrNotFound (or
	// ErrGone) if there is no such paste.
	AddReport(ctx context.Context, r Report) error
	// Reports returns the open reports, oldest first.
	Reports(ctx context.Context) ([]Report, error)
	// TakeDown deletes the paste id for good: from then on Get, Reveal
	// and Delete return ErrGone and Create refuses the id. Its reports
	// are closed. It returns ErrNotFound if there is no such paste, and
	// ErrGone if it is taken down already.
	TakeDown(ctx context.Context, id, reason string, at time.Time) error
	// Ban records a content hash (ContentHash) so that Banned reports it.
	// Banning twice is not an error.
	Ban(ctx context.Context, hash []byte, reason string, at time.Time) error
	// Banned reports whether hash is banned.
	Banned(ctx context.Context, hash []byte) (bool, error)

	Close() error
}

// Report is a viewer's report that a paste should not be here.
type Report struct {
	PasteID   string
	Reason    string // at most MaxReasonLen bytes of clean text
	CreatedAt time.Time
}

// MaxReasonLen bounds the reason of a report, a takedown or a ban.
const MaxReasonLen = 200

// ContentHash is the hash under which content is banned: SHA-256, the
// same as sha256sum prints.
func ContentHash(content []byte) []byte {
	h := sha256.Sum256(content)
	return h[:]
}

// MinExpiry is the shortest lifetime an uploader may choose: a paste that
// lives less would expire before most people open its link.
const MinExpiry = time.Minute

// CleanText makes s safe for every store: valid UTF-8 (invalid bytes
// become U+FFFD) without control characters other than tab.
func CleanText(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, isControl) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r != '\t' && unicode.IsControl(r) }

// Validate reports ErrMalformed when a text field of p could not be
// stored alike by every store (invalid UTF-8 or a control character).
// Stores call it in Create; the Server cleans fields before that.
func (p *Paste) Validate() error {
	for _, f := range []struct{ name, v string }{{"lang", p.Lang}, {"filename", p.Filename}} {
		if CleanText(f.v) != f.v {
			return fmt.Errorf("%w: %s: not valid UTF-8 text", ErrMalformed, f.name)
		}
	}
	return nil
}

// NewID returns a new random paste id of IDBytes bytes from crypto/rand.
func NewID() string { return randomString(IDBytes) }

// NewToken returns a new random delete token of TokenBytes bytes.
func NewToken() string { return randomString(TokenBytes) }

// randomString is n random bytes in URL-safe base64, never starting
// with '-': a command line would take such an id or token for a flag
// (shine paste admin ban -apgoT_OmoRw). One draw in 64 is made again.
func randomString(n int) string {
	b := make([]byte, n)
	for {
		rand.Read(b) // never returns an error; it crashes the program instead
		if s := base64.RawURLEncoding.EncodeToString(b); s[0] != '-' {
			return s
		}
	}
}

// HashToken returns the hash under which a delete token is stored.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// TokenMatches reports, in constant time, whether token hashes to hash.
func TokenMatches(hash []byte, token string) bool {
	return subtle.ConstantTimeCompare(hash, HashToken(token)) == 1
}

// ValidID reports whether id could be a paste id: 1 to 64 base64url
// characters. It lets handlers refuse junk before touching the store.
func ValidID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
