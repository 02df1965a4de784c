package liquid

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	osteele "github.com/osteele/liquid"
	"golang.org/x/text/unicode/norm"
	yaml "gopkg.in/yaml.v2"
)

func (f *filters) registerText(e registrar) {
	e.RegisterFilter("xml_escape", func(input any) string { return xmlEscape(toS(input)) })
	e.RegisterFilter("cgi_escape", func(input any) string { return url.QueryEscape(toS(input)) })
	e.RegisterFilter("uri_escape", func(input any) string { return uriEscape(toS(input)) })
	e.RegisterFilter("jsonify", func(input any) string { return jsonify(input) })
	e.RegisterFilter("inspect", func(input any) string { return xmlEscape(inspect(input)) })
	e.RegisterFilter("to_integer", toInt)
	e.RegisterFilter("capitalize", func(input any) string { return capitalize(toS(input)) })
	e.RegisterFilter("strip_html", func(input any) string { return stripHTML(toS(input)) })
	e.RegisterFilter("normalize_whitespace", func(input any) string {
		return strings.Trim(rubySpaceRunRE.ReplaceAllString(toS(input), " "), " \t\n\v\f\r\x00")
	})
	e.RegisterFilter("number_of_words", func(input, mode any) int { return numberOfWords(toS(input), toS(mode)) })
	e.RegisterFilter("array_to_sentence_string", func(input, connector any) string {
		c := "and"
		if connector != nil {
			c = toS(connector)
		}
		return arrayToSentence(input, c)
	})
	e.RegisterFilter("slugify", func(input, mode any) string {
		if input == nil {
			return ""
		}
		m := toS(mode)
		if m == "" {
			m = "default"
		}
		if f.env.Slugify != nil {
			return f.env.Slugify(toS(input), m, false)
		}
		return fallbackSlugify(toS(input))
	})
	e.RegisterFilter("markdownify", func(input any) (string, error) {
		if f.env.Markdownify == nil {
			return toS(input), nil
		}
		return f.env.Markdownify(toS(input))
	})
	e.RegisterFilter("smartify", func(input any) string { return smartify(toS(input)) })
}

// xmlEscape is Ruby's encode(xml: :attr) without the surrounding quotes.
var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func xmlEscape(s string) string { return xmlEscaper.Replace(s) }

// uriEscape is Addressable::URI.normalize_component: decode escapes, then
// encode what is neither reserved nor unreserved (including a bare "%").
func uriEscape(s string) string {
	var dec []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			dec = append(dec, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		dec = append(dec, s[i])
	}
	return normalizeComponent(norm.NFC.String(string(dec)), unreserved+subDelims+":/?#[]@")
}

var (
	stripHTMLBlocksRE = regexp.MustCompile(`(?s)<script.*?</script>|<!--.*?-->|<style.*?</style>`)
	stripHTMLTagsRE   = regexp.MustCompile(`(?s)<.*?>`)
	rubySpaceRunRE    = regexp.MustCompile(`[ \t\n\v\f\r]+`)
)

func stripHTML(s string) string {
	return stripHTMLTagsRE.ReplaceAllString(stripHTMLBlocksRE.ReplaceAllString(s, ""), "")
}

// rubyFields is Ruby's String#split with no argument: ASCII whitespace only.
func rubyFields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == 0
	})
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Katakana, unicode.Hiragana, unicode.Hangul)
}

func numberOfWords(s, mode string) int {
	countCJK := func() (n int) {
		for _, r := range s {
			if isCJK(r) {
				n++
			}
		}
		return n
	}
	// words are runs of characters that are neither CJK nor whitespace
	countWords := func() (n int) {
		in := false
		for _, r := range s {
			word := !isCJK(r) && !strings.ContainsRune(" \t\n\v\f\r", r)
			if word && !in {
				n++
			}
			in = word
		}
		return n
	}
	switch mode {
	case "cjk":
		return countCJK() + countWords()
	case "auto":
		if c := countCJK(); c > 0 {
			return c + countWords()
		}
	}
	return len(rubyFields(s))
}

func arrayToSentence(input any, connector string) string {
	a, _ := toSlice(input)
	parts := make([]string, len(a))
	for i, v := range a {
		parts[i] = joinS(v)
	}
	switch len(a) {
	case 0:
		return ""
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " " + connector + " " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", " + connector + " " + parts[len(parts)-1]
}

// joinS is how Ruby's Array#join shows an element: nested arrays flattened.
func joinS(v any) string {
	v = osteele.FromDrop(v)
	if v != nil {
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 {
			parts := make([]string, rv.Len())
			for i := range parts {
				parts[i] = joinS(rv.Index(i).Interface())
			}
			return strings.Join(parts, ", ")
		}
	}
	return toS(v)
}

var slugRE = regexp.MustCompile(`[^\p{M}\p{L}\p{Nd}]+`)

func fallbackSlugify(s string) string {
	return strings.Trim(slugRE.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// jsonify writes JSON as Ruby's to_json does: floats keep ".0", no HTML
// escaping, times as their to_s string. Go maps come out with sorted keys.
func jsonify(v any) string {
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.String()
}

func writeJSON(b *bytes.Buffer, v any) {
	v = plainValue(osteele.FromDrop(v))
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
		return
	case string:
		writeJSONString(b, v)
		return
	case bool:
		b.WriteString(strconv.FormatBool(v))
		return
	case float32:
		b.WriteString(rubyFloat(float64(v)))
		return
	case float64:
		b.WriteString(rubyFloat(v))
		return
	case Float:
		b.WriteString(rubyFloat(float64(v)))
		return
	case time.Time:
		writeJSONString(b, toS(v))
		return
	case yaml.MapSlice:
		b.WriteByte('{')
		for i, item := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, toS(item.Key))
			b.WriteByte(':')
			writeJSON(b, item.Value)
		}
		b.WriteByte('}')
		return
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		b.WriteString(toS(v))
	case reflect.Slice, reflect.Array:
		b.WriteByte('[')
		for i := range rv.Len() {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, rv.Index(i).Interface())
		}
		b.WriteByte(']')
	case reflect.Map:
		keys := hashKeys(rv)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, toS(k.Interface()))
			b.WriteByte(':')
			writeJSON(b, rv.MapIndex(k).Interface())
		}
		b.WriteByte('}')
	default:
		// structs and the like: Go's own encoding, without HTML escaping
		enc := json.NewEncoder(b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			writeJSONString(b, toS(v))
			return
		}
		b.Truncate(b.Len() - 1) // Encode's newline
	}
}

func writeJSONString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// capitalize is Ruby's String#capitalize: the first character in title
// case, the rest in lower case ("elixir in PRODUCTION" is "Elixir in
// production").
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToTitle(r)) + strings.ToLower(s[n:])
}
