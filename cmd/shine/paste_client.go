package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shine-blog/shine/paste"
	"github.com/shine-blog/shine/paste/seal"
)

const pasteUploadSynopsis = `paste [flags] [FILE]

Uploads FILE (standard input when there is none or it is -) to the paste
server at --server or $SHINE_PASTE_URL and prints the paste's link. The
delete token is kept in the token file (see shine paste rm -h).
With --encrypt the server gets only ciphertext; the key is in the link.
Also: shine paste get URL, shine paste rm URL, shine paste admin, and the
server, shine paste serve (each with -h).`

// pasteClient is the HTTP client of the paste commands.
var pasteClient = &http.Client{Timeout: time.Minute}

func runPasteUpload(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("paste", pasteUploadSynopsis, stderr)
	server := fs.String("server", os.Getenv("SHINE_PASTE_URL"), "paste server `URL` (default $SHINE_PASTE_URL)")
	lang := fs.String("lang", "", "language to highlight, like go or diff (default: from the file name or a guess)")
	expires := fs.String("expires", "", "lifetime: 10m, 1h, 1d, 1w, 30d, 1y or never (default: the server's)")
	burn := fs.Bool("burn", false, "delete the paste when it is first read")
	name := fs.String("name", "", "file name to show (default: FILE's base name)")
	jsonOut := fs.Bool("json", false, "print the server's JSON answer instead of the link")
	encrypt := fs.Bool("encrypt", false, "encrypt before uploading (AES-256-GCM); the key is printed in the link after #, never sent to the server")
	pwFile := fs.String("password-file", "", "with --encrypt, also require the password in this `file` (default $SHINE_PASTE_PASSWORD, if set)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageError{errors.New("paste: give one FILE at most")}
	}
	base, err := pasteServerURL(*server)
	if err != nil {
		return err
	}
	var in io.Reader = os.Stdin
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return fmt.Errorf("paste: %w", err)
		}
		defer f.Close()
		in = f
		if *name == "" {
			*name = filepath.Base(fs.Arg(0))
		}
	}
	content, err := io.ReadAll(in)
	if err != nil {
		return fmt.Errorf("paste: read: %w", err)
	}
	if len(content) == 0 {
		return errors.New("paste: nothing to upload: the input is empty")
	}

	fragment := ""
	if *encrypt {
		password, err := pastePassword(*pwFile)
		if err != nil {
			return err
		}
		if !utf8.Valid(content) || bytes.IndexByte(content, 0) >= 0 {
			return errors.New("paste: --encrypt takes text: the input is binary")
		}
		env, key, err := seal.Seal(seal.Plain{Lang: *lang, Filename: *name, Text: string(content)}, password)
		if err != nil {
			return fmt.Errorf("paste: encrypt: %w", err)
		}
		// The language and file name travel inside, where the server
		// cannot read them.
		content, fragment, *lang, *name = env, "#"+key, "", ""
	}

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("content", *name)
	if err != nil {
		return err
	}
	fw.Write(content)
	for k, v := range map[string]string{"lang": *lang, "expires": *expires} {
		if v != "" {
			mw.WriteField(k, v)
		}
	}
	if *encrypt {
		mw.WriteField("encrypted", "1")
	}
	if *burn {
		mw.WriteField("burn", "1")
	}
	mw.Close()
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/", &body)
	if err != nil {
		return fmt.Errorf("paste: %w", err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept", "application/json")
	resp, err := pasteClient.Do(req)
	if err != nil {
		return hintError{fmt.Errorf("paste: %w", err), "is the server running? set --server or $SHINE_PASTE_URL"}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("paste: read answer: %w", err)
	}
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("paste: server answered %s: %s", resp.Status, strings.TrimSpace(string(raw)))
	}
	var a paste.Answer
	if err := json.Unmarshal(raw, &a); err != nil || a.URL == "" {
		return fmt.Errorf("paste: the server's answer is not a paste: %.100q", raw)
	}
	if err := saveToken(a); err != nil {
		fmt.Fprintf(stderr, "shine: paste: could not keep the delete token (%v); delete with %s\n", err, a.DeleteURL)
	}
	if *jsonOut {
		if fragment != "" {
			// The key is nowhere else: add it to the links.
			a.URL += fragment
			raw, _ = json.Marshal(a)
			raw = append(raw, '\n')
		}
		stdout.Write(raw)
		return nil
	}
	fmt.Fprintln(stdout, a.URL+fragment)
	return nil
}

