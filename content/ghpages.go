package content

import (
	"html"
	"path"
	"regexp"
	"strings"
)

// The GitHub Pages plugins that only change how the source is read:
// jekyll-optional-front-matter, jekyll-titles-from-headings and
// jekyll-default-layout. Each acts only when the config's plugins (or
// gems) list names it, as in Jekyll.

// optionalFrontMatterSkips are the file names (without extension,
// upper-cased) jekyll-optional-front-matter leaves as static files.
var optionalFrontMatterSkips = map[string]bool{
	"README": true, "LICENSE": true, "LICENCE": true, "COPYING": true,
	"CODE_OF_CONDUCT": true, "CONTRIBUTING": true, "ISSUE_TEMPLATE": true,
	"PULL_REQUEST_TEMPLATE": true,
}

// pluginOption is site.config[plugin_key][key].
func (c *Config) pluginOption(section, key string) any {
	m, _ := c.Raw[section].(map[string]any)
	return m[key]
}

// OptionalFrontMatter says whether the page rel (a file outside any
// collection) without front matter is made a page by
// jekyll-optional-front-matter: a Markdown file whose name is not README,
// LICENSE and the like, unless the plugin is off (enabled: false or
// require_front_matter: true). A name the config's include list names
// explicitly is made a page too.
func (c *Config) OptionalFrontMatter(rel string) bool {
	if !c.PluginEnabled("jekyll-optional-front-matter") {
		return false
	}
	if v, ok := c.pluginOption("optional_front_matter", "enabled").(bool); ok && !v {
		return false
	}
	if v, _ := c.Raw["require_front_matter"].(bool); v {
		return false
	}
	ext := path.Ext(rel)
	if !c.IsMarkdown(ext) {
		return false
	}
	base := path.Base(rel)
	if optionalFrontMatterSkips[strings.ToUpper(strings.TrimSuffix(base, ext))] {
		for _, inc := range c.Include {
			if inc == base || inc == rel {
				return true
			}
		}
		return false
	}
	return true
}

// KeepsOptionalOriginal says whether a Markdown file made a page by
// jekyll-optional-front-matter is also copied as it is, as the plugin
// does unless remove_originals (or require_front_matter) is set.
func (c *Config) KeepsOptionalOriginal() bool {
	if v, _ := c.pluginOption("optional_front_matter", "remove_originals").(bool); v {
		return false
	}
	return true
}

// titleHeading is jekyll-titles-from-headings' pattern: the first line
// of the body, after white space, as an ATX heading of level 1 to 3 or a
// Setext heading.
var titleHeading = regexp.MustCompile(`(?m)\A\s*(?:#{1,3}\s+(.*)(?:\s+#{1,3})?|(.*)\r?\n[-=]+\s*)$`)

var (
	headingTags      = regexp.MustCompile(`<[^>]*>`)
	headingLinks     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	headingFootnotes = regexp.MustCompile(`\[\^[^\]]*\]`)
	headingEmphasis  = regexp.MustCompile("(\\*{1,3}|_{1,3}|`+)([^*_`]+)(\\*{1,3}|_{1,3}|`+)")
)

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// TitleFromHeading is jekyll-titles-from-headings: the text of the
// heading the body starts with, its Markdown and HTML markup removed,
// its white space squeezed and & < > escaped as kramdown writes them
// (kramdown's typographic quotes and dashes are not made); ok is false when the body does not start
// with a heading.
func TitleFromHeading(body string) (title string, ok bool) {
	m := titleHeading.FindStringSubmatch(body)
	if m == nil {
		return "", false
	}
	t := m[1]
	if t == "" {
		t = m[2]
	}
	t = headingFootnotes.ReplaceAllString(t, "")
	t = headingLinks.ReplaceAllString(t, "$1")
	t = headingEmphasis.ReplaceAllString(t, "$2")
	t = headingTags.ReplaceAllString(t, "")
	// kramdown escapes the text it writes, and strip_html keeps that.
	t = textEscaper.Replace(html.UnescapeString(t))
	return strings.Join(strings.Fields(t), " "), true
}

// stripTitleHeading removes the heading TitleFromHeading read, as the
// plugin's strip_title does.
func stripTitleHeading(body string) string {
	return strings.TrimSpace(titleHeading.ReplaceAllString(body, ""))
}

