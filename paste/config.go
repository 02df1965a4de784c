package paste

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is the paste server's configuration. Start from DefaultConfig.
type Config struct {
	// BaseURL is the public URL of the service, used in the links it
	// answers with. Empty means: from each request's Host header.
	BaseURL string
	// RawBaseURL, if set, is a second origin that serves raw content, so
	// that a paste can never act on the main origin even if a browser
	// misreads it.
	RawBaseURL string
	// MaxSize is the largest paste accepted, in bytes.
	MaxSize int64
	// MaxExpiry is the longest lifetime an uploader may choose; 0 means
	// no limit, and "never" is allowed.
	MaxExpiry time.Duration
	// DefaultExpiry applies when the uploader chooses none; 0 means never.
	// It is capped at MaxExpiry.
	DefaultExpiry time.Duration
	// RateLimit is the sustained number of requests per second allowed per
	// client address; 0 turns rate limiting off. RateBurst is the bucket
	// size.
	RateLimit float64
	RateBurst int
	// TrustedProxies are the peers whose X-Forwarded-For header is
	// believed.
	TrustedProxies []netip.Prefix
	// SweepInterval is how often expired pastes are removed from storage.
	SweepInterval time.Duration
	// HighlightLimit is the size above which pastes are shown without
	// syntax highlighting, to bound the work per request.
	HighlightLimit int
	// RenderTimeout bounds the highlighting of one paste; past it the
	// paste is shown, and kept, as plain text.
	RenderTimeout time.Duration
	// RenderCacheSize bounds the memory, in bytes, of the rendered pastes
	// kept for the next viewer.
	RenderCacheSize int
	// AdminToken authorises the admin API (reports, takedowns, bans);
	// empty turns it off.
	AdminToken string
	// UploadMemory bounds the bytes of uploads held in memory at once,
	// across all requests; past it uploads are answered 503.
	UploadMemory int64
}

// DefaultConfig returns the configuration of `shine paste serve` without
// flags.
func DefaultConfig() Config {
	return Config{
		MaxSize:         1 << 20,
		MaxExpiry:       0,
		DefaultExpiry:   7 * 24 * time.Hour,
		RateLimit:       10,
		RateBurst:       20,
		SweepInterval:   time.Minute,
		HighlightLimit:  256 << 10,
		RenderTimeout:   500 * time.Millisecond,
		RenderCacheSize: 64 << 20,
		UploadMemory:    64 << 20,
	}
}

// Validate reports the first setting at fault, by its flag name.
func (c Config) Validate() error {
	for _, u := range []struct{ key, v string }{{"base-url", c.BaseURL}, {"raw-base-url", c.RawBaseURL}} {
		if u.v == "" {
			continue
		}
		p, err := url.Parse(u.v)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.RawQuery != "" || p.Fragment != "" {
			return fmt.Errorf("%s: %q is not an http(s) URL like https://paste.example.com", u.key, u.v)
		}
	}
	if c.RawBaseURL != "" && c.BaseURL == "" {
		return errors.New("raw-base-url: needs base-url too, to tell the two origins apart")
	}
	if c.MaxSize <= 0 {
		return fmt.Errorf("max-size: must be positive, not %d", c.MaxSize)
	}
	if c.MaxExpiry < 0 {
		return errors.New("max-expiry: must not be negative")
	}
	if c.RateLimit < 0 {
		return errors.New("rate-limit: must not be negative")
	}
	if c.RateLimit > 0 && c.RateBurst < 1 {
		return errors.New("rate-limit: burst must be at least 1")
	}
	if c.UploadMemory < c.MaxSize {
		return fmt.Errorf("max-upload-memory: must hold at least one paste of --max-size (%s)", FormatSize(c.MaxSize))
	}
	if c.RenderTimeout <= 0 {
		return errors.New("render-timeout: must be positive")
	}
	if c.SweepInterval <= 0 {
		return errors.New("sweep-interval: must be positive")
	}
	return nil
}

