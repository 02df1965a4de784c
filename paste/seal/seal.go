// Package seal is the format of encrypted pastes, which the server stores
// and serves without being able to read them. The shine client and the
// browser (paste/web/static/seal.js) write and read the same format:
//
// A random 256-bit key travels in the link's fragment (#KEY, base64url),
// which browsers never send to the server. The AES-256-GCM key is derived
// with PBKDF2-SHA-256 from that key followed by the optional password's
// UTF-8 bytes, a random 128-bit salt and the iteration count recorded in
// the envelope (PasswordIterations with a password, so that the link
// alone is not enough and guessing is slow; 1 without, where the 256-bit
// key needs no stretching). The plaintext is the JSON of Plain; the
// envelope, which is the paste's content, is one line of JSON:
//
//	{"v":1,"kdf":"PBKDF2-SHA256","iter":600000,"pw":true,
//	 "salt":"…","iv":"…","ct":"…"}
//
// with salt, the 96-bit nonce iv and ct (ciphertext and the 128-bit tag)
// in base64url without padding. Any changed byte fails authentication.
package seal

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// PasswordIterations is the PBKDF2 count for pastes with a password.
const PasswordIterations = 600000

// maxIterations bounds the work a crafted envelope can ask of a reader.
const maxIterations = 10_000_000

// Plain is what an encrypted paste holds.
type Plain struct {
	Lang     string `json:"lang,omitempty"`
	Filename string `json:"filename,omitempty"`
	Text     string `json:"text"`
}

// Envelope is the stored form of an encrypted paste.
type Envelope struct {
	V        int    `json:"v"`
	KDF      string `json:"kdf"`
	Iter     int    `json:"iter"`
	Password bool   `json:"pw"`
	Salt     string `json:"salt"`
	IV       string `json:"iv"`
	CT       string `json:"ct"`
}

// Errors that callers branch on.
var (
	// ErrNotSealed means the bytes are not an envelope of this format.
	ErrNotSealed = errors.New("not an encrypted paste")
	// ErrOpen means the key or password is wrong, or the envelope was
	// changed: AES-GCM cannot tell these apart, and neither can we.
	ErrOpen = errors.New("cannot decrypt: wrong key or password, or the paste was changed")
	// ErrNeedPassword means the paste has a password and none was given.
	ErrNeedPassword = errors.New("this paste needs its password")
)

var b64 = base64.RawURLEncoding

// Looks reports, cheaply, whether b starts like an envelope: the server
// then serves a page that decrypts it in the browser.
func Looks(b []byte) bool {
	return bytes.HasPrefix(b, []byte(`{"v":1,"kdf":"PBKDF2-SHA256",`))
}

// Parse reads an envelope and checks its form (not its authenticity).
func Parse(b []byte) (*Envelope, error) {
	b = bytes.TrimSpace(b)
	if !bytes.HasPrefix(b, []byte(`{"v":`)) {
		return nil, ErrNotSealed
	}
	var e Envelope
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&e); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotSealed, err)
	}
	if d.More() {
		return nil, fmt.Errorf("%w: data after the envelope", ErrNotSealed)
	}
	if e.V != 1 || e.KDF != "PBKDF2-SHA256" {
		return nil, fmt.Errorf("%w: unknown version %d or kdf %q", ErrNotSealed, e.V, e.KDF)
	}
	if e.Iter < 1 || e.Iter > maxIterations {
		return nil, fmt.Errorf("%w: iter must be 1 to %d", ErrNotSealed, maxIterations)
	}
	for _, f := range []struct {
		name, v string
		min     int
		exact   bool
	}{{"salt", e.Salt, 16, true}, {"iv", e.IV, 12, true}, {"ct", e.CT, 16, false}} {
		raw, err := b64.DecodeString(f.v)
		if err != nil || len(raw) < f.min || (f.exact && len(raw) != f.min) {
			return nil, fmt.Errorf("%w: %s is not %d bytes of base64url", ErrNotSealed, f.name, f.min)
		}
	}
	return &e, nil
}

// Seal encrypts p with a new random key, and the password if it is not
// empty. It returns the envelope and the key to put in the link's
// fragment.
func Seal(p Plain, password string) (envelope []byte, key string, err error) {
	plain, err := json.Marshal(p)
	if err != nil {
		return nil, "", err
	}
	k, salt, iv := make([]byte, 32), make([]byte, 16), make([]byte, 12)
	for _, b := range [][]byte{k, salt, iv} {
		rand.Read(b)
	}
	e := Envelope{V: 1, KDF: "PBKDF2-SHA256", Iter: 1, Password: password != "", Salt: b64.EncodeToString(salt), IV: b64.EncodeToString(iv)}
	if e.Password {
		e.Iter = PasswordIterations
	}
	aead, err := e.aead(k, password)
	if err != nil {
		return nil, "", err
	}
	e.CT = b64.EncodeToString(aead.Seal(nil, iv, plain, nil))
	out, err := json.Marshal(e)
	return out, b64.EncodeToString(k), err
}

// Open decrypts an envelope with the key from the link and the password
// (empty when the paste has none).
func Open(envelope []byte, key, password string) (Plain, error) {
	e, err := Parse(envelope)
	if err != nil {
		return Plain{}, err
	}
	if e.Password && password == "" {
		return Plain{}, ErrNeedPassword
	}
	k, err := b64.DecodeString(key)
	if err != nil || len(k) != 32 {
		return Plain{}, errors.New("the key in the link is not 32 bytes of base64url: was the link cut short?")
	}
	aead, err := e.aead(k, password)
	if err != nil {
		return Plain{}, err
	}
	iv, _ := b64.DecodeString(e.IV)
	ct, _ := b64.DecodeString(e.CT)
	plain, err := aead.Open(nil, iv, ct, nil)
	if err != nil {
		return Plain{}, ErrOpen
	}
	var p Plain
	if err := json.Unmarshal(plain, &p); err != nil {
		return Plain{}, fmt.Errorf("decrypted, but not a paste: %w", err)
	}
	return p, nil
}

func (e *Envelope) aead(key []byte, password string) (cipher.AEAD, error) {
	salt, _ := b64.DecodeString(e.Salt)
	secret := append(append([]byte{}, key...), password...)
	aesKey, err := pbkdf2.Key(sha256.New, string(secret), salt, e.Iter, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(aesKey)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
