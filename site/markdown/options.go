package markdown

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Kramdown holds the "kramdown:" options of a Jekyll site's _config.yml
// that change the HTML. Its zero value is not Jekyll's default: start
// from DefaultKramdown.
type Kramdown struct {
	// GFM is set for input: GFM (Jekyll's default): heading ids follow
	// GitHub's rules, and a line break in a paragraph is kept as a
	// line break only with HardWrap. With input: kramdown, ids follow
	// kramdown's own rules.
	GFM bool
	// HardWrap turns line breaks inside paragraphs into <br />; only
	// with GFM input.
	HardWrap bool
	// AutoIDs gives headings ids made from their text.
	AutoIDs bool
	// AutoIDPrefix goes before every id made from a heading's text.
	AutoIDPrefix string
	// TOCLevels are the heading levels that "{:toc}" lists.
	TOCLevels [7]bool
	// SmartQuotes are the left and right single and double quotes.
	SmartQuotes [4]string
	// EntityOutput is how typographic characters are written: as_char
	// (the default, the characters), as_input, numeric or symbolic.
	EntityOutput string
	// CodeBlock and CodeSpan are syntax_highlighter_opts, with those
	// under block: and span: applied.
	CodeBlock, CodeSpan CodeOptions
}

// CodeOptions are the syntax_highlighter_opts that change the markup.
type CodeOptions struct {
	// DefaultLang is the language of code that names none.
	DefaultLang string
	// CSSClass is the class of the <pre> of a highlighted block.
	CSSClass string
	// Disable writes code unhighlighted, in kramdown's plain markup.
	Disable bool
}

// DefaultKramdown is what Jekyll 4.3 uses when _config.yml says nothing.
func DefaultKramdown() Kramdown {
	k := Kramdown{
		GFM:          true,
		AutoIDs:      true,
		SmartQuotes:  [4]string{"‘", "’", "“", "”"},
		EntityOutput: "as_char",
		CodeBlock:    CodeOptions{DefaultLang: "plaintext", CSSClass: "highlight"},
		CodeSpan:     CodeOptions{DefaultLang: "plaintext", CSSClass: "highlight"},
	}
	for i := 1; i <= 6; i++ {
		k.TOCLevels[i] = true
	}
	return k
}

// OptionsFromConfig reads a site's "kramdown:" mapping (nil for none).
// Keys that do not change the HTML are ignored; a value of the wrong
// kind is an error that names the key.
func OptionsFromConfig(m map[string]any) (Options, error) {
	k := DefaultKramdown()
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		v := m[key]
		var err error
		switch key {
		case "input":
			s := fmt.Sprint(v)
			switch strings.ToLower(s) {
			case "gfm":
				k.GFM = true
			case "kramdown", "markdown":
				k.GFM = false
			default:
				err = fmt.Errorf("%q is not an input Jekyll reads (GFM or kramdown)", s)
			}
		case "hard_wrap":
			k.HardWrap, err = boolOption(v)
		case "auto_ids":
			k.AutoIDs, err = boolOption(v)
		case "auto_id_prefix":
			if v != nil {
				k.AutoIDPrefix = fmt.Sprint(v)
			}
		case "toc_levels":
			k.TOCLevels, err = tocLevels(v)
		case "smart_quotes":
			k.SmartQuotes, err = smartQuotes(v)
		case "syntax_highlighter":
			// Jekyll takes rouge when it is unset; an empty value
			// (~, false) turns highlighting off.
			if v == nil || v == false {
				k.CodeBlock.Disable, k.CodeSpan.Disable = true, true
			}
		case "syntax_highlighter_opts":
			err = codeOptions(&k, v)
		case "entity_output":
			s := fmt.Sprint(v)
			switch s {
			case "as_char", "as_input", "numeric", "symbolic":
				k.EntityOutput = s
			default:
				err = fmt.Errorf("%q is not one of as_char, as_input, numeric, symbolic", s)
			}
		}
		if err != nil {
			return Options{}, fmt.Errorf("kramdown: %s: %w", key, err)
		}
	}
	return Options{Kramdown: &k}, nil
}

