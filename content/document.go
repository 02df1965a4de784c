package content

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// readOne reads one listed file and returns the document or static file it
// is, a warning when Jekyll would skip it, or an error naming file and line.
func (l *loader) readOne(j job) (*Document, *StaticFile, string, error) {
	fsys := l.sourceFS
	if j.fromTheme {
		fsys = l.opts.Theme
	}
	info, err := fs.Stat(fsys, j.rel)
	var b []byte
	if err == nil {
		b, err = readHead(fsys, j.rel, j.collection != "")
	}
	if err != nil {
		return nil, nil, "", fmt.Errorf("%s: %w", j.rel, err)
	}
	hasFM := HasFrontMatter(b)
	optional := !hasFM && j.collection == "" && !j.fromTheme && l.cfg.OptionalFrontMatter(j.rel)
	isDoc := j.collection == "posts" || hasFM || l.isWikiNote(j) || optional || j.readme
	if !isDoc {
		st := &StaticFile{Path: j.rel, Dest: j.rel, FromTheme: j.fromTheme, ModTime: info.ModTime(), Size: info.Size(), Collection: j.collection}
		if j.collection != "" {
			if !l.cfg.Collections[j.collection].Output {
				return nil, nil, "", nil
			}
			cc := l.cfg.Collections[j.collection]
			template := cc.Permalink
			if template == "" {
				template = CollectionTemplate(l.cfg.Permalink)
			}
			st.Dest = StaticDestPath(CollectionStaticURL(template, j.collection, j.rel))
		}
		return nil, st, "", nil
	}
	if len(b) < int(info.Size()) {
		// readHead only read the start; read it all now.
		if b, err = fs.ReadFile(fsys, j.rel); err != nil {
			return nil, nil, "", fmt.Errorf("%s: %w", j.rel, err)
		}
	}
	fm, err := ParseFrontMatter(j.rel, b)
	if errors.Is(err, ErrFrontMatterNotClosed) && unclosedIsBody(j, l.cfg) {
		fm, err = &FrontMatter{Data: map[string]any{}, Body: b, BodyLine: 1}, nil
	}
	if err != nil {
		return nil, nil, "", err
	}
	d := &Document{
		Path:       j.rel,
		Collection: j.collection,
		Draft:      j.draft,
		FromTheme:  j.fromTheme,
		Body:       fm.Body,
		BodyLine:   fm.BodyLine,
		ModTime:    info.ModTime(),
		Lines:      fm.Lines,
	}
	typ := "pages"
	if j.collection != "" {
		typ = j.collection
	}
	d.Data = applyDefaults(l.cfg.Defaults, j.rel, typ, j.draft, fm.Data)
	// jekyll-titles-from-headings sees a document's title as inferred.
	hadTitle := d.Data["title"] != nil && j.collection == ""
	if j.readme {
		d.Data["permalink"] = ReadmeIndexURL(j.rel)
	}
	warn, err := l.derive(d, fm)
	if err != nil || warn != "" {
		return nil, nil, warn, err
	}
	l.cfg.titleFromHeading(d, hadTitle)
	if p, ok := d.Data["published"].(bool); ok && !p && !l.cfg.Unpublished {
		return nil, nil, "", nil
	}
	if d.Collection != "" && !l.cfg.Future && d.Date.After(l.site.Time) {
		return nil, nil, "", nil
	}
	if d.Collection != "" && !l.cfg.Collections[d.Collection].Output {
		d.URL, d.Dest = "", ""
	}
	redirectTo(l.cfg, d)
	if optional && l.cfg.KeepsOptionalOriginal() {
		// jekyll-optional-front-matter also leaves the file a static file.
		return d, &StaticFile{Path: j.rel, Dest: j.rel, ModTime: info.ModTime(), Size: info.Size()}, "", nil
	}
	return d, nil, "", nil
}

// unclosedIsBody says whether a file whose front matter is never closed
// is read as Jekyll reads it, a page without front matter whose body is
// the whole file: an asset (a script, a stylesheet, a data or XML file)
// that happens to start with "---", so one such file does not stop the
// site. A post, a collection document, or a Markdown or HTML page that
// does so is a mistake, and stays an error that says how to fix it.
func unclosedIsBody(j job, cfg *Config) bool {
	ext := path.Ext(j.rel)
	return j.collection == "" && !cfg.IsMarkdown(ext) && !IsHTML(strings.ToLower(ext))
}

