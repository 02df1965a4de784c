package content

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// PluralizedList is Utils.pluralized_array_from_hash. Jekyll 4.3 looks at
// the singular key first: when it is present and neither null nor false
// its value is used as is (a string is NOT split, a list is flattened).
// Otherwise the plural key is read: a string is split on ASCII whitespace
// (Ruby's String#split), a list loses its nulls and is flattened, any
// other value counts as absent. Values are stringified as Ruby's to_s
// does, as Document#populate_categories does for categories.
func PluralizedList(data map[string]any, singular, plural string) []string {
	var v any
	if s, ok := data[singular]; ok && s != nil && s != false {
		v = s
	} else if p, ok := data[plural]; ok {
		switch p := p.(type) {
		case string:
			v = rubySplit(p)
		default:
			if isList(p) {
				v = p
			}
		}
	}
	return flattenStrings(v, nil)
}

// CategoriesFromPath is Document#categories_from_path: the folders above
// the _posts/_drafts folder in a post's site-relative path, e.g.
// "a/b/_posts/2022-01-01-x.md" -> ["a","b"]. Like Jekyll it cuts the
// path at the first occurrence of specialDir, even inside a folder name.
func CategoriesFromPath(relPath, specialDir string) []string {
	if strings.HasPrefix(relPath, specialDir) {
		return nil
	}
	above := relPath
	if i := strings.Index(relPath, specialDir); i >= 0 {
		above = relPath[:i]
	}
	base := relPath[strings.LastIndexByte(relPath, '/')+1:]
	var out []string
	for _, c := range strings.Split(above, "/") {
		if c != "" && c != specialDir && c != base {
			out = append(out, c)
		}
	}
	return out
}

// PostCategories is the category list Jekyll 4.3 gives a post: the
// folders above specialDir (categories_from_path), then the front
// matter's `categories` (a string split on whitespace, merged by
// Document#merge_categories!), then `category` (populate_categories), as
// strings without repeats. relPath is site-relative. These are also what
// URLParts.Categories wants.
func PostCategories(relPath, specialDir string, data map[string]any) []string {
	all := CategoriesFromPath(relPath, specialDir)
	switch c := data["categories"].(type) {
	case string:
		all = append(all, rubySplit(c)...)
	default:
		if isList(c) {
			all = flattenStrings(c, all)
		}
	}
	if c, ok := data["category"]; ok && c != nil && c != false {
		all = flattenStrings(c, all)
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range all {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// rubySplit is Ruby's String#split without arguments: fields separated
// by runs of ASCII whitespace (not Unicode spaces, unlike strings.Fields).
func rubySplit(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r'
	})
}

func isList(v any) bool {
	if v == nil {
		return false
	}
	k := reflect.TypeOf(v).Kind()
	return k == reflect.Slice || k == reflect.Array
}

// flattenStrings appends v to out, flattening lists and dropping nulls
// (Array#flatten, Array#compact), each item as Ruby's to_s writes it.
func flattenStrings(v any, out []string) []string {
	if v == nil {
		return out
	}
	if s, ok := v.([]string); ok {
		return append(out, s...)
	}
	if isList(v) {
		rv := reflect.ValueOf(v)
		for i := range rv.Len() {
			out = flattenStrings(rv.Index(i).Interface(), out)
		}
		return out
	}
	return append(out, rubyToS(v))
}

// rubyToS writes a YAML scalar as Ruby's to_s would.
func rubyToS(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return rubyFloat(v)
	case Float:
		return rubyFloat(float64(v))
	case float32:
		return rubyFloat(float64(v))
	case time.Time:
		if v.Location() == time.UTC {
			return v.Format("2006-01-02 15:04:05 UTC")
		}
		return v.Format("2006-01-02 15:04:05 -0700")
	}
	return fmt.Sprint(v)
}

// rubyFloat is Float#to_s: "1.0", "0.0001", "1.0e-05", "1.0e+15". Ruby
// writes the shortest digits that read back, in fixed notation while the
// decimal point falls within them or at most 15 places past them (16 if
// a fraction follows) and no more than 4 places before; else exponent.
func rubyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	digits := len(strings.TrimLeft(strings.Replace(mant, ".", "", 1), "-"))
	if decpt := e + 1; f == 0 || decpt > -4 && (decpt <= 15 || decpt == 16 && digits > 16) {
		s = strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	return mant + "e" + exp
}
