package content

import (
	"fmt"
	"time"
)

var dateLayouts = []string{
	"2006-1-2 15:4:5.999999999 -0700",
	"2006-1-2 15:4:5.999999999 -07:00",
	"2006-1-2 15:4:5.999999999 MST",
	"2006-1-2 15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2 15:4 -0700",
	"2006-1-2 15:4",
	"2006-1-2",
}

// ParseDate reads a date the way Jekyll does from front matter or a file
// name.
func ParseDate(raw string, quoted bool, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.Local
	}
	s := raw
	for i := range len(s) {
		if s[i] == 'T' {
			s = s[:i] + " " + s[i+1:]
			break
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t.In(loc), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse date %q", raw)
}
