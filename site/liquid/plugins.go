package liquid

import (
	"fmt"
	"hash/crc32"
	"regexp"
	"strings"

	osteele "github.com/osteele/liquid"
	"github.com/osteele/liquid/render"

	"github.com/shine-blog/shine/content"
)

// pluginEngine is where plugin tags and filters go: the Liquid engine.
type pluginEngine interface {
	RegisterTag(name string, r osteele.Renderer)
	RegisterBlock(name string, r osteele.Renderer)
	RegisterFilter(name string, fn any)
}

// registerSitePlugins adds a stand-in for each tag, block and filter the
// site's Ruby plugins define: a tag renders as nothing, a block as its
// body, a filter returns its input. Load has named each in a warning.
// Called before shine's own tags are registered, so a plugin that
// redefines one of Jekyll's tags does not hide it.
func registerSitePlugins(e pluginEngine, plugins []content.SitePlugin) {
	for _, p := range plugins {
		for _, name := range p.Tags {
			e.RegisterTag(name, func(render.Context) (string, error) { return "", nil })
		}
		for _, name := range p.Blocks {
			e.RegisterBlock(name, func(ctx render.Context) (string, error) { return ctx.InnerString() })
		}
		for _, name := range p.Filters {
			e.RegisterFilter(name, func(in any, _ ...any) any { return in })
		}
	}
}

// registerPluginTags adds the tags of the Jekyll plugins shine builds in:
// jekyll-avatar's avatar, jekyll-include-cache's include_cached (include
// is cached already, so it is include) and jekyll-gist's gist. They are
// there whether or not plugins: lists them: a site that uses one without
// listing it builds instead of failing.
func registerPluginTags(e pluginEngine, include osteele.Renderer) {
	e.RegisterTag("avatar", avatarTag)
	e.RegisterTag("include_cached", include)
	e.RegisterTag("gist", gistTag)
}

var (
	avatarUser = regexp.MustCompile(`\buser=([\w.]+)\b`)
	avatarSize = regexp.MustCompile(`(?i)\bsize=(\d+)\b`)
)

// avatarTag is jekyll-avatar's {% avatar NAME size=N %} or
// {% avatar user=VARIABLE %}: the GitHub avatar image, in the plugin's
// markup, server number and srcset.
func avatarTag(ctx render.Context) (string, error) {
	text, err := ctx.ExpandTagArg()
	if err != nil {
		return "", err
	}
	text = strings.TrimSpace(text)
	size := "40"
	if m := avatarSize.FindStringSubmatch(text); m != nil {
		size = m[1]
	}
	var user string
	if m := avatarUser.FindStringSubmatch(text); m != nil {
		// The variable's value; its name when it has none, as the plugin.
		user = m[1]
		v, err := ctx.EvaluateString(m[1])
		if err != nil {
			return "", err
		}
		if v != nil && v != false {
			user = fmt.Sprint(v)
		}
	} else {
		user, _, _ = strings.Cut(text, " ")
		user = strings.Replace(user, "@", "", 1)
	}
	n := 0
	fmt.Sscan(size, &n)
	pathOf := func(scale int) string {
		s := size
		if scale != 1 {
			s = fmt.Sprint(n * scale)
		}
		return user + "?v=3&s=" + s
	}
	host := fmt.Sprintf("https://avatars%d.githubusercontent.com/", crc32.ChecksumIEEE([]byte(pathOf(1)))%4)
	class := "avatar"
	if n < 48 {
		class = "avatar avatar-small"
	}
	var srcset []string
	for scale := 1; scale <= 4; scale++ {
		srcset = append(srcset, fmt.Sprintf("%s%s %dx", host, pathOf(scale), scale))
	}
	attrs := fmt.Sprintf(`class="%s" alt="%s" width="%s" height="%s" data-proofer-ignore="true"`, class, user, size, size)
	if strings.Contains(text, "lazy=true") {
		return fmt.Sprintf(`<img %s src="" data-src="%s" data-srcset="%s" />`, attrs, host+pathOf(1), strings.Join(srcset, ", ")), nil
	}
	return fmt.Sprintf(`<img %s src="%s" srcset="%s" />`, attrs, host+pathOf(1), strings.Join(srcset, ", ")), nil
}

var gistArgs = regexp.MustCompile(`\A(\S+|.*(?:/).+)\s?(\S*)\z`)

// gistTag is jekyll-gist's {% gist ID [FILE] %}: the gist's script. The
// plugin also fetches the code for a <noscript> copy; a build never goes
// to the network, so there is none, as when the plugin cannot reach
// GitHub.
func gistTag(ctx render.Context) (string, error) {
	args := strings.TrimSpace(ctx.TagArgs())
	m := gistArgs.FindStringSubmatch(args)
	if m == nil {
		return "", fmt.Errorf("gist: want {%% gist user/1234567 %%} or {%% gist 1234567 file.js %%}, got %q", args)
	}
	id, file := strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
	lookup := func(s string) string {
		if v, ok := ctx.Bindings()[s]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return s
	}
	id = lookup(id)
	if file != "" {
		file = lookup(file)
	}
	u := "https://gist.github.com/" + id + ".js"
	if file != "" {
		u += "?file=" + file
	}
	return `<script src="` + u + `"> </script>`, nil
}

// Smartify is the smartify filter: curly quotes, dashes and ellipses, as
// Jekyll's markdownify and smartify make them. jekyll-seo-tag smartens
// its titles and descriptions so.
func Smartify(s string) string { return smartify(s) }
