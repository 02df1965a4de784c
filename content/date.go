package content

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// yamlTimestamp is the timestamp pattern of Ruby's YAML loader (Psych's
// ScalarScanner::TIME): a plain scalar that matches it becomes a Time, and
// one without a zone is read as UTC.
var yamlTimestamp = regexp.MustCompile(`^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|[ \t]+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$`)

// rubyDateTime is the subset of Ruby's Time.parse (Date._parse) input that
// front matter and file names use: an ISO-like date, an optional time of
// day with an optional am/pm, and an optional zone; like Ruby it ignores
// words after those.
var rubyDateTime = regexp.MustCompile(`^\s*(\d+)([-/])(\d{1,2})([-/])(\d{1,2})[Tt]?` +
	`(?:(?:[Tt]|\s+)(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?` +
	`(?:\s*(Z|z|[A-Za-z]+|[-+][\d:]+))?(?:\s.*)?$`)

// rubyOffset is the numeric zone Ruby's Time.zone_offset accepts; other
// numeric forms ("+8", "+800") are ignored and the time stays local.
var rubyOffset = regexp.MustCompile(`^[-+](\d\d)(?::(\d\d)(?::(\d\d))?|(\d\d)(\d\d)?)?$`)

// rubyZones is Ruby's Time::ZoneOffset: the zone names Time.parse knows,
// in hours east of UTC (military letters included). Other names are
// ignored and the time stays local.
var rubyZones = map[string]int{
	"UTC": 0, "Z": 0, "UT": 0, "GMT": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
	"MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	"A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8, "I": 9,
	"K": 10, "L": 11, "M": 12, "N": -1, "O": -2, "P": -3, "Q": -4, "R": -5,
	"S": -6, "T": -7, "U": -8, "V": -9, "W": -10, "X": -11, "Y": -12,
}

// ParseDate reads a date the way Jekyll does from front matter or a file
// name. raw is the YAML scalar's text; quoted says whether YAML quoted it.
//
// Jekyll's Utils.parse_date ends every date with Time#localtime, so the
// result is always in loc (the site's zone), whatever offset raw carried:
//
//   - An unquoted scalar matching YAML's timestamp pattern is a Psych Time
//     (Psych::ScalarScanner#parse_time): no zone means UTC. Jekyll then
//     reads its to_s again, which drops fractional seconds.
//   - Anything else (quoted, a bare date, a time without seconds) goes
//     through Ruby's Time.parse: an explicit offset or zone name is kept,
//     and a zone-less time is in loc.
//
// Out-of-range days up to 31 roll over as Ruby's Time does (2022-02-30 is
// 2022-03-02); months above 12 and minutes above 59 are errors.
func ParseDate(raw string, quoted bool, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.Local
	}
	if !quoted && yamlTimestamp.MatchString(raw) {
		if t, ok := parseYAMLTime(raw); ok {
			return t.Truncate(time.Second).In(loc), nil
		}
	}
	if t, ok := parseRubyTime(raw, loc); ok {
		return t.In(loc), nil
	}
	return time.Time{}, fmt.Errorf("cannot parse date %q", raw)
}

// parseYAMLTime is Psych::ScalarScanner#parse_time for a string that
// matched yamlTimestamp. ok=false where Psych raises and keeps the string.
func parseYAMLTime(s string) (time.Time, bool) {
	i := strings.IndexAny(s, " \ttT")
	date, rest := s[:i], strings.TrimLeft(s[i+1:], " \t")
	dp := strings.SplitN(date, "-", 3)
	if strings.HasPrefix(date, "-") {
		return time.Time{}, false // negative years: not a blog date
	}
	y, mo, d := atoi(dp[0]), atoi(dp[1]), atoi(dp[2])
	clock := rest
	zone := ""
	if j := strings.IndexAny(rest, " \tZ+-"); j >= 0 {
		clock, zone = rest[:j], strings.TrimLeft(rest[j:], " \t")
	}
	frac := ""
	if j := strings.IndexByte(clock, '.'); j >= 0 {
		clock, frac = clock[:j], clock[j+1:]
	}
	hms := strings.Split(clock, ":")
	h, mi, sec := atoi(hms[0]), atoi(hms[1]), atoi(hms[2])
	if !rubyTimeInRange(mo, d, h, mi, sec) {
		return time.Time{}, false
	}
	ns := fracNanos(frac)
	var loc *time.Location
	switch {
	case zone == "" || zone == "Z":
		loc = time.UTC
	default:
		sign := 1
		if zone[0] == '-' {
			sign = -1
		}
		zone = zone[1:]
		var zh, zm int
		if k := strings.IndexByte(zone, ':'); k >= 0 {
			zh, zm = atoi(zone[:k]), atoi(zone[k+1:])
		} else if len(zone) > 2 {
			// Psych reads "+0530" as hours "05", minutes "30", and "+800"
			// as hours "80", which Time.new rejects.
			zh, zm = atoi(zone[:2]), atoi(zone[2:])
		} else {
			zh = atoi(zone)
		}
		off := sign * (zh*3600 + zm*60)
		if off <= -86400 || off >= 86400 {
			return time.Time{}, false
		}
		loc = time.FixedZone("", off)
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc), true
}