// ParseSize parses a size such as 1MiB, 512KiB, 100kB or 4096.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("size %q: want a positive number with an optional unit (B, KiB, MiB, GiB, kB, MB, GB)", s)
	}
	return n * mult, nil
}

// FormatSize spells n in the largest binary unit that divides it.
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%dGiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return fmt.Sprintf("%dB", n)
}

// ParseRate parses a rate limit such as 10/s, 600/m or 0 (off), and
// returns requests per second.
func ParseRate(s string) (float64, error) {
	if s == "0" {
		return 0, nil
	}
	num, unit, ok := strings.Cut(s, "/")
	n, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || n < 0 || n > 1e9 {
		return 0, fmt.Errorf("rate %q: want N/s, N/m or N/h, or 0 to turn it off", s)
	}
	switch unit {
	case "s":
		return n, nil
	case "m":
		return n / 60, nil
	case "h":
		return n / 3600, nil
	}
	return 0, fmt.Errorf("rate %q: unit must be s, m or h", s)
}

// maxLifetime bounds lifetimes well inside time.Duration's range (about
// 292 years); beyond it, ask for never.
const maxLifetime = 100 * 365 * 24 * time.Hour

// Never is what ParseExpiry returns for "never".
const Never time.Duration = 0

// ParseExpiry parses a paste lifetime: "never", a number with a unit of
// s, m, h, d (days), w (weeks) or y (365 days), such as 10m, 1d or 2w, or a
// Go duration such as 1h30m; at most 100 years.
func ParseExpiry(s string) (time.Duration, error) {
	if s == "never" {
		return Never, nil
	}
	if len(s) >= 2 && len(s) <= 12 {
		unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}[s[len(s)-1]]
		if unit != 0 {
			n, err := strconv.ParseUint(s[:len(s)-1], 10, 32)
			if err == nil && n > 0 && time.Duration(n) <= maxLifetime/unit {
				return time.Duration(n) * unit, nil
			}
			return 0, fmt.Errorf("%q is not a lifetime like 10m, 1h, 1d, 1w, 1y or never", s)
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 || d > maxLifetime {
		return 0, fmt.Errorf("%q is not a lifetime like 10m, 1h, 1d, 1w, 1y or never", s)
	}
	return d, nil
}

// FormatExpiry spells d the way ParseExpiry reads it.
func FormatExpiry(d time.Duration) string {
	day := 24 * time.Hour
	switch {
	case d == Never:
		return "never"
	case d%(365*day) == 0:
		return fmt.Sprintf("%dy", d/(365*day))
	case d%(7*day) == 0:
		return fmt.Sprintf("%dw", d/(7*day))
	case d%day == 0:
		return fmt.Sprintf("%dd", d/day)
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

// expiryChoices are offered on the home page, filtered by MaxExpiry.
var expiryChoices = []time.Duration{10 * time.Minute, time.Hour, 24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour, 365 * 24 * time.Hour}

// ExpiryChoices returns the lifetimes offered to uploaders, longest last,
// "never" (0) included when the server allows it.
func (c Config) ExpiryChoices() []time.Duration {
	var out []time.Duration
	for _, d := range expiryChoices {
		if c.MaxExpiry == 0 || d <= c.MaxExpiry {
			out = append(out, d)
		}
	}
	if c.MaxExpiry != 0 && (len(out) == 0 || out[len(out)-1] != c.MaxExpiry) {
		out = append(out, c.MaxExpiry)
	}
	if c.MaxExpiry == 0 {
		out = append(out, Never)
	}
	return out
}

// defaultExpiry is DefaultExpiry capped at MaxExpiry.
func (c Config) defaultExpiry() time.Duration {
	d := c.DefaultExpiry
	if c.MaxExpiry != 0 && (d == Never || d > c.MaxExpiry) {
		d = c.MaxExpiry
	}
	return d
}
