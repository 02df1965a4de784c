package content

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is a site's _config.yml, with Jekyll's defaults filled in. Raw
// keeps every key as read so templates see them as site.*.
type Config struct {
	Title       string
	Description string
	URL         string
	BaseURL     string
	Lang        string
	Author      any

	Timezone string
	Location *time.Location // from Timezone, else the machine's zone

	Permalink        string // a named style or a template; default "date"
	Exclude          []string
	Include          []string
	KeepFiles        []string
	Future           bool
	Unpublished      bool
	ShowDrafts       bool
	ExcerptSeparator string
	Defaults         []Default
	Collections      map[string]CollectionConfig
	Paginate         int
	PaginatePath     string
	MarkdownExt      []string

	// Plugins lists the plugins named in the config. HasPlugins says the
	// key was there: a site that names its plugins gets only the built-in
	// ones it names, like Jekyll; a site without the key gets them all.
	Plugins    []string
	HasPlugins bool

	// Broadcasts are the reading lists of the broadcast: block, by name.
	Broadcasts []*BroadcastList

	Raw map[string]any
}

// Default is one entry of the config's defaults: values applied to the
// documents its scope matches.
type Default struct {
	Path   string
	Type   string
	Values map[string]any
	order  int
}

// CollectionConfig is one entry of the config's collections.
type CollectionConfig struct {
	Label     string
	Output    bool
	Permalink string
	SortBy    string
	Raw       map[string]any
}

// Jekyll's defaults (Jekyll::Configuration::DEFAULTS and DEFAULT_EXCLUDES).
var defaultExcludes = []string{".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock",
	"node_modules", "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/"}

// DefaultConfig returns the configuration of a site with an empty _config.yml.
func DefaultConfig() Config {
	return Config{
		Permalink:        "date",
		Exclude:          append([]string(nil), defaultExcludes...),
		Include:          []string{".htaccess"},
		KeepFiles:        []string{".git", ".svn"},
		ExcerptSeparator: "\n\n",
		PaginatePath:     "/page:num",
		MarkdownExt:      []string{"markdown", "mkdown", "mkdn", "mkd", "md"},
		Collections:      map[string]CollectionConfig{"posts": {Label: "posts", Output: true}},
		Location:         time.Local,
		Raw:              map[string]any{},
	}
}

// ConfigError is a problem in the config file, at a line.
type ConfigError struct {
	File string
	Line int
	Key  string
	Err  error
}

func (e *ConfigError) Error() string {
	if e.Key != "" {
		return fmt.Sprintf("%s:%d: %s: %v", e.File, e.Line, e.Key, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *ConfigError) Unwrap() error { return e.Err }

// ReadConfig reads _config.yml (or _config.yaml) from the source folder.
// A missing file is an empty config.
func ReadConfig(source string) (Config, error) {
	for _, name := range []string{"_config.yml", "_config.yaml"} {
		b, err := os.ReadFile(filepath.Join(source, name))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return Config{}, err
		}
		return ParseConfig(name, b)
	}
	cfg := DefaultConfig()
	return cfg, cfg.finish("_config.yml", nil)
}

// ParseConfig parses the bytes of a config file named name.
func ParseConfig(name string, b []byte) (Config, error) {
	cfg := DefaultConfig()
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return cfg, yamlErrorIn("", name, 0, b, err)
	}
	if len(bytes.TrimSpace(b)) == 0 || len(root.Content) == 0 {
		return cfg, cfg.finish(name, nil)
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return cfg, &ConfigError{File: name, Line: doc.Line, Err: fmt.Errorf("the config must be a mapping of keys to values")}
	}
	raw, err := nodeValue(doc)
	if err != nil {
		return cfg, yamlErrorIn("", name, 0, b, err)
	}
	cfg.Raw = raw.(map[string]any)
	return cfg, cfg.finish(name, doc)
}