// parseRubyTime is the part of Ruby's Time.parse that dates in front
// matter and file names use. Zone-less times are in loc.
func parseRubyTime(s string, loc *time.Location) (time.Time, bool) {
	m := rubyDateTime.FindStringSubmatch(rubyDateOrder(s))
	if m == nil || m[2] != m[4] {
		return time.Time{}, false
	}
	y, mo, d := atoi(m[1]), atoi(m[3]), atoi(m[5])
	if len(m[1]) == 2 {
		// Date._parse completes a two-digit year: 69-99 is 19xx, else 20xx.
		if y >= 69 {
			y += 1900
		} else {
			y += 2000
		}
	}
	h, mi, sec := atoi(m[6]), atoi(m[7]), atoi(m[8])
	switch strings.ToLower(m[10]) {
	case "a":
		h %= 12
	case "p":
		h = h%12 + 12
	}
	if !rubyTimeInRange(mo, d, h, mi, sec) {
		return time.Time{}, false
	}
	ns := fracNanos(m[9])
	z := m[11]
	if off, ok := rubyZones[strings.ToUpper(z)]; ok {
		return time.Date(y, time.Month(mo), d, h, mi, sec, ns, time.FixedZone(strings.ToUpper(z), off*3600)), true
	}
	if o := rubyOffset.FindStringSubmatch(z); o != nil {
		off := atoi(o[1])*3600 + (atoi(o[2])+atoi(o[4]))*60 + atoi(o[3]) + atoi(o[5])
		if off >= 86400 {
			return time.Time{}, false
		}
		if z[0] == '-' {
			off = -off
		}
		return time.Date(y, time.Month(mo), d, h, mi, sec, ns, time.FixedZone("", off)), true
	}
	return rubyLocalTime(y, mo, d, h, mi, sec, ns, loc), true
}

// ParseTime is Ruby's Time.parse for the dates templates hand to Liquid's
// date filters: ISO-like, day-month-year ("11-9-2017", "11/9/2017") and
// month names ("Sept 1, 2020", "1 Sept 2020 10:30 PM"), an optional time
// and zone, words after them ignored. Zone-less times are in loc.
func ParseTime(s string, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.Local
	}
	return parseRubyTime(s, loc)
}

var (
	// dayMonthYear is Date._parse's "dd-mm-yyyy" and "dd/mm/yyyy".
	dayMonthYear = regexp.MustCompile(`^\s*(\d{1,2})([-/])(\d{1,2})([-/])(\d{4})\b`)
	// monthName is a date written with the month's name, day first or
	// month first, an optional weekday in front. Like Date._parse, it is
	// looked for anywhere in the text: "12-13 April 2018" is 13 April.
	monthName = regexp.MustCompile(`(?i)(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?` +
		`(?:(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})` +
		`|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4}))\b`)
	monthNumber = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
		"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
)

// rubyDateOrder rewrites the day-first and month-name dates Ruby reads
// as year-month-day, keeping what follows.
func rubyDateOrder(s string) string {
	if m := dayMonthYear.FindStringSubmatch(s); m != nil && m[2] == m[4] {
		return m[5] + "-" + m[3] + "-" + m[1] + s[len(m[0]):]
	}
	if loc := monthName.FindStringSubmatchIndex(s); loc != nil {
		m := make([]string, len(loc)/2)
		for i := range m {
			if loc[2*i] >= 0 {
				m[i] = s[loc[2*i]:loc[2*i+1]]
			}
		}
		var y, mon, d string
		if m[2] != "" {
			d, mon, y = m[1], m[2], m[3]
		} else {
			mon, d, y = m[4], m[5], m[6]
		}
		if d == "" {
			d = "1"
		}
		return fmt.Sprintf("%s-%d-%s", y, monthNumber[strings.ToLower(mon)], d) + s[loc[1]:]
	}
	return s
}

// rubyLocalTime is Ruby's Time.local for a wall time: where the clock
// skips (spring forward) or repeats (fall back), Ruby picks the later of
// the two readings, e.g. 02:30 on a spring-forward night in Los Angeles is
// 03:30 PDT and 01:30 on the fall-back night is 01:30 PST. Go's time.Date
// leaves that choice unspecified.
func rubyLocalTime(y, mo, d, h, mi, sec, ns int, loc *time.Location) time.Time {
	wall := time.Date(y, time.Month(mo), d, h, mi, sec, ns, time.UTC)
	_, before := wall.Add(-36 * time.Hour).In(loc).Zone()
	_, after := wall.Add(36 * time.Hour).In(loc).Zone()
	var best time.Time
	found := false
	for _, off := range []int{before, after} {
		t := wall.Add(-time.Duration(off) * time.Second)
		if _, o := t.In(loc).Zone(); o == off && (!found || t.After(best)) {
			best, found = t, true
		}
	}
	if !found {
		// In a gap: read the clock with the earlier offset, which is the
		// later instant.
		best = wall.Add(-time.Duration(before) * time.Second)
		if t := wall.Add(-time.Duration(after) * time.Second); t.After(best) {
			best = t
		}
	}
	return best.In(loc)
}

// rubyTimeInRange is the argument check of Ruby's Time.local/Time.utc:
// days up to 31 and second 60 roll over, hour 24 only as 24:00:00.
func rubyTimeInRange(mo, d, h, mi, sec int) bool {
	if mo < 1 || mo > 12 || d < 1 || d > 31 || mi > 59 || sec > 60 {
		return false
	}
	return h < 24 || (h == 24 && mi == 0 && sec == 0)
}

func fracNanos(frac string) int {
	if frac == "" {
		return 0
	}
	frac = (frac + "000000000")[:9]
	return atoi(frac)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
