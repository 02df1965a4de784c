package content

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"
)

// FileError is a problem in a source file, at a line (0 when unknown).
type FileError struct {
	File string
	Line int
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// FrontMatter is a source file split into its front matter and its body.
type FrontMatter struct {
	Data map[string]any
	// Body is what follows the front matter; BodyLine is the file line it
	// starts on, so errors in it can name the right line.
	Body     []byte
	BodyLine int
	// The date as written: Jekyll reads a quoted date differently from a
	// plain YAML timestamp, so the raw text and its style are kept.
	DateRaw    string
	DateQuoted bool
	// Lines maps each top-level key to its file line, for error messages.
	Lines map[string]int
}

// HasFrontMatter reports whether b starts with a front matter fence, the
// test Jekyll applies to decide whether a file is processed or copied.
func HasFrontMatter(b []byte) bool {
	return yamlFence.Match(b) || tomlFence.Match(b)
}

// ErrFrontMatterNotClosed is the error of a file that opens front matter
// with "---" and never closes it. Jekyll reads such a file as a page
// without front matter; shine reads it so only where that is what the
// author meant (see Load).
var ErrFrontMatterNotClosed = errors.New("front matter is not closed: add a line with --- after it")

var (
	// jekyllFrontMatter is Document::YAML_FRONT_MATTER_REGEXP.
	jekyllFrontMatter = regexp.MustCompile(`(?sm)\A(---\s*\n.*?\n?)^((---|\.\.\.)[ \t\r\f\v]*$\n?)`)
	yamlFence         = regexp.MustCompile(`\A---[ \t]*\r?\n`)
	tomlFence         = regexp.MustCompile(`\A\+\+\+[ \t]*\r?\n`)
	yamlLine          = regexp.MustCompile(`line (\d+)`)
)

// ParseFrontMatter splits b and decodes its front matter, YAML between
// "---" lines or TOML between "+++" lines. file names the file in errors.
func ParseFrontMatter(file string, b []byte) (*FrontMatter, error) {
	fm := &FrontMatter{Data: map[string]any{}, Body: b, BodyLine: 1}
	if !HasFrontMatter(b) {
		return fm, nil
	}
	var raw []byte
	capture := func(data []byte, v any) error {
		raw = data
		return nil
	}
	isTOML := tomlFence.Match(b)
	format := frontmatter.NewFormat("---", "---", capture)
	if isTOML {
		format = frontmatter.NewFormat("+++", "+++", capture)
	}
	rest, err := frontmatter.MustParse(bytes.NewReader(b), nil, format)
	if err != nil {
		if !errors.Is(err, frontmatter.ErrNotFound) {
			return nil, &FileError{File: file, Line: 1, Err: err}
		}
		// Jekyll also closes front matter with "...".
		m := jekyllFrontMatter.FindSubmatchIndex(b)
		if isTOML || m == nil {
			return nil, &FileError{File: file, Line: 1, Err: ErrFrontMatterNotClosed}
		}
		first := bytes.IndexByte(b, '\n') + 1
		raw, rest = b[first:m[3]], b[m[1]:]
	}
	fm.Body = rest
	fm.BodyLine = bytes.Count(b[:len(b)-len(rest)], []byte("\n")) + 1
	if isTOML {
		if _, err := toml.Decode(string(raw), &fm.Data); err != nil {
			line := 0
			var pe toml.ParseError
			if errors.As(err, &pe) {
				line = pe.Position.Line + 1
			}
			return nil, &FileError{File: file, Line: line, Err: fmt.Errorf("front matter: %v", err)}
		}
		fm.Data = normalizeTOML(fm.Data).(map[string]any)
		if d, ok := fm.Data["date"]; ok {
			if s, ok := d.(string); ok {
				fm.DateRaw, fm.DateQuoted = s, true
			}
		}
		return fm, nil
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return fm, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(raw, &root); err != nil {
		return nil, yamlError(file, 1, raw, err)
	}
	if len(root.Content) == 0 {
		return fm, nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, &FileError{File: file, Line: doc.Line + 1, Err: errors.New("front matter must be a mapping of keys to values")}
	}
	v, err := nodeValue(doc)
	if err != nil {
		return nil, yamlError(file, 1, raw, err)
	}
	fm.Data = v.(map[string]any)
	fm.Lines = make(map[string]int, len(doc.Content)/2)
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k := doc.Content[i]
		fm.Lines[k.Value] = k.Line + 1
		if k.Value == "date" {
			d := doc.Content[i+1]
			if d.Kind == yaml.ScalarNode && d.Tag != "!!null" {
				fm.DateRaw = d.Value
				fm.DateQuoted = d.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
			}
		}
	}
	return fm, nil
}

// yamlError turns a yaml.v3 error into a FileError whose line counts from
// the top of the file; offset is the number of lines before the YAML.
func yamlError(file string, offset int, src []byte, err error) error {
	return yamlErrorIn("front matter", file, offset, src, err)
}

// yamlErrorIn is yamlError for YAML that is not front matter (what names
// the part of the file, or is empty for a whole YAML file).
func yamlErrorIn(what, file string, offset int, src []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		line = n + offset
		msg = strings.TrimPrefix(msg, m[0]+": ")
		// yaml.v3 reports an unclosed [ or { at a line that is off by
		// one one way or the other: find the bracket itself.
		if strings.HasPrefix(msg, "did not find expected ',' or") {
			if l := unclosedFlowLine(src); l > 0 {
				line = l + offset
			}
		}
	}
	if what == "" {
		return &FileError{File: file, Line: line, Err: errors.New(msg)}
	}
	return &FileError{File: file, Line: line, Err: fmt.Errorf("%s: %s", what, msg)}
}