// titleFromHeading applies jekyll-titles-from-headings to d: a Markdown
// page without a title (or, with collections: true, a collection
// document whose title was only inferred from its file name) takes the
// first heading's text as title.
func (c *Config) titleFromHeading(d *Document, hadTitle bool) {
	if !c.PluginEnabled("jekyll-titles-from-headings") || !d.Markdown || hadTitle {
		return
	}
	if v, ok := c.pluginOption("titles_from_headings", "enabled").(bool); ok && !v {
		return
	}
	if d.Collection != "" {
		if v, _ := c.pluginOption("titles_from_headings", "collections").(bool); !v {
			return
		}
	}
	t, ok := TitleFromHeading(string(d.Body))
	if !ok {
		return
	}
	d.Title = t
	d.Data["title"] = t
	strip, _ := c.pluginOption("titles_from_headings", "strip_title").(bool)
	if v, ok := d.Data["strip_title"]; ok {
		strip = v == true
	}
	if strip {
		d.Body = []byte(stripTitleHeading(string(d.Body)))
	}
}

// DefaultLayout is jekyll-default-layout's choice for a Markdown page or
// post that names no layout: home for the site's root page, page for a
// page, post for a post, else default, each only when the site has that
// layout; "" when none applies.
func DefaultLayout(d *Document, has func(string) bool) string {
	switch {
	case d.URL == "/" && has("home"):
		return "home"
	case d.Collection == "" && has("page"):
		return "page"
	case d.IsPost() && has("post"):
		return "post"
	case has("default"):
		return "default"
	}
	return ""
}

// defaultLayouts applies jekyll-default-layout to the site's pages and
// posts.
func (s *Site) defaultLayouts() {
	if !s.Config.PluginEnabled("jekyll-default-layout") {
		return
	}
	has := func(name string) bool { return s.Layouts[name] != nil }
	set := func(d *Document) {
		if !d.Markdown {
			return
		}
		if _, ok := d.Data["layout"]; ok {
			return
		}
		if l := DefaultLayout(d, has); l != "" {
			d.Layout = l
			d.Data["layout"] = l
		}
	}
	for _, d := range s.Pages {
		set(d)
	}
	for _, d := range s.Posts {
		set(d)
	}
}

// readmeName matches jekyll-readme-index's README files: README with a
// Markdown extension, in any case.
var readmeName = regexp.MustCompile(`(?i)^readme\.[^.]+$`)

// IsReadme says whether rel is a README jekyll-readme-index may make an
// index of.
func (c *Config) IsReadme(rel string) bool {
	base := path.Base(rel)
	return readmeName.MatchString(base) && c.IsMarkdown(path.Ext(base))
}

// ReadmeIndexURL is the URL of the index page jekyll-readme-index makes
// of the README rel: its folder's.
func ReadmeIndexURL(rel string) string {
	dir := path.Dir("/" + rel)
	if dir == "/" {
		return "/"
	}
	return dir + "/"
}

// HasIndex says whether one of urls is the index of the folder URL dir
// (ending in "/"): the folder itself or its index.html, .htm, .xhtml or
// .xml, in any case.
func HasIndex(dir string, urls []string) bool {
	for _, u := range urls {
		if len(u) < len(dir) || u[:len(dir)] != dir {
			continue
		}
		rest := strings.ToLower(u[len(dir):])
		switch rest {
		case "", "index.html", "index.htm", "index.xhtml", "index.xml":
			return true
		}
	}
	return false
}

// readmeIndexes is jekyll-readme-index: a README left a static file
// becomes its folder's index page when the folder has none. The file is
// still copied unless readme_index: {remove_originals: true}.
func (l *loader) readmeIndexes() []error {
	s, cfg := l.site, l.cfg
	if !cfg.PluginEnabled("jekyll-readme-index") {
		return nil
	}
	if v, ok := cfg.pluginOption("readme_index", "enabled").(bool); ok && !v {
		return nil
	}
	remove, _ := cfg.pluginOption("readme_index", "remove_originals").(bool)
	var urls []string
	for _, d := range s.Pages {
		urls = append(urls, d.URL)
	}
	for _, f := range s.Static {
		urls = append(urls, "/"+f.Dest)
	}
	var errs []error
	kept := s.Static[:0]
	var added []*Document
	for _, f := range s.Static {
		if f.Collection != "" || f.FromTheme || !cfg.IsReadme(f.Path) || HasIndex(ReadmeIndexURL(f.Path), urls) {
			kept = append(kept, f)
			continue
		}
		d, _, warn, err := l.readOne(job{rel: f.Path, readme: true})
		switch {
		case err != nil:
			errs = append(errs, err)
		case warn != "":
			s.Warnings = append(s.Warnings, warn)
		case d != nil:
			added = append(added, d)
			urls = append(urls, d.URL)
		}
		if d == nil || !remove {
			kept = append(kept, f)
		}
	}
	s.Static = kept
	if len(added) > 0 {
		s.Pages = append(s.Pages, added...)
		sortPages(s.Pages)
	}
	return errs
}