// pastePassword reads the password of an encrypted paste from file, or
// else $SHINE_PASTE_PASSWORD; a password never goes on the command line,
// where other users could read it.
func pastePassword(file string) (string, error) {
	if file == "" {
		return os.Getenv("SHINE_PASTE_PASSWORD"), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("paste: password: %w", err)
	}
	pw := strings.TrimRight(string(b), "\r\n")
	if pw == "" {
		return "", fmt.Errorf("paste: password: %s is empty", file)
	}
	return pw, nil
}

const pasteGetSynopsis = `paste get [flags] URL

Prints the paste at URL. An encrypted paste is decrypted here with the key
in the link (the part after #) and its password, if it has one, from
--password-file or $SHINE_PASTE_PASSWORD. A burn-after-reading paste is
revealed, and so deleted.`

func runPasteGet(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("paste get", pasteGetSynopsis, stderr)
	pwFile := fs.String("password-file", "", "read the password of an encrypted paste from this `file` (default $SHINE_PASTE_PASSWORD)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{errors.New("paste get: give the paste's URL")}
	}
	u, err := url.Parse(fs.Arg(0))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError{fmt.Errorf("paste get: %q is not a paste URL", fs.Arg(0))}
	}
	key := u.Fragment
	id, err := pasteIDOf(fs.Arg(0))
	if err != nil {
		return usageError{fmt.Errorf("paste get: %w", err)}
	}
	u.Fragment, u.RawFragment, u.RawQuery = "", "", ""
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/raw"), "/delete")
	u.Path = u.Path[:strings.LastIndex(u.Path, "/")+1] + id + "/raw"
	body, err := fetchRaw(ctx, u.String())
	if err != nil {
		return err
	}
	if !seal.Looks(body) {
		stdout.Write(body)
		return nil
	}
	if key == "" {
		return hintError{errors.New("paste get: the paste is encrypted and the link has no key"), "use the whole link, with the part after #"}
	}
	password, err := pastePassword(*pwFile)
	if err != nil {
		return err
	}
	p, err := seal.Open(body, key, password)
	if errors.Is(err, seal.ErrNeedPassword) {
		return hintError{fmt.Errorf("paste get: %w", err), "pass --password-file FILE or set SHINE_PASTE_PASSWORD"}
	}
	if err != nil {
		return fmt.Errorf("paste get: %w", err)
	}
	io.WriteString(stdout, p.Text)
	return nil
}

// fetchRaw reads a paste's bytes; a burn-after-reading paste answers 405
// to GET, and is revealed with POST.
func fetchRaw(ctx context.Context, rawURL string) ([]byte, error) {
	for _, method := range []string{"GET", "POST"} {
		req, err := http.NewRequestWithContext(ctx, method, rawURL, nil)
		if err != nil {
			return nil, fmt.Errorf("paste get: %w", err)
		}
		resp, err := pasteClient.Do(req)
		if err != nil {
			return nil, fmt.Errorf("paste get: %w", err)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("paste get: read: %w", err)
		}
		switch resp.StatusCode {
		case http.StatusOK:
			return b, nil
		case http.StatusMethodNotAllowed:
			continue
		}
		return nil, fmt.Errorf("paste get: server answered %s: %s", resp.Status, strings.TrimSpace(string(b)))
	}
	return nil, errors.New("paste get: the server refused both GET and POST")
}

func pasteServerURL(s string) (string, error) {
	if s == "" {
		return "", hintError{usageError{errors.New("paste: no server given")}, "pass --server URL or set SHINE_PASTE_URL"}
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", usageError{fmt.Errorf("paste: server %q is not an http(s) URL", s)}
	}
	return strings.TrimSuffix(s, "/"), nil
}

const pasteRmSynopsis = `paste rm URL

Deletes the paste at URL with the delete token that shine paste kept when
it uploaded it. URL may also be a delete link (…/delete?token=…).

Tokens are kept in $XDG_CONFIG_HOME/shine/paste-tokens (on Linux; the
folder os.UserConfigDir names elsewhere), one JSON object per line.`

