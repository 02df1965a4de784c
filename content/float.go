package content

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Float is a number with a decimal point read from YAML or JSON (front
// matter, _data, _config.yml). Ruby keeps such a number a Float, apart
// from an Integer even when it is whole, and prints it as Float#to_s
// does: `version: 2.0` shows "2.0" where a float64 would print "2".
type Float float64

// String is Ruby's Float#to_s: "2.0", "0.0001", "1.0e-05", "1.0e+16".
func (f Float) String() string { return rubyFloat(float64(f)) }

// yamlFloat is what Ruby's YAML (Psych, YAML 1.1) reads as a float: a
// decimal point is required, and an exponent needs its sign. Other
// scalars yaml.v3 takes for floats (`1e3`) are strings to Jekyll.
var yamlFloat = regexp.MustCompile(`^[-+]?(?:[0-9][0-9_,]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$`)

// psychFloat reads a plain YAML scalar as Psych does: a Float when it
// looks like one to YAML 1.1 (with "_" and "," between digits dropped).
func psychFloat(s string) (Float, bool) {
	if !yamlFloat.MatchString(s) {
		return 0, false
	}
	switch strings.ToLower(strings.TrimLeft(s, "+")) {
	case ".inf":
		return Float(math.Inf(1)), true
	case "-.inf":
		return Float(math.Inf(-1)), true
	case ".nan":
		return Float(math.NaN()), true
	}
	f, err := strconv.ParseFloat(strings.NewReplacer("_", "", ",", "").Replace(s), 64)
	if err != nil {
		return 0, false // "." and "-." have no digits: strings
	}
	return Float(f), true
}
