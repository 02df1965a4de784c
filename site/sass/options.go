package sass

import (
	"fmt"
	"strings"

	"github.com/shine-blog/shine/content"
)

// Options are the keys of the config's sass: mapping that Jekyll's Sass
// converter reads, plus executable, shine's own.
type Options struct {
	// SassDir is the folder of partials, relative to the source
	// (sass_dir, default "_sass").
	SassDir string
	// LoadPaths are more folders imports are looked up in, before
	// SassDir; relative ones are from the source, and may be globs.
	LoadPaths []string
	// Compressed is style: compressed. Jekyll's other styles ("nested",
	// "compact") are libsass's: Dart Sass writes them as "expanded".
	Compressed bool
	// SourceMap is when a .css.map is written next to each stylesheet:
	// "always" (the default), "never", or "development" (never in shine,
	// whose environment is production).
	SourceMap string
	// QuietDeps silences deprecation warnings from partials found through
	// load paths; SilenceDeprecations silences the deprecations named.
	QuietDeps           bool
	SilenceDeprecations []string
	// Executable is the Dart Sass program (sass: executable:), relative to
	// the source when not absolute; empty means "sass" on PATH.
	Executable string
}

// ParseOptions reads the value of the config's sass: key (nil when the
// key is absent). An error names the key at fault.
func ParseOptions(v any) (Options, error) {
	o := Options{SassDir: "_sass", SourceMap: "always"}
	if v == nil {
		return o, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return o, fmt.Errorf("sass: want a mapping of options such as sass_dir and style")
	}
	str := func(key string) (string, error) {
		switch s := m[key].(type) {
		case nil:
			return "", nil
		case string:
			return s, nil
		case bool, int, float64, content.Float:
			return fmt.Sprint(s), nil
		}
		return "", fmt.Errorf("sass: %s: want a string", key)
	}
	list := func(key string) ([]string, error) {
		switch l := m[key].(type) {
		case nil:
			return nil, nil
		case string:
			return []string{l}, nil
		case []any:
			out := make([]string, 0, len(l))
			for _, e := range l {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("sass: %s: want a list of strings", key)
				}
				out = append(out, s)
			}
			return out, nil
		}
		return nil, fmt.Errorf("sass: %s: want a list of strings", key)
	}
	var err error
	var dir, style, sourcemap string
	if dir, err = str("sass_dir"); err != nil {
		return o, err
	}
	if dir != "" {
		o.SassDir = dir
	}
	if style, err = str("style"); err != nil {
		return o, err
	}
	o.Compressed = strings.TrimPrefix(style, ":") == "compressed"
	if sourcemap, err = str("sourcemap"); err != nil {
		return o, err
	}
	switch sourcemap = strings.TrimPrefix(sourcemap, ":"); sourcemap {
	case "":
	case "always", "never", "development":
		o.SourceMap = sourcemap
	default:
		return o, fmt.Errorf("sass: sourcemap: want always, never or development, got %q", sourcemap)
	}
	if o.LoadPaths, err = list("load_paths"); err != nil {
		return o, err
	}
	if o.SilenceDeprecations, err = list("silence_deprecations"); err != nil {
		return o, err
	}
	if q, ok := m["quiet_deps"].(bool); ok {
		o.QuietDeps = q
	}
	if o.Executable, err = str("executable"); err != nil {
		return o, err
	}
	return o, nil
}
