package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCorpus converts the Markdown of every post in the folder
// SHINE_MD_CORPUS names (a _posts folder, as ../shared/bench's corpus
// writes it), front matter left out: Markdown conversion alone, for
// before and after figures.
func BenchmarkCorpus(b *testing.B) {
	dir := os.Getenv("SHINE_MD_CORPUS")
	if dir == "" {
		b.Skip("SHINE_MD_CORPUS not set")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no posts in %s: %v", dir, err)
	}
	var bodies [][]byte
	size := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if bytes.HasPrefix(src, []byte("---\n")) {
			if i := bytes.Index(src[4:], []byte("\n---\n")); i >= 0 {
				src = src[4+i+5:]
			}
		}
		bodies = append(bodies, src)
		size += len(src)
	}
	c := New(Options{})
	var out bytes.Buffer
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for _, src := range bodies {
			out.Reset()
			if err := c.Convert(&out, src); err != nil {
				b.Fatal(err)
			}
		}
	}
}
