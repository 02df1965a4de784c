package content

import (
	"runtime"
	"slices"
	"testing"
	"unsafe"
)

func TestKeyOrder(t *testing.T) {
	tests := []struct {
		name, yaml string
		path       []string // mapping keys down to the map to list
		want       []string
	}{
		{"front matter", "zeta: 1\nalpha: 2\nmid: 3\n", nil, []string{"zeta", "alpha", "mid"}},
		{"nested", "outer:\n  b: 1\n  a: 2\n  c: {z: 1, y: 2}\n", []string{"outer"}, []string{"b", "a", "c"}},
		{"flow mapping", "outer:\n  c: {z: 1, y: 2, x: 3}\n", []string{"outer", "c"}, []string{"z", "y", "x"}},
		{"in a list", "list:\n  - {q: 1, p: 2}\n", []string{"list", "0"}, []string{"q", "p"}},
		{"merge in place of <<", "base: &b {y: 1, x: 2}\nm:\n  k: 0\n  <<: *b\n  a: 3\n", []string{"m"}, []string{"k", "y", "x", "a"}},
		{"merge does not move an explicit key", "base: &b {y: 1, x: 2}\nm:\n  x: 0\n  <<: *b\n", []string{"m"}, []string{"x", "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, err := ParseFrontMatter("a.md", []byte("---\n"+tt.yaml+"---\n"))
			if err != nil {
				t.Fatal(err)
			}
			var v any = fm.Data
			for _, k := range tt.path {
				if k == "0" {
					v = v.([]any)[0]
				} else {
					v = v.(map[string]any)[k]
				}
			}
			if got := KeyOrder(v.(map[string]any)); !slices.Equal(got, tt.want) {
				t.Errorf("KeyOrder = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestKeyOrderOfJSONData(t *testing.T) {
	d, err := parseJSONData([]byte(`{"z": {"b": 1, "a": [{"y": 1, "x": 2}]}, "m": 1.5, "a": null, "z2": 3}`))
	if err != nil {
		t.Fatal(err)
	}
	m := d.(map[string]any)
	if got, want := KeyOrder(m), []string{"z", "m", "a", "z2"}; !slices.Equal(got, want) {
		t.Errorf("top: KeyOrder = %q, want %q", got, want)
	}
	z := m["z"].(map[string]any)
	if got, want := KeyOrder(z), []string{"b", "a"}; !slices.Equal(got, want) {
		t.Errorf("nested: KeyOrder = %q, want %q", got, want)
	}
	if got, want := KeyOrder(z["a"].([]any)[0].(map[string]any)), []string{"y", "x"}; !slices.Equal(got, want) {
		t.Errorf("in a list: KeyOrder = %q, want %q", got, want)
	}
	if m["z2"] != 3 || m["m"] != Float(1.5) || m["a"] != nil {
		t.Errorf("values: %#v", m)
	}
	for _, bad := range []string{`{"a": 1`, `{"a": 1} {}`, `[1,]`} {
		if _, err := parseJSONData([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestKeyOrderOfOtherMaps(t *testing.T) {
	// Keys the YAML did not give, and maps not read from YAML, sort.
	d, err := parseYAMLData("x.yml", []byte("c: 1\na: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := d.(map[string]any)
	m["b"], m["0"] = 3, 4
	delete(m, "a")
	if got, want := KeyOrder(m), []string{"c", "0", "b"}; !slices.Equal(got, want) {
		t.Errorf("changed map: KeyOrder = %q, want %q", got, want)
	}
	plain := map[string]any{"b": 1, "a": 2, "c": 3}
	if got, want := KeyOrder(plain), []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("plain map: KeyOrder = %q, want %q", got, want)
	}
}

func TestKeyOrderForgetsCollectedMaps(t *testing.T) {
	cfg, err := ParseConfig("_config.yml", []byte("title: x\nbig: {z: 1, y: 2, x: 3}\n"))
	if err != nil {
		t.Fatal(err)
	}
	addr := uintptr(unsafe.Pointer(mapAddr(cfg.Raw["big"].(map[string]any))))
	if _, ok := keyOrders.Load(addr); !ok {
		t.Fatal("config mapping not recorded")
	}
	cfg = Config{}
	for range 20 {
		runtime.GC()
		if _, ok := keyOrders.Load(addr); !ok {
			return
		}
	}
	t.Error("the record of a collected map stays")
}
