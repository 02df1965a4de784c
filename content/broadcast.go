package content

import (
	"fmt"
	"net/mail"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// BroadcastList is one entry of the config's broadcast: a reading list
// whose issues live in _broadcasts/NAME/NNNN.md and go out by mail.
// Lines maps each key to its line in the config, for errors found later
// (a missing password, an unreadable subscribers file).
type BroadcastList struct {
	Name        string
	Title       string
	Description string
	Tags        []string
	Categories  []string
	Authors     []string
	From        string
	To          []string
	Subscribers string // a CSV file under the site with an email column
	Subject     string // a Liquid template with list and issue
	SMTP        string // smtp://user@host:port or smtps://...
	Rate        float64
	Unsubscribe string // an https URL for RFC 8058 one-click, or ""

	File  string
	Line  int // of the list's name
	Lines map[string]int
}

// KeyError is a ConfigError for one key of the list.
func (l *BroadcastList) KeyError(key string, format string, a ...any) error {
	line := l.Lines[key]
	if line == 0 {
		line = l.Line
	}
	return &ConfigError{File: l.File, Line: line, Key: "broadcast." + l.Name + "." + key, Err: fmt.Errorf(format, a...)}
}

// BroadcastCollection is the collection label of broadcast issues.
const BroadcastCollection = "broadcasts"

// DefaultBroadcastSubject is the subject of a list that sets none.
const DefaultBroadcastSubject = "{{ list.title }} #{{ issue.number }}"

var broadcastKeys = map[string]bool{
	"title": true, "description": true, "tags": true, "categories": true, "authors": true,
	"from": true, "to": true, "subscribers": true, "subject": true, "smtp": true,
	"rate": true, "unsubscribe": true,
}

// readBroadcasts reads and checks the broadcast: block. Each problem
// names the exact key and its line.
func (c *Config) readBroadcasts(file string, doc *yaml.Node) []error {
	v, ok := c.Raw["broadcast"]
	if !ok || v == nil {
		return nil
	}
	top := childNode(doc, "broadcast")
	lists, ok := v.(map[string]any)
	if !ok {
		return []error{&ConfigError{File: file, Line: keyLine(doc, "broadcast"), Key: "broadcast", Err: fmt.Errorf("want a mapping of list names to their settings")}}
	}
	names := make([]string, 0, len(lists))
	for n := range lists {
		names = append(names, n)
	}
	sort.Strings(names)
	var errs []error
	for _, name := range names {
		node := childNode(top, name)
		l := &BroadcastList{Name: name, File: file, Line: keyLine(top, name), Lines: map[string]int{}, Subject: DefaultBroadcastSubject}
		if node != nil {
			for i := 0; i+1 < len(node.Content); i += 2 {
				l.Lines[node.Content[i].Value] = node.Content[i].Line
			}
		}
		bad := func(key, format string, a ...any) {
			errs = append(errs, l.KeyError(key, format, a...))
		}
		if !validListName(name) {
			errs = append(errs, &ConfigError{File: file, Line: l.Line, Key: "broadcast." + name, Err: fmt.Errorf("a list name is lowercase letters, digits and dashes, as in sde-good-reads")})
			continue
		}
		m, ok := lists[name].(map[string]any)
		if !ok {
			errs = append(errs, &ConfigError{File: file, Line: l.Line, Key: "broadcast." + name, Err: fmt.Errorf("want a mapping of settings (title, tags, from, to, smtp, ...)")})
			continue
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !broadcastKeys[k] {
				bad(k, "unknown setting (known: authors, categories, description, from, rate, smtp, subject, subscribers, tags, title, to, unsubscribe)")
			}
		}
		str := func(key string, dst *string) {
			switch v := m[key].(type) {
			case nil:
			case string:
				*dst = strings.TrimSpace(v)
			case int, float64, Float, bool:
				*dst = fmt.Sprint(v)
			default:
				bad(key, "want a string, got %s", typeName(v))
			}
		}
		list := func(key string, dst *[]string) {
			l, err := stringList(m[key])
			if err != nil {
				bad(key, "%v", err)
			}
			*dst = l
		}
		str("title", &l.Title)
		if l.Title == "" {
			l.Title = name
		}
		str("description", &l.Description)
		list("tags", &l.Tags)
		list("categories", &l.Categories)
		list("authors", &l.Authors)
		if len(l.Tags)+len(l.Categories)+len(l.Authors) == 0 {
			errs = append(errs, &ConfigError{File: file, Line: l.Line, Key: "broadcast." + name, Err: fmt.Errorf("name the posts to send with tags, categories or authors")})
		}
		str("from", &l.From)
		if l.From != "" {
			if _, err := mail.ParseAddress(l.From); err != nil {
				bad("from", "not a mail address (want \"Name <you@example.org>\"): %v", err)
			}
		}
		if s, ok := m["to"].(string); ok {
			l.To = []string{s} // one address, which may contain spaces in its name
		} else {
			list("to", &l.To)
		}
		for _, a := range l.To {
			if _, err := mail.ParseAddress(a); err != nil {
				bad("to", "%q is not a mail address: %v", a, err)
			}
		}
		str("subscribers", &l.Subscribers)
		if l.Subscribers != "" && (strings.HasPrefix(l.Subscribers, "/") || strings.Contains("/"+l.Subscribers+"/", "/../")) {
			bad("subscribers", "want a path inside the site, such as _data/readers.csv")
		}
		str("subject", &l.Subject)
		if l.Subject == "" {
			l.Subject = DefaultBroadcastSubject
		}
		str("smtp", &l.SMTP)
		if l.SMTP != "" {
			if err := checkSMTPURL(l.SMTP); err != nil {
				bad("smtp", "%v", err)
			}
		}
		if r, ok := m["rate"]; ok && r != nil {
			rate, err := ParseRate(fmt.Sprint(r))
			if err != nil {
				bad("rate", "%v", err)
			}
			l.Rate = rate
		}
		str("unsubscribe", &l.Unsubscribe)
		if l.Unsubscribe != "" {
			if u, err := url.Parse(l.Unsubscribe); err != nil || u.Scheme != "https" || u.Host == "" {
				bad("unsubscribe", "want an https:// URL for one-click unsubscribe (RFC 8058), got %q", l.Unsubscribe)
			}
		}
		c.Broadcasts = append(c.Broadcasts, l)
	}
	if len(c.Broadcasts) > 0 {
		if _, ok := c.Collections[BroadcastCollection]; !ok {
			c.Collections[BroadcastCollection] = CollectionConfig{Label: BroadcastCollection, Output: true,
				Permalink: "/broadcast/:path/", Raw: map[string]any{}}
		}
		// The issue layout comes first so that a site's own defaults win.
		defs := []Default{{Path: "_" + BroadcastCollection, Type: BroadcastCollection, Values: map[string]any{"layout": "broadcast-issue"}, order: -2}}
		for _, l := range c.Broadcasts {
			defs = append(defs, Default{Path: "_" + BroadcastCollection + "/" + l.Name, Type: BroadcastCollection, Values: map[string]any{"list": l.Name}, order: -1})
		}
		c.Defaults = append(defs, c.Defaults...)
	}
	return errs
}

// Broadcast returns the list named name, or nil.
func (c *Config) Broadcast(name string) *BroadcastList {
	for _, l := range c.Broadcasts {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// ParseRate reads a sending rate: "10/s", "600/m", "3600/h", a bare
// number of messages a second, or 0 for as fast as the server takes them.
// It returns messages per second.
func ParseRate(s string) (float64, error) {
	s = strings.TrimSpace(s)
	num, unit, _ := strings.Cut(s, "/")
	n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("want messages per second, minute or hour, as in 10/s or 600/m, or 0 for no limit; got %q", s)
	}
	switch strings.TrimSpace(unit) {
	case "", "s", "sec", "second":
		return n, nil
	case "m", "min", "minute":
		return n / 60, nil
	case "h", "hour":
		return n / 3600, nil
	}
	return 0, fmt.Errorf("unknown unit %q in %q: use /s, /m or /h", unit, s)
}

func checkSMTPURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("not a URL: %v", err)
	}
	if u.Scheme != "smtp" && u.Scheme != "smtps" {
		return fmt.Errorf("want smtp://user@host:port (STARTTLS when offered) or smtps://user@host:465, got scheme %q", u.Scheme)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("no host in %q", s)
	}
	if _, set := u.User.Password(); set {
		return fmt.Errorf("the password does not belong in the config: set $SHINE_SMTP_PASSWORD instead")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n <= 0 || n > 65535 {
			return fmt.Errorf("bad port %q", p)
		}
	}
	return nil
}

func validListName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// childNode is the value node of key in a mapping node, or nil.
func childNode(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
