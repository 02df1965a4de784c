package content

import (
	"reflect"
	"runtime"
	"slices"
	"sync"
	"unsafe"
	"weak"
)

// Ruby's hashes keep the order their keys were written in, and Jekyll's
// templates show it: a for loop over a hash, jsonify, inspect. The source
// model keeps decoded YAML mappings as map[string]any, which the rest of
// shine reads and writes as plain maps, so the order travels beside them:
// each mapping read from YAML (front matter, _data, _config.yml) records
// its keys here, by the map's identity, and KeyOrder gives them back.
//
// The record holds the map weakly: it neither keeps a map alive nor, once
// the map is gone, answers for another map that reuses its address, and
// its entry is dropped when the map is collected.

// keyOrders maps a map's address to its *orderEntry.
var keyOrders sync.Map

type orderEntry struct {
	m    weak.Pointer[byte]
	keys []string
}

// mapAddr is the address of a map's header, which identifies the map.
func mapAddr(m map[string]any) *byte {
	return (*byte)(reflect.ValueOf(m).UnsafePointer())
}

// recordOrder notes that m's keys were written in the order of keys.
// Maps of fewer than two keys have only one order and are not recorded.
func recordOrder(m map[string]any, keys []string) {
	if len(keys) < 2 {
		return
	}
	p := mapAddr(m)
	addr := uintptr(unsafe.Pointer(p))
	e := &orderEntry{m: weak.Make(p), keys: keys}
	keyOrders.Store(addr, e)
	runtime.AddCleanup(p, func(addr uintptr) { keyOrders.CompareAndDelete(addr, e) }, addr)
}

// forgetOrder drops what recordOrder noted for m (a mapping merged into
// another and thrown away).
func forgetOrder(m map[string]any) {
	if len(m) < 2 {
		return
	}
	keyOrders.Delete(uintptr(unsafe.Pointer(mapAddr(m))))
}

// KeyOrder lists m's keys in the order its YAML wrote them, as Ruby's
// hash keeps them. Keys added since (and every key of a map that was not
// read from YAML) follow in sorted order, so the result is the same on
// every build. It allocates one slice; m must not change meanwhile.
func KeyOrder(m map[string]any) []string {
	out := make([]string, 0, len(m))
	if len(m) > 1 {
		p := mapAddr(m)
		if v, ok := keyOrders.Load(uintptr(unsafe.Pointer(p))); ok {
			e := v.(*orderEntry)
			if e.m.Value() == p {
				for _, k := range e.keys {
					if _, ok := m[k]; ok {
						out = append(out, k)
					}
				}
			}
		}
	}
	if len(out) == len(m) {
		return out
	}
	known := len(out)
	for k := range m {
		if !slices.Contains(out[:known], k) {
			out = append(out, k)
		}
	}
	slices.Sort(out[known:])
	return out
}