// IsSass says whether a source extension (with its dot) is one Jekyll's
// Sass converter compiles, in any case.
func IsSass(ext string) bool {
	return strings.EqualFold(ext, ".scss") || strings.EqualFold(ext, ".sass")
}

// IsHTML says whether an output extension is HTML (Jekyll's
// HTML_EXTENSIONS): such pages get pretty URLs and count as site.html_pages.
func IsHTML(ext string) bool { return ext == ".html" || ext == ".htm" || ext == ".xhtml" }

// readHead reads a file whole when it is a document, or its first bytes,
// enough to see a front matter fence, when it may be a static file.
func readHead(fsys fs.FS, name string, whole bool) ([]byte, error) {
	if whole {
		return fs.ReadFile(fsys, name)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 5)
	n, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return buf[:n], err
}

// derive sets the keys Jekyll computes for a document: title, slug, date,
// categories, tags, its URL and output file.
func (l *loader) derive(d *Document, fm *FrontMatter) (warn string, err error) {
	cfg := l.cfg
	ext := path.Ext(d.Path)
	base := path.Base(d.Path)
	d.Markdown = cfg.IsMarkdown(ext)
	d.OutputExt = ext
	if d.Markdown {
		d.OutputExt = ".html"
	}
	// Jekyll's Sass converter: .scss and .sass become .css, and a
	// stylesheet is an asset file, never placed in a layout.
	d.Sass = IsSass(ext)
	if d.Sass {
		d.OutputExt = ".css"
	}
	if p, ok := d.Data["permalink"].(string); ok {
		if e := PermalinkExt(p); e != "" {
			d.OutputExt = e
		}
	}
	if s, ok := d.Data["layout"].(string); ok && s != "none" && s != "null" && !d.Sass {
		d.Layout = s
	} else if _, set := d.Data["layout"]; !set && d.Collection == WikiLabel && l.site.Layouts[WikiLabel] != nil {
		d.Layout = WikiLabel // the theme's, or the site's own
	}
	fail := func(key string, format string, a ...any) error {
		return &FileError{File: d.Path, Line: lineOf(d, key), Err: fmt.Errorf(format, a...)}
	}

	var dateStr, slug string
	name := strings.TrimSuffix(base, ext)
	if d.Collection != "" {
		// The path inside the collection (or _posts) folder names the date and slug.
		rest := d.Path
		if i := strings.LastIndex("/"+rest, "/_posts/"); i >= 0 && d.IsPost() {
			rest = rest[i+len("/_posts/")-1:]
		} else if i := strings.LastIndex("/"+rest, "/_drafts/"); i >= 0 && d.Draft {
			rest = rest[i+len("/_drafts/")-1:]
		} else {
			rest = strings.TrimPrefix(rest, "_"+d.Collection+"/")
		}
		var ok bool
		dateStr, slug, _, ok = ParsePostName(rest)
		if !ok && d.IsPost() && !d.Draft {
			return fmt.Sprintf("%s: skipped: a post's file name starts with its date, as in 2022-01-20-title.md", d.Path), nil
		}
		if slug == "" {
			slug = strings.TrimRight(name, ".")
		}
	}

	// Date: front matter, then the file name, then (drafts) the file's time.
	switch {
	case fm.DateRaw != "":
		t, err := ParseDate(fm.DateRaw, fm.DateQuoted, cfg.Location)
		if err != nil {
			return "", fail("date", "%v", err)
		}
		d.Date = t
	case dateStr != "":
		t, err := ParseDate(dateStr, true, cfg.Location)
		if err != nil {
			return "", &FileError{File: d.Path, Err: fmt.Errorf("invalid date %q in the file name: %v", dateStr, err)}
		}
		d.Date = t
	case d.Draft:
		d.Date = d.ModTime.In(cfg.Location)
	case d.Collection != "":
		d.Date = l.site.Time
	}
	if !d.Date.IsZero() {
		d.Data["date"] = d.Date
	}

	if d.Collection != "" {
		if s, ok := d.Data["slug"].(string); ok && s != "" {
			d.Slug = s
		} else {
			d.Slug = slug
		}
		d.Data["slug"] = d.Slug
		if _, ok := d.Data["ext"]; !ok {
			d.Data["ext"] = ext
		}
	}
	switch t := d.Data["title"].(type) {
	case string:
		d.Title = t
	case nil:
		if d.Collection == WikiLabel {
			setWikiTitle(d, name)
		} else if d.Collection != "" {
			d.Title = TitleizeSlug(slug)
			d.Data["title"] = d.Title
		}
	default:
		d.Title = fmt.Sprint(t)
	}

	if d.Collection != "" {
		var cats []string
		if d.IsPost() {
			special := "_posts"
			if d.Draft {
				special = "_drafts"
			}
			cats = PostCategories(d.Path, special, d.Data)
		} else {
			cats = appendUnique(nil, PluralizedList(d.Data, "category", "categories")...)
		}
		d.Categories = cats
		d.Tags = appendUnique(nil, PluralizedList(d.Data, "tag", "tags")...)
		d.Data["categories"] = toAnyList(d.Categories)
		d.Data["tags"] = toAnyList(d.Tags)
		if d.Draft {
			d.Data["draft"] = true
		}
	}

	// URL and output file.
	parts := URLParts{
		Date:       d.Date,
		Slug:       d.Slug,
		Title:      d.Slug,
		Categories: d.Categories,
		Collection: d.Collection,
		Name:       name,
		OutputExt:  d.OutputExt,
	}
	var template string
	if p, ok := d.Data["permalink"].(string); ok && p != "" {
		template = p
	}
	switch {
	case d.Collection == "":
		dir := path.Dir(d.Path)
		if dir == "." {
			dir = ""
		}
		parts.Path = dir
		if template == "" {
			template = PageTemplate(IsHTML(d.OutputExt), name == "index", cfg.Permalink)
		}
	case d.IsPost():
		dir := "_posts"
		if d.Draft {
			dir = "_drafts"
		}
		parts.Path = CleanedRelativePath(d.Path, dir)
		if template == "" {
			style := cfg.Permalink
			if p := cfg.Collections["posts"].Permalink; p != "" {
				style = p
			}
			template = PermalinkTemplate(style)
		}
	default:
		parts.Path = CleanedRelativePath(d.Path, "_"+d.Collection)
		if template == "" {
			template = cfg.Collections[d.Collection].Permalink
			if template == "" {
				template = CollectionTemplate(cfg.Permalink)
			} else {
				template = PermalinkTemplate(template)
			}
		}
	}
	var u string
	if d.Collection == "" {
		u, err = ExpandPagePermalink(template, "/"+parts.Path, name, d.OutputExt)
	} else {
		u, err = ExpandPermalink(template, parts)
	}
	if err != nil {
		return "", fail("permalink", "permalink: %v", err)
	}
	d.URL = u
	if d.Collection == "" {
		d.Dest = PageDestPath(u, d.OutputExt)
	} else {
		d.Dest = DestPath(u, d.OutputExt)
	}
	return "", nil
}

