package main

// The Jekyll parity test: every site under testdata/parity is built by
// `jekyll build` and by `shine build`, and shine must put every page where
// Jekyll does, with the same title, canonical URL, heading ids, feed
// entries and sitemap. Body text differences are logged, not failed.
// Nothing is cached: each run builds every site afresh.
//
//	go test ./cmd/shine/ -run Parity -v
//	go test ./cmd/shine/ -run 'JekyllParity/minima' -v

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// parityDir holds one folder per fixture site, relative to cmd/shine.
const parityDir = "../../testdata/parity"

func TestJekyllParity(t *testing.T) {
	jekyll := lookJekyll(t)
	// Both builds see the same environment; jekyll-seo-tag and themes
	// branch on jekyll.environment.
	t.Setenv("JEKYLL_ENV", "production")
	for _, site := range paritySites(t) {
		t.Run(site, func(t *testing.T) {
			want := jekyllBuild(t, jekyll, site)
			got, err := shineBuild(t, site)
			if err != nil {
				t.Fatalf("shine build failed: %v", err)
			}
			c, err := compareSites(want, got)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range c.diffs {
				if d.kind.structural() || strictText[site] {
					t.Errorf("%s", d)
				} else {
					t.Logf("%s", d)
				}
			}
			t.Logf("%s: %d pages same, %d differ", site, c.pagesSame, c.pagesDiffer)
		})
	}
}

// TestJekyllParitySelfCheck checks the harness on real output: two Jekyll
// builds of each site must compare equal, and differences planted in one
// of them must each be reported, with nothing else.
func TestJekyllParitySelfCheck(t *testing.T) {
	jekyll := lookJekyll(t)
	t.Setenv("JEKYLL_ENV", "production")
	for _, site := range paritySites(t) {
		t.Run(site, func(t *testing.T) {
			want := jekyllBuild(t, jekyll, site)
			got := jekyllBuild(t, jekyll, site)
			c, err := compareSites(want, got)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range c.diffs {
				t.Errorf("jekyll vs jekyll: %s", d)
			}
			t.Logf("jekyll vs jekyll: %d pages same, %d differ", c.pagesSame, c.pagesDiffer)
			if c.pagesSame == 0 || c.pagesDiffer != 0 {
				t.Errorf("jekyll vs jekyll: %d pages same, %d differ; want some same, none differ", c.pagesSame, c.pagesDiffer)
			}

			planted := plantDifferences(t, got)
			c, err = compareSites(want, got)
			if err != nil {
				t.Fatal(err)
			}
			reported := make(map[difference]bool)
			for _, d := range c.diffs {
				t.Logf("planted and reported: %s", d)
				key := difference{kind: d.kind, file: d.file}
				reported[key] = true
				if !planted[key] {
					t.Errorf("reported a difference that was not planted: %s", d)
				}
			}
			for p := range planted {
				if !reported[p] {
					t.Errorf("planted %s difference in %s was not reported", p.kind, p.file)
				}
			}
		})
	}
}

