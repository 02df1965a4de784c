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

	"github.com/shine-blog/shine/paste"
)

const pasteUploadSynopsis = `paste [flags] [FILE]

Uploads FILE (standard input when there is none or it is -) to the paste
server at --server or $SHINE_PASTE_URL and prints the paste's link. The
delete token is kept in the token file (see shine paste rm -h).
The server is shine paste serve (see shine paste serve -h).`

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
		stdout.Write(raw)
		return nil
	}
	fmt.Fprintln(stdout, a.URL)
	return nil
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