// applyDefaults merges the config's defaults that apply to a document, in
// Jekyll's order of precedence (FrontmatterDefaults#all), under its own
// front matter, which always wins.
func applyDefaults(defaults []Default, rel, typ string, draft bool, fm map[string]any) map[string]any {
	if len(defaults) == 0 {
		return fm
	}
	var match []Default
	for _, d := range defaults {
		if d.Type != "" && d.Type != typ && !(draft && d.Type == "drafts") {
			continue
		}
		if !scopeApplies(d.Path, rel) {
			continue
		}
		match = append(match, d)
	}
	if len(match) == 0 {
		return fm
	}
	sort.SliceStable(match, func(i, j int) bool { return match[i].order < match[j].order })
	merged := map[string]any{}
	var old *Default
	for i := range match {
		set := &match[i]
		if old == nil || hasPrecedence(old, set) {
			merged = deepMerge(merged, set.Values)
			old = set
		} else {
			merged = deepMerge(copyMap(set.Values), merged)
		}
	}
	return deepMerge(merged, fm)
}

func hasPrecedence(old, new *Default) bool {
	if len(new.Path) != len(old.Path) {
		return len(new.Path) >= len(old.Path)
	}
	if new.Type != "" {
		return true
	}
	return old.Type == ""
}

func scopeApplies(scope, rel string) bool {
	if scope == "" {
		return true
	}
	if strings.Contains(scope, "*") {
		ok, _ := path.Match(scope, rel)
		if ok {
			return true
		}
		// A glob names folders too: everything below a matching folder.
		for dir := path.Dir(rel); dir != "." && dir != "/"; dir = path.Dir(dir) {
			if ok, _ := path.Match(scope, dir); ok {
				return true
			}
		}
		return false
	}
	return rel == scope || strings.HasPrefix(rel, scope+"/")
}

func deepMerge(dst, src map[string]any) map[string]any {
	if dst == nil {
		dst = map[string]any{}
	}
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				dst[k] = deepMerge(copyMap(dm), sm)
				continue
			}
		}
		dst[k] = v
	}
	return dst
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
