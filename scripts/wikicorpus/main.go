// Command wikicorpus adds a synthetic wiki to a site for benchmarks:
// N pages under _wiki/ in a tree of folders, each with text and wiki
// links to other pages in every form (path, title, file name, shown
// text, heading), and links from some posts into the wiki. With -plain
// the links are written as plain text instead, for the same site
// without wiki links.
//
//	go run ./scripts/wikicorpus -n 2000 -site /tmp/c10k/jekyll [-plain]
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

var words = strings.Fields(`the a system service request latency throughput cache shard replica
leader follower quorum durability availability customer mechanism metric dashboard alarm deploy
pipeline rollback canary experiment build dependency review code change test queue stream batch
index storage object bucket region zone partition failure retry backoff timeout budget error
template document owner plan milestone escalation secure reliable simple performance quality`)

func main() {
	n := flag.Int("n", 2000, "wiki pages")
	dir := flag.String("site", "", "the site folder")
	plain := flag.Bool("plain", false, "write the links as plain text")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "usage: wikicorpus -n PAGES -site DIR [-plain]")
		os.Exit(2)
	}
	r := rand.New(rand.NewSource(1))
	folders := []string{"Teams", "Users", "Runbooks", "Projects", "Notes", "Policies"}
	paths := make([]string, *n)
	for i := range paths {
		f := folders[i%len(folders)]
		paths[i] = fmt.Sprintf("%s/Group-%d/Page-%d", f, (i/len(folders))%40, i)
	}
	link := func(i int) string {
		j := r.Intn(len(paths))
		if j == i {
			j = (j + 1) % len(paths)
		}
		var s string
		switch r.Intn(5) {
		case 0:
			s = "[[" + paths[j] + "]]"
		case 1:
			s = fmt.Sprintf("[[Page title %d]]", j)
		case 2:
			s = fmt.Sprintf("[[page-%d]]", j)
		case 3:
			s = fmt.Sprintf("[[%s|see page %d]]", paths[j], j)
		default:
			s = fmt.Sprintf("[[Page-%d#Details]]", j)
		}
		if *plain {
			s = strings.NewReplacer("[[", "", "]]", "").Replace(s)
		}
		return s
	}
	text := func(k int) string {
		var b strings.Builder
		for w := 0; w < k; w++ {
			if w > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[r.Intn(len(words))])
		}
		return b.String()
	}
	for i, p := range paths {
		var b strings.Builder
		fmt.Fprintf(&b, "# Page title %d\n\n%s %s.\n\n## Details\n\n", i, text(40), link(i))
		for k := 0; k < 4; k++ {
			fmt.Fprintf(&b, "- %s: %s\n", text(4), link(i))
		}
		fmt.Fprintf(&b, "\n%s.\n", text(60))
		full := filepath.Join(*dir, "_wiki", filepath.FromSlash(p)+".md")
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(full, []byte(b.String()), 0o644); err != nil {
			fail(err)
		}
	}
	// One post in ten links into the wiki.
	posts, _ := filepath.Glob(filepath.Join(*dir, "_posts", "*.md"))
	sort.Strings(posts)
	for k, p := range posts {
		if k%10 != 0 {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			fail(err)
		}
		b = append(b, "\nSee also "+link(-1)+".\n"...)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "wikicorpus:", err)
	os.Exit(1)
}
