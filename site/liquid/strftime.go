package liquid

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// strftime formats t as Ruby's Time#strftime does, with its flags
// ("-" no padding, "_" spaces, "0" zeros, "^" upper case, "#" swapped case),
// field widths and the ":" forms of %z.
func strftime(format string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b.WriteByte(c)
			continue
		}
		// %[flags][width][colons]conversion
		j := i + 1
		flags := ""
		for j < len(format) && strings.IndexByte("-_0^#", format[j]) >= 0 {
			flags += format[j : j+1]
			j++
		}
		w := j
		for j < len(format) && '0' <= format[j] && format[j] <= '9' {
			j++
		}
		width := -1
		if j > w {
			width, _ = strconv.Atoi(format[w:j])
		}
		colons := 0
		for j < len(format) && format[j] == ':' {
			colons++
			j++
		}
		if j < len(format) && (format[j] == 'E' || format[j] == 'O') {
			j++
		}
		if j == len(format) {
			b.WriteString(format[i:])
			break
		}
		s, ok := conversion(format[j], t, flags, width, colons)
		if !ok {
			b.WriteString(format[i : j+1])
		} else {
			b.WriteString(s)
		}
		i = j
	}
	return b.String()
}

func conversion(c byte, t time.Time, flags string, width, colons int) (string, bool) {
	num := func(n, defWidth int, defPad byte) (string, bool) {
		return padNumber(n, flags, width, defWidth, defPad), true
	}
	text := func(s string) (string, bool) {
		return padText(s, flags, width), true
	}
	hour12 := (t.Hour()+11)%12 + 1
	switch c {
	case 'Y':
		return num(t.Year(), 4, '0')
	case 'C':
		return num(t.Year()/100, 2, '0')
	case 'y':
		return num(t.Year()%100, 2, '0')
	case 'm':
		return num(int(t.Month()), 2, '0')
	case 'd':
		return num(t.Day(), 2, '0')
	case 'e':
		return num(t.Day(), 2, ' ')
	case 'j':
		return num(t.YearDay(), 3, '0')
	case 'H':
		return num(t.Hour(), 2, '0')
	case 'k':
		return num(t.Hour(), 2, ' ')
	case 'I':
		return num(hour12, 2, '0')
	case 'l':
		return num(hour12, 2, ' ')
	case 'M':
		return num(t.Minute(), 2, '0')
	case 'S':
		return num(t.Second(), 2, '0')
	case 'L':
		return fraction(t, 3, width), true
	case 'N':
		return fraction(t, 9, width), true
	case 'u':
		return num((int(t.Weekday())+6)%7+1, 1, '0')
	case 'w':
		return num(int(t.Weekday()), 1, '0')
	case 'U':
		return num((t.YearDay()+6-int(t.Weekday()))/7, 2, '0')
	case 'W':
		return num((t.YearDay()+6-(int(t.Weekday())+6)%7)/7, 2, '0')
	case 'G':
		y, _ := t.ISOWeek()
		return num(y, 4, '0')
	case 'g':
		y, _ := t.ISOWeek()
		return num(y%100, 2, '0')
	case 'V':
		_, wk := t.ISOWeek()
		return num(wk, 2, '0')
	case 's':
		return num(int(t.Unix()), 1, '0')
	case 'Q':
		return num(int(t.UnixMilli()), 1, '0')
	case 'B':
		return text(t.Month().String())
	case 'b', 'h':
		return text(t.Month().String()[:3])
	case 'A':
		return text(t.Weekday().String())
	case 'a':
		return text(t.Weekday().String()[:3])
	case 'p':
		if strings.Contains(flags, "#") {
			return padText(strings.ToLower(ampm(t)), strings.ReplaceAll(flags, "#", ""), width), true
		}
		return text(ampm(t))
	case 'P':
		return text(strings.ToLower(ampm(t)))
	case 'Z':
		name, _ := t.Zone()
		if strings.HasPrefix(name, "+") || strings.HasPrefix(name, "-") {
			name = "" // Go names unnamed zones by offset; Ruby leaves them blank
		}
		return text(name)
	case 'z':
		return zoneOffset(t, colons), true
	case 'n':
		return text("\n")
	case 't':
		return text("\t")
	case '%':
		return text("%")
	case 'c':
		return text(strftime("%a %b %e %H:%M:%S %Y", t))
	case 'D', 'x':
		return text(strftime("%m/%d/%y", t))
	case 'F':
		return text(strftime("%Y-%m-%d", t))
	case 'T', 'X':
		return text(strftime("%H:%M:%S", t))
	case 'R':
		return text(strftime("%H:%M", t))
	case 'r':
		return text(strftime("%I:%M:%S %p", t))
	case 'v':
		return text(strftime("%e-%^b-%Y", t))
	case '+':
		return text(strftime("%a %b %e %H:%M:%S %Z %Y", t))
	}
	return "", false
}

func ampm(t time.Time) string {
	if t.Hour() < 12 {
		return "AM"
	}
	return "PM"
}

func padNumber(n int, flags string, width, defWidth int, defPad byte) string {
	pad := defPad
	if width < 0 {
		width = defWidth
	}
	switch {
	case strings.Contains(flags, "-"):
		width = 0
	case strings.Contains(flags, "_"):
		pad = ' '
	case strings.Contains(flags, "0"):
		pad = '0'
	}
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
		width--
	}
	if len(s) < width {
		s = strings.Repeat(string(pad), width-len(s)) + s
	}
	if neg {
		if pad == '0' {
			return "-" + s
		}
		s = strings.TrimLeft(s, " ")
		return strings.Repeat(" ", max(0, width+1-len(s)-1)) + "-" + s
	}
	return s
}

func padText(s, flags string, width int) string {
	switch {
	case strings.Contains(flags, "^"):
		s = strings.ToUpper(s)
	case strings.Contains(flags, "#"):
		s = swapCase(s)
	}
	if strings.Contains(flags, "-") || width <= len(s) {
		return s
	}
	pad := " "
	if strings.Contains(flags, "0") {
		pad = "0"
	}
	return strings.Repeat(pad, width-len(s)) + s
}

// swapCase is the "#" flag: all-upper becomes lower, anything else upper.
func swapCase(s string) string {
	if s == strings.ToUpper(s) {
		return strings.ToLower(s)
	}
	return strings.ToUpper(s)
}

// fraction is %L and %N: digits of the fractional second, truncated.
func fraction(t time.Time, digits, width int) string {
	if width > 0 {
		digits = width
	}
	s := fmt.Sprintf("%09d", t.Nanosecond())
	if digits <= 9 {
		return s[:digits]
	}
	return s + strings.Repeat("0", digits-9)
}

func zoneOffset(t time.Time, colons int) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	h, m, s := off/3600, off/60%60, off%60
	switch colons {
	case 1:
		return fmt.Sprintf("%c%02d:%02d", sign, h, m)
	case 2:
		return fmt.Sprintf("%c%02d:%02d:%02d", sign, h, m, s)
	case 3:
		switch {
		case s != 0:
			return fmt.Sprintf("%c%02d:%02d:%02d", sign, h, m, s)
		case m != 0:
			return fmt.Sprintf("%c%02d:%02d", sign, h, m)
		}
		return fmt.Sprintf("%c%02d", sign, h)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}
