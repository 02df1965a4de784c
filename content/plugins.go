package content

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// SitePlugin is what one Ruby file in _plugins defines, as far as reading
// it tells. shine cannot run Ruby: a tag it defines renders as nothing, a
// block as its body, a filter returns its input, and the pages its
// generators would make are missing.
type SitePlugin struct {
	File       string   // relative to the source, e.g. "_plugins/tabs.rb"
	Tags       []string // Liquid tags (Liquid::Tag subclasses)
	Blocks     []string // Liquid blocks (Liquid::Block subclasses)
	Filters    []string // methods of modules given to register_filter
	Generators []string // Jekyll::Generator subclasses
	Hooks      []string // hooks, converters and page classes, named as the file names them

	// BuiltIn names the plugin shine builds in that this file is part
	// of ("octopress-paginate"): shine does what it does, with no warning.
	BuiltIn string
}

// Warning says in one line what the plugin defines and what shine does
// instead.
func (p SitePlugin) Warning() string {
	var parts []string
	list := func(what string, names []string, one, many string) {
		switch len(names) {
		case 0:
			return
		case 1:
			parts = append(parts, fmt.Sprintf("%s %s %s", what, names[0], one))
		default:
			parts = append(parts, fmt.Sprintf("%ss %s %s", what, strings.Join(names, ", "), many))
		}
	}
	list("tag", p.Tags, "renders as nothing", "render as nothing")
	list("block", p.Blocks, "renders its body", "render their body")
	list("filter", p.Filters, "returns its input", "return their input")
	list("generator", p.Generators, "makes no pages", "make no pages")
	list("hook", p.Hooks, "does not run", "do not run")
	if len(parts) == 0 {
		return p.File + ": Ruby plugin not run (shine cannot run Ruby)"
	}
	return p.File + ": Ruby plugin not run (shine cannot run Ruby): " + strings.Join(parts, "; ")
}

var (
	rbRegisterTag    = regexp.MustCompile(`register_tag\s*\(?\s*['":]([\w-]+)['"]?\s*,\s*([\w:]+)`)
	rbRegisterFilter = regexp.MustCompile(`register_filter\s*\(?\s*([\w:]+)`)
	rbClass          = regexp.MustCompile(`(?m)^\s*class\s+([\w:]+)\s*<\s*([\w:]+)`)
	rbModule         = regexp.MustCompile(`(?m)^([ \t]*)module\s+([\w:]+)\s*$`)
	rbDef            = regexp.MustCompile(`(?m)^\s*def\s+(?:self\.)?(\w+[?!]?)`)
	rbHook           = regexp.MustCompile(`Hooks\.register\s*\(?\s*(\[[^\]]*\]|:\w+)\s*,\s*:(\w+)`)
)

// ReadSitePlugins reads the Ruby files under dir (Jekyll's plugins_dir,
// "_plugins" by default, every folder below it too) and says what each
// defines. Files are in path order.
func ReadSitePlugins(fsys fs.FS, dir string) []SitePlugin {
	var files []string
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".rb") {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	// Classes may be defined in one file and registered in another (a
	// plugin requiring its library), so superclasses are looked up in all.
	srcs := make([]string, len(files))
	super := map[string]string{}
	for i, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			continue
		}
		srcs[i] = string(b)
		for _, m := range rbClass.FindAllStringSubmatch(srcs[i], -1) {
			super[lastName(m[1])] = m[2]
		}
	}
	var out []SitePlugin
	for i, f := range files {
		p := parseSitePlugin(f, srcs[i], super)
		if len(p.Tags)+len(p.Blocks)+len(p.Filters)+len(p.Generators)+len(p.Hooks) > 0 {
			out = append(out, p)
		}
	}
	return out
}

func parseSitePlugin(file, src string, super map[string]string) SitePlugin {
	p := SitePlugin{File: file}
	if isOctopressPaginate(src) {
		p.BuiltIn = OctopressPaginate
	}
	for _, m := range rbRegisterTag.FindAllStringSubmatch(src, -1) {
		name, class := m[1], lastName(m[2])
		if isBlockClass(class, super) {
			p.Blocks = appendNew(p.Blocks, name)
		} else {
			p.Tags = appendNew(p.Tags, name)
		}
	}
	for _, m := range rbRegisterFilter.FindAllStringSubmatch(src, -1) {
		for _, name := range moduleMethods(src, lastName(m[1])) {
			p.Filters = appendNew(p.Filters, name)
		}
	}
	for _, m := range rbClass.FindAllStringSubmatch(src, -1) {
		switch s := lastName(m[2]); {
		case s == "Generator":
			p.Generators = appendNew(p.Generators, m[1])
		case s == "Converter" || strings.Contains(m[2], "Converters::") || s == "Page" || s == "Document" || s == "Command":
			p.Hooks = appendNew(p.Hooks, m[1]+" < "+m[2])
		}
	}
	for _, m := range rbHook.FindAllStringSubmatch(src, -1) {
		owners := strings.NewReplacer("[", "", "]", "", ":", "", " ", "").Replace(m[1])
		p.Hooks = appendNew(p.Hooks, owners+" "+m[2])
	}
	return p
}

// isBlockClass follows a class's superclasses to Liquid's Block or Tag.
func isBlockClass(class string, super map[string]string) bool {
	for range 16 {
		s, ok := super[class]
		if !ok {
			return false
		}
		switch s = lastName(s); s {
		case "Block", "Raw":
			return true
		case "Tag":
			return false
		}
		class = s
	}
	return false
}

// moduleMethods lists the methods defined in module name: the defs after
// its "module" line up to the "end" at the same indent.
func moduleMethods(src, name string) []string {
	for _, m := range rbModule.FindAllStringSubmatchIndex(src, -1) {
		if lastName(src[m[4]:m[5]]) != name {
			continue
		}
		indent := src[m[2]:m[3]]
		body := src[m[1]:]
		if end := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(indent) + `end\b`).FindStringIndex(body); end != nil {
			body = body[:end[0]]
		}
		var out []string
		for _, d := range rbDef.FindAllStringSubmatch(body, -1) {
			out = appendNew(out, d[1])
		}
		return out
	}
	return nil
}

func lastName(s string) string {
	if i := strings.LastIndex(s, "::"); i >= 0 {
		return s[i+2:]
	}
	return s
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// pluginsDir is Jekyll's plugins_dir, relative to the source.
func (c *Config) pluginsDir() string {
	if s, ok := c.Raw["plugins_dir"].(string); ok && s != "" {
		return path.Clean(strings.TrimPrefix(s, "./"))
	}
	return "_plugins"
}
