package broadcast

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
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
	workers := 1
	if s.Rate == 0 {
		// Unthrottled: a few connections at once, so that the ledger's
		// commits to disk (two per message) overlap with the network.
		workers = UnthrottledConnections
	}
	r := &run{s: s, e: e, entries: entries, sum: &sum, total: len(queue), next: time.Now()}
	for round := 0; len(queue) > 0; round++ {
		if round > 0 {
			if round > len(s.Backoff) {
				break
			}
			if err := sleep(ctx, s.Backoff[round-1]); err != nil {
				return sum, err
			}
		}
		jobs := make(chan Recipient)
		var wg sync.WaitGroup
		for range min(workers, len(queue)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.work(ctx, jobs)
			}()
		}
		for _, rc := range queue {
			jobs <- rc
		}
		close(jobs)
		wg.Wait()
		if r.err != nil {
			return sum, fmt.Errorf("%w; %d left to send: run send again to finish", r.err, r.left+len(r.deferred))
		}
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		queue, r.deferred = r.deferred, nil
	}
	sum.Deferred = len(queue)
	return sum, nil
}

// UnthrottledConnections is how many connections a send at rate 0 uses.
const UnthrottledConnections = 4

// run is one send's shared state: its workers each hold a connection
// and take recipients from a channel.
type run struct {
	s       *Sender
	e       *Email
	entries map[string]Entry
	total   int

	mu       sync.Mutex
	sum      *Summary
	done     int
	next     time.Time // the rate limit's next free slot
	deferred []Recipient
	left     int   // not sent because the run stopped
	err      error // why it stopped
}

// slot waits for the rate limit and says whether to go on.
func (r *run) slot(ctx context.Context) bool {
	r.mu.Lock()
	if r.err != nil || ctx.Err() != nil {
		r.left++
		r.mu.Unlock()
		return false
	}
	var wait time.Duration
	if r.s.Rate > 0 {
		now := time.Now()
		wait = r.next.Sub(now)
		r.next = maxTime(r.next, now).Add(time.Duration(float64(time.Second) / r.s.Rate))
	}
	r.mu.Unlock()
	return sleep(ctx, wait) == nil
}

func (r *run) fail(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.left++
	r.mu.Unlock()
}

func (r *run) work(ctx context.Context, jobs <-chan Recipient) {
	var client *gomail.Client
	defer func() {
		if client != nil {
			client.Close()
		}
	}()
	reconnects := 0
	for rc := range jobs {
		if !r.slot(ctx) {
			continue
		}
		for {
			if client == nil {
				var err error
				if client, err = r.s.SMTP.dial(ctx); err != nil {
					r.fail(err)
					break
				}
			}
			r.mu.Lock()
			attempts := r.entries[normalize(rc.Address)].Attempts
			r.mu.Unlock()
			st, reason, err := r.s.deliver(ctx, client, r.e, rc, attempts)
			if err != nil {
				r.fail(err)
				break
			}
			if st == Pending {
				// The connection broke before the server had the
				// message: connect again and retry it, a few times.
				client.Close()
				client = nil
				if reconnects++; reconnects > 3 {
					r.fail(fmt.Errorf("lost the connection to %s: %s", r.s.SMTP.Host, reason))
					break
				}
				continue
			}
			r.record(rc, st)
			if st == Sent {
				reconnects = 0
			}
			break
		}
	}
}

func (r *run) record(rc Recipient, st State) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := normalize(rc.Address)
	en := r.entries[k]
	en.Attempts++
	r.entries[k] = en
	switch st {
	case Sent:
		r.sum.Sent++
	case Failed:
		r.sum.Failed++
	case Uncertain:
		r.sum.Uncertain++
	case Deferred:
		r.deferred = append(r.deferred, rc)
		return
	}
	r.done++
	if r.s.Progress != nil {
		r.s.Progress(r.done, r.total)
	}
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
