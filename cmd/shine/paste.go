package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/shine-blog/shine/paste"
	"github.com/shine-blog/shine/paste/bolt"
	"github.com/shine-blog/shine/paste/postgres"
)

// runPaste dispatches `shine paste serve`, `shine paste rm` and the upload
// client `shine paste [FILE]`.
func runPaste(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "serve":
			return runPasteServe(ctx, args[1:], stdout, stderr)
		case "rm":
			return runPasteRm(ctx, args[1:], stdout, stderr)
		case "admin":
			return runPasteAdmin(ctx, args[1:], stdout, stderr)
		case "get":
			return runPasteGet(ctx, args[1:], stdout, stderr)
		}
	}
	return runPasteUpload(ctx, args, stdout, stderr)
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// pasteServeConfig is everything `shine paste serve` is told.
type pasteServeConfig struct {
	addr, db, dbSchema, readyFile, logLevel string
	grace                                   time.Duration
	server                                  paste.Config
}

func parsePasteServe(args []string, stderr io.Writer) (pasteServeConfig, error) {
	c := pasteServeConfig{server: paste.DefaultConfig()}
	fs := newFlagSet("paste serve", "paste serve [flags]", stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen on this `host:port` (port 0 picks a free one)")
	fs.StringVar(&c.db, "db", "bolt:paste.db", "store: bolt:`PATH` for the embedded file, or a postgres:// URL shared by any number of servers")
	fs.StringVar(&c.dbSchema, "db-schema", "", "PostgreSQL `schema` to use (created if missing); default: the connection's search_path")
	fs.StringVar(&c.server.BaseURL, "base-url", "", "public `URL` of the service for links; required unless --addr is a loopback address")
	fs.StringVar(&c.server.RawBaseURL, "raw-base-url", "", "serve raw pastes from this second origin `URL` (needs --base-url)")
	maxSize := fs.String("max-size", "1MiB", "largest paste accepted (B, KiB, MiB, kB, MB)")
	maxExpiry := fs.String("max-expiry", "never", "longest lifetime an uploader may choose (10m, 1d, 30d, 1y…), or never for no limit")
	defExpiry := fs.String("default-expiry", "1w", "lifetime of pastes that do not choose one, capped by --max-expiry")
	rate := fs.String("rate-limit", "10/s", "requests per client address (N/s, N/m, N/h), or 0 to turn the limit off")
	fs.IntVar(&c.server.RateBurst, "rate-burst", 20, "requests a client may make at once before --rate-limit applies")
	var proxies listFlag
	fs.Var(&proxies, "trusted-proxy", "`CIDR` of a proxy whose X-Forwarded-For is believed (repeatable)")
	uploadMem := fs.String("max-upload-memory", paste.FormatSize(c.server.UploadMemory), "memory all uploads in progress may hold at once; past it uploads get 503 with Retry-After")
	fs.DurationVar(&c.server.RenderTimeout, "render-timeout", c.server.RenderTimeout, "longest time spent highlighting one paste; past it the paste is shown, and kept, as plain text")
	fs.DurationVar(&c.server.SweepInterval, "sweep-interval", time.Minute, "how often expired pastes are removed from storage")
	fs.DurationVar(&c.grace, "shutdown-grace", 30*time.Second, "on SIGTERM, how long requests in flight may take to finish")
	adminFile := fs.String("admin-token-file", "", "read the admin token from this `file` (default $SHINE_PASTE_ADMIN_TOKEN; none: no admin API)")
	fs.StringVar(&c.readyFile, "ready-file", "", "once listening, write the server's URL to this `file`")
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug (every request), info, warn or error")
	if err := parseFlags(fs, args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, usageError{fmt.Errorf("paste serve: unexpected argument %q", fs.Arg(0))}
	}
	var err error
	if c.server.MaxSize, err = paste.ParseSize(*maxSize); err != nil {
		return c, usageError{fmt.Errorf("max-size: %w", err)}
	}
	if c.server.MaxExpiry, err = paste.ParseExpiry(*maxExpiry); err != nil {
		return c, usageError{fmt.Errorf("max-expiry: %w", err)}
	}
	if c.server.DefaultExpiry, err = paste.ParseExpiry(*defExpiry); err != nil {
		return c, usageError{fmt.Errorf("default-expiry: %w", err)}
	}
	if c.server.AdminToken, err = adminToken(*adminFile); err != nil {
		return c, usageError{err}
	}
	if c.server.UploadMemory, err = paste.ParseSize(*uploadMem); err != nil {
		return c, usageError{fmt.Errorf("max-upload-memory: %w", err)}
	}
	if c.server.RateLimit, err = paste.ParseRate(*rate); err != nil {
		return c, usageError{fmt.Errorf("rate-limit: %w", err)}
	}
	for _, p := range proxies {
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			a, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return c, usageError{fmt.Errorf("trusted-proxy: %q is not a CIDR like 10.0.0.0/8", p)}
			}
			pfx = netip.PrefixFrom(a, a.BitLen())
		}
		c.server.TrustedProxies = append(c.server.TrustedProxies, pfx.Masked())
	}
	if err := c.server.Validate(); err != nil {
		return c, usageError{err}
	}
	// Without a base URL links would come from the Host header, which
	// anyone who can reach a public address can forge.
	if host, _, err := net.SplitHostPort(c.addr); c.server.BaseURL == "" && (err != nil || !paste.IsLoopbackHost(host)) {
		return c, hintError{usageError{fmt.Errorf("paste serve: --addr %s is not a loopback address, and there is no --base-url", c.addr)},
			"pass --base-url with the service's public URL, like --base-url https://paste.example.com"}
	}
	return c, nil
}

func runPasteServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parsePasteServe(args, stderr)
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return usageError{fmt.Errorf("log-level: %w", err)}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	// main already stops on these, but tests run this function directly.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	store, err := openPasteStore(ctx, c.db, c.dbSchema)
	if err != nil {
		return redactError(err, c.db)
	}
	defer store.Close()
	srv, err := paste.NewServer(store, c.server, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return hintError{fmt.Errorf("paste serve: %w", err), "choose another --addr, or port 0 for any free port"}
	}
	url := "http://" + ln.Addr().String()
	log.Info("paste server listening", "url", url, "db", redactDB(c.db), "max_size", paste.FormatSize(c.server.MaxSize),
		"max_expiry", paste.FormatExpiry(c.server.MaxExpiry), "rate_limit", c.server.RateLimit)
	if c.readyFile != "" {
		if err := writeFileAtomic(c.readyFile, []byte(url+"\n")); err != nil {
			ln.Close()
			return fmt.Errorf("write ready file: %w", err)
		}
	}
	if err := srv.Serve(ctx, ln, c.grace); err != nil {
		return fmt.Errorf("paste serve: %w", err)
	}
	log.Info("paste server stopped")
	return nil
}

// openPasteStore opens the store named by --db.
func openPasteStore(ctx context.Context, db, schema string) (paste.Store, error) {
	switch {
	case strings.HasPrefix(db, "postgres://"), strings.HasPrefix(db, "postgresql://"):
		s, err := postgres.Open(ctx, db, postgres.Options{Schema: schema})
		if err != nil {
			return nil, hintError{fmt.Errorf("paste serve: %w", err), "check that PostgreSQL runs and that the --db URL is right"}
		}
		return s, nil
	case strings.HasPrefix(db, "bolt:"):
		if schema != "" {
			return nil, usageError{errors.New("db-schema: only for a postgres:// --db")}
		}
		path := strings.TrimPrefix(db, "bolt:")
		if path == "" {
			return nil, usageError{errors.New("db: bolt: needs a file path, like bolt:paste.db")}
		}
		s, err := bolt.Open(path, 2*time.Second)
		if err != nil {
			return nil, hintError{fmt.Errorf("paste serve: %w", err), "stop the other server, or give this one its own --db bolt:OTHER.db; to run several servers, share a postgres:// database"}
		}
		return s, nil
	}
	return nil, usageError{fmt.Errorf("db: %q is neither bolt:PATH nor a postgres:// URL", redactDB(db))}
}

// redactDB hides the passwords in a database URL (user:PASSWORD@ or
// ?password=) or key=value string (password=…) before it is logged.
func redactDB(db string) string {
	for _, secret := range dbSecrets(db) {
		db = strings.ReplaceAll(db, secret, "xxxxx")
	}
	return db
}

// dbSecrets returns the passwords written in db, as they are spelled
// there (raw and decoded), longest first.
func dbSecrets(db string) []string {
	var out []string
	add := func(v string) {
		if v != "" && v != "xxxxx" {
			out = append(out, v)
			if raw := url.QueryEscape(v); raw != v {
				out = append(out, raw)
			}
			if raw := url.PathEscape(v); raw != v {
				out = append(out, raw)
			}
		}
	}
	if u, err := url.Parse(db); err == nil && u.Scheme != "" {
		if p, ok := u.User.Password(); ok {
			add(p)
		}
		if _, rest, ok := strings.Cut(db, "://"); ok {
			if at := strings.LastIndex(rest, "@"); at >= 0 {
				if _, p, ok := strings.Cut(rest[:at], ":"); ok {
					add(p)
				}
			}
		}
		for k, vs := range u.Query() {
			if strings.EqualFold(k, "password") {
				for _, v := range vs {
					add(v)
				}
			}
		}
	}
	// key=value form: password=secret or password='se cret'.
	for _, m := range kvPassword.FindAllStringSubmatch(db, -1) {
		add(m[1] + m[2])
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

var kvPassword = regexp.MustCompile(`(?i)(?:^|[\s?&])password\s*=\s*(?:'([^']*)'|([^\s&']+))`)

// redactError hides the passwords of db in err's message: drivers may
// quote the connection string.
func redactError(err error, db string) error {
	secrets := dbSecrets(db)
	red := func(s string) string {
		for _, x := range secrets {
			s = strings.ReplaceAll(s, x, "xxxxx")
		}
		return s
	}
	if err == nil || red(err.Error()) == err.Error() {
		return err
	}
	var h hintError
	var u usageError
	switch {
	case errors.As(err, &h):
		return hintError{errors.New(red(h.err.Error())), h.hint}
	case errors.As(err, &u):
		return usageError{errors.New(red(u.err.Error()))}
	}
	return errors.New(red(err.Error()))
}

func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ready-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
