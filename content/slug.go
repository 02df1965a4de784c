package content

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The character classes of Jekyll's Utils::SLUGIFY_*_REGEXP. Ruby's \s is
// ASCII whitespace including \v, which Go's \s lacks.
var (
	slugRawRe     = regexp.MustCompile(`[ \t\n\v\f\r]+`)
	slugDefaultRe = regexp.MustCompile(`[^\p{M}\p{L}\p{Nd}]+`)
	slugPrettyRe  = regexp.MustCompile(`[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+`)
	slugASCIIRe   = regexp.MustCompile(`[^A-Za-z0-9]+`)
)

// Slugify is Jekyll's Utils.slugify. mode: "none", "raw", "default" (also
// used for ""), "pretty", "ascii", "latin". cased=false lowercases the
// result (Jekyll's default).
//
// Like Jekyll, an unknown mode (including "none") only lowercases, and
// only one hyphen is trimmed from each end, which matters in "raw" mode
// where hyphens are kept: "--a--" gives "-a-".
func Slugify(s, mode string, cased bool) string {
	var re *regexp.Regexp
	switch mode {
	case "raw":
		re = slugRawRe
	case "", "default":
		re = slugDefaultRe
	case "latin":
		// Utils.slugify transliterates with I18n first, then slugifies as
		// "default" does.
		s = transliterate(s)
		re = slugDefaultRe
	case "pretty":
		re = slugPrettyRe
	case "ascii":
		re = slugASCIIRe
	default:
		if cased {
			return s
		}
		return rubyDowncase(s)
	}
	slug := re.ReplaceAllString(s, "-")
	slug = strings.TrimPrefix(slug, "-")
	slug = strings.TrimSuffix(slug, "-")
	if !cased {
		slug = rubyDowncase(slug)
	}
	return slug
}

// rubyDowncase is Ruby's String#downcase: full Unicode lowercasing, where
// "İ" becomes "i̇" (two code points) as in Unicode's SpecialCasing.
func rubyDowncase(s string) string {
	if !strings.ContainsRune(s, 'İ') {
		return strings.ToLower(s)
	}
	return strings.ToLower(strings.ReplaceAll(s, "İ", "i\u0307"))
}

// transliterate is I18n.transliterate with its default approximations
// (I18n::Backend::Transliterator::HashTransliterator): Latin-1 and Latin
// Extended-A letters lose their accents, every other non-ASCII character
// becomes "?".
func transliterate(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case latinApprox[r] != "":
			b.WriteString(latinApprox[r])
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// latinApprox is the I18n gem's default approximation table.
var latinApprox = func() map[rune]string {
	m := map[rune]string{}
	// Pairs of a run of source letters and their ASCII forms, in order.
	for _, row := range [][2]string{
		{"ÀÁÂÃÄÅ", "A A A A A A"}, {"Æ", "AE"}, {"Ç", "C"}, {"ÈÉÊË", "E E E E"},
		{"ÌÍÎÏ", "I I I I"}, {"Ð", "D"}, {"Ñ", "N"}, {"ÒÓÔÕÖ", "O O O O O"},
		{"×", "x"}, {"Ø", "O"}, {"ÙÚÛÜ", "U U U U"}, {"Ý", "Y"}, {"Þ", "Th"},
		{"ß", "ss"}, {"àáâãäå", "a a a a a a"}, {"æ", "ae"}, {"ç", "c"},
		{"èéêë", "e e e e"}, {"ìíîï", "i i i i"}, {"ð", "d"}, {"ñ", "n"},
		{"òóôõöø", "o o o o o o"}, {"ùúûü", "u u u u"}, {"ý", "y"}, {"þ", "th"},
		{"ÿ", "y"},
		{"ĀāĂăĄą", "A a A a A a"}, {"ĆćĈĉĊċČč", "C c C c C c C c"},
		{"ĎďĐđ", "D d D d"}, {"ĒēĔĕĖėĘęĚě", "E e E e E e E e E e"},
		{"ĜĝĞğĠġĢģ", "G g G g G g G g"}, {"ĤĥĦħ", "H h H h"},
		{"ĨĩĪīĬĭĮįİı", "I i I i I i I i I i"}, {"Ĳĳ", "IJ ij"}, {"Ĵĵ", "J j"},
		{"Ķķĸ", "K k k"}, {"ĹĺĻļĽľĿŀŁł", "L l L l L l L l L l"},
		{"ŃńŅņŇňŉŊŋ", "N n N n N n 'n NG ng"}, {"ŌōŎŏŐőŒœ", "O o O o O o OE oe"},
		{"ŔŕŖŗŘř", "R r R r R r"}, {"ŚśŜŝŞşŠš", "S s S s S s S s"},
		{"ŢţŤťŦŧ", "T t T t T t"}, {"ŨũŪūŬŭŮůŰűŲų", "U u U u U u U u U u U u"},
		{"Ŵŵ", "W w"}, {"ŶŷŸ", "Y y Y"}, {"ŹźŻżŽž", "Z z Z z Z z"},
	} {
		to := strings.Fields(row[1])
		i := 0
		for _, r := range row[0] {
			m[r] = to[i]
			i++
		}
	}
	return m
}()

// TitleizeSlug is Utils.titleize_slug: "amazon-gems" -> "Amazon Gems".
// Ruby's split drops trailing empty fields and String#capitalize
// lowercases the rest of each word.
func TitleizeSlug(slug string) string {
	words := strings.Split(slug, "-")
	for len(words) > 0 && words[len(words)-1] == "" {
		words = words[:len(words)-1]
	}
	for i, w := range words {
		if w == "" {
			continue
		}
		r, n := utf8.DecodeRuneInString(w)
		first, ok := titleSpecial[r]
		if !ok {
			first = string(unicode.ToTitle(r))
		}
		words[i] = first + rubyDowncase(w[n:])
	}
	return strings.Join(words, " ")
}

// titleSpecial are Unicode's SpecialCasing title-case mappings that
// expand to several characters, which Ruby's String#capitalize applies
// ("ß" -> "Ss") and unicode.ToTitle cannot.
var titleSpecial = map[rune]string{
	'ß': "Ss", 'ŉ': "ʼN", 'ǰ': "J̌", 'ẖ': "H̱", 'ẗ': "T̈", 'ẘ': "W̊", 'ẙ': "Y̊", 'ẚ': "Aʾ",
	'ﬀ': "Ff", 'ﬁ': "Fi", 'ﬂ': "Fl", 'ﬃ': "Ffi", 'ﬄ': "Ffl", 'ﬅ': "St", 'ﬆ': "St",
	'և': "Եւ", 'ﬓ': "Մն", 'ﬔ': "Մե", 'ﬕ': "Մի", 'ﬖ': "Վն", 'ﬗ': "Մխ",
	'ΐ': "Ϊ́", 'ΰ': "Ϋ́",
}
