package site

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/shine-blog/shine/content"
)

// sameError is one problem met on many pages: a template error reads the
// same from every page that goes through the template.
type sameError struct {
	err   error
	pages int
	first string
}

func (e *sameError) Error() string {
	msg := e.err.Error()
	if e.pages < 2 {
		return msg
	}
	if e.first == "" {
		return fmt.Sprintf("%s (on %s pages)", msg, thousands(e.pages))
	}
	return fmt.Sprintf("%s (on %s pages, first %s)", msg, thousands(e.pages), e.first)
}

func (e *sameError) Unwrap() error { return e.err }

// aggregate reports each problem once, with how many pages met it,
// instead of once per page: errors are the same when they read the same
// after their "(rendering page)" suffix.
func aggregate(errs []error) []error {
	byMsg := map[string]*sameError{}
	var out []error
	for _, err := range errs {
		msg := err.Error()
		page := ""
		if i := strings.LastIndex(msg, " (rendering "); i > 0 && strings.HasSuffix(msg, ")") {
			msg, page = msg[:i], msg[i+len(" (rendering "):len(msg)-1]
		}
		if s, ok := byMsg[msg]; ok {
			s.pages++
			if page != "" && (s.first == "" || page < s.first) {
				s.first = page
			}
			continue
		}
		base := err
		if page != "" {
			base = errors.New(msg)
			if u := errors.Unwrap(err); u != nil && u.Error() == msg {
				base = u
			}
		}
		s := &sameError{err: base, pages: 1, first: page}
		byMsg[msg] = s
		out = append(out, s)
	}
	for i, e := range out {
		if s := e.(*sameError); s.pages == 1 {
			out[i] = errs[indexOf(errs, s)]
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Error() < out[j].Error() })
	return out
}

// indexOf finds the error a single-page sameError stands for.
func indexOf(errs []error, s *sameError) int {
	for i, e := range errs {
		msg := e.Error()
		if msg == s.err.Error() || strings.HasPrefix(msg, s.err.Error()+" (rendering ") {
			return i
		}
	}
	return 0
}

// thousands writes n as 5,280.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// flatten lists the errors err joins, or err itself.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// joinAll reports the load and render errors of one build together,
// sorted by file and each once.
func joinAll(errs ...error) error {
	var all []error
	for _, err := range errs {
		all = append(all, flatten(err)...)
	}
	return joinSorted(all)
}

// filesOf names the source files the problems in err are about.
func filesOf(err error) map[string]bool {
	var files map[string]bool
	for _, e := range flatten(err) {
		var fe *content.FileError
		if errors.As(e, &fe) && fe.File != "" {
			if files == nil {
				files = map[string]bool{}
			}
			files[fe.File] = true
		}
	}
	return files
}

// onPage names the page a render error was met on when the error is in
// another file (an include), so it is counted with the other pages.
func onPage(err error, page string) error {
	var fe *content.FileError
	if errors.As(err, &fe) && fe.File != page {
		return fmt.Errorf("%w (rendering %s)", err, page)
	}
	return err
}
