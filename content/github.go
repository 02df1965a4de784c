package content

import (
	"regexp"
	"strings"
)

// jekyll-github-metadata's site.github, as far as it can be known without
// the GitHub API: the repository's name and owner, the URLs built from
// them, the Pages environment and the commit being built. What only the
// API knows (the tagline, issues and wiki URLs, the license, the owner's
// profile, releases, contributors) is nil, as the plugin leaves it when it
// cannot reach GitHub.

// GitHubSource is what jekyll-github-metadata reads besides the config:
// the environment variables it honours and what git says of the source.
type GitHubSource struct {
	RepoNWO   string // $PAGES_REPO_NWO, which comes before the config
	Origin    string // the URL of the git remote origin, if any
	Revision  string // $JEKYLL_BUILD_REVISION, else git rev-parse HEAD
	PagesEnv  string // $PAGES_ENV, else jekyll.environment
	Hostname  string // $PAGES_GITHUB_HOSTNAME, default github.com
	PagesHost string // $PAGES_PAGES_HOSTNAME, default github.io (localhost:4000 in development)
	APIURL    string // $PAGES_API_URL, default https://api.github.com
	HelpURL   string // $PAGES_HELP_URL, default https://help.github.com
}

// GitHubNWO is the repository ("owner/name") site.github describes: the
// environment's, else the config's repository: when it names an owner,
// else the origin remote's when that is on the GitHub host. ok is false
// when none names one.
func GitHubNWO(raw map[string]any, src GitHubSource) (string, bool) {
	if src.RepoNWO != "" {
		return src.RepoNWO, true
	}
	if r, ok := raw["repository"].(string); ok && strings.Contains(r, "/") {
		return r, true
	}
	return GitHubRemoteNWO(src.Origin, src.hostname())
}

// GitHubRemoteNWO reads "owner/name" from a git remote URL on host
// (https://github.com/owner/name.git, git@github.com:owner/name), as
// jekyll-github-metadata does.
func GitHubRemoteNWO(remote, host string) (string, bool) {
	re, err := regexp.Compile(regexp.QuoteMeta(host) + `(?::|/)([\w-]+)/([\w.-]+)`)
	if err != nil {
		return "", false
	}
	m := re.FindStringSubmatch(strings.TrimSuffix(remote, ".git"))
	if m == nil {
		return "", false
	}
	return m[1] + "/" + m[2], true
}

func (src GitHubSource) hostname() string {
	return strings.TrimSuffix(orDefault(src.Hostname, "github.com"), "/")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// GitHubMetadata is site.github for the repository nwo (empty for none:
// then only the environment's fields are set). A github: mapping in the
// config is merged over it, and any other github: value replaces it, as
// the plugin does.
func GitHubMetadata(raw map[string]any, nwo string, src GitHubSource) any {
	env := orDefault(src.PagesEnv, "development")
	pagesHost := src.PagesHost
	if pagesHost == "" && env == "development" {
		pagesHost = "localhost:4000"
	}
	host := src.hostname()
	githubURL := "https://github.com"
	if host != "github.com" && env != "dotcom" {
		githubURL = "http://" + host
	}
	m := map[string]any{
		"environment":    env,
		"pages_env":      env,
		"hostname":       host,
		"pages_hostname": strings.TrimSuffix(orDefault(pagesHost, "github.io"), "/"),
		"api_url":        strings.TrimSuffix(orDefault(src.APIURL, "https://api.github.com"), "/"),
		"help_url":       strings.TrimSuffix(orDefault(src.HelpURL, "https://help.github.com"), "/"),
		"build_revision": src.Revision,
		"versions":       map[string]any{},
	}
	if owner, name, ok := strings.Cut(nwo, "/"); ok {
		userPage := isUserPage(owner, name, m["pages_hostname"].(string), env, host)
		ownerURL := githubURL + "/" + owner
		repoURL := ownerURL + "/" + name
		branch := "gh-pages"
		if userPage {
			branch = "master"
		}
		// Without the API the Pages URL is the one the plugin builds for
		// a GitHub instance without custom domains (/pages/OWNER/NAME),
		// or on github.com itself (PAGES_ENV dotcom) the owner's domain.
		pagesURL, pagesPath := githubURL+"/pages/"+nwo, "/pages/"+nwo
		if userPage {
			pagesURL, pagesPath = githubURL+"/pages/"+owner, "/pages/"+owner
		}
		if env == "dotcom" || env == "test" {
			domain := strings.ToLower(owner + "." + m["pages_hostname"].(string))
			scheme := "http"
			if owner == "github" && strings.HasSuffix(domain, ".github.com") {
				scheme = "https"
			}
			pagesURL, pagesPath = scheme+"://"+domain, ""
			if !userPage {
				pagesURL, pagesPath = pagesURL+"/"+name, "/"+name
			}
		}
		m["repository_nwo"] = nwo
		m["repository_name"] = name
		m["project_title"] = name
		m["owner_name"] = owner
		m["owner_url"] = ownerURL
		m["owner_gravatar_url"] = ownerURL + ".png"
		m["repository_url"] = repoURL
		m["clone_url"] = repoURL + ".git"
		m["zip_url"] = repoURL + "/zipball/" + branch
		m["tar_url"] = repoURL + "/tarball/" + branch
		m["releases_url"] = repoURL + "/releases"
		m["is_user_page"] = userPage
		m["is_project_page"] = !userPage
		m["source"] = map[string]any{"branch": branch, "path": "/"}
		m["url"] = pagesURL
		m["baseurl"] = pagesPath
		owned := map[string]any{}
		for _, k := range ownerKeys {
			owned[k] = nil
		}
		m["owner"] = owned
	}
	switch g := raw["github"].(type) {
	case nil:
	case map[string]any:
		return deepMerge(m, g) // m is ours to change
	default:
		return g
	}
	return m
}

// ownerKeys are the fields of the owner's profile (all from the API).
var ownerKeys = []string{"avatar_url", "bio", "blog", "collaborators", "company", "created_at",
	"description", "email", "followers", "following", "has_organization_projects",
	"has_repository_projects", "hireable", "html_url", "id", "is_verified", "location", "login",
	"name", "node_id", "public_gists", "public_repos", "type", "updated_at"}

// isUserPage is the plugin's primary?: a repository named after its
// owner's Pages domain (OWNER.github.io, or OWNER.github.com).
func isUserPage(owner, name, pagesHost, env, host string) bool {
	name = strings.ToLower(name)
	if env == "enterprise" {
		return name == strings.ToLower(owner+"."+host)
	}
	domain := owner + "." + pagesHost
	if owner == "github" {
		domain = owner + "." + host
	}
	return name == strings.ToLower(domain) || name == strings.ToLower(owner+".github.com")
}
