package liquid

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	osteele "github.com/osteele/liquid"
	"github.com/osteele/liquid/expressions"
	"github.com/osteele/liquid/values"
	yaml "gopkg.in/yaml.v2"
)

// expressions.Closure as a parameter type makes osteele/liquid pass the
// argument as a parsed expression, bound to the current variables, rather
// than as its string value. That is how the *_exp filters evaluate their
// condition once per item.

func (f *filters) registerArrays(e registrar) {
	e.RegisterFilter("where", where)
	e.RegisterFilter("map", mapFilter)
	e.RegisterFilter("where_exp", whereExp)
	e.RegisterFilter("find", find)
	e.RegisterFilter("find_exp", findExp)
	e.RegisterFilter("group_by", groupBy)
	e.RegisterFilter("group_by_exp", groupByExp)
	e.RegisterFilter("sort", sortFilter)
	e.RegisterFilter("sample", sample)
	e.RegisterFilter("reverse", func(input any) any {
		a := inputItems(input)
		out := make([]any, len(a))
		for i, x := range a {
			out[len(a)-1-i] = x
		}
		return out
	})
	e.RegisterFilter("uniq", uniq)
	e.RegisterFilter("compact", compact)
	e.RegisterFilter("concat", func(input, other any) (any, error) {
		b, ok := asArray(other)
		if !ok {
			return nil, errors.New("concat filter requires an array argument")
		}
		return append(inputItems(input), b...), nil
	})
	e.RegisterFilter("first", func(input any) any { return firstLast(input, true) })
	e.RegisterFilter("last", func(input any) any { return firstLast(input, false) })
	e.RegisterFilter("sort_natural", sortNatural)
	e.RegisterFilter("push", func(input, item any) any {
		a, ok := asArray(input)
		if !ok {
			return input
		}
		return append(a[:len(a):len(a)], item)
	})
	e.RegisterFilter("unshift", func(input, item any) any {
		a, ok := asArray(input)
		if !ok {
			return input
		}
		return append([]any{item}, a...)
	})
	e.RegisterFilter("pop", func(input, num any) (any, error) {
		a, ok := asArray(input)
		if !ok {
			return input, nil
		}
		n, err := countArg(num)
		if err != nil {
			return nil, err
		}
		return a[: len(a)-min(n, len(a)) : len(a)-min(n, len(a))], nil
	})
	e.RegisterFilter("shift", func(input, num any) (any, error) {
		a, ok := asArray(input)
		if !ok {
			return input, nil
		}
		n, err := countArg(num)
		if err != nil {
			return nil, err
		}
		return append([]any(nil), a[min(n, len(a)):]...), nil
	})
}

// inputItems is the list Ruby Liquid's InputIterator walks for join, map,
// reverse, uniq, compact, concat and sort_natural: an array flattened, a
// range's numbers, nil as none, and anything else (a hash, a string) as a
// list of one.
func inputItems(input any) []any {
	input = osteele.FromDrop(input)
	switch v := input.(type) {
	case nil:
		return []any{}
	case values.Range:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = v.Index(i)
		}
		return out
	}
	a, ok := asArray(input)
	if !ok {
		return []any{input}
	}
	out := make([]any, 0, len(a))
	var flat func([]any)
	flat = func(a []any) {
		for _, x := range a {
			if b, ok := asArray(x); ok {
				flat(b)
			} else {
				out = append(out, x)
			}
		}
	}
	flat(a)
	return out
}

// lookup is Ruby Liquid's item[property] in the array filters: a hash's
// value (recorded, for a document), nil for what has no such key.
func lookup(item, prop any) any {
	if item == nil {
		return nil
	}
	return osteele.FromDrop(values.ValueOf(item).IndexValue(values.ValueOf(prop)).Interface())
}

// compact drops the nil items, or with a property the items whose
// property is nil.
func compact(input, prop any) any {
	out := []any{}
	for _, x := range inputItems(input) {
		v := osteele.FromDrop(x)
		if prop != nil {
			v = lookup(x, prop)
		}
		if v != nil {
			out = append(out, x)
		}
	}
	return out
}

