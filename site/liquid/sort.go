package liquid

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	osteele "github.com/osteele/liquid"
	"gopkg.in/yaml.v2"
)

// sortFilter is Jekyll's sort: by value, or by a property with nils first
// (the default) or last.
func sortFilter(input, prop, nils any) (any, error) {
	if osteele.FromDrop(input) == nil {
		return nil, errors.New("cannot sort a null object")
	}
	if pairs, ok := hashPairs(input); ok && prop == nil {
		// Ruby's Hash#sort: [key, value] pairs in key order.
		sort.SliceStable(pairs, func(i, j int) bool {
			return toS(pairs[i].([]any)[0]) < toS(pairs[j].([]any)[0])
		})
		return pairs, nil
	}
	a, ok := toSlice(input)
	if !ok {
		return input, nil
	}
	out := append([]any{}, a...)
	if prop == nil {
		var err error
		sort.SliceStable(out, func(i, j int) bool {
			c, ok := compare(out[i], out[j])
			if !ok && err == nil {
				err = fmt.Errorf("comparison of %s with %s failed", rubyClass(out[i]), rubyClass(out[j]))
			}
			return c < 0
		})
		return out, err
	}
	order := -1
	switch n := toS(nils); n {
	case "", "first":
	case "last":
		order = 1
	default:
		return nil, fmt.Errorf("invalid nils order: %q is not a valid nils order, it must be \"first\" or \"last\"", n)
	}
	name := toS(prop)
	keys := make([]any, len(out))
	for i, item := range out {
		keys[i] = property(item, name)
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := keys[idx[i]], keys[idx[j]]
		switch {
		case a != nil && b == nil:
			return -order < 0
		case a == nil && b != nil:
			return order < 0
		case a == nil && b == nil:
			return false
		}
		if c, ok := compare(a, b); ok {
			return c < 0
		}
		return toS(a) < toS(b)
	})
	sorted := make([]any, len(out))
	for i, k := range idx {
		sorted[i] = out[k]
	}
	return sorted, nil
}

// compare is Ruby's <=>: numbers with numbers, strings with strings, times
// with times; ok is false for anything else.
func compare(a, b any) (int, bool) {
	a, b = osteele.FromDrop(a), osteele.FromDrop(b)
	if x, ok := toFloat(a); ok {
		if y, ok := toFloat(b); ok {
			switch {
			case x < y:
				return -1, true
			case x > y:
				return 1, true
			}
			return 0, true
		}
		return 0, false
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), true
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), true
		}
	case bool:
		if y, ok := b.(bool); ok && x == y {
			return 0, true
		}
	case nil:
		if b == nil {
			return 0, true
		}
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	if v == nil {
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	return 0, false
}

func rubyClass(v any) string {
	v = osteele.FromDrop(v)
	switch v.(type) {
	case nil:
		return "NilClass"
	case string:
		return "String"
	case bool:
		return fmt.Sprint(v.(bool))
	case time.Time:
		return "Time"
	}
	if _, ok := toFloat(v); ok {
		return "Numeric"
	}
	if _, ok := asArray(v); ok {
		return "Array"
	}
	return "Hash"
}

// hashPairs turns a hash (a yaml.MapSlice or a Go map) into [key, value]
// pairs, as Ruby's Hash#to_a does; ok is false for anything else.
func hashPairs(input any) ([]any, bool) {
	input = plainValue(osteele.FromDrop(input))
	if ms, ok := input.(yaml.MapSlice); ok {
		out := make([]any, len(ms))
		for i, item := range ms {
			out[i] = []any{item.Key, item.Value}
		}
		return out, true
	}
	if input == nil {
		return nil, false
	}
	rv := reflect.ValueOf(input)
	if rv.Kind() != reflect.Map {
		return nil, false
	}
	keys := hashKeys(rv)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = []any{k.Interface(), rv.MapIndex(k).Interface()}
	}
	return out, true
}

// sortNatural is Liquid's sort_natural: by to_s, ignoring ASCII case, nils
// last; by a property when every item has one to look up (a hash, an
// array, a string), else nil.
func sortNatural(input, prop any) any {
	a := inputItems(input)
	if len(a) == 0 {
		return []any{}
	}
	keys := make([]any, len(a))
	for i, x := range a {
		if prop == nil {
			keys[i] = osteele.FromDrop(x)
			continue
		}
		switch v := plainValue(osteele.FromDrop(x)); {
		case v == nil:
			return nil
		case reflect.TypeOf(v).Kind() == reflect.String:
			keys[i] = nil
			if strings.Contains(toS(v), toS(prop)) {
				keys[i] = toS(prop) // Ruby's String#[] of a substring
			}
		default:
			if _, ok := toFloat(v); ok {
				return nil
			}
			keys[i] = lookup(x, prop)
		}
	}
	idx := make([]int, len(a))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		x, y := keys[idx[i]], keys[idx[j]]
		if x == nil || y == nil {
			return x != nil
		}
		return caseCmp(toS(x), toS(y)) < 0
	})
	out := make([]any, len(a))
	for i, k := range idx {
		out[i] = a[k]
	}
	return out
}

// caseCmp is Ruby's String#casecmp: bytes compared with A-Z folded to a-z.
func caseCmp(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return int(x) - int(y)
		}
	}
	return len(a) - len(b)
}
