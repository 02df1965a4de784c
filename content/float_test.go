package content

import (
	"math"
	"testing"
)

// TestRubyFloat holds what Ruby 3.1's Float#to_s prints for each value.
func TestRubyFloat(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{
		{2, "2.0"},
		{-2, "-2.0"},
		{0, "0.0"},
		{2.5, "2.5"},
		{1e14, "100000000000000.0"},
		{1e15, "1.0e+15"},
		{-1e15, "-1.0e+15"},
		{1e16, "1.0e+16"},
		{1.5e16, "1.5e+16"},
		{123456789012345.6, "123456789012345.6"},
		{1234567890123456.0, "1.234567890123456e+15"},
		{1234567890123456.7, "1234567890123456.8"},
		{1000000000000000.2, "1000000000000000.2"},
		{9999999999999998.0, "9.999999999999998e+15"},
		{12345678901234567.0, "1.2345678901234568e+16"},
		{1.5e300, "1.5e+300"},
		{0.001, "0.001"},
		{0.0001, "0.0001"},
		{0.00012, "0.00012"},
		{0.00001, "1.0e-05"},
		{0.00009999, "9.999e-05"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
		{math.NaN(), "NaN"},
	} {
		if got := Float(c.f).String(); got != c.want {
			t.Errorf("Float(%v) = %q, Ruby prints %q", c.f, got, c.want)
		}
	}
}

// TestYAMLFloats holds what Ruby's YAML (Psych) reads from each scalar:
// a Float, or a String where YAML 1.2 would see a number.
func TestYAMLFloats(t *testing.T) {
	fm, err := ParseFrontMatter("t.md", []byte("---\na: 1e3\nb: 1.0e+3\nc: 1.0e3\nd: .5\ne: 1_000.5\nf: 1.\ng: -.inf\nh: 2.50\ni: 1,000.5\nj: +1.5\nk: 6.02E+23\nl: 1.0E-5\nm: 2.0\nn: 2\no: '2.0'\np: .\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"a": "1e3", "b": Float(1000), "c": "1.0e3", "d": Float(0.5), "e": Float(1000.5),
		"f": Float(1), "g": Float(math.Inf(-1)), "h": Float(2.5), "i": Float(1000.5),
		"j": Float(1.5), "k": Float(6.02e23), "l": Float(1e-5), "m": Float(2), "n": 2,
		"o": "2.0", "p": ".",
	}
	for k, w := range want {
		if got := fm.Data[k]; got != w {
			t.Errorf("%s: got %#v, Ruby reads %#v", k, got, w)
		}
	}
}
