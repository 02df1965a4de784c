package liquid

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	osteele "github.com/osteele/liquid"

	"github.com/shine-blog/shine/content"
)

func (f *filters) registerDates(e registrar) {
	// Liquid's date: the input unchanged when the format is empty or the
	// input is no date; no conversion to the site zone.
	e.RegisterFilter("date", func(input, format any) (any, error) {
		fs := toS(format)
		if fs == "" {
			return input, nil
		}
		t, ok := f.toTime(input)
		if !ok {
			return input, nil
		}
		return strftime(fs, t), nil
	})
	e.RegisterFilter("date_to_xmlschema", func(input any) (any, error) {
		return f.jekyllDate(input, func(t time.Time) string {
			return t.Format("2006-01-02T15:04:05-07:00")
		})
	})
	e.RegisterFilter("date_to_rfc822", func(input any) (any, error) {
		return f.jekyllDate(input, func(t time.Time) string {
			return t.Format("Mon, 02 Jan 2006 15:04:05 -0700")
		})
	})
	e.RegisterFilter("date_to_string", func(input, typ, style any) (any, error) {
		return f.jekyllDate(input, func(t time.Time) string {
			return stringifyDate(t, "Jan", typ, style)
		})
	})
	e.RegisterFilter("date_to_long_string", func(input, typ, style any) (any, error) {
		return f.jekyllDate(input, func(t time.Time) string {
			return stringifyDate(t, "January", typ, style)
		})
	})
}

// jekyllDate applies Jekyll's date filter rules: empty input passes
// through, anything else must be a date, shown in the site's zone.
func (f *filters) jekyllDate(input any, format func(time.Time) string) (any, error) {
	if toS(input) == "" {
		return input, nil
	}
	t, ok := f.toTime(input)
	if !ok {
		return nil, fmt.Errorf("invalid date: %s is not a valid datetime", inspect(input))
	}
	if isDateOnly(input, t) {
		// A YAML date (no time) is a Ruby Date, whose to_time is midnight
		// in the site's zone; Go YAML decoders give midnight UTC.
		y, m, d := t.Date()
		return format(time.Date(y, m, d, 0, 0, 0, 0, f.env.Location)), nil
	}
	return format(t.In(f.env.Location)), nil
}

func isDateOnly(input any, t time.Time) bool {
	if _, ok := osteele.FromDrop(input).(time.Time); !ok {
		return false
	}
	return isUTCMidnight(t)
}

// isUTCMidnight reports whether t is how Go YAML decoders give a date
// without a time, which Jekyll (Ruby's Psych) loads as a Date.
func isUTCMidnight(t time.Time) bool {
	return t.Location() == time.UTC && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

func stringifyDate(t time.Time, month string, typ, style any) string {
	if toS(typ) == "ordinal" {
		day := strconv.Itoa(t.Day()) + ordinal(t.Day())
		if toS(style) == "US" {
			return t.Format(month) + " " + day + t.Format(", 2006")
		}
		return day + " " + t.Format(month+" 2006")
	}
	return t.Format("02 " + month + " 2006")
}

func ordinal(n int) string {
	if 11 <= n%100 && n%100 <= 13 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

var digitsRE = regexp.MustCompile(`^\d+$`)

// toTime is Liquid's Utils.to_date: times as they are, "now" and "today",
// integers and digit strings as Unix seconds, other strings parsed in the
// site's zone.
func (f *filters) toTime(input any) (time.Time, bool) {
	input = osteele.FromDrop(input)
	switch v := input.(type) {
	case time.Time:
		return v, true
	case *time.Time:
		if v != nil {
			return *v, true
		}
		return time.Time{}, false
	case string:
		s := strings.ToLower(strings.TrimSpace(v))
		switch {
		case s == "":
			return time.Time{}, false
		case s == "now" || s == "today":
			return time.Now().In(f.env.Location), true
		case digitsRE.MatchString(s):
			n, err := strconv.ParseInt(s, 10, 64)
			return time.Unix(n, 0).In(f.env.Location), err == nil
		}
		return parseTime(strings.TrimSpace(v), f.env.Location)
	}
	rv := reflect.ValueOf(input)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return time.Unix(rv.Int(), 0).In(f.env.Location), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return time.Unix(int64(rv.Uint()), 0).In(f.env.Location), true
	}
	return time.Time{}, false
}

// timeLayouts are the shapes of dates found in front matter and themes;
// Ruby's Time.parse takes these and more.
var timeLayouts = []string{
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04 -0700",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	time.RFC850,
	time.RubyDate,
	time.UnixDate,
	time.ANSIC,
	"2 January 2006",
	"2 Jan 2006",
	"2 January 2006 15:04",
	"2 Jan 2006 15:04",
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006",
	"Jan 2 2006",
	"January 2, 2006 15:04",
	"Jan 2, 2006 15:04",
	"Monday, January 2, 2006",
	"Mon, Jan 2, 2006",
	"20060102",
	"20060102T150405Z0700",
}

func parseTime(s string, loc *time.Location) (time.Time, bool) {
	if t, ok := content.ParseTime(s, loc); ok {
		return t, true
	}
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
