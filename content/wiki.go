package content

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
)

// WikiLabel is the label of the wiki collection: Markdown notes under
// _wiki/, whose folders make a tree of pages at /wiki/<path>/.
const WikiLabel = "wiki"

// addWiki turns the wiki collection on when the source has a _wiki
// folder and the config does not define a wiki collection of its own
// (which then keeps its settings).
func (c *Config) addWiki(source string) {
	if _, ok := c.Collections[WikiLabel]; ok {
		return
	}
	if st, err := os.Stat(filepath.Join(source, "_"+WikiLabel)); err != nil || !st.IsDir() {
		return
	}
	c.Collections[WikiLabel] = CollectionConfig{Label: WikiLabel, Output: true, Permalink: "/wiki/:path/", Raw: map[string]any{}}
}

// isWikiNote says whether a file of a collection is a document without
// front matter: notes rarely have any.
func (l *loader) isWikiNote(j job) bool {
	return j.collection == WikiLabel && l.cfg.IsMarkdown(filepath.Ext(j.rel))
}

// setWikiTitle titles a wiki page whose front matter has no title: its
// first heading (heading_title tells layouts it is already shown), else
// its file name.
func setWikiTitle(d *Document, name string) {
	d.Title = name
	if h := FirstHeading(d.Body); h != "" {
		d.Title = h
		d.Data["heading_title"] = true
	}
	d.Data["title"] = d.Title
}

// FirstHeading is the text of the first ATX ("# Title") or setext
// ("Title" over "=====") heading of Markdown, outside fenced code, with
// closing #s and surrounding space removed; "" when there is none.
func FirstHeading(body []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, len(body)+1)
	fence, prev := "", ""
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \t\r")
		trim := strings.TrimLeft(line, " ")
		if len(line)-len(trim) > 3 {
			prev = ""
			continue // indented code
		}
		if fence != "" {
			if strings.HasPrefix(trim, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~") {
			fence = trim[:3]
			prev = ""
			continue
		}
		if strings.HasPrefix(trim, "#") {
			level := len(trim) - len(strings.TrimLeft(trim, "#"))
			rest := trim[level:]
			if level <= 6 && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
				rest = strings.TrimSpace(rest)
				if t := strings.TrimRight(rest, "#"); t == "" || strings.HasSuffix(t, " ") {
					rest = strings.TrimSpace(t)
				}
				if rest != "" {
					return rest
				}
			}
		}
		if prev != "" && len(trim) > 0 && (strings.Trim(trim, "=") == "" || strings.Trim(trim, "-") == "") {
			return prev
		}
		prev = strings.TrimSpace(trim)
	}
	return ""
}
