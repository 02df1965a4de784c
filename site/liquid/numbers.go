package liquid

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	osteele "github.com/osteele/liquid"
	"github.com/osteele/liquid/values"
	yaml "gopkg.in/yaml.v2"

	"github.com/shine-blog/shine/content"
)

// standardFilters are the filters osteele/liquid itself defines.
var standardFilters = []string{"default", "json", "compact", "concat", "join", "map", "reverse", "sort",
	"first", "last", "uniq", "date", "abs", "ceil", "floor", "modulo", "minus", "plus", "times",
	"divided_by", "round", "size", "append", "capitalize", "downcase", "escape", "escape_once",
	"newline_to_br", "prepend", "remove", "remove_first", "replace", "replace_first", "sort_natural",
	"slice", "split", "strip_html", "strip_newlines", "strip", "lstrip", "rstrip", "truncate",
	"truncatewords", "upcase", "url_encode", "url_decode", "inspect", "type"}

// registerValues replaces osteele/liquid's arithmetic and collection
// filters with Ruby Liquid's: integers stay integers, strings are read as
// Ruby's to_i reads them, decimals add up as BigDecimal does.
func registerValues(e registrar) {
	arith := func(op func(a, b number) (number, error)) func(a, b any) (any, error) {
		return func(a, b any) (any, error) {
			n, err := op(toNumber(a), toNumber(b))
			if err != nil {
				return nil, err
			}
			return n.value(), nil
		}
	}
	e.RegisterFilter("plus", arith(func(a, b number) (number, error) { return a.op(b, '+') }))
	e.RegisterFilter("minus", arith(func(a, b number) (number, error) { return a.op(b, '-') }))
	e.RegisterFilter("times", arith(func(a, b number) (number, error) { return a.op(b, '*') }))
	e.RegisterFilter("divided_by", arith(func(a, b number) (number, error) { return a.op(b, '/') }))
	e.RegisterFilter("modulo", arith(func(a, b number) (number, error) { return a.op(b, '%') }))
	e.RegisterFilter("at_least", arith(func(a, b number) (number, error) {
		if a.cmp(b) < 0 {
			return b, nil
		}
		return a, nil
	}))
	e.RegisterFilter("at_most", arith(func(a, b number) (number, error) {
		if a.cmp(b) > 0 {
			return b, nil
		}
		return a, nil
	}))
	e.RegisterFilter("abs", func(a any) any {
		n := toNumber(a)
		if n.r != nil {
			return number{r: new(big.Rat).Abs(n.r)}.value()
		}
		if n.i < 0 {
			return -n.i
		}
		return n.i
	})
	e.RegisterFilter("ceil", func(a any) any { return toNumber(a).round(math.Ceil) })
	e.RegisterFilter("floor", func(a any) any { return toNumber(a).round(math.Floor) })
	e.RegisterFilter("round", func(a, digits any) any {
		n := toNumber(a)
		d := toInt(digits)
		if n.r == nil {
			return n.i
		}
		if d == 0 {
			return n.round(func(f float64) float64 { return math.Round(f) })
		}
		f, _ := n.r.Float64()
		p := math.Pow10(d)
		return Float(math.Round(f*p) / p)
	})
	e.RegisterFilter("size", size)
	e.RegisterFilter("slice", slice)
	e.RegisterFilter("join", join)
	e.RegisterFilter("shine_for", forItems)
	e.RegisterFilter("shine_range", func(from, to any) []any {
		a, b := rangeEnd(from), rangeEnd(to)
		out := make([]any, 0, max(0, b-a+1))
		for i := a; i <= b; i++ {
			out = append(out, i)
		}
		return out
	})
}

// number is a Ruby Integer (r nil) or a BigDecimal.
type number struct {
	i int
	r *big.Rat
}

var decimalRE = regexp.MustCompile(`^-?\d+\.\d+$`)

// toNumber is Liquid's Utils.to_number.
func toNumber(v any) number {
	v = osteele.FromDrop(v)
	switch v := v.(type) {
	case float64:
		return decimal(v)
	case float32:
		return decimal(float64(v))
	case Float:
		return decimal(float64(v))
	case string:
		s := strings.TrimSpace(v)
		if decimalRE.MatchString(s) {
			r, _ := new(big.Rat).SetString(s)
			return number{r: r}
		}
		return number{i: toInt(v)}
	case bool, nil:
		return number{}
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return number{i: toInt(v)}
	}
	return number{}
}

func decimal(f float64) number {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return number{r: new(big.Rat)}
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	if !ok {
		r = new(big.Rat).SetFloat64(f)
	}
	return number{r: r}
}

func (n number) rat() *big.Rat {
	if n.r != nil {
		return n.r
	}
	return new(big.Rat).SetInt64(int64(n.i))
}

// value is the Go value Liquid shows: int, or a Float (BigDecimal#to_f).
func (n number) value() any {
	if n.r == nil {
		return n.i
	}
	f, _ := n.r.Float64()
	return Float(f)
}

// Float is a Ruby Float: it prints as Ruby prints it ("5.0", not "5").
// It is content's, so a float read from YAML is one too.
type Float = content.Float

func (n number) cmp(m number) int {
	if n.r == nil && m.r == nil {
		switch {
		case n.i < m.i:
			return -1
		case n.i > m.i:
			return 1
		}
		return 0
	}
	return n.rat().Cmp(m.rat())
}

func (n number) round(fn func(float64) float64) int {
	if n.r == nil {
		return n.i
	}
	f, _ := n.r.Float64()
	return int(fn(f))
}

var errDivideByZero = errors.New("divided by 0")

