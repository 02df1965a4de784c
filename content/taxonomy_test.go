package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Utils.pluralized_array_from_hash in Jekyll 4.3.1 reads the singular key
// first.
func TestPluralizedList(t *testing.T) {
	tests := []struct {
		name string
		data map[string]any
		want []string
	}{
		{"plural string is split on whitespace", map[string]any{"tags": "go  ruby\tjekyll\n"}, []string{"go", "ruby", "jekyll"}},
		{"unicode space does not split", map[string]any{"tags": "a\u00a0b"}, []string{"a\u00a0b"}},
		{"plural list is stringified", map[string]any{"tags": []any{"go", 2022, 1.5, 2.0, true, nil}}, []string{"go", "2022", "1.5", "2.0", "true"}},
		{"nested lists flatten", map[string]any{"tags": []any{"a", []any{"b", []any{"c"}}}}, []string{"a", "b", "c"}},
		{"singular wins over plural", map[string]any{"tag": "solo", "tags": "a b"}, []string{"solo"}},
		{"singular string is not split", map[string]any{"tag": "two words"}, []string{"two words"}},
		{"singular list", map[string]any{"tag": []any{"x", "y"}}, []string{"x", "y"}},
		{"null singular falls back", map[string]any{"tag": nil, "tags": []string{"a"}}, []string{"a"}},
		{"false singular falls back", map[string]any{"tag": false, "tags": "a"}, []string{"a"}},
		{"plural of another type is absent", map[string]any{"tags": 5}, nil},
		{"nothing", map[string]any{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PluralizedList(tt.data, "tag", "tags")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// Document#categories_from_path.
func TestCategoriesFromPath(t *testing.T) {
	tests := []struct {
		rel, dir string
		want     []string
	}{
		{"_posts/2022-01-20-amazon-gems.md", "_posts", nil},
		{"a/b/_posts/2022-01-01-x.md", "_posts", []string{"a", "b"}},
		{"a/b/_posts/sub/2022-01-01-x.md", "_posts", []string{"a", "b"}},
		{"a//b/_drafts/x.md", "_drafts", []string{"a", "b"}},
		{"my_posts_x/_posts/2022-03-05-cut.md", "_posts", []string{"my"}}, // cut at the first "_posts"
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, CategoriesFromPath(tt.rel, tt.dir)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// Document#categories_from_path, #merge_categories! and
// #populate_categories, as Jekyll 4.3.1 built them on a test site.
func TestPostCategories(t *testing.T) {
	tests := []struct {
		name string
		rel  string
		data map[string]any
		want []string
	}{
		{"front matter string", "_posts/2022-01-20-amazon-gems.md", map[string]any{"categories": "supertan"}, []string{"supertan"}},
		{"string with several", "_posts/x.md", map[string]any{"categories": "C++ & Go?  #tag 100%"}, []string{"C++", "&", "Go?", "#tag", "100%"}},
		{"folders, list, then singular", "a/b/_posts/2022-03-04-nested.md",
			map[string]any{"categories": []any{"X Y", "Z", 2022}, "category": "solo"}, []string{"a", "b", "X Y", "Z", "2022", "solo"}},
		{"singular only, not split", "my_posts_x/_posts/2022-03-05-cut.md", map[string]any{"category": "only one"}, []string{"my", "only one"}},
		{"repeats dropped", "a/_posts/x.md", map[string]any{"categories": []any{"a", "b", "b"}}, []string{"a", "b"}},
		{"none", "_posts/x.md", map[string]any{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, PostCategories(tt.rel, "_posts", tt.data)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
