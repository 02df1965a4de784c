package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGitHubMetadata holds what Debian's Jekyll 4.3 with
// jekyll-github-metadata 2.15 prints for site.github offline
// (JEKYLL_GITHUB_TOKEN unset, JEKYLL_ENV=production).
func TestGitHubMetadata(t *testing.T) {
	for _, c := range []struct {
		name string
		raw  map[string]any
		src  GitHubSource
		want map[string]any
	}{
		{
			name: "project page",
			raw:  map[string]any{"repository": "octo-org/hello-world"},
			src:  GitHubSource{PagesEnv: "production", Revision: "9012dc5"},
			want: map[string]any{
				"environment": "production", "pages_env": "production", "hostname": "github.com",
				"pages_hostname": "github.io", "api_url": "https://api.github.com", "help_url": "https://help.github.com",
				"project_title": "hello-world", "owner_name": "octo-org",
				"owner_url": "https://github.com/octo-org", "owner_gravatar_url": "https://github.com/octo-org.png",
				"repository_url": "https://github.com/octo-org/hello-world", "repository_nwo": "octo-org/hello-world",
				"repository_name": "hello-world",
				"zip_url":         "https://github.com/octo-org/hello-world/zipball/gh-pages",
				"tar_url":         "https://github.com/octo-org/hello-world/tarball/gh-pages",
				"clone_url":       "https://github.com/octo-org/hello-world.git",
				"releases_url":    "https://github.com/octo-org/hello-world/releases",
				"is_user_page":    false, "is_project_page": true,
				"url": "https://github.com/pages/octo-org/hello-world", "baseurl": "/pages/octo-org/hello-world",
				"source":         map[string]any{"branch": "gh-pages", "path": "/"},
				"build_revision": "9012dc5", "versions": map[string]any{},
			},
		},
		{
			name: "user page",
			raw:  map[string]any{"repository": "Octo-Org/octo-org.github.io"},
			src:  GitHubSource{PagesEnv: "production", Revision: "abc123"},
			want: map[string]any{
				"project_title": "octo-org.github.io", "repository_nwo": "Octo-Org/octo-org.github.io",
				"repository_url": "https://github.com/Octo-Org/octo-org.github.io",
				"zip_url":        "https://github.com/Octo-Org/octo-org.github.io/zipball/master",
				"clone_url":      "https://github.com/Octo-Org/octo-org.github.io.git",
				"is_user_page":   true, "is_project_page": false,
				"url": "https://github.com/pages/Octo-Org", "baseurl": "/pages/Octo-Org",
				"source": map[string]any{"branch": "master", "path": "/"}, "build_revision": "abc123",
			},
		},
		{
			name: "dotcom",
			raw:  map[string]any{"repository": "octo-org/hello-world"},
			src:  GitHubSource{PagesEnv: "dotcom"},
			want: map[string]any{
				"environment": "dotcom", "pages_hostname": "github.io",
				"url": "http://octo-org.github.io/hello-world", "baseurl": "/hello-world",
			},
		},
		{
			name: "development",
			src:  GitHubSource{Origin: "git@github.com:octo-org/hello-world.git"},
			want: map[string]any{
				"environment": "development", "pages_hostname": "localhost:4000",
				"repository_nwo": "octo-org/hello-world",
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			nwo, _ := GitHubNWO(c.raw, c.src)
			got := GitHubMetadata(c.raw, nwo, c.src).(map[string]any)
			picked := map[string]any{}
			for k := range c.want {
				picked[k] = got[k]
			}
			if diff := cmp.Diff(c.want, picked); diff != "" {
				t.Errorf("site.github (-jekyll +shine):\n%s", diff)
			}
		})
	}
}

func TestGitHubNWO(t *testing.T) {
	for _, c := range []struct {
		raw    map[string]any
		src    GitHubSource
		want   string
		wantOK bool
	}{
		{nil, GitHubSource{Origin: "https://github.com/crystal-lang/crystal-website.git"}, "crystal-lang/crystal-website", true},
		{nil, GitHubSource{Origin: "git@github.com:jekyll/jekyll"}, "jekyll/jekyll", true},
		{nil, GitHubSource{Origin: "ssh://git@github.com/scala/scala-lang.git"}, "scala/scala-lang", true},
		{nil, GitHubSource{Origin: "https://gitlab.com/a/b.git"}, "", false},
		{nil, GitHubSource{}, "", false},
		{map[string]any{"repository": "me/site"}, GitHubSource{Origin: "https://github.com/a/b"}, "me/site", true},
		{map[string]any{"repository": "site"}, GitHubSource{Origin: "https://github.com/a/b"}, "a/b", true},
		{map[string]any{"repository": "me/site"}, GitHubSource{RepoNWO: "env/repo"}, "env/repo", true},
		{nil, GitHubSource{Origin: "https://ghe.example.com/t/r.git", Hostname: "ghe.example.com"}, "t/r", true},
	} {
		got, ok := GitHubNWO(c.raw, c.src)
		if got != c.want || ok != c.wantOK {
			t.Errorf("GitHubNWO(%v, %+v) = %q, %v; want %q, %v", c.raw, c.src, got, ok, c.want, c.wantOK)
		}
	}
}

// TestGitHubConfigMerge: a github: mapping in the config is merged over
// the metadata, key by key; any other value replaces it.
func TestGitHubConfigMerge(t *testing.T) {
	raw := map[string]any{"github": map[string]any{"project_title": "Mine", "source": map[string]any{"path": "/docs"}}}
	got := GitHubMetadata(raw, "o/r", GitHubSource{PagesEnv: "production"}).(map[string]any)
	if got["project_title"] != "Mine" || got["repository_nwo"] != "o/r" {
		t.Errorf("merged: %v", got)
	}
	if diff := cmp.Diff(map[string]any{"branch": "gh-pages", "path": "/docs"}, got["source"]); diff != "" {
		t.Errorf("source (-want +got):\n%s", diff)
	}
	if got := GitHubMetadata(map[string]any{"github": "off"}, "o/r", GitHubSource{}); got != "off" {
		t.Errorf("github: off gives %v", got)
	}
}
