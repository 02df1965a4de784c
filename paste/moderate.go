package paste

// Moderation: viewers report pastes; operators, holding the admin token,
// list the reports, take pastes down and ban content by its hash.

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// report records a viewer's report: POST /{id}/report with a reason.
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ValidID(id) {
		s.serveError(w, r, ErrNotFound)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	reason, err := cleanReason(r.PostFormValue("reason"))
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	// Only well-formed reports count against the limit.
	if ok, wait := s.reportLimiter.allow(clientAddr(r, s.cfg.TrustedProxies), time.Now()); !ok {
		s.metrics.limited.Inc()
		secs := int(wait/time.Second) + 1
		w.Header().Set("Retry-After", fmt.Sprint(secs))
		s.httpError(w, r, http.StatusTooManyRequests, fmt.Sprintf("too many reports from your address: try again in %d s", secs))
		return
	}
	err = s.store.AddReport(r.Context(), Report{PasteID: id, Reason: reason, CreatedAt: time.Now().Truncate(time.Millisecond)})
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	s.metrics.reports.Inc()
	s.log.Info("paste reported", "id", id, "reason", reason)
	w.Header().Set("Cache-Control", "no-store")
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		s.render(w, http.StatusOK, "reported.html", id)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "reported\n")
}

// cleanReason checks the reason of a report, takedown or ban.
func cleanReason(v string) (string, error) {
	v = strings.TrimSpace(CleanText(v))
	if v == "" {
		return "", malformed("reason: say briefly why")
	}
	if len(v) > MaxReasonLen {
		return "", malformed("reason: at most %d bytes", MaxReasonLen)
	}
	return v, nil
}

var errAdminOff = errors.New("the admin API is off: start the server with an admin token (SHINE_PASTE_ADMIN_TOKEN or --admin-token-file)")

// admin authorises an admin request: the token comes in the
// Authorization header as a bearer token, never in the URL, where logs
// and browser histories would keep it.
func (s *Server) admin(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if s.cfg.AdminToken == "" {
			s.httpError(w, r, http.StatusNotFound, errAdminOff.Error())
			return
		}
		if r.URL.Query().Has("token") {
			s.httpError(w, r, http.StatusBadRequest, "the admin token goes in the Authorization header (Bearer), never in the URL")
			return
		}
		given, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		a, b := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(s.cfg.AdminToken))
		if !ok || subtle.ConstantTimeCompare(a[:], b[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shine paste admin"`)
			s.httpError(w, r, http.StatusUnauthorized, "admin token missing or wrong")
			return
		}
		next(w, r)
	}
}

// ReportAnswer is one report as GET /admin/reports lists it.
type ReportAnswer struct {
	PasteID   string    `json:"paste_id"`
	URL       string    `json:"url"`
	Reason    string    `json:"reason"`
	CreatedAt time.Time `json:"created_at"`
}

// adminReports lists the reports on pastes that are still there, oldest
// first, as JSON.
func (s *Server) adminReports(w http.ResponseWriter, r *http.Request) {
	reports, err := s.store.Reports(r.Context())
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	out := []ReportAnswer{}
	live := map[string]bool{}
	for _, rep := range reports {
		ok, seen := live[rep.PasteID]
		if !seen {
			_, err := s.store.Get(r.Context(), rep.PasteID)
			ok = err == nil
			live[rep.PasteID] = ok
		}
		if ok {
			out = append(out, ReportAnswer{rep.PasteID, s.baseURL(r) + "/" + rep.PasteID, rep.Reason, rep.CreatedAt.UTC()})
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// adminTakeDown takes the paste {id} down: POST /admin/takedown/{id} with
// an optional reason.
func (s *Server) adminTakeDown(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ValidID(id) {
		s.serveError(w, r, ErrNotFound)
		return
	}
	reason, err := s.adminReason(w, r)
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	if err := s.takeDown(r, id, reason); err != nil {
		s.serveError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "taken down %s\n", id)
}

func (s *Server) takeDown(r *http.Request, id, reason string) error {
	if err := s.store.TakeDown(r.Context(), id, reason, time.Now().Truncate(time.Millisecond)); err != nil {
		return err
	}
	s.renders.forget(id)
	s.metrics.takedowns.Inc()
	s.log.Info("paste taken down", "id", id, "reason", reason)
	return nil
}

// adminReason reads the optional reason field of an admin request.
func (s *Server) adminReason(w http.ResponseWriter, r *http.Request) (string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	v := r.PostFormValue("reason")
	if strings.TrimSpace(v) == "" {
		return "taken down by an operator", nil
	}
	return cleanReason(v)
}

// adminBan bans content: POST /admin/ban with hash (the SHA-256 of the
// bytes, in hex, as sha256sum prints it), or id (the content of that
// paste, which is also taken down).
func (s *Server) adminBan(w http.ResponseWriter, r *http.Request) {
	reason, err := s.adminReason(w, r)
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	hexHash, id := strings.ToLower(strings.TrimSpace(r.PostFormValue("hash"))), r.PostFormValue("id")
	var hash []byte
	switch {
	case hexHash != "" && id != "":
		err = malformed("give hash or id, not both")
	case hexHash != "":
		hash, err = hex.DecodeString(hexHash)
		if err != nil || len(hash) != sha256.Size {
			err = malformed("hash: want the 64 hex digits of a SHA-256, as sha256sum prints")
		}
	case ValidID(id):
		var p *Paste
		p, err = s.store.Get(r.Context(), id)
		if err == nil {
			hash = ContentHash(p.Content)
		}
	default:
		err = malformed("give hash (a SHA-256 in hex) or id (a paste id)")
	}
	if err == nil {
		err = s.store.Ban(r.Context(), hash, reason, time.Now().Truncate(time.Millisecond))
	}
	if err == nil && id != "" {
		err = s.takeDown(r, id, reason)
	}
	if err != nil {
		s.serveError(w, r, err)
		return
	}
	s.log.Info("content banned", "hash", hex.EncodeToString(hash), "reason", reason)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "banned %x\n", hash)
	if id != "" {
		fmt.Fprintf(w, "taken down %s\n", id)
	}
}
