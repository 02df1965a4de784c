package liquid

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	osteele "github.com/osteele/liquid"
	"github.com/osteele/liquid/values"
	yaml "gopkg.in/yaml.v2"

	"github.com/shine-blog/shine/content"
)

// toS is Ruby's to_s as Liquid shows a value: nil is "", arrays and hashes
// their inspect form.
func toS(v any) string {
	v = osteele.FromDrop(v)
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []byte:
		return string(v)
	case time.Time:
		if isUTCMidnight(v) {
			return v.Format("2006-01-02") // a YAML date, Ruby's Date
		}
		return v.Format("2006-01-02 15:04:05 -0700")
	case float32:
		return rubyFloat(float64(v))
	case float64:
		return rubyFloat(v)
	case Hash:
		return inspect(v)
	case fmt.Stringer:
		return v.String()
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return inspect(v)
	}
	return fmt.Sprint(v)
}

// rubyFloat formats f as Ruby's Float#to_s does: "1.0", "0.0001", "1.0e-05".
func rubyFloat(f float64) string { return Float(f).String() }

// inspect is Ruby's (3.1) inspect: {"a"=>1, "b"=>[nil, true]}.
func inspect(v any) string {
	var b strings.Builder
	writeInspect(&b, v)
	return b.String()
}

func writeInspect(b *strings.Builder, v any) {
	v = plainValue(osteele.FromDrop(v))
	switch v := v.(type) {
	case nil:
		b.WriteString("nil")
		return
	case string:
		b.WriteString(inspectString(v))
		return
	case time.Time:
		if v.Location() == time.UTC {
			b.WriteString(v.Format("2006-01-02 15:04:05 UTC"))
		} else {
			b.WriteString(v.Format("2006-01-02 15:04:05 -0700"))
		}
		return
	case yaml.MapSlice:
		b.WriteByte('{')
		for i, item := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeInspect(b, item.Key)
			b.WriteString("=>")
			writeInspect(b, item.Value)
		}
		b.WriteByte('}')
		return
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			b.WriteString(inspectString(string(rv.Bytes())))
			return
		}
		b.WriteByte('[')
		for i := range rv.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeInspect(b, rv.Index(i).Interface())
		}
		b.WriteByte(']')
	case reflect.Map:
		keys := hashKeys(rv)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeInspect(b, k.Interface())
			b.WriteString("=>")
			writeInspect(b, rv.MapIndex(k).Interface())
		}
		b.WriteByte('}')
	default:
		b.WriteString(toS(v))
	}
}

func inspectString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\f':
			b.WriteString(`\f`)
		case '\v':
			b.WriteString(`\v`)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case 0x1b:
			b.WriteString(`\e`)
		case '#':
			b.WriteByte('#') // Ruby escapes only "#{", "#$", "#@"
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\x%02X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(b.String(), "#{", `\#{`), "#$", `\#$`), "#@", `\#@`)
}

// toInt is Ruby's to_i: leading digits of a string, truncation of a float.
func toInt(v any) int {
	v = osteele.FromDrop(v)
	switch v := v.(type) {
	case nil:
		return 0
	case bool:
		if v {
			return 1
		}
		return 0
	case string:
		s := strings.TrimLeft(v, " \t\n\v\f\r")
		end := 0
		if end < len(s) && (s[end] == '-' || s[end] == '+') {
			end++
		}
		digits := end
		for end < len(s) && ('0' <= s[end] && s[end] <= '9' || s[end] == '_' && end > digits) {
			end++
		}
		n, _ := strconv.Atoi(strings.ReplaceAll(s[:end], "_", ""))
		return n
	case float32:
		return int(v)
	case float64:
		return int(v)
	case Float:
		return int(v)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return int(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return int(rv.Uint())
	}
	return 0
}

// hashKeys lists a Go map's keys in the order Ruby's hash keeps them: a
// mapping read from YAML in the order it was written (content.KeyOrder),
// any other map's keys sorted, so every build prints the same.
func hashKeys(rv reflect.Value) []reflect.Value {
	if m, ok := rv.Interface().(map[string]any); ok {
		names := content.KeyOrder(m)
		keys := make([]reflect.Value, len(names))
		for i, k := range names {
			keys[i] = reflect.ValueOf(k)
		}
		return keys
	}
	keys := rv.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return toS(keys[i].Interface()) < toS(keys[j].Interface()) })
	return keys
}

// plainValue is the Go value under a values.Value wrapper (the engine's
// recording maps) or a Hash, so a hash filter sees the map and its key
// order.
func plainValue(v any) any {
	if w, ok := v.(values.Value); ok && w != nil {
		v = w.Interface()
	}
	if h, ok := v.(Hash); ok {
		return h.Hash()
	}
	return v
}