func boolOption(v any) (bool, error) {
	switch v := v.(type) {
	case bool:
		return v, nil
	case nil:
		return false, nil
	case string:
		switch v {
		case "true":
			return true, nil
		case "false", "":
			return false, nil
		}
	}
	return false, fmt.Errorf("%v is not true or false", v)
}

// tocLevels reads "2..3", "2,3", [2, 3] or a single number.
func tocLevels(v any) ([7]bool, error) {
	var levels [7]bool
	var nums []int
	add := func(s string) error {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 6 {
			return fmt.Errorf("%q is not a heading level 1 to 6", s)
		}
		nums = append(nums, n)
		return nil
	}
	switch v := v.(type) {
	case int:
		if err := add(strconv.Itoa(v)); err != nil {
			return levels, err
		}
	case []any:
		for _, e := range v {
			if err := add(fmt.Sprint(e)); err != nil {
				return levels, err
			}
		}
	case string:
		if a, b, ok := strings.Cut(v, ".."); ok {
			if err := add(a); err != nil {
				return levels, err
			}
			if err := add(b); err != nil {
				return levels, err
			}
			for i := nums[0] + 1; i < nums[1]; i++ {
				nums = append(nums, i)
			}
			break
		}
		for _, s := range strings.Split(v, ",") {
			if err := add(s); err != nil {
				return levels, err
			}
		}
	default:
		return levels, fmt.Errorf("%v is not a list of heading levels", v)
	}
	for _, n := range nums {
		levels[n] = true
	}
	return levels, nil
}

// smartQuoteEntities are the names kramdown accepts in smart_quotes.
var smartQuoteEntities = map[string]string{
	"lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "sbquo": "‚", "bdquo": "„",
	"laquo": "«", "raquo": "»", "lsaquo": "‹", "rsaquo": "›", "apos": "'", "quot": `"`,
}

// smartQuotes reads "lsquo,rsquo,ldquo,rdquo": entity names or numbers.
func smartQuotes(v any) ([4]string, error) {
	var q [4]string
	var parts []string
	switch v := v.(type) {
	case string:
		parts = strings.Split(v, ",")
	case []any:
		for _, e := range v {
			parts = append(parts, fmt.Sprint(e))
		}
	}
	if len(parts) != 4 {
		return q, fmt.Errorf("%v is not four quotes, as in lsquo,rsquo,ldquo,rdquo", v)
	}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if c, ok := smartQuoteEntities[p]; ok {
			q[i] = c
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 0x10ffff {
			return q, fmt.Errorf("%q is not an entity name or number", p)
		}
		q[i] = string(rune(n))
	}
	return q, nil
}

// codeOptions reads syntax_highlighter_opts: default_lang, css_class
// and disable, at the top and under block: and span:.
func codeOptions(k *Kramdown, v any) error {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%v is not a mapping", v)
	}
	apply := func(o *CodeOptions, m map[string]any) error {
		for _, key := range []string{"default_lang", "css_class", "disable"} {
			val, ok := m[key]
			if !ok {
				continue
			}
			switch key {
			case "default_lang":
				o.DefaultLang = ""
				if val != nil {
					o.DefaultLang = fmt.Sprint(val)
				}
			case "css_class":
				o.CSSClass = fmt.Sprint(val)
			case "disable":
				d, err := boolOption(val)
				if err != nil {
					return fmt.Errorf("disable: %w", err)
				}
				o.Disable = d
			}
		}
		return nil
	}
	if err := apply(&k.CodeBlock, m); err != nil {
		return err
	}
	if err := apply(&k.CodeSpan, m); err != nil {
		return err
	}
	for _, part := range []string{"block", "span"} {
		sub, ok := m[part]
		if !ok || sub == nil {
			continue
		}
		sm, ok := sub.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %v is not a mapping", part, sub)
		}
		o := &k.CodeBlock
		if part == "span" {
			o = &k.CodeSpan
		}
		if err := apply(o, sm); err != nil {
			return fmt.Errorf("%s: %w", part, err)
		}
	}
	return nil
}