// op is Ruby's arithmetic: Integer with Integer stays Integer (division
// and modulo floor), anything with a decimal is a decimal.
func (n number) op(m number, op byte) (number, error) {
	if n.r == nil && m.r == nil {
		a, b := n.i, m.i
		switch op {
		case '+':
			return number{i: a + b}, nil
		case '-':
			return number{i: a - b}, nil
		case '*':
			return number{i: a * b}, nil
		case '/', '%':
			if b == 0 {
				return number{}, errDivideByZero
			}
			q, r := a/b, a%b
			if r != 0 && (r < 0) != (b < 0) {
				q--
				r += b
			}
			if op == '/' {
				return number{i: q}, nil
			}
			return number{i: r}, nil
		}
	}
	a, b := n.rat(), m.rat()
	r := new(big.Rat)
	switch op {
	case '+':
		r.Add(a, b)
	case '-':
		r.Sub(a, b)
	case '*':
		r.Mul(a, b)
	case '/':
		if b.Sign() == 0 {
			return number{}, errDivideByZero
		}
		r.Quo(a, b)
	case '%':
		if b.Sign() == 0 {
			return number{}, errDivideByZero
		}
		fa, _ := a.Float64()
		fb, _ := b.Float64()
		m := math.Mod(fa, fb)
		if m != 0 && (m < 0) != (fb < 0) {
			m += fb
		}
		return decimal(m), nil
	}
	return number{r: r}, nil
}

// size is Liquid's size: the length of a string (in characters), array
// or hash; 0 for what has none.
func size(input any) int {
	input = plainValue(osteele.FromDrop(input))
	switch v := input.(type) {
	case string:
		return utf8.RuneCountInString(v)
	case yaml.MapSlice:
		return len(v)
	case values.Range:
		return v.Len()
	case nil:
		return 0
	}
	rv := reflect.ValueOf(input)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return rv.Len()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return 8 // Ruby's Integer#size, in bytes
	}
	return 0
}

// slice is Liquid 5's slice: of an array when given one, else of the
// string, from offset (negative counts from the end), length items.
func slice(input, offset, length any) any {
	from := toInt(offset)
	n := 1
	if length != nil {
		n = toInt(length)
	}
	if a, ok := asArray(input); ok {
		lo, hi, ok := rubySlice(len(a), from, n)
		if !ok {
			return []any{}
		}
		return a[lo:hi]
	}
	r := []rune(toS(input))
	lo, hi, ok := rubySlice(len(r), from, n)
	if !ok {
		return ""
	}
	return string(r[lo:hi])
}

// rubySlice is the range Ruby's Array#slice(start, length) takes.
func rubySlice(size, start, n int) (int, int, bool) {
	if start < 0 {
		start += size
	}
	if start < 0 || start > size || n < 0 {
		return 0, 0, false
	}
	end := start + n
	if end > size || end < start {
		end = size
	}
	return start, end, true
}

// join is Liquid's join: nested arrays flattened as Ruby's Array#join
// flattens them, a hash as one item, glue " " unless given.
func join(input, glue any) string {
	g := " "
	if glue != nil {
		g = toS(glue)
	}
	input = osteele.FromDrop(input)
	if input == nil {
		return ""
	}
	var parts []string
	var flat func(v any)
	flat = func(v any) {
		if a, ok := asArray(v); ok {
			for _, x := range a {
				flat(x)
			}
			return
		}
		parts = append(parts, toS(v))
	}
	flat(input)
	return strings.Join(parts, g)
}

// forItems is what {% for %} iterates, as Ruby Liquid's For reads it:
// a string is one item, a hash its [key, value] pairs, then offset and
// limit (nil for none, else Ruby's to_integer) slice the collection
// before any reversed.
func forItems(input, limit, offset any) (any, error) {
	input = plainValue(osteele.FromDrop(input))
	var items []any
	switch v := input.(type) {
	case nil:
		return []any{}, nil // nothing to go through: the loop's else renders
	case string:
		if v == "" {
			return []any{}, nil
		}
		items = []any{v}
	case yaml.MapSlice:
		for _, it := range v {
			items = append(items, []any{it.Key, it.Value})
		}
	case values.Range:
		if limit == nil && offset == nil {
			return v, nil
		}
		for i := 0; i < v.Len(); i++ {
			items = append(items, v.Index(i))
		}
	default:
		if a, ok := asArray(v); ok {
			items = a
			break
		}
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Map {
			if a, ok := iterated(v).([]any); ok {
				items = a // a document's map as the build wraps it
				break
			}
			return []any{}, nil // Ruby goes through nothing without each
		}
		for _, k := range hashKeys(rv) {
			items = append(items, []any{k.Interface(), rv.MapIndex(k).Interface()})
		}
	}
	if limit == nil && offset == nil {
		return items, nil
	}
	from := 0
	if offset != nil {
		n, err := toInteger(offset)
		if err != nil {
			return nil, err
		}
		from = n
	}
	to := -1
	if limit != nil {
		n, err := toInteger(limit)
		if err != nil {
			return nil, err
		}
		to = from + n
	}
	var out []any
	for i, it := range items {
		if i >= from && (to < 0 && limit == nil || i < to) {
			out = append(out, it)
		}
	}
	return out, nil
}

// rangeEnd is Ruby Liquid's RangeLookup#to_integer: strings and nil by
// to_i, anything else as an integer.
func rangeEnd(v any) int {
	v = osteele.FromDrop(v)
	if f, ok := v.(float64); ok {
		return int(f)
	}
	return toInt(v)
}

// toInteger is Liquid's Utils.to_integer: an Integer, or a string that
// is one.
func toInteger(v any) (int, error) {
	v = osteele.FromDrop(v)
	switch v := v.(type) {
	case int:
		return v, nil
	case float64:
		return int(v), nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(toS(v)))
	if err != nil {
		return 0, fmt.Errorf("invalid integer")
	}
	return n, nil
}
