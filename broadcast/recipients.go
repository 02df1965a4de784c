package broadcast

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"strings"

	"github.com/shine-blog/shine/content"
)

// Recipient is one address a list mails.
type Recipient struct {
	Address string // the bare address
	Name    string
}

// String is the address as a To header shows it.
func (r Recipient) String() string {
	return (&mail.Address{Name: r.Name, Address: r.Address}).String()
}

// Recipients returns the addresses of l: its to: addresses, then the
// subscribers file, each once, in that order.
func Recipients(source string, l *content.BroadcastList) ([]Recipient, error) {
	var out []Recipient
	seen := map[string]bool{}
	add := func(r Recipient) {
		if k := normalize(r.Address); !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	for _, a := range l.To {
		ad, err := mail.ParseAddress(a)
		if err != nil {
			return nil, l.KeyError("to", "%q is not a mail address: %v", a, err)
		}
		add(Recipient{Address: ad.Address, Name: ad.Name})
	}
	if l.Subscribers != "" {
		rs, err := readSubscribers(source, l.Subscribers)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			add(r)
		}
	}
	if len(out) == 0 {
		return nil, &content.ConfigError{File: l.File, Line: l.Line, Key: "broadcast." + l.Name,
			Err: errors.New("no recipients: set to (list addresses) or subscribers (a CSV file with an email column)")}
	}
	return out, nil
}

// readSubscribers reads a CSV file with a header row naming an email
// column and, optionally, a name column.
func readSubscribers(source, rel string) ([]Recipient, error) {
	f, err := os.Open(filepath.Join(source, filepath.FromSlash(rel)))
	if err != nil {
		return nil, fmt.Errorf("subscribers: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	head, err := r.Read()
	if err != nil {
		return nil, &content.FileError{File: rel, Line: 1, Err: fmt.Errorf("want a header row with an email column: %v", err)}
	}
	emailCol, nameCol := -1, -1
	for i, h := range head {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "email", "e-mail", "address":
			emailCol = i
		case "name":
			nameCol = i
		}
	}
	if emailCol < 0 {
		return nil, &content.FileError{File: rel, Line: 1, Err: fmt.Errorf("no email column in the header row %q", strings.Join(head, ","))}
	}
	var out []Recipient
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, &content.FileError{File: rel, Line: line, Err: err}
		}
		if emailCol >= len(rec) || strings.TrimSpace(rec[emailCol]) == "" {
			continue
		}
		a, err := mail.ParseAddress(strings.TrimSpace(rec[emailCol]))
		if err != nil {
			return nil, &content.FileError{File: rel, Line: line, Err: fmt.Errorf("%q is not a mail address", rec[emailCol])}
		}
		name := a.Name
		if nameCol >= 0 && nameCol < len(rec) && strings.TrimSpace(rec[nameCol]) != "" {
			name = strings.TrimSpace(rec[nameCol])
		}
		out = append(out, Recipient{Address: a.Address, Name: name})
	}
	return out, nil
}

func parseRecipient(s string) (Recipient, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return Recipient{}, fmt.Errorf("%q is not a mail address: %v", s, err)
	}
	return Recipient{Address: a.Address, Name: a.Name}, nil
}
