package content

import (
	"regexp"
	"strings"
)

// RedirectLayout is jekyll-redirect-from's redirect.html, the layout of
// redirect pages when the site has no _layouts/redirect.html of its own.
const RedirectLayout = `<!DOCTYPE html>
<html lang="en-US">
  <meta charset="utf-8">
  <title>Redirecting&hellip;</title>
  <link rel="canonical" href="{{ page.redirect.to }}">
  <script>location="{{ page.redirect.to }}"</script>
  <meta http-equiv="refresh" content="0; url={{ page.redirect.to }}">
  <meta name="robots" content="noindex">
  <h1>Redirecting&hellip;</h1>
  <a href="{{ page.redirect.to }}">Click here if you are not redirected.</a>
</html>
`

// addRedirectLayout gives a site with jekyll-redirect-from the plugin's
// redirect layout unless it has its own, as the plugin does.
func addRedirectLayout(cfg *Config, layouts map[string]*Layout) {
	if !cfg.PluginEnabled("jekyll-redirect-from") {
		return
	}
	if _, ok := layouts["redirect"]; ok {
		return
	}
	layouts["redirect"] = &Layout{Name: "redirect", Path: "(jekyll-redirect-from)/redirect.html",
		Data: map[string]any{}, Body: []byte(RedirectLayout), BodyLine: 1}
}

var absoluteURL = regexp.MustCompile(`^https?://`)

// AbsoluteURL is Jekyll's absolute_url of a URL path: the site's url and
// baseurl before it.
func (c *Config) AbsoluteURL(u string) string {
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	return c.URL + c.BaseURL + u
}

// redirectTo is jekyll-redirect-from's redirect_to: a document that names
// another URL is written as a redirect page there, rendered by the
// redirect layout with an empty body, and left out of the sitemap.
func redirectTo(cfg *Config, d *Document) {
	if !cfg.PluginEnabled("jekyll-redirect-from") || d.URL == "" {
		return
	}
	var to string
	switch v := d.Data["redirect_to"].(type) {
	case string:
		to = v
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok {
				to = s
				break
			}
		}
	}
	if to == "" {
		return
	}
	if !absoluteURL.MatchString(to) {
		to = cfg.AbsoluteURL(to)
	}
	d.Data["redirect"] = map[string]any{"from": d.URL, "to": to}
	d.Data["layout"] = "redirect"
	d.Data["sitemap"] = false
	d.Layout = "redirect"
	d.Body = nil
	d.Markdown = false
}
