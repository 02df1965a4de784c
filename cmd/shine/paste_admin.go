package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"

	"github.com/shine-blog/shine/paste"
)

const pasteAdminSynopsis = `paste admin [flags] COMMAND [ARGS]

Moderates the paste server at --server or $SHINE_PASTE_URL. The admin token
comes from $SHINE_PASTE_ADMIN_TOKEN or --admin-token-file, and is sent in
the Authorization header; the server takes the same token the same ways.

Commands:
  reports [--json]                 list the open reports, oldest first
  takedown [--reason R] ID|URL...  take pastes down: they answer 410 from then on
  ban [--reason R] HASH|ID|URL     ban content: a SHA-256 in hex (as sha256sum
                                   prints it), or the content of a paste, which
                                   is also taken down`

func runPasteAdmin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("paste admin", pasteAdminSynopsis, stderr)
	server := fs.String("server", os.Getenv("SHINE_PASTE_URL"), "paste server `URL` (default $SHINE_PASTE_URL)")
	tokenFile := fs.String("admin-token-file", "", "read the admin token from this `file` (default $SHINE_PASTE_ADMIN_TOKEN)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{errors.New("paste admin: give a command: reports, takedown or ban")}
	}
	base, err := pasteServerURL(*server)
	if err != nil {
		return err
	}
	token, err := adminToken(*tokenFile)
	if err != nil {
		return err
	}
	if token == "" {
		return hintError{usageError{errors.New("paste admin: no admin token")}, "set SHINE_PASTE_ADMIN_TOKEN or pass --admin-token-file FILE"}
	}
	c := adminClient{base: base, token: token}
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	sub := newFlagSet("paste admin "+cmd, pasteAdminSynopsis, stderr)
	switch cmd {
	case "reports":
		jsonOut := sub.Bool("json", false, "print the server's JSON answer")
		if err := parseFlags(sub, rest); err != nil {
			return err
		}
		body, err := c.do(ctx, "GET", "/admin/reports", nil)
		if err != nil {
			return err
		}
		if *jsonOut {
			stdout.Write(body)
			return nil
		}
		var reports []paste.ReportAnswer
		if err := json.Unmarshal(body, &reports); err != nil {
			return fmt.Errorf("paste admin reports: the server's answer is not a list of reports: %.100q", body)
		}
		if len(reports) == 0 {
			fmt.Fprintln(stdout, "no open reports")
		}
		for _, r := range reports {
			fmt.Fprintf(stdout, "%s  %s  %s\n", r.CreatedAt.UTC().Format("2006-01-02 15:04:05Z"), r.URL, r.Reason)
		}
		return nil
	case "takedown", "ban":
		reason := sub.String("reason", "", "why, kept with the takedown or ban (at most 200 bytes)")
		if err := parseFlags(sub, rest); err != nil {
			return err
		}
		if sub.NArg() == 0 || (cmd == "ban" && sub.NArg() != 1) {
			return usageError{fmt.Errorf("paste admin %s: give the paste's id or URL%s", cmd, map[bool]string{true: ", or a content hash"}[cmd == "ban"])}
		}
		for _, arg := range sub.Args() {
			form := url.Values{}
			if *reason != "" {
				form.Set("reason", *reason)
			}
			endpoint := "/admin/ban"
			if b, err := hex.DecodeString(arg); cmd == "ban" && err == nil && len(b) == 32 {
				form.Set("hash", arg)
			} else {
				id, err := pasteIDOf(arg)
				if err != nil {
					return usageError{fmt.Errorf("paste admin %s: %w", cmd, err)}
				}
				if cmd == "takedown" {
					endpoint = "/admin/takedown/" + id
				} else {
					form.Set("id", id)
				}
			}
			body, err := c.do(ctx, "POST", endpoint, form)
			if err != nil {
				return err
			}
			stdout.Write(body)
		}
		return nil
	}
	return usageError{fmt.Errorf("paste admin: unknown command %q: the commands are reports, takedown and ban", cmd)}
}

// adminToken reads the admin token from file, or else the environment.
func adminToken(file string) (string, error) {
	if file == "" {
		return strings.TrimSpace(os.Getenv("SHINE_PASTE_ADMIN_TOKEN")), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("admin token: %w", err)
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", fmt.Errorf("admin token: %s is empty", file)
	}
	return t, nil
}

// pasteIDOf returns the paste id in arg: an id, or any link to a paste
// (its page, /ID.ext, /ID/raw, its delete link).
func pasteIDOf(arg string) (string, error) {
	if paste.ValidID(arg) {
		return arg, nil
	}
	u, err := url.Parse(arg)
	if err == nil && u.Host != "" {
		p := strings.TrimSuffix(strings.TrimSuffix(u.Path, "/raw"), "/delete")
		id, _, _ := strings.Cut(path.Base(p), ".")
		if paste.ValidID(id) {
			return id, nil
		}
	}
	return "", fmt.Errorf("%q is neither a paste id nor a paste's URL", arg)
}

type adminClient struct{ base, token string }

// do sends an admin request and returns the answer's body, or the
// server's reason as an error.
func (c adminClient) do(ctx context.Context, method, path string, form url.Values) ([]byte, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, fmt.Errorf("paste admin: %w", err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := pasteClient.Do(req)
	if err != nil {
		return nil, hintError{fmt.Errorf("paste admin: %w", err), "is the server running? set --server or $SHINE_PASTE_URL"}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("paste admin: read answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("paste admin: server answered %s: %s", resp.Status, strings.TrimSpace(string(b)))
	}
	return b, nil
}
