package content

import (
	"reflect"
	"testing"
)

// TestParseTable holds what Ruby's CSV.read(path, headers: true) gives
// for each input (Jekyll's DataReader): an empty field is nil, a quoted
// empty field "", a missing one nil.
func TestParseTable(t *testing.T) {
	tests := []struct {
		name string
		in   string
		tabs bool
		want []any
	}{
		{"empty, quoted empty, missing", "name,price,note\nsoup,,\"\"\nbread,\"\",x\ntea,3\n", false, []any{
			map[string]any{"name": "soup", "price": nil, "note": ""},
			map[string]any{"name": "bread", "price": "", "note": "x"},
			map[string]any{"name": "tea", "price": "3", "note": nil},
		}},
		{"quoted field over two lines", "a,b\n\"x\ny\",\n", false, []any{
			map[string]any{"a": "x\ny", "b": nil},
		}},
		{"tabs", "a\tb\nx\t\n", true, []any{map[string]any{"a": "x", "b": nil}}},
		{"CRLF", "a,b\r\n,\"\"\r\n", false, []any{map[string]any{"a": nil, "b": ""}}},
		{"header only", "a,b\n", false, []any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseTable("t.csv", []byte(tt.in), tt.tabs)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}
