//go:build unix

package search

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shine-blog/shine/internal/headless"
	"github.com/shine-blog/shine/themes"
)

// TestBrowserQueries runs the theme's script in headless Chromium on
// the files of random sites and checks what it shows against the
// documents themselves: the results of one word and of more, in order,
// their count, titles and links, and their text; then that the script
// reads the files again after a "shine:change" event and shows the
// query's new results.
func TestBrowserQueries(t *testing.T) {
	chromium := headless.Chromium(t)
	if testing.Short() {
		t.Skip("starts a browser")
	}
	script, err := fs.ReadFile(themes.Default(), "assets/js/search.js")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var files map[string][]byte
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch name, ok := strings.CutPrefix(r.URL.Path, "/search/"); {
		case r.URL.Path == "/":
			fmt.Fprint(w, `<!doctype html><meta charset="utf-8"><form><input id="search-page-input"></form>`+
				`<p id="search-status"></p><ol id="search-results"></ol>`+
				`<script src="/search.js" data-search-index="/search/"></script>`)
		case r.URL.Path == "/search.js":
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(script)
		case ok:
			mu.Lock()
			b, found := files[name]
			mu.Unlock()
			if !found {
				http.NotFound(w, r)
				return
			}
			w.Write(b)
		default:
			http.NotFound(w, r)
		}
	}))
	defer hs.Close()

	r := rand.New(rand.NewSource(4))
	vocab := strings.Fields("storage stor store stores stream string strong alpha alps beta gamma delta wiki page post note über straße 42 ab r&d <b>")
	// Many rarer words under st, for a shard big enough to split.
	var rare []string
	for i := 0; i < 300; i++ {
		rare = append(rare, fmt.Sprintf("%s%d", []string{"stack", "stove", "strand"}[i%3], i))
	}
	text := func(n int) string {
		var b strings.Builder
		for i := r.Intn(n); i >= 0; i-- {
			if r.Intn(5) == 0 {
				b.WriteString(rare[r.Intn(len(rare))] + " ")
				continue
			}
			b.WriteString(vocab[r.Intn(len(vocab))] + " ")
		}
		return strings.TrimSpace(b.String())
	}
	var docs []Doc
	for i := 0; i < 1500; i++ {
		docs = append(docs, Doc{URL: fmt.Sprintf("/d/%04d/", i), Title: text(4), Kind: []string{"post", "page", "wiki"}[i%3],
			HTML: "<p>" + strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(text(40)) + "</p>"})
	}
	ix := New()
	ix.Set(docs)
	mu.Lock()
	files = ix.Files()
	mu.Unlock()
	var keys struct{ Keys []string }
	if err := json.Unmarshal(files["index.json"], &keys); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(keys.Keys, " "), "sto") {
		t.Fatalf("no shard split under st (keys %q): the queries would not read more shards than one", keys.Keys)
	}
	titles := map[string]string{}
	for _, d := range docs {
		titles[d.URL] = d.Title
	}

	page := headless.Start(t, chromium, hs.URL+"/")
	page.WaitFor(t, `typeof window.shineSearch`, "function")
	type shown struct {
		Status  string
		Results [][]string // href, title, kind, text
	}
	search := func(q string) shown {
		t.Helper()
		got := page.EvalAsync(t, `window.shineSearch(`+jsonString(q)+`).then(function () {`+
			`return JSON.stringify({Status: document.getElementById("search-status").textContent, `+
			`Results: Array.from(document.querySelectorAll(".search-result")).map(function (li) {`+
			`var a = li.querySelector("a"); return [a.getAttribute("href"), a.textContent, li.querySelector(".search-result__kind").textContent, li.querySelector(".search-result__text").textContent]})})})`)
		var s shown
		if err := json.Unmarshal([]byte(got), &s); err != nil {
			t.Fatalf("%q: %v: %s", q, err, got)
		}
		return s
	}
	for _, q := range []string{"st", "stor", "store", "stream", "über", "stra", "zzz",
		"stor alp", "st be", "store stream 42", "über straße", "ab alpha", "stri strong wiki", "stor zzz", "sto ga de"} {
		count, want := brute(docs, Words(q), 20)
		s := search(q)
		wantStatus := fmt.Sprintf("%d results", count)
		switch {
		case count == 0:
			wantStatus = "No results"
		case count > 20:
			wantStatus += ", the first 20 shown"
		}
		var got []string
		for _, res := range s.Results {
			got = append(got, res[0])
			if res[1] != titles[res[0]] || res[3] == "" {
				t.Errorf("%q: result %s shows title %q and text %q; want title %q and its text", q, res[0], res[1], res[3], titles[res[0]])
			}
		}
		if s.Status != wantStatus || !cmp.Equal(want, got) {
			t.Errorf("%q: shows %q %q; want %q %q", q, s.Status, got, wantStatus, want)
		}
	}

	// A rebuild changed the files: the script drops what it loaded and
	// shows the results of the query in the box again.
	page.Eval(t, `document.getElementById("search-page-input").value = "zeppelin storage"; "ok"`)
	if s := search("zeppelin storage"); s.Status != "No results" {
		t.Fatalf("zeppelin storage: %q before the edit", s.Status)
	}
	docs[7].HTML += "<p>zeppelin storage</p>"
	ix.Set(docs)
	mu.Lock()
	files = ix.Files()
	mu.Unlock()
	page.Eval(t, `document.dispatchEvent(new CustomEvent("shine:change", {detail: ["/d/0007/index.html", "/search/index.json"]})); "ok"`)
	page.WaitFor(t, `document.getElementById("search-status").textContent + " " + document.querySelector(".search-result a").getAttribute("href")`, "1 result /d/0007/")
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
