package site

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v2"

	"github.com/shine-blog/shine/content"
)

// TestRegroupMatchesGroupPosts changes random posts' tags and checks that
// patching the lists gives exactly what grouping every post again gives:
// the same keys in the same order, the same posts in the same order.
func TestRegroupMatchesGroupPosts(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	pool := []string{"a", "b", "c", "d", "e", "f", "g"}
	randomTags := func() []string {
		var out []string
		for _, n := range r.Perm(len(pool))[:r.Intn(4)] {
			out = append(out, pool[n])
		}
		return out
	}
	for round := 0; round < 200; round++ {
		n := 1 + r.Intn(30)
		posts := make([]*content.Document, n)
		pages := make([]*page, n)
		rank := map[uintptr]int{}
		byMap := map[uintptr]*content.Document{}
		for i := range posts {
			posts[i] = &content.Document{Path: fmt.Sprint(i), Tags: randomTags()}
			pages[i] = &page{doc: posts[i], data: map[string]any{"i": i}}
			rank[mapID(pages[i].data)] = i
			byMap[mapID(pages[i].data)] = posts[i]
		}
		old := groupPosts(posts, pages, tagsOf)
		var changed []renamed
		for _, i := range r.Perm(n)[:1+r.Intn(min(n, 3))] {
			c := renamed{data: pages[i].data, old: posts[i].Tags}
			posts[i].Tags = randomTags()
			c.new = posts[i].Tags
			changed = append(changed, c)
		}
		want := groupPosts(posts, pages, tagsOf)
		got := regroup(old, changed,
			func(m map[string]any) int { return rank[mapID(m)] },
			func(m map[string]any) []string { return byMap[mapID(m)].Tags })
		if diff := cmp.Diff(summary(want), summary(got)); diff != "" {
			t.Fatalf("round %d (-groupPosts +regroup):\n%s", round, diff)
		}
	}
}

func summary(ms yaml.MapSlice) []string {
	var out []string
	for _, item := range ms {
		s := fmt.Sprint(item.Key, ":")
		for _, v := range item.Value.([]any) {
			s += fmt.Sprint(" ", v.(map[string]any)["i"])
		}
		out = append(out, s)
	}
	return out
}
