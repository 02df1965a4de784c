package site

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// wikiEdits are the wiki changes the randomized incremental test makes:
// a page added, deleted, renamed (a new path and file name) or
// retitled, and a [[link]] added to or removed from a wiki page or post.
var wikiEdits = []string{"wiki-add", "wiki-delete", "wiki-rename", "wiki-title", "wiki-link", "wiki-link", "wiki-unlink"}

// addWiki adds a wiki page under _wiki/Topics with a title and links
// of its own. Names come from a counter, so no link is ambiguous.
func (f *fixture) addWiki() string {
	n := f.n
	f.n++
	rel := fmt.Sprintf("_wiki/Topics/Note-%d.md", n)
	f.write(rel, fmt.Sprintf("---\ntitle: Note title %d\n---\nAbout %d. %s\n", n, n, f.randomWikiLink()))
	f.wiki = append(f.wiki, rel)
	return "add " + rel
}

// randomWikiLink links to a wiki page that exists, or existed, in one
// of the forms a link takes: path, title, file name, shown text,
// fragment; or to a page that never existed.
func (f *fixture) randomWikiLink() string {
	if len(f.wiki) == 0 || f.r.Intn(8) == 0 {
		return fmt.Sprintf("[[Missing %d]]", f.r.Intn(3))
	}
	rel := f.wiki[f.r.Intn(len(f.wiki))]
	name := strings.TrimSuffix(path.Base(rel), ".md")
	switch f.r.Intn(4) {
	case 0:
		return "[[Topics/" + name + "]]"
	case 1:
		return "[[" + strings.ToLower(name) + "|see this]]"
	case 2:
		return "[[" + name + "#About]]"
	}
	b, err := os.ReadFile(filepath.Join(f.src, rel))
	if err != nil {
		f.t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if t, ok := strings.CutPrefix(l, "title: "); ok {
			return "[[" + t + "]]"
		}
	}
	return "[[" + name + "]]"
}

func (f *fixture) editWiki(kind string) string {
	if len(f.wiki) == 0 && kind != "wiki-link" {
		return f.addWiki()
	}
	switch kind {
	case "wiki-add":
		return f.addWiki()
	case "wiki-delete":
		i := f.r.Intn(len(f.wiki))
		rel := f.wiki[i]
		os.Remove(filepath.Join(f.src, rel))
		f.changed = append(f.changed, rel)
		f.wiki = append(f.wiki[:i], f.wiki[i+1:]...)
		return "delete " + rel
	case "wiki-rename":
		i := f.r.Intn(len(f.wiki))
		rel := f.wiki[i]
		to := fmt.Sprintf("_wiki/Topics/Moved-%d.md", f.n)
		f.n++
		if err := os.Rename(filepath.Join(f.src, rel), filepath.Join(f.src, to)); err != nil {
			f.t.Fatal(err)
		}
		f.changed = append(f.changed, rel, to)
		f.wiki[i] = to
		return "rename " + rel + " " + to
	case "wiki-title":
		rel := f.wiki[f.r.Intn(len(f.wiki))]
		text := f.read(rel)
		f.write(rel, replaceLine(text, "title: ", fmt.Sprintf("title: Note title %d", f.n)))
		f.n++
		return "retitle " + rel
	case "wiki-link", "wiki-unlink":
		var rel string
		if i, ok := f.pick(); ok && f.r.Intn(2) == 0 {
			rel = f.posts[i]
		} else if len(f.wiki) > 0 {
			rel = f.wiki[f.r.Intn(len(f.wiki))]
		} else {
			rel = "_wiki/Home.md"
		}
		text := f.read(rel)
		if kind == "wiki-link" {
			text += "\nSee " + f.randomWikiLink() + ".\n"
		} else {
			var keep []string
			for _, l := range strings.Split(text, "\n") {
				if !strings.HasPrefix(l, "See [[") {
					keep = append(keep, l)
				}
			}
			text = strings.Join(keep, "\n")
		}
		f.write(rel, text)
		return kind + " " + rel
	}
	return "nothing"
}

func (f *fixture) read(rel string) string {
	b, err := os.ReadFile(filepath.Join(f.src, rel))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}
