// Package smtptest runs a real SMTP server on loopback for tests, as
// net/http/httptest does for HTTP: it speaks the protocol over TCP,
// keeps what it accepted, and lets a test make it refuse recipients, cut
// the connection or hold a message.
package smtptest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one message the server accepted.
type Message struct {
	From string
	To   []string
	Data []byte
}

// Server is a running SMTP server. Set the hooks before mail arrives.
type Server struct {
	Addr string // host:port

	// Rcpt, when set, answers RCPT TO for one address: nil accepts it.
	Rcpt func(to string) error
	// Mail, when set, is called at each MAIL FROM with how many came
	// before on all connections; drop true cuts the connection there.
	Mail func(n int) (drop bool)
	// Accept, when set, is called with each whole message before the
	// server accepts it; an error refuses it. It may block.
	Accept func(m Message) error

	srv *smtp.Server
	ln  net.Listener

	mu       sync.Mutex
	messages []Message
	mails    int
}

// NewServer starts a server on addr ("127.0.0.1:0" for any free port).
func NewServer(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln}
	s.srv = smtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.MaxRecipients = 50
	s.srv.AllowInsecureAuth = true
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops the server and closes its connections.
func (s *Server) Close() error { return s.srv.Close() }

// Messages returns what the server accepted so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Received counts the accepted messages per recipient.
func (s *Server) Received() map[string]int {
	out := map[string]int{}
	for _, m := range s.Messages() {
		for _, to := range m.To {
			out[to]++
		}
	}
	return out
}

// Error is an SMTP reply with a code, such as 451 or 550.
func Error(code int, msg string) error {
	enh := smtp.EnhancedCode{code / 100, 0, 0}
	return &smtp.SMTPError{Code: code, EnhancedCode: enh, Message: msg}
}

type backend struct{ s *Server }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{s: b.s, conn: c}, nil
}

type session struct {
	s    *Server
	conn *smtp.Conn
	from string
	to   []string
}

var errDropped = errors.New("connection dropped by the test")

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.s.mu.Lock()
	n := x.s.mails
	x.s.mails++
	x.s.mu.Unlock()
	if x.s.Mail != nil && x.s.Mail(n) {
		x.conn.Conn().Close()
		return errDropped
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if x.s.Rcpt != nil {
		if err := x.s.Rcpt(to); err != nil {
			return err
		}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	m := Message{From: x.from, To: append([]string(nil), x.to...), Data: buf.Bytes()}
	if x.s.Accept != nil {
		if err := x.s.Accept(m); err != nil {
			return err
		}
	}
	x.s.mu.Lock()
	x.s.messages = append(x.s.messages, m)
	x.s.mu.Unlock()
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