func runPasteRm(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("paste rm", pasteRmSynopsis, stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{errors.New("paste rm: give the paste's URL")}
	}
	target := fs.Arg(0)
	pasteURL, token, err := deleteTarget(target)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, "DELETE", pasteURL, nil)
	if err != nil {
		return fmt.Errorf("paste rm: %w", err)
	}
	req.Header.Set("X-Delete-Token", token)
	resp, err := pasteClient.Do(req)
	if err != nil {
		return fmt.Errorf("paste rm: %w", err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound, http.StatusGone:
		if err := forgetToken(pasteURL); err != nil {
			fmt.Fprintf(stderr, "shine: paste rm: could not update the token file: %v\n", err)
		}
		return fmt.Errorf("paste rm: %s is already gone", pasteURL)
	default:
		return fmt.Errorf("paste rm: server answered %s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	if err := forgetToken(pasteURL); err != nil {
		fmt.Fprintf(stderr, "shine: paste rm: could not update the token file: %v\n", err)
	}
	fmt.Fprintf(stdout, "deleted %s\n", pasteURL)
	return nil
}

// deleteTarget returns the paste URL to send DELETE to and the token, from
// a delete link or from the token file.
func deleteTarget(target string) (string, string, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", usageError{fmt.Errorf("paste rm: %q is not a paste URL", target)}
	}
	if tok := u.Query().Get("token"); tok != "" && strings.HasSuffix(u.Path, "/delete") {
		u.Path, u.RawQuery = strings.TrimSuffix(u.Path, "/delete"), ""
		return u.String(), tok, nil
	}
	u.RawQuery, u.Fragment = "", ""
	u.Path = strings.TrimSuffix(u.Path, "/raw")
	want := u.String()
	entries, err := readTokens()
	if err != nil {
		return "", "", fmt.Errorf("paste rm: %w", err)
	}
	for _, e := range entries {
		if e.URL == want {
			return want, e.Token, nil
		}
	}
	path, _ := tokenFile()
	return "", "", hintError{fmt.Errorf("paste rm: no delete token for %s in %s", want, path), "pass the delete link the upload printed (…/delete?token=…) instead"}
}

// tokenEntry is one line of the token file.
type tokenEntry struct {
	URL       string     `json:"url"`
	Token     string     `json:"token"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

func tokenFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "shine", "paste-tokens"), nil
}

func readTokens() ([]tokenEntry, error) {
	path, err := tokenFile()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []tokenEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e tokenEntry
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.URL != "" {
			out = append(out, e)
		}
	}
	return out, sc.Err()
}

// updateTokens rewrites the token file with what edit makes of its
// entries, holding a lock on a file beside it so that concurrent shine
// paste and shine paste rm never lose each other's entries; the rewrite
// is atomic (a temporary file renamed over it), so readers never see
// half a file.
func updateTokens(edit func([]tokenEntry) []tokenEntry) error {
	path, err := tokenFile()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	lock, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer lock.Close() // closing releases the lock
	if err := lockFile(lock); err != nil {
		return fmt.Errorf("lock %s: %w", lock.Name(), err)
	}
	entries, err := readTokens()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	for _, e := range edit(entries) {
		line, _ := json.Marshal(e)
		b.Write(append(line, '\n'))
	}
	// writeFileAtomic's temporary file is readable by the user only.
	return writeFileAtomic(path, b.Bytes())
}

// saveToken adds the paste's delete token to the token file.
func saveToken(a paste.Answer) error {
	u, err := url.Parse(a.DeleteURL)
	if err != nil {
		return err
	}
	e := tokenEntry{URL: a.URL, Token: u.Query().Get("token"), ExpiresAt: a.ExpiresAt}
	return updateTokens(func(es []tokenEntry) []tokenEntry { return append(es, e) })
}

// forgetToken drops the entries for pasteURL, and those that expired,
// from the token file.
func forgetToken(pasteURL string) error {
	now := time.Now()
	return updateTokens(func(es []tokenEntry) []tokenEntry {
		var keep []tokenEntry
		for _, e := range es {
			if e.URL == pasteURL || (e.ExpiresAt != nil && now.After(*e.ExpiresAt)) {
				continue
			}
			keep = append(keep, e)
		}
		return keep
	})
}
