package broadcast

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/shine-blog/shine/content"
)

// PasswordEnv names the variable the SMTP password comes from: never the
// config, which is committed with the site.
const PasswordEnv = "SHINE_SMTP_PASSWORD"

// ErrNoPassword says the server needs a password and the environment
// has none.
var ErrNoPassword = errors.New("no SMTP password: set $" + PasswordEnv)

// SMTP is where and how mail goes out.
type SMTP struct {
	Host     string
	Port     int
	SSL      bool // smtps://: TLS from the start; else STARTTLS when offered
	User     string
	Password string
}

// SMTPFor reads the smtp: setting of l. A user without a password in
// the environment is ErrNoPassword, naming the key.
func SMTPFor(l *content.BroadcastList, password string) (SMTP, error) {
	if l.SMTP == "" {
		return SMTP{}, l.KeyError("smtp", "required to send: the server, as in smtps://user@smtp.example.org:465")
	}
	u, err := url.Parse(l.SMTP)
	if err != nil {
		return SMTP{}, l.KeyError("smtp", "%v", err)
	}
	c := SMTP{Host: u.Hostname(), SSL: u.Scheme == "smtps", User: u.User.Username(), Password: password}
	c.Port = 587
	if c.SSL {
		c.Port = 465
	}
	if p := u.Port(); p != "" {
		c.Port, _ = strconv.Atoi(p)
	}
	if c.User != "" && password == "" {
		line := l.Lines["smtp"]
		return c, &content.ConfigError{File: l.File, Line: line, Key: "broadcast." + l.Name + ".smtp",
			Err: fmt.Errorf("%s logs in as %s, and %w", c.Host, c.User, ErrNoPassword)}
	}
	return c, nil
}

func (c SMTP) dial(ctx context.Context) (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(c.Port), gomail.WithTimeout(30 * time.Second)}
	if c.SSL {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if c.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(c.User), gomail.WithPassword(c.Password))
	}
	cl, err := gomail.NewClient(c.Host, opts...)
	if err != nil {
		return nil, err
	}
	if err := cl.DialWithContext(ctx); err != nil {
		return nil, fmt.Errorf("connect to %s:%d: %w", c.Host, c.Port, err)
	}
	return cl, nil
}

// Sender delivers an issue to its recipients, one message each, through
// the ledger.
type Sender struct {
	Ledger *Ledger
	SMTP   SMTP
	Rate   float64 // messages a second; 0 is as fast as the server takes them
	// Backoff are the waits before each retry, within the run, of the
	// recipients the server deferred (4xx). After the last they stay
	// deferred for the next run.
	Backoff []time.Duration
	// ResendUncertain sends again to recipients whose message was in
	// flight when an earlier run stopped.
	ResendUncertain bool
	Now             func() time.Time
	// Progress, when set, is called after each message.
	Progress func(done, total int)
}

// Summary counts what a send did and found.
type Summary struct {
	Recipients  int
	Sent        int // by this run
	AlreadySent int // by earlier runs
	Deferred    int
	Failed      int
	Suppressed  int
	Uncertain   int
}

func (s Summary) String() string {
	out := fmt.Sprintf("%d recipients: %d sent now, %d before", s.Recipients, s.Sent, s.AlreadySent)
	for _, x := range []struct {
		n    int
		what string
	}{{s.Deferred, "deferred"}, {s.Failed, "failed"}, {s.Suppressed, "suppressed"}, {s.Uncertain, "uncertain"}} {
		if x.n > 0 {
			out += fmt.Sprintf(", %d %s", x.n, x.what)
		}
	}
	return out
}

// Plan sorts the recipients of e by what the ledger says of them: the
// ones to send to now, and the counts of the rest.
func (s *Sender) Plan(e *Email, rcpts []Recipient) ([]Recipient, Summary, error) {
	list, n := e.List.Name, e.Issue.Number
	entries, err := s.Ledger.Entries(list, n)
	if err != nil {
		return nil, Summary{}, err
	}
	suppressed, err := s.Ledger.Suppressed(list)
	if err != nil {
		return nil, Summary{}, err
	}
	sum := Summary{Recipients: len(rcpts)}
	var queue []Recipient
	for _, r := range rcpts {
		k := normalize(r.Address)
		if _, ok := suppressed[k]; ok {
			sum.Suppressed++
			continue
		}
		switch entries[k].State {
		case Sent:
			sum.AlreadySent++
		case Failed:
			sum.Failed++
		case Sending, Uncertain:
			if s.ResendUncertain {
				queue = append(queue, r)
			} else {
				sum.Uncertain++
			}
		default:
			queue = append(queue, r)
		}
	}
	return queue, sum, nil
}