// uniq is Ruby's Array#uniq over the items (or their property): a value
// stays apart from one of another class (1 from 1.0 and "1"), hashes and
// arrays are equal when their contents are.
func uniq(input, prop any) any {
	seen := map[any]bool{}
	out := []any{}
	for _, x := range inputItems(input) {
		k := osteele.FromDrop(x)
		if prop != nil {
			k = lookup(x, prop)
		}
		if k != nil && !reflect.TypeOf(k).Comparable() {
			k = fmt.Sprintf("%T\x00%s", plainValue(k), inspect(k))
		} else if f, ok := k.(float64); ok {
			k = Float(f)
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, x)
		}
	}
	return out
}

// firstLast is Liquid's first and last: of an array or a range; a hash
// has a first ([key, value], Enumerable#first) but no last; anything
// else has neither.
func firstLast(input any, first bool) any {
	input = osteele.FromDrop(input)
	if r, ok := input.(values.Range); ok {
		if r.Len() == 0 {
			return nil
		}
		if first {
			return r.Index(0)
		}
		return r.Index(r.Len() - 1)
	}
	if a, ok := asArray(input); ok {
		if len(a) == 0 {
			return nil
		}
		if first {
			return a[0]
		}
		return a[len(a)-1]
	}
	if pairs, ok := hashPairs(input); ok && first && len(pairs) > 0 {
		return pairs[0]
	}
	return nil
}

// asArray converts a Go slice (not a map: Jekyll's push and pop want an
// Array) to []any.
func asArray(input any) ([]any, bool) {
	input = osteele.FromDrop(input)
	if input == nil {
		return nil, false
	}
	if a, ok := input.([]any); ok {
		return a, true
	}
	rv := reflect.ValueOf(input)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array || rv.Type().Elem().Kind() == reflect.Uint8 {
		return nil, false
	}
	a := make([]any, rv.Len())
	for i := range a {
		a[i] = rv.Index(i).Interface()
	}
	return a, true
}

// toSlice is what Jekyll's select-style filters iterate: an array's items
// or a hash's values (by key order, as Go maps have none).
func toSlice(input any) ([]any, bool) {
	if a, ok := asArray(input); ok {
		return a, true
	}
	input = plainValue(osteele.FromDrop(input))
	if ms, ok := input.(yaml.MapSlice); ok {
		a := make([]any, len(ms))
		for i, item := range ms {
			a[i] = item.Value
		}
		return a, true
	}
	if input == nil || reflect.ValueOf(input).Kind() != reflect.Map {
		return nil, false
	}
	rv := reflect.ValueOf(input)
	keys := hashKeys(rv)
	a := make([]any, len(keys))
	for i, k := range keys {
		a[i] = rv.MapIndex(k).Interface()
	}
	return a, true
}

// countArg is Liquid's Utils.to_integer for the pop and shift counts.
func countArg(num any) (int, error) {
	if num == nil {
		return 1, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(toS(num)))
	if err != nil {
		if i, ok := num.(int); ok {
			n, err = i, nil
		} else {
			return 0, errors.New("invalid integer")
		}
	}
	if n < 0 {
		return 0, errors.New("negative array size")
	}
	return n, nil
}

// property reads a possibly dotted property of an item, as Jekyll's
// item_property does, including turning number-like strings into numbers.
func property(item any, name string) any {
	v := item
	for _, key := range strings.Split(name, ".") {
		if v == nil {
			break
		}
		v = values.ValueOf(v).PropertyValue(values.ValueOf(key)).Interface()
	}
	return parseSortInput(osteele.FromDrop(v))
}

var (
	floatLikeRE = regexp.MustCompile(`^\s*-?(?:\d+\.?\d*|\.\d+)\s*$`)
	intLikeRE   = regexp.MustCompile(`^\s*-?\d+\s*$`)
)

func parseSortInput(v any) any {
	s := toS(v)
	switch {
	case intLikeRE.MatchString(s):
		return toInt(s)
	case floatLikeRE.MatchString(s):
		f, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return f
	}
	return v
}

// matches is Jekyll's compare_property_vs_target.
func matches(prop, target any) bool {
	if target == nil {
		return prop == nil
	}
	t := toS(target)
	if s, ok := prop.(string); ok {
		return s == t
	}
	if prop == nil {
		return false
	}
	if a, ok := asArray(prop); ok {
		for _, p := range a {
			if toS(p) == t {
				return true
			}
		}
		return false
	}
	return toS(prop) == t
}