// finish copies the raw keys into the typed fields and validates them.
// doc is used to point errors at the right line.
func (c *Config) finish(file string, doc *yaml.Node) error {
	bad := func(key string, format string, a ...any) error {
		return &ConfigError{File: file, Line: keyLine(doc, key), Key: key, Err: fmt.Errorf(format, a...)}
	}
	str := func(key string, dst *string) error {
		v, ok := c.Raw[key]
		if !ok || v == nil {
			return nil
		}
		switch v := v.(type) {
		case string:
			*dst = v
		case int, float64, Float, bool:
			*dst = fmt.Sprint(v)
		default:
			return bad(key, "want a string, got %s", typeName(v))
		}
		return nil
	}
	list := func(key string, dst *[]string) error {
		v, ok := c.Raw[key]
		if !ok || v == nil {
			return nil
		}
		l, err := stringList(v)
		if err != nil {
			return bad(key, "%v", err)
		}
		*dst = l
		return nil
	}
	boolean := func(key string, dst *bool) error {
		v, ok := c.Raw[key]
		if !ok || v == nil {
			return nil
		}
		b, ok := v.(bool)
		if !ok {
			return bad(key, "want true or false, got %v", v)
		}
		*dst = b
		return nil
	}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(str("title", &c.Title))
	add(str("description", &c.Description))
	add(str("url", &c.URL))
	add(str("baseurl", &c.BaseURL))
	add(str("lang", &c.Lang))
	add(str("timezone", &c.Timezone))
	add(str("permalink", &c.Permalink))
	add(str("excerpt_separator", &c.ExcerptSeparator))
	add(str("paginate_path", &c.PaginatePath))
	c.Author = c.Raw["author"]
	c.URL = strings.TrimSuffix(c.URL, "/")
	if c.BaseURL == "/" {
		c.BaseURL = ""
	}
	var userExclude []string
	add(list("exclude", &userExclude))
	c.Exclude = appendUnique(userExclude, defaultExcludes...)
	var userInclude []string
	add(list("include", &userInclude))
	c.Include = appendUnique(userInclude, c.Include...)
	add(list("keep_files", &c.KeepFiles))
	add(boolean("future", &c.Future))
	add(boolean("unpublished", &c.Unpublished))
	add(boolean("show_drafts", &c.ShowDrafts))
	if v, ok := c.Raw["markdown_ext"]; ok && v != nil {
		s, ok := v.(string)
		if !ok {
			add(bad("markdown_ext", "want a comma-separated string such as \"md,markdown\""))
		} else {
			c.MarkdownExt = nil
			for _, e := range strings.Split(s, ",") {
				if e = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(e), ".")); e != "" {
					c.MarkdownExt = append(c.MarkdownExt, strings.ToLower(e))
				}
			}
		}
	}
	if v, ok := c.Raw["paginate"]; ok && v != nil {
		n, ok := v.(int)
		if !ok || n < 0 {
			add(bad("paginate", "want a whole number of posts per page, got %v", v))
		} else {
			c.Paginate = n
		}
	}
	if _, ok := c.Raw["plugins"]; ok {
		c.HasPlugins = true
		add(list("plugins", &c.Plugins))
	} else if v, ok := c.Raw["gems"]; ok { // Jekyll 2's name for plugins
		c.HasPlugins = true
		l, err := stringList(v)
		if err != nil {
			add(bad("gems", "%v", err))
		}
		c.Plugins = l
	}
	if c.Timezone != "" {
		loc, err := time.LoadLocation(c.Timezone)
		if err != nil {
			add(bad("timezone", "unknown time zone %q (use an IANA name such as America/Los_Angeles)", c.Timezone))
		} else {
			c.Location = loc
		}
	}
	add(c.readDefaults(bad))
	add(c.readCollections(bad))
	errs = append(errs, c.readBroadcasts(file, doc)...)
	// Templates see the filled-in values, as Jekyll's site.* does.
	c.Raw["url"] = c.URL
	c.Raw["baseurl"] = c.BaseURL
	c.Raw["permalink"] = c.Permalink
	c.Raw["exclude"] = toAnyList(c.Exclude)
	c.Raw["include"] = toAnyList(c.Include)
	c.Raw["excerpt_separator"] = c.ExcerptSeparator
	if c.Paginate > 0 {
		c.Raw["paginate_path"] = c.PaginatePath
	}
	if c.Timezone != "" {
		c.Raw["timezone"] = c.Timezone
	}
	return joinErrors(errs)
}