// unclosedFlowLine is the 1-based line of the outermost [ or { in src
// that is never closed, or 0. Quoted strings and comments are skipped.
func unclosedFlowLine(src []byte) int {
	depth, opened, line := 0, 0, 1
	var quote byte
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line++
			quote = 0 // YAML flow scalars may span lines, but a guess per line is enough here
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n'):
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '[' || c == '{':
			if depth == 0 {
				opened = line
			}
			depth++
		case (c == ']' || c == '}') && depth > 0:
			depth--
		}
	}
	if depth > 0 {
		return opened
	}
	return 0
}

// nodeValue converts a YAML node into plain Go values. Scalars resolve as
// YAML 1.1 does in Ruby (yes/no/on/off are booleans), which is what Jekyll
// front matter means.
func nodeValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return nodeValue(n.Content[0])
	case yaml.AliasNode:
		return nodeValue(n.Alias)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := nodeValue(c)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		keys := make([]string, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, vn := n.Content[i], n.Content[i+1]
			v, err := nodeValue(vn)
			if err != nil {
				return nil, err
			}
			if k.Tag == "!!merge" {
				if m, ok := v.(map[string]any); ok {
					for _, mk := range KeyOrder(m) {
						if _, exists := out[mk]; !exists {
							out[mk] = m[mk]
							keys = append(keys, mk)
						}
					}
					forgetOrder(m)
				}
				continue
			}
			if _, exists := out[k.Value]; !exists {
				keys = append(keys, k.Value)
			}
			out[k.Value] = v
		}
		recordOrder(out, keys)
		return out, nil
	case yaml.ScalarNode:
		if n.Style == 0 && n.Tag == "!!str" {
			switch n.Value {
			case "yes", "Yes", "YES", "on", "On", "ON":
				return true, nil
			case "no", "No", "NO", "off", "Off", "OFF":
				return false, nil
			}
		}
		if n.Tag == "!!timestamp" {
			// Keep the text: dates are read by ParseDate with the site's
			// zone, not by yaml.v3 in UTC.
			return n.Value, nil
		}
		if n.Style == 0 && (n.Tag == "!!float" || n.Tag == "!!str") {
			if f, ok := psychFloat(n.Value); ok {
				return f, nil
			} else if n.Tag == "!!float" {
				return n.Value, nil
			}
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("line %d: %v", n.Line, err)
		}
		if f, ok := v.(float64); ok {
			return Float(f), nil
		}
		return v, nil
	}
	return nil, nil
}

func normalizeTOML(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = normalizeTOML(e)
		}
		return v
	case []map[string]any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalizeTOML(e)
		}
		return out
	case []any:
		for i, e := range v {
			v[i] = normalizeTOML(e)
		}
		return v
	case int64:
		return int(v)
	case float64:
		return Float(v)
	}
	return v
}

func joinErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}
