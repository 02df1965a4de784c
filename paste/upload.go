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
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	fields := map[string]string{}
	up := &upload{}
	if mt == "multipart/form-data" {
		if params["boundary"] == "" {
			return nil, malformed("multipart body without a boundary")
		}
		if err := s.readMultipart(r, up, fields); err != nil {
			return nil, err
		}
	} else {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		up.content = b
		for k, v := range r.URL.Query() {
			if k == "format" {
				continue
			}
			if len(v) != 1 {
				return nil, malformed("%s: given %d times", k, len(v))
			}
			fields[k] = v[0]
		}
	}
	if int64(len(up.content)) > s.cfg.MaxSize {
		return nil, ErrTooLarge
	}
	if len(up.content) == 0 {
		return nil, malformed("content: empty paste")
	}
	if err := s.applyFields(up, fields); err != nil {
		return nil, err
	}
	return up, nil
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
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return err
		}
		if err != nil {
			return malformed("multipart body: %v", err)
		}
		name := part.FormName()
		switch name {
		case "content", "file":
			b, err := io.ReadAll(io.LimitReader(part, s.cfg.MaxSize+1))
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
		case "lang", "expires", "burn", "filename", "submit":
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
			return malformed("unknown field %q: the fields are content, file, lang, filename, expires and burn", name)
		}
	}
	if !haveContent {
		return malformed("content: missing (send the paste as the content field)")
	}
	return nil
}

func readErr(err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
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
			if len(v) > 255 || strings.ContainsAny(v, "\x00\r\n") {
				return malformed("filename: not a file name")
			}
			up.filename = v
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
		default:
			return malformed("unknown parameter %q: the parameters are lang, filename, expires and burn", url.QueryEscape(k))
		}
	}
	if !expirySet {
		up.expiry = s.cfg.defaultExpiry()
	}
	return nil
}