// isCollection reports whether Ruby's value would be an Array or a Hash,
// which where and find refuse as target values.
func isCollection(v any) bool {
	v = osteele.FromDrop(v)
	if v == nil {
		return false
	}
	k := reflect.ValueOf(v).Kind()
	return k == reflect.Map || k == reflect.Slice && reflect.TypeOf(v).Elem().Kind() != reflect.Uint8 || k == reflect.Array
}

func where(input any, prop, value any) any {
	if prop == nil || isCollection(value) {
		return input
	}
	a, ok := toSlice(input)
	if !ok {
		return input
	}
	name := toS(prop)
	out := []any{}
	for _, item := range a {
		if matches(property(item, name), value) {
			out = append(out, item)
		}
	}
	return out
}

func find(input any, prop, value any) any {
	if prop == nil || isCollection(value) {
		return input
	}
	a, ok := toSlice(input)
	if !ok {
		return input
	}
	name := toS(prop)
	for _, item := range a {
		if matches(property(item, name), value) {
			return item
		}
	}
	return nil
}

func truthy(v any) bool {
	return v != nil && v != false
}

func whereExp(input any, variable string, expr expressions.Closure) (any, error) {
	a, ok := toSlice(input)
	if !ok {
		return input, nil
	}
	out := []any{}
	for _, item := range a {
		v, err := expr.Bind(variable, item).Evaluate()
		if err != nil {
			return nil, err
		}
		if truthy(v) {
			out = append(out, item)
		}
	}
	return out, nil
}

func findExp(input any, variable string, expr expressions.Closure) (any, error) {
	a, ok := toSlice(input)
	if !ok {
		return input, nil
	}
	for _, item := range a {
		v, err := expr.Bind(variable, item).Evaluate()
		if err != nil {
			return nil, err
		}
		if truthy(v) {
			return item, nil
		}
	}
	return nil, nil
}

// group is one entry of group_by's result.
func groups(a []any, key func(any) (any, error)) ([]any, error) {
	var out []any
	index := map[string]map[string]any{}
	for _, item := range a {
		k, err := key(item)
		if err != nil {
			return nil, err
		}
		id := fmt.Sprintf("%T:%s", k, inspect(k))
		g, ok := index[id]
		if !ok {
			g = map[string]any{"name": k, "items": []any{}, "size": 0}
			index[id] = g
			out = append(out, g)
		}
		g["items"] = append(g["items"].([]any), item)
		g["size"] = g["size"].(int) + 1
	}
	if out == nil {
		out = []any{}
	}
	return out, nil
}

func groupBy(input any, prop any) (any, error) {
	a, ok := toSlice(input)
	if !ok {
		return input, nil
	}
	name := toS(prop)
	return groups(a, func(item any) (any, error) {
		return toS(property(item, name)), nil
	})
}

func groupByExp(input any, variable string, expr expressions.Closure) (any, error) {
	a, ok := toSlice(input)
	if !ok {
		return input, nil
	}
	return groups(a, func(item any) (any, error) {
		return expr.Bind(variable, item).Evaluate()
	})
}

// sample is Jekyll's: of an array (a hash or a string has no sample,
// and comes back as it is).
func sample(input, num any) any {
	a, ok := asArray(input)
	if !ok {
		return input
	}
	n := 1
	if num != nil {
		if i, err := countArg(num); err == nil {
			n = i
		}
	}
	if n == 1 {
		if len(a) == 0 {
			return nil
		}
		return a[rand.IntN(len(a))]
	}
	out := append([]any(nil), a...)
	rand.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out[:min(n, len(out))]
}

// mapFilter is Liquid's map, over Ruby Liquid's InputIterator: a single
// hash is a list of one, so `find: ... | map: "name"` works, and nested
// arrays are flattened.
func mapFilter(input any, prop string) any {
	a := inputItems(input)
	out := make([]any, len(a))
	for i, item := range a {
		if item == nil {
			continue
		}
		out[i] = osteele.FromDrop(values.ValueOf(item).PropertyValue(values.ValueOf(prop)).Interface())
	}
	return out
}
