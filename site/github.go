package site

import (
	"os"
	"os/exec"
	"strings"

	"github.com/shine-blog/shine/content"
)

// githubMetadata is jekyll-github-metadata's site.github when the site
// lists the plugin, else nil. It asks git for the origin remote and the
// commit at HEAD once per build, and the GitHub API never: the fields only
// the API knows stay empty, as the plugin leaves them offline. With no
// repository to describe, it notes a warning on s.
func githubMetadata(s *content.Site) any {
	cfg := &s.Config
	if !cfg.PluginEnabled("jekyll-github-metadata") {
		return nil
	}
	src := content.GitHubSource{
		RepoNWO:   os.Getenv("PAGES_REPO_NWO"),
		Revision:  os.Getenv("JEKYLL_BUILD_REVISION"),
		PagesEnv:  os.Getenv("PAGES_ENV"),
		Hostname:  os.Getenv("PAGES_GITHUB_HOSTNAME"),
		PagesHost: os.Getenv("PAGES_PAGES_HOSTNAME"),
		APIURL:    os.Getenv("PAGES_API_URL"),
		HelpURL:   os.Getenv("PAGES_HELP_URL"),
	}
	if src.PagesEnv == "" {
		src.PagesEnv, _ = jekyllVars["environment"].(string)
	}
	if _, ok := content.GitHubNWO(cfg.Raw, src); !ok {
		src.Origin = git(s.Source, "config", "--get", "remote.origin.url")
	}
	if src.Revision == "" {
		src.Revision = git(s.Source, "rev-parse", "HEAD")
	}
	nwo, ok := content.GitHubNWO(cfg.Raw, src)
	if !ok {
		s.Warnings = append(s.Warnings, "jekyll-github-metadata: no repository to describe in site.github: "+
			"set repository: OWNER/NAME in _config.yml, or a git remote origin on github.com")
	}
	return content.GitHubMetadata(cfg.Raw, nwo, src)
}

// git runs git in the source folder and gives its output's first line, or
// "" when git fails (no git, not a repository, no such remote).
func git(source string, args ...string) string {
	out, err := exec.Command("git", append([]string{"-C", source}, args...)...).Output()
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}

// githubSite sets site.github in the site map m, and site.title, when the
// config has neither title nor name, to the repository's name (the
// owner's for a user page), as the plugin does. Its site.url and
// site.baseurl fallbacks are not taken: offline they point at GitHub
// Enterprise's /pages/OWNER/NAME, not where the site is served.
func githubSite(m map[string]any, github any) {
	m["github"] = github
	if m["title"] != nil || m["name"] != nil {
		return
	}
	g, _ := github.(map[string]any)
	if user, _ := g["is_user_page"].(bool); user {
		m["title"] = g["owner_name"]
	} else if name, ok := g["repository_name"]; ok {
		m["title"] = name
	}
}
