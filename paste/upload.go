package paste

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shine-blog/shine/paste/seal"
)

// formOverhead is what a multipart upload may carry beyond the paste
// itself: boundaries, part headers and the small fields.
const formOverhead = 64 << 10

// upload is a parsed upload request.
type upload struct {
	content     []byte
	lang        string
	filename    string
	expiry      time.Duration
	burn        bool
	fromBrowser bool // sent by the home page form: answer with a page
	encrypted   bool // content is a seal envelope
	// release gives back the upload memory the request holds; call it
	// once the content is stored or refused.
	release func()
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// parseUpload reads an upload: multipart/form-data (curl -F, the home page
// form), or any other body taken as the paste's raw bytes (curl
// --data-binary), with its options in the query string. Bodies over the
// limit are refused from Content-Length before reading, or as soon as the
// limit is crossed.
func (s *Server) parseUpload(w http.ResponseWriter, r *http.Request) (*upload, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	limit := s.cfg.MaxSize
	if mt == "multipart/form-data" {
		limit += formOverhead
	}
	if r.ContentLength > limit {
		return nil, ErrTooLarge
	}
	// A declared length is reserved before anything is read, so that a
	// server full of slow uploads refuses the next one at once; the rest
	// is taken as it arrives.
	br := &budgetReader{r: r.Body, b: s.uploads}
	if r.ContentLength > 0 {
		if !s.uploads.take(r.ContentLength) {
			return nil, errBusy
		}
		br.held = r.ContentLength
	}
	up := &upload{release: br.release}
	r.Body = http.MaxBytesReader(w, struct {
		io.Reader
		io.Closer
	}{br, r.Body}, limit)
	if err := s.readUpload(r, mt, params, up); err != nil {
		up.release()
		return nil, err
	}
	return up, nil
}

func (s *Server) readUpload(r *http.Request, mt string, params map[string]string, up *upload) error {
	fields := map[string]string{}
	if mt == "multipart/form-data" {
		if params["boundary"] == "" {
			return malformed("multipart body without a boundary")
		}
		if err := s.readMultipart(r, up, fields); err != nil {
			return err
		}
	} else {
		b, err := readSized(r.Body, r.ContentLength, s.cfg.MaxSize)
		if err != nil {
			return err
		}
		up.content = b
		for k, v := range r.URL.Query() {
			if k == "format" {
				continue
			}
			if len(v) != 1 {
				return malformed("%s: given %d times", k, len(v))
			}
			fields[k] = v[0]
		}
	}
	if int64(len(up.content)) > s.cfg.MaxSize {
		return ErrTooLarge
	}
	if len(up.content) == 0 {
		return malformed("content: empty paste")
	}
	return s.applyFields(up, fields)
}

// readSized reads r to its end into one buffer of the size declared (when
// it is declared and within max), so that the bytes are held once rather
// than copied through growing buffers.
func readSized(r io.Reader, declared, max int64) ([]byte, error) {
	if declared < 0 || declared > max {
		return io.ReadAll(r)
	}
	b := make([]byte, declared, declared+1)
	n, err := io.ReadFull(r, b)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return b[:n], nil
	}
	if err != nil {
		return nil, err
	}
	// Anything past the declared size: read on, so the limits apply.
	rest, err := io.ReadAll(r)
	if len(rest) > 0 {
		b = append(b, rest...)
	}
	return b, err
}

func (s *Server) readMultipart(r *http.Request, up *upload, fields map[string]string) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return malformed("%v", err)
	}
	haveContent := false
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return readErr(err)
		}
		name := part.FormName()
		switch name {
		case "content", "file":
			b, err := readSized(io.LimitReader(part, s.cfg.MaxSize+1), min(r.ContentLength, s.cfg.MaxSize), s.cfg.MaxSize+1)
			if err != nil {
				return readErr(err)
			}
			if int64(len(b)) > s.cfg.MaxSize {
				return ErrTooLarge
			}
			// The home page sends both a text box and a file input; an
			// empty one does not replace the other.
			if len(b) == 0 && haveContent {
				continue
			}
			if haveContent && len(up.content) > 0 {
				return malformed("content: given twice (content and file)")
			}
			up.content, haveContent = b, true
			if fn := part.FileName(); fn != "" && fields["filename"] == "" {
				fields["filename"] = fn
			}
		case "lang", "expires", "burn", "filename", "submit", "encrypted":
			b, err := io.ReadAll(io.LimitReader(part, 1<<10+1))
			if err != nil {
				return readErr(err)
			}
			if len(b) > 1<<10 {
				return malformed("%s: too long", name)
			}
			if name == "filename" && len(b) == 0 {
				continue
			}
			fields[name] = string(b)
		default:
			return malformed("unknown field %q: the fields are content, file, lang, filename, expires, burn and encrypted", name)
		}
	}
	if !haveContent {
		return malformed("content: missing (send the paste as the content field)")
	}
	return nil
}

func readErr(err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) || errors.Is(err, errBusy) {
		return err
	}
	return malformed("multipart body: %v", err)
}

// applyFields checks the upload options and stores them in up.
func (s *Server) applyFields(up *upload, fields map[string]string) error {
	expirySet := false
	for k, v := range fields {
		switch k {
		case "lang":
			v = strings.ToLower(strings.TrimSpace(v))
			if v != "" && !KnownLanguage(v) {
				return malformed("lang: unknown language %q", v)
			}
			up.lang = v
		case "filename":
			if len(v) > 255 {
				return malformed("filename: longer than 255 bytes")
			}
			up.filename = CleanText(v)
		case "expires":
			if v == "" {
				continue
			}
			d, err := ParseExpiry(v)
			if err != nil {
				return malformed("expires: %v", err)
			}
			if s.cfg.MaxExpiry != 0 && (d == Never || d > s.cfg.MaxExpiry) {
				return malformed("expires: %s is longer than this server allows (%s)", FormatExpiry(d), FormatExpiry(s.cfg.MaxExpiry))
			}
			if d != Never && d < MinExpiry {
				return malformed("expires: %s is too short: a paste lives at least %s", FormatExpiry(d), FormatExpiry(MinExpiry))
			}
			up.expiry, expirySet = d, true
		case "burn":
			switch strings.ToLower(v) {
			case "1", "true", "yes", "on":
				up.burn = true
			case "", "0", "false", "no", "off":
			default:
				return malformed("burn: want 1 or 0, not %q", v)
			}
		case "submit":
			up.fromBrowser = true
		case "encrypted":
			switch strings.ToLower(v) {
			case "1", "true", "yes", "on":
				up.encrypted = true
			case "", "0", "false", "no", "off":
			default:
				return malformed("encrypted: want 1 or 0, not %q", v)
			}

		default:
			return malformed("unknown parameter %q: the parameters are lang, filename, expires, burn and encrypted", url.QueryEscape(k))
		}
	}
	if up.encrypted {
		// The server checks the form of what it cannot read, and learns
		// nothing else: language and file name travel inside.
		if _, err := seal.Parse(up.content); err != nil {
			return malformed("content: encrypted=1, but %v", err)
		}
		if up.lang != "" || up.filename != "" {
			return malformed("encrypted: lang and filename go inside the encrypted content")
		}
	}
	if !expirySet {
		up.expiry = s.cfg.defaultExpiry()
	}
	return nil
}