func (c *Config) readDefaults(bad func(string, string, ...any) error) error {
	v, ok := c.Raw["defaults"]
	if !ok || v == nil {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		return bad("defaults", "want a list of {scope, values} entries")
	}
	for i, e := range l {
		m, ok := e.(map[string]any)
		if !ok {
			return bad("defaults", "entry %d: want a mapping with scope and values", i+1)
		}
		d := Default{order: i}
		if s, ok := m["scope"].(map[string]any); ok {
			if p, ok := s["path"].(string); ok {
				d.Path = strings.Trim(filepathToSlash(p), "/")
				if d.Path == "." {
					d.Path = ""
				}
			}
			if t, ok := s["type"].(string); ok {
				d.Type = t
			}
		}
		vals, ok := m["values"].(map[string]any)
		if !ok {
			return bad("defaults", "entry %d: values must be a mapping", i+1)
		}
		d.Values = vals
		c.Defaults = append(c.Defaults, d)
	}
	return nil
}

func (c *Config) readCollections(bad func(string, string, ...any) error) error {
	v, ok := c.Raw["collections"]
	if !ok || v == nil {
		return nil
	}
	add := func(label string, m map[string]any) {
		cc := CollectionConfig{Label: label, Raw: m}
		if label == "posts" {
			cc.Output = true
		}
		if o, ok := m["output"].(bool); ok {
			cc.Output = o
		}
		if p, ok := m["permalink"].(string); ok {
			cc.Permalink = p
		}
		if s, ok := m["sort_by"].(string); ok {
			cc.SortBy = s
		}
		c.Collections[label] = cc
	}
	switch v := v.(type) {
	case []any:
		for _, l := range v {
			if s, ok := l.(string); ok {
				add(s, map[string]any{})
			}
		}
	case map[string]any:
		for label, m := range v {
			mm, _ := m.(map[string]any)
			if mm == nil {
				mm = map[string]any{}
			}
			add(label, mm)
		}
	default:
		return bad("collections", "want a list of names or a mapping of name to settings")
	}
	return nil
}

// PluginEnabled says whether the config's plugins list names a plugin.
func (c *Config) PluginEnabled(name string) bool {
	for _, p := range c.Plugins {
		if p == name {
			return true
		}
	}
	return false
}

// IsMarkdown says whether a file extension (with its dot) is Markdown.
func (c *Config) IsMarkdown(ext string) bool {
	ext = strings.ToLower(strings.TrimPrefix(ext, "."))
	for _, e := range c.MarkdownExt {
		if e == ext {
			return true
		}
	}
	return false
}

func keyLine(doc *yaml.Node, key string) int {
	if doc == nil {
		return 1
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == key {
			return doc.Content[i].Line
		}
	}
	return 1
}

func stringList(v any) ([]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		return strings.Fields(v), nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			switch e := e.(type) {
			case string:
				out = append(out, e)
			case int, float64, Float, bool:
				out = append(out, fmt.Sprint(e))
			default:
				return nil, fmt.Errorf("want a list of strings, got an entry of type %s", typeName(e))
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a list of strings, got %s", typeName(v))
}

func typeName(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case string:
		return "a string"
	case int, float64, Float:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%T", v)
}

func appendUnique(dst []string, more ...string) []string {
	seen := make(map[string]bool, len(dst)+len(more))
	out := dst[:0:0]
	for _, s := range append(append([]string(nil), dst...), more...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func toAnyList(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

func filepathToSlash(p string) string { return filepath.ToSlash(p) }