// plantDifferences alters the Jekyll output in dir in one way per kind of
// difference, where the site has something to alter, and returns what it
// planted (kind and file; detail left empty).
func plantDifferences(t *testing.T, dir string) map[difference]bool {
	t.Helper()
	files, err := listFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	var pages []string
	for f := range files {
		if isHTML(f) && f != "index.html" {
			pages = append(pages, f)
		}
	}
	slices.Sort(pages)
	planted := make(map[difference]bool)
	used := make(map[string]bool)

	// edit replaces the first old with new in the first of candidates that
	// has old and is not used yet, so each file carries one planted kind.
	edit := func(kind diffKind, old, new string, candidates ...string) {
		for _, f := range candidates {
			if used[f] {
				continue
			}
			p := filepath.Join(dir, filepath.FromSlash(f))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(b, []byte(old)) {
				continue
			}
			b = bytes.Replace(b, []byte(old), []byte(new), 1)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			used[f] = true
			planted[difference{kind: kind, file: f}] = true
			return
		}
	}
	var all []string
	if files["index.html"] {
		all = append(all, "index.html")
	}
	all = append(all, pages...)
	edit(diffTitle, "<title>", "<title>Planted ", all...)
	edit(diffCanonical, `rel="canonical" href="`, `rel="canonical" href="/planted`, all...)
	edit(diffAnchors, `<h2 id="`, `<h2 id="planted-`, all...)
	edit(diffText, "</p>", " planted words</p>", all...)

	for _, f := range pages {
		if !used[f] {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
				t.Fatal(err)
			}
			planted[difference{kind: diffPath, file: f}] = true
			break
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "planted.txt"), []byte("planted\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	planted[difference{kind: diffPath, file: "planted.txt"}] = true

	var sheets []string
	for f := range files {
		if path.Ext(f) == ".css" {
			sheets = append(sheets, f)
		}
	}
	slices.Sort(sheets)
	edit(diffCSS, "{", "{ planted: 1;", sheets...)
	if files[feedFile] {
		edit(diffFeed, "<entry><title type=\"html\">", "<entry><title type=\"html\">Planted ", feedFile)
	}
	if files[sitemapFile] {
		edit(diffSitemap, "<loc>", "<loc>https://planted.example", sitemapFile)
	}
	return planted
}

// lookJekyll returns the jekyll command, or skips the test without it.
func lookJekyll(t *testing.T) string {
	t.Helper()
	jekyll, err := exec.LookPath("jekyll")
	if err != nil {
		t.Skip("jekyll is not on PATH; the parity test needs jekyll 4.3 with jekyll-feed, -sitemap, -seo-tag, -paginate and -redirect-from")
	}
	return jekyll
}

// paritySites lists the fixture sites, one per folder under parityDir.
func paritySites(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(parityDir)
	if err != nil {
		t.Fatal(err)
	}
	var sites []string
	for _, e := range entries {
		if e.IsDir() {
			sites = append(sites, e.Name())
		}
	}
	if len(sites) == 0 {
		t.Fatalf("no fixture sites in %s", parityDir)
	}
	return sites
}

// strictText are the fixtures whose body text must match Jekyll's too,
// not only be logged: written in HTML, not Markdown, so two Markdown
// renderers' small differences cannot show.
var strictText = map[string]bool{"octopaginate": true}

// copySite copies a fixture into a fresh folder, so that neither builder
// can leave anything (a .jekyll-cache, say) in testdata, and adds the
// files the fixture takes from elsewhere.
func copySite(t *testing.T, site string) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), site)
	if err := os.CopyFS(src, os.DirFS(filepath.Join(parityDir, site))); err != nil {
		t.Fatalf("copy fixture %s: %v", site, err)
	}
	if site == "octopaginate" {
		addScalaPlugin(t, src, "_plugins/octopress-paginate.rb", "_plugins/octopress-paginate/hooks.rb")
	}
	return src
}

// addScalaPlugin copies Ruby plugin files from the scala site's source
// in ../shared/realsites into the fixture at dir, or skips the test
// without them. The octopaginate fixture uses the octopress-paginate
// plugin that site carries, as Jekyll runs it there: the plugin is not a
// Debian package, and a copy of it is not kept in this repository.
func addScalaPlugin(t *testing.T, dir string, files ...string) {
	t.Helper()
	archive := filepath.Join(realSitesDir, "scala", "src.tar.xz")
	if _, err := os.Stat(archive); err != nil {
		t.Skipf("no %s to take the octopress-paginate plugin from (CI has ../shared): %v", archive, err)
	}
	args := append([]string{"-xJf", archive, "-C", dir}, files...)
	if out, err := exec.CommandContext(t.Context(), "tar", args...).CombinedOutput(); err != nil {
		t.Fatalf("extract %s from %s: %v\n%s", strings.Join(files, ", "), archive, err, out)
	}
}

// jekyllBuild builds a fixture with Jekyll and returns the output folder.
// Not --safe: safe mode loads only whitelisted plugins, which would drop
// the ones the fixtures list under plugins:.
func jekyllBuild(t *testing.T, jekyll, site string) string {
	t.Helper()
	src := copySite(t, site)
	dst := filepath.Join(t.TempDir(), "_site")
	cmd := exec.CommandContext(t.Context(), jekyll, "build", "-s", src, "-d", dst, "--quiet", "--disable-disk-cache")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("jekyll build %s: %v\n%s", site, err, out)
	}
	return dst
}

// shineBuild builds a fixture with shine in-process and returns the
// output folder.
func shineBuild(t *testing.T, site string) (string, error) {
	t.Helper()
	src := copySite(t, site)
	dst := filepath.Join(t.TempDir(), "_site")
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"build", "-s", src, "-d", dst}, &stdout, &stderr); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", fmt.Errorf("%w\n%s", err, msg)
		}
		return "", err
	}
	return dst, nil
}
