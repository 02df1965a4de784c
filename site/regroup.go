package site

import (
	"slices"
	"sort"

	"gopkg.in/yaml.v2"

	"github.com/shine-blog/shine/content"
)

// renamed is a post whose tags or categories changed while it kept its
// place among the posts.
type renamed struct {
	data     map[string]any // the post's Liquid map, the same before and after
	old, new []string
}

// regroup is groupPosts for a site where only the given posts changed
// their names: it edits the lists of the names they left or joined and
// keeps every other list as it was, instead of grouping all posts again.
// rank gives a post's place, oldest first; names gives a post's names,
// for ordering keys the way groupPosts does: by the oldest post that has
// them, then by their place among that post's names.
func regroup(old yaml.MapSlice, changed []renamed, rank func(map[string]any) int, names func(map[string]any) []string) yaml.MapSlice {
	lists := make(map[string][]any, len(old)+4)
	for _, item := range old {
		lists[item.Key.(string)] = item.Value.([]any)
	}
	for _, c := range changed {
		for _, n := range c.old {
			if !slices.Contains(c.new, n) {
				lists[n] = slices.DeleteFunc(slices.Clone(lists[n]), func(v any) bool {
					m, _ := v.(map[string]any)
					return mapID(m) == mapID(c.data)
				})
			}
		}
		r := rank(c.data)
		for _, n := range c.new {
			if slices.Contains(c.old, n) {
				continue
			}
			l := lists[n]
			// Lists are newest first: the post goes before the first
			// older one.
			i := sort.Search(len(l), func(i int) bool { return rank(l[i].(map[string]any)) < r })
			lists[n] = slices.Insert(slices.Clone(l), i, any(c.data))
		}
	}
	type key struct {
		name        string
		oldest, pos int
	}
	keys := make([]key, 0, len(lists))
	for n, l := range lists {
		if len(l) == 0 {
			continue
		}
		oldest := l[len(l)-1].(map[string]any)
		keys = append(keys, key{n, rank(oldest), slices.Index(names(oldest), n)})
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].oldest != keys[j].oldest {
			return keys[i].oldest < keys[j].oldest
		}
		return keys[i].pos < keys[j].pos
	})
	out := make(yaml.MapSlice, len(keys))
	for i, k := range keys {
		out[i] = yaml.MapItem{Key: k.name, Value: lists[k.name]}
	}
	return out
}

// tagsOf and categoriesOf read a document's names for regroup.
func tagsOf(d *content.Document) []string       { return d.Tags }
func categoriesOf(d *content.Document) []string { return d.Categories }
