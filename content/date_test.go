package content

import (
	"testing"
	"time"
)

// Expectations come from Jekyll 4.3.1 on Ruby 3.1: the scalar loaded by
// Utils.safe_load_yaml (Psych), then Utils.parse_date (Time.parse(...)
// .localtime) with TZ set to the site zone, as Document#merge_date! does.
func TestParseDate(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	syd := mustZone(t, "Australia/Sydney")
	tests := []struct {
		name   string
		raw    string
		quoted bool
		loc    *time.Location
		want   string // RFC 3339 in the result's zone; "" for an error
	}{
		{"day first, as scala's front matter has it", "11-9-2017", false, time.UTC, "2017-09-11T00:00:00Z"},
		{"day first with slashes", "11/9/2017", false, time.UTC, "2017-09-11T00:00:00Z"},
		{"month name first", "Sept 1, 2020", false, time.UTC, "2020-09-01T00:00:00Z"},
		{"day first, month name, time", "1 Sept 2020 10:30 PM", false, time.UTC, "2020-09-01T22:30:00Z"},
		{"weekday and month name", "Monday, June 3, 2019", false, time.UTC, "2019-06-03T00:00:00Z"},
		{"a range of days takes the last, as scala's trainings have it", "12-13 April 2018", true, time.UTC, "2018-04-13T00:00:00Z"},
		{"words before a month name date", "Version 2 April 2018", true, time.UTC, "2018-04-02T00:00:00Z"},
		{"a time after a date found in the text", "Talk on 12-13 April 2018 10:00", true, time.UTC, "2018-04-13T10:00:00Z"},
		{"words after the time are ignored", "2025-04-11T01:36:45 1744335405", true, time.UTC, "2025-04-11T01:36:45Z"},
		{"date only is local midnight", "2022-01-20", false, la, "2022-01-20T00:00:00-08:00"},
		{"single digit month and day", "2022-1-5", false, time.UTC, "2022-01-05T00:00:00Z"},
		{"two digit year from a file name", "22-1-5", true, time.UTC, "2022-01-05T00:00:00Z"},
		{"no seconds is Time.parse, local", "2022-01-20 22:35", false, la, "2022-01-20T22:35:00-08:00"},
		{"YAML timestamp without zone is UTC", "2022-01-20 22:35:00", false, la, "2022-01-20T14:35:00-08:00"},
		{"quoted timestamp without zone is local", "2022-01-20 22:35:00", true, la, "2022-01-20T22:35:00-08:00"},
		{"T separator", "2022-01-20T22:35:00", false, time.UTC, "2022-01-20T22:35:00Z"},
		{"YAML drops fractional seconds", "2022-01-20 22:35:00.123456", false, time.UTC, "2022-01-20T22:35:00Z"},
		{"Time.parse keeps fractional seconds", "2022-01-20T22:35:00.123+05:30", true, time.UTC, "2022-01-20T17:05:00.123Z"},
		{"offset after space to UTC", "2022-01-20 22:35:00 -0800", false, time.UTC, "2022-01-21T06:35:00Z"},
		{"offset after space to LA", "2022-01-20 22:35:00 -0800", false, la, "2022-01-20T22:35:00-08:00"},
		{"offset with colon", "2022-01-20 22:35:00 -08:00", false, time.UTC, "2022-01-21T06:35:00Z"},
		{"offset glued", "2022-01-20 22:35:00-08:00", false, time.UTC, "2022-01-21T06:35:00Z"},
		{"offset hours only", "2022-01-20 22:35:00 -08", false, time.UTC, "2022-01-21T06:35:00Z"},
		{"half hour offset", "2022-01-20 22:35:00 +05:30", false, time.UTC, "2022-01-20T17:05:00Z"},
		{"Z", "2022-01-20T22:35:00Z", false, la, "2022-01-20T14:35:00-08:00"},
		{"UTC word", "2022-01-20 22:35:00 UTC", false, la, "2022-01-20T14:35:00-08:00"},
		{"zone abbreviation", "2022-01-20 22:35:00 PST", false, time.UTC, "2022-01-21T06:35:00Z"},
		{"unknown zone word is ignored", "2022-01-20 22:35:00 CEST", true, time.UTC, "2022-01-20T22:35:00Z"},
		{"Time.parse ignores +8", "2022-01-20 22:35:00 +8", true, time.UTC, "2022-01-20T22:35:00Z"},
		{"offset without seconds", "2022-01-20 22:35 -0800", false, time.UTC, "2022-01-21T06:35:00Z"},
		{"am pm", "2022-01-20 7:05 pm", true, time.UTC, "2022-01-20T19:05:00Z"},
		{"day 30 of February rolls over", "2022-02-30", false, time.UTC, "2022-03-02T00:00:00Z"},
		{"hour 24", "2022-01-20 24:00:00", false, time.UTC, "2022-01-21T00:00:00Z"},
		{"spring forward gap takes the later reading", "2022-03-13 02:30", true, la, "2022-03-13T03:30:00-07:00"},
		{"fall back overlap takes the later reading", "2022-11-06 01:30", true, la, "2022-11-06T01:30:00-08:00"},
		{"southern fall back", "2022-04-03 02:30", true, syd, "2022-04-03T02:30:00+10:00"},
		{"month 13", "2022-13-45", false, time.UTC, ""},
		{"day 32", "2022-02-32", false, time.UTC, ""},
		{"minute 60", "2022-01-20 23:60:00", false, time.UTC, ""},
		{"offset of a day", "2022-01-20 22:35:00 +2400", true, time.UTC, ""},
		{"garbage", "garbage", true, time.UTC, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.raw, tt.quoted, tt.loc)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("ParseDate(%q) = %v, want an error", tt.raw, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := got.Format(time.RFC3339Nano); s != tt.want {
				t.Errorf("ParseDate(%q, %v, %v) = %s, want %s", tt.raw, tt.quoted, tt.loc, s, tt.want)
			}
			if got.Location() != tt.loc {
				t.Errorf("location %v, want the site zone %v", got.Location(), tt.loc)
			}
		})
	}
}

func TestParseDateErrorNamesValue(t *testing.T) {
	_, err := ParseDate("2022-13-45", false, time.UTC)
	if err == nil || err.Error() != `cannot parse date "2022-13-45"` {
		t.Errorf("error = %v", err)
	}
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no zone data: %v", err)
	}
	return loc
}