// Send delivers e to every recipient the ledger has not settled. It
// stops at a lost connection it cannot restore, leaving the rest pending
// for the next run.
func (s *Sender) Send(ctx context.Context, e *Email, rcpts []Recipient) (Summary, error) {
	if s.Now == nil {
		s.Now = time.Now
	}
	list, n := e.List.Name, e.Issue.Number
	queue, sum, err := s.Plan(e, rcpts)
	if err != nil {
		return sum, err
	}
	entries, err := s.Ledger.Entries(list, n)
	if err != nil {
		return sum, err
	}
	// A message that was in flight when a run stopped is uncertain: the
	// server may have taken it.
	for _, en := range entries {
		if en.State == Sending && !s.ResendUncertain {
			en.State, en.Reason, en.Updated = Uncertain, "the run stopped while it was being sent", s.Now()
			if err := s.Ledger.Put(list, n, en); err != nil {
				return sum, err
			}
		}
	}
	var fresh []Entry
	for _, r := range queue {
		if _, ok := entries[normalize(r.Address)]; !ok {
			fresh = append(fresh, Entry{Address: r.Address, State: Pending, Updated: s.Now()})
		}
	}
	if err := s.Ledger.PutAll(list, n, fresh); err != nil {
		return sum, err
	}
	total, done := len(queue), 0
	var client *gomail.Client
	defer func() {
		if client != nil {
			client.Close()
		}
	}()
	next := time.Now()
	reconnects := 0
	for round := 0; len(queue) > 0; round++ {
		if round > 0 {
			if round > len(s.Backoff) {
				break
			}
			if err := sleep(ctx, s.Backoff[round-1]); err != nil {
				return sum, err
			}
		}
		var deferred []Recipient
		for i := 0; i < len(queue); i++ {
			r := queue[i]
			if err := ctx.Err(); err != nil {
				return sum, err
			}
			if s.Rate > 0 {
				if err := sleep(ctx, time.Until(next)); err != nil {
					return sum, err
				}
				next = maxTime(next, time.Now()).Add(time.Duration(float64(time.Second) / s.Rate))
			}
			if client == nil {
				if client, err = s.SMTP.dial(ctx); err != nil {
					return sum, fmt.Errorf("%w; %d left to send: run send again to finish", err, len(queue)-i+len(deferred))
				}
			}
			st, reason, err := s.deliver(ctx, client, e, r, entries[normalize(r.Address)].Attempts)
			if err != nil {
				return sum, err
			}
			switch st {
			case Sent:
				sum.Sent++
				done++
				reconnects = 0
			case Failed:
				sum.Failed++
				done++
			case Deferred:
				deferred = append(deferred, r)
			case Uncertain:
				sum.Uncertain++
				done++
			case Pending:
				// The connection broke before the server had the message:
				// connect again and retry it, a few times at most.
				client.Close()
				client = nil
				if reconnects++; reconnects > 3 {
					return sum, fmt.Errorf("lost the connection to %s: %s; %d left to send: run send again to finish", s.SMTP.Host, reason, len(queue)-i+len(deferred))
				}
				i--
				continue
			}
			if st != Deferred && s.Progress != nil {
				s.Progress(done, total)
			}
			e2 := entries[normalize(r.Address)]
			e2.Attempts++
			entries[normalize(r.Address)] = e2
		}
		queue = deferred
	}
	sum.Deferred = len(queue)
	return sum, nil
}

// deliver sends one message and records the outcome. The ledger says
// "sending" before the message goes and "sent" only once the server took
// it. It returns the new state and the server's words.
func (s *Sender) deliver(ctx context.Context, client *gomail.Client, e *Email, r Recipient, attempts int) (State, string, error) {
	list, n := e.List.Name, e.Issue.Number
	en := Entry{Address: r.Address, State: Sending, Attempts: attempts + 1, Updated: s.Now()}
	msg, err := e.Message(r, s.Now(), false)
	if err != nil {
		return "", "", err
	}
	if err := s.Ledger.Put(list, n, en); err != nil {
		return "", "", err
	}
	sendErr := client.Send(msg)
	en.Updated = s.Now()
	en.State, en.Reason = classify(msg, sendErr)
	if en.State == Pending {
		en.Attempts = attempts // the server never saw it
	}
	if err := s.Ledger.Put(list, n, en); err != nil {
		return "", "", err
	}
	return en.State, en.Reason, nil
}

// classify turns the outcome of one message into a ledger state.
func classify(msg *gomail.Msg, err error) (State, string) {
	if msg.IsDelivered() {
		// Accepted; a failure after (the RSET) does not change that.
		return Sent, strings.TrimSpace(msg.ServerResponse())
	}
	var se *gomail.SendError
	if !errors.As(err, &se) {
		if err == nil {
			return Sent, ""
		}
		return Pending, err.Error()
	}
	reason := se.Error()
	if i := strings.Index(reason, ", affected "); i >= 0 {
		reason = reason[:i]
	}
	if _, after, ok := strings.Cut(reason, ": "); ok {
		reason = after
	}
	reason = strings.ReplaceAll(reason, `"`, "")
	switch code := se.ErrorCode(); {
	case code >= 500:
		return Failed, reason
	case code >= 400:
		return Deferred, reason
	case se.Reason == gomail.ErrSMTPDataClose:
		// The whole message went; the answer never came.
		return Uncertain, "the connection broke while waiting for the server to accept the message: " + reason
	}
	return Pending, reason
}

// SendTest sends one [TEST] copy of e to addr, outside the ledger.
func SendTest(ctx context.Context, c SMTP, e *Email, addr string, now time.Time) error {
	r, err := parseRecipient(addr)
	if err != nil {
		return err
	}
	msg, err := e.Message(r, now, true)
	if err != nil {
		return err
	}
	client, err := c.dial(ctx)
	if err != nil {
		return err
	}
	defer client.Close()
	if err := client.Send(msg); err != nil && !msg.IsDelivered() {
		return fmt.Errorf("send test copy to %s: %w", addr, err)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
