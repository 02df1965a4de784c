package content

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// readData reads _data: YAML, JSON, CSV and TSV files, folders becoming
// nested maps, as site.data.
func readData(source string) (map[string]any, []error) {
	data := map[string]any{}
	var errs []error
	root := filepath.Join(source, "_data")
	fsys := os.DirFS(root)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return fs.SkipAll
			}
			return err
		}
		if p == "." || strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		ext := strings.ToLower(path.Ext(p))
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		rel := "_data/" + p
		var v any
		switch ext {
		case ".yml", ".yaml":
			v, err = parseYAMLData(rel, b)
		case ".json":
			v, err = parseJSONData(b)
			if err != nil {
				err = &FileError{File: rel, Err: err}
			}
		case ".csv", ".tsv":
			v, err = parseTable(rel, b, ext == ".tsv")
		default:
			return nil
		}
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		m := data
		dirs := strings.Split(path.Dir(p), "/")
		if dirs[0] != "." {
			for _, dir := range dirs {
				sub, ok := m[dir].(map[string]any)
				if !ok {
					sub = map[string]any{}
					m[dir] = sub
				}
				m = sub
			}
		}
		m[strings.TrimSuffix(path.Base(p), path.Ext(p))] = v
		return nil
	})
	if err != nil {
		errs = append(errs, fmt.Errorf("read _data: %w", err))
	}
	return data, errs
}

func parseYAMLData(file string, b []byte) (any, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, yamlErrorIn("", file, 0, b, err)
	}
	v, err := nodeValue(&root)
	if err != nil {
		return nil, &FileError{File: file, Err: err}
	}
	return v, nil
}

// parseTable reads a CSV or TSV file as a list of rows keyed by the header,
// as Jekyll's DataReader does with Ruby's CSV: a field left empty is nil,
// a quoted empty one ("") the empty string.
func parseTable(file string, b []byte, tabs bool) (any, error) {
	r := csv.NewReader(bytes.NewReader(b))
	if tabs {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	lineStart := []int{0}
	for i, c := range b {
		if c == '\n' {
			lineStart = append(lineStart, i+1)
		}
	}
	quoted := func(field int) bool {
		line, col := r.FieldPos(field)
		at := lineStart[line-1] + col - 1
		return at < len(b) && b[at] == '"'
	}
	var head []string
	out := []any{}
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &FileError{File: file, Err: err}
		}
		if head == nil {
			head = row
			continue
		}
		m := make(map[string]any, len(head))
		for i, h := range head {
			switch {
			case i >= len(row), row[i] == "" && !quoted(i):
				m[h] = nil
			default:
				m[h] = row[i]
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// parseJSONData reads a JSON data file the way Ruby's JSON does: whole
// numbers stay integers (jsonify writes 2019, not 2019.0) and objects keep
// the order of their keys (see KeyOrder).
func parseJSONData(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	v, err := jsonValue(d)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("offset %d: more than one value", d.InputOffset())
	}
	return v, nil
}

// jsonValue reads the next value from d, token by token, so objects can
// record their key order.
func jsonValue(d *json.Decoder) (any, error) {
	t, err := d.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := t.(type) {
	case json.Delim:
		if t == '[' {
			out := []any{}
			for d.More() {
				v, err := jsonValue(d)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			_, err := d.Token()
			return out, err
		}
		out := map[string]any{}
		var keys []string
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			key, _ := k.(string)
			v, err := jsonValue(d)
			if err != nil {
				return nil, err
			}
			if _, dup := out[key]; !dup {
				keys = append(keys, key)
			}
			out[key] = v
		}
		if _, err := d.Token(); err != nil {
			return nil, err
		}
		recordOrder(out, keys)
		return out, nil
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return int(i), nil
		}
		// Jekyll reads JSON data as YAML, where 1e3 is a string.
		if f, ok := psychFloat(t.String()); ok {
			return f, nil
		}
		return t.String(), nil
	}
	return t, nil
}
