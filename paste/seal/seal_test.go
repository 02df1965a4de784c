package seal_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shine-blog/shine/paste/seal"
)

func TestRoundTrip(t *testing.T) {
	p := seal.Plain{Lang: "go", Filename: "main.go", Text: "package main\n\n// <script>alert(1)</script> & ünïcödé\n"}
	for _, pw := range []string{"", "correct horse battery staple"} {
		env, key, err := seal.Seal(p, pw)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(env), "package main") {
			t.Fatal("the envelope holds the plaintext")
		}
		e, err := seal.Parse(env)
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		if e.Password != (pw != "") || (pw != "" && e.Iter != seal.PasswordIterations) {
			t.Errorf("envelope %+v for password %q", e, pw)
		}
		got, err := seal.Open(env, key, pw)
		if err != nil || got != p {
			t.Fatalf("Open = %+v, %v", got, err)
		}
		if pw != "" {
			if _, err := seal.Open(env, key, "wrong"); !errors.Is(err, seal.ErrOpen) {
				t.Errorf("wrong password: %v", err)
			}
			if _, err := seal.Open(env, key, ""); !errors.Is(err, seal.ErrNeedPassword) {
				t.Errorf("no password: %v", err)
			}
		}
		_, other, _ := seal.Seal(p, pw)
		if _, err := seal.Open(env, other, pw); !errors.Is(err, seal.ErrOpen) {
			t.Errorf("wrong key: %v", err)
		}
		// Change one character of each field: the envelope no longer
		// opens, or no longer parses.
		for _, field := range []string{`"ct":"`, `"iv":"`, `"salt":"`} {
			i := strings.Index(string(env), field) + len(field) + 2
			b := []byte(env)
			b[i] ^= 'A' ^ 'B'
			if b[i] == env[i] {
				b[i] = 'A'
			}
			if _, err := seal.Open(b, key, pw); err == nil {
				t.Errorf("changed %s: opened", field)
			}
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, in := range []string{
		"hello",
		`{"v":1}`,
		`{"v":2,"kdf":"PBKDF2-SHA256","iter":1,"pw":false,"salt":"AAAAAAAAAAAAAAAAAAAAAA","iv":"AAAAAAAAAAAAAAAA","ct":"AAAAAAAAAAAAAAAAAAAAAA"}`,
		`{"v":1,"kdf":"PBKDF2-SHA256","iter":0,"pw":false,"salt":"AAAAAAAAAAAAAAAAAAAAAA","iv":"AAAAAAAAAAAAAAAA","ct":"AAAAAAAAAAAAAAAAAAAAAA"}`,
		`{"v":1,"kdf":"PBKDF2-SHA256","iter":1,"pw":false,"salt":"AAAA","iv":"AAAAAAAAAAAAAAAA","ct":"AAAAAAAAAAAAAAAAAAAAAA"}`,
		`{"v":1,"kdf":"PBKDF2-SHA256","iter":1,"pw":false,"salt":"AAAAAAAAAAAAAAAAAAAAAA","iv":"AAAAAAAAAAAAAAAA","ct":"AAAAAAAAAAAAAAAAAAAAAA","x":1}`,
		`{"v":1,"kdf":"PBKDF2-SHA256","iter":1,"pw":false,"salt":"AAAAAAAAAAAAAAAAAAAAAA","iv":"AAAAAAAAAAAAAAAA","ct":"AAAAAAAAAAAAAAAAAAAAAA"} {}`,
	} {
		if _, err := seal.Parse([]byte(in)); !errors.Is(err, seal.ErrNotSealed) {
			t.Errorf("Parse(%.60s) = %v, want ErrNotSealed", in, err)
		}
	}
	ok := `{"v":1,"kdf":"PBKDF2-SHA256","iter":1,"pw":false,"salt":"AAAAAAAAAAAAAAAAAAAAAA","iv":"AAAAAAAAAAAAAAAA","ct":"AAAAAAAAAAAAAAAAAAAAAA"}`
	if _, err := seal.Parse([]byte(ok)); err != nil {
		t.Errorf("Parse(well-formed) = %v", err)
	}
}
