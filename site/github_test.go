package site

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGitHubMetadataFromGit: with no repository: in the config, site.github
// names the repository of the git remote origin and the commit at HEAD;
// with neither, the build warns and the repository's fields are empty.
func TestGitHubMetadataFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	src := t.TempDir()
	files := map[string]string{
		"_config.yml": "plugins: [jekyll-github-metadata]\n",
		"index.html":  "---\n---\n{{ site.github.repository_nwo }}|{{ site.github.build_revision }}|{{ site.github.clone_url }}|{{ site.title }}\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := func() (string, []string) {
		dest := filepath.Join(t.TempDir(), "_site")
		r, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dest, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(b)), r.Warnings
	}

	got, warnings := build()
	if got != "|||" || !strings.Contains(strings.Join(warnings, "\n"), "jekyll-github-metadata: no repository") {
		t.Errorf("without git: page %q, warnings %q", got, warnings)
	}

	gitRun := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-C", src, "-c", "user.name=t", "-c", "user.email=t@example.org"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	gitRun("init", "-q")
	gitRun("remote", "add", "origin", "git@github.com:octo-org/hello-world.git")
	gitRun("add", "-A")
	gitRun("commit", "-qm", "first")
	head := gitRun("rev-parse", "HEAD")
	got, _ = build()
	if want := "octo-org/hello-world|" + head + "|https://github.com/octo-org/hello-world.git|hello-world"; got != want {
		t.Errorf("from git: got %q, want %q", got, want)
	}
}
