package liquid

import (
	"regexp"
	"strings"

	"github.com/osteele/liquid/expressions"
)

// Ruby Liquid's lexical pieces (lib/liquid.rb), as its lax parser uses them.
const (
	quotedString   = `"[^"]*"|'[^']*'`
	quotedFragment = quotedString + `|(?:[^\s,\|'"]|` + quotedString + `)+`
)

var (
	// markupRE finds {{ }} and {% %} as Ruby's tokenizer does: across lines.
	markupRE = regexp.MustCompile(`(?s)\{\{.*?\}\}|\{%.*?%\}`)
	// tagRE splits a tag into its trim marks, name and markup.
	tagRE = regexp.MustCompile(`(?s)^\{%(-?)\s*(\w+)(.*?)(-?)%\}$`)
	// outputRE splits an output into its trim marks and markup.
	outputRE          = regexp.MustCompile(`(?s)^\{\{(-?)(.*?)(-?)\}\}$`)
	fragmentRE        = regexp.MustCompile(`(?s)(` + quotedFragment + `)(.*)`)
	filterMarkupRE    = regexp.MustCompile(`(?s)\|\s*(.*)`)
	filterRE          = regexp.MustCompile(`(?:\s+|` + quotedFragment + `|,)+`)
	filterNameRE      = regexp.MustCompile(`\w+`)
	filterArgsRE      = regexp.MustCompile(`(?:[:,])\s*((?:\w+\s*:\s*)?(?:` + quotedFragment + `))`)
	keywordArgRE      = regexp.MustCompile(`^\w+\s*:`)
	conditionRE       = regexp.MustCompile(`^(` + quotedFragment + `)\s*([=!<>a-z_]+)?\s*(` + quotedFragment + `)?`)
	forRE             = regexp.MustCompile(`(?s)^\s*([\w-]+)\s+in\s+(\(.*?\)|` + quotedFragment + `)(.*)$`)
	forAttrRE         = regexp.MustCompile(`(\w[\w-]*)\s*:\s*(` + quotedFragment + `)`)
	rangeRE           = regexp.MustCompile(`^\(\s*(` + quotedFragment + `?)\s*\.\.\s*(` + quotedFragment + `)\s*\)$`)
	intRE             = regexp.MustCompile(`^-?\d+$`)
	endRawRE          = regexp.MustCompile(`\{%-?\s*endraw\s*-?%\}`)
	commentBoundaryRE = regexp.MustCompile(`\{%-?\s*(comment|endcomment)\s*-?%\}`)
)

// lax rewrites a template so that osteele/liquid reads it as Ruby
// Liquid's lax parser (Jekyll's default) does. Markup osteele/liquid
// already reads the same way is left as written; the rest is rewritten
// into the equivalent markup it reads, keeping every newline so error
// lines stay right. With error_mode: strict only what Ruby reads the
// same way in both modes is rewritten: case, tablerow, and loops that a
// later loop continues.
func (t *Engine) lax(src []byte, file string, line int) []byte {
	if !HasLiquid(src) {
		return src
	}
	out, ok := t.laxPass(string(src), file, true)
	if !ok {
		// A case left open: osteele/liquid reports it as written.
		out, _ = t.laxPass(string(src), file, false)
	}
	if out == "" {
		return src
	}
	return []byte(out)
}

// block is an open block tag, as the lax reading tracks them to know
// which block a when or an else belongs to.
type block struct {
	name string
	c    *caseBlock // for a case
}

// knownBlocks are the block tags whose end the lax reading looks for.
var knownBlocks = map[string]bool{
	"if": true, "unless": true, "for": true, "case": true, "capture": true,
	"tablerow": true, "ifchanged": true, "highlight": true,
}

// laxPass is one pass of lax over s: the rewritten template, "" when
// nothing changed, and false when a case it rewrote was never closed.
func (t *Engine) laxPass(s, file string, cases bool) (string, bool) {
	var out strings.Builder
	changed := false
	continued := continuedLoops(s)
	var open []block
	p := 0
	for p < len(s) {
		loc := markupRE.FindStringIndex(s[p:])
		if loc == nil {
			break
		}
		start, end := p+loc[0], p+loc[1]
		tok := s[start:end]
		out.WriteString(s[p:start])
		p = end
		if m := tagRE.FindStringSubmatch(tok); m != nil {
			name := m[2]
			switch name {
			case "raw":
				if e := endRawRE.FindStringIndex(s[p:]); e != nil {
					body := s[p : p+e[0]]
					out.WriteString(tok)
					if r := rawBody(body); r != body {
						out.WriteString(r)
						changed = true
					} else {
						out.WriteString(body)
					}
					out.WriteString(s[p+e[0] : p+e[1]])
					p += e[1]
					continue
				}
			case "comment":
				if e := commentEnd(s[p:]); e > 0 {
					out.WriteString(tok)
					out.WriteString(s[p : p+e])
					p += e
					continue
				}
			}
			var top *block
			if len(open) > 0 {
				top = &open[len(open)-1]
			}
			r := ""
			switch {
			case name == "case" && cases:
				c := newCase(blanks(m[3]))
				open = append(open, block{name: name, c: c})
				if c != nil {
					r = c.open(m[1], m[3], m[4])
				}
			case (name == "when" || name == "else") && top != nil && top.c != nil:
				r = top.c.clause(name, m[1], blanks(m[3]), m[4])
			case knownBlocks[name]:
				open = append(open, block{name: name})
			case strings.HasPrefix(name, "end") && top != nil && top.name == name[3:]:
				if top.c != nil {
					r = top.c.end(m[1], m[3], m[4])
				}
				open = open[:len(open)-1]
			}
			if r == "" {
				r = t.laxTag(tok, m[1], name, m[3], m[4], file, continued)
			}
			if r != tok {
				changed = true
			}
			out.WriteString(r)
			continue
		}
		if m := outputRE.FindStringSubmatch(tok); m != nil {
			r := tok
			if !t.mode.Strict || t.strictReads(m[2]) {
				r = t.laxOutput(m[1], m[2], m[3], file)
			}
			if r != tok {
				changed = true
			}
			out.WriteString(r)
			continue
		}
		out.WriteString(tok)
	}
	for _, b := range open {
		if b.c != nil {
			return "", false
		}
	}
	if !changed {
		return "", true
	}
	out.WriteString(s[p:])
	return out.String(), true
}

// offsetContinue says whether s may hold "offset: continue": a
// "continue" after a colon, which {% continue %} never is.
func offsetContinue(s string) bool {
	for {
		i := strings.Index(s, "continue")
		if i < 0 {
			return false
		}
		if strings.HasSuffix(strings.TrimRight(s[:i], " \t\r\n"), ":") {
			return true
		}
		s = s[i+len("continue"):]
	}
}

// continuedLoops names the for loops of a template that a loop with
// offset: continue continues, by Ruby's loop name ("item-collection").
func continuedLoops(s string) map[string]bool {
	if !offsetContinue(s) {
		return nil
	}
	var names map[string]bool
	for _, tok := range markupRE.FindAllString(s, -1) {
		m := tagRE.FindStringSubmatch(tok)
		if m == nil || m[2] != "for" {
			continue
		}
		f := forRE.FindStringSubmatch(blanks(m[3]))
		if f == nil {
			continue
		}
		for _, a := range forAttrRE.FindAllStringSubmatch(f[3], -1) {
			if a[1] == "offset" && a[2] == "continue" {
				if names == nil {
					names = map[string]bool{}
				}
				names[f[1]+"-"+f[2]] = true
			}
		}
	}
	return names
}

// rawBody keeps the body of a raw block literal for osteele/liquid, whose
// scanner reads {{ and {% inside it as markup (so that "{{`{% endraw %}"
// hides the end of the block, where Ruby ends it): each opener is closed
// out of the block and written by an output of its own.
func rawBody(body string) string {
	if !strings.Contains(body, "{{") && !strings.Contains(body, "{%") {
		return body
	}
	var b strings.Builder
	for {
		i := strings.Index(body, "{")
		for i >= 0 && !(i+1 < len(body) && (body[i+1] == '{' || body[i+1] == '%')) {
			j := strings.Index(body[i+1:], "{")
			if j < 0 {
				i = -1
			} else {
				i += 1 + j
			}
		}
		if i < 0 {
			b.WriteString(body)
			return b.String()
		}
		b.WriteString(body[:i])
		b.WriteString(`{% endraw %}{{ "` + body[i:i+2] + `" }}{% raw %}`)
		body = body[i+2:]
	}
}

// commentEnd is the end of the endcomment that closes a comment block
// (nested ones counted), or 0.
func commentEnd(s string) int {
	depth := 1
	for _, m := range commentBoundaryRE.FindAllStringSubmatchIndex(s, -1) {
		if s[m[2]:m[3]] == "comment" {
			depth++
		} else if depth--; depth == 0 {
			return m[1]
		}
	}
	return 0
}

// laxOutput reads {{ markup }}.
func (t *Engine) laxOutput(ltrim, markup, rtrim, file string) string {
	orig := "{{" + ltrim + markup + rtrim + "}}"
	clean := blanks(markup)
	expr, ok := t.laxVariable(clean, file)
	if !ok {
		return orig
	}
	multiline := strings.Contains(markup, "\n")
	if clean == markup && expr == strings.TrimSpace(markup) && !multiline {
		return orig
	}
	if _, err := expressions.Parse(expr); err != nil && clean == markup {
		return orig
	}
	if multiline {
		// osteele/liquid's {{ }} stays on one line; echo takes the same
		// expression and keeps the newlines where they were.
		return "{%" + ltrim + " echo " + expr + strings.Repeat("\n", strings.Count(markup, "\n")) + rtrim + "%}"
	}
	return "{{" + ltrim + " " + expr + " " + rtrim + "}}"
}

// laxVariable reads "name | filter: args | ..." as Ruby's
// Variable#lax_parse does and returns it in the form osteele/liquid
// reads: what Ruby skips is dropped, and so are unknown filters (Ruby
// passes their input through), each named once in a warning.
func (t *Engine) laxVariable(markup, file string) (string, bool) {
	m := fragmentRE.FindStringSubmatch(markup)
	if m == nil {
		return "", false
	}
	var b strings.Builder
	b.WriteString(laxExpr(m[1]))
	fm := filterMarkupRE.FindStringSubmatch(m[2])
	if fm == nil {
		return b.String(), true
	}
	for _, f := range filterRE.FindAllString(fm[1], -1) {
		name := filterNameRE.FindString(f)
		if name == "" {
			continue
		}
		if !t.filters[name] && !t.mode.StrictFilters {
			t.warn.add("%s: unknown filter %q: its input is passed through, as Jekyll does", file, name)
			continue
		}
		b.WriteString(" | ")
		b.WriteString(name)
		// The arguments are what follows the name's ':' (Ruby scans them
		// from there on).
		rest := f[strings.Index(f, name)+len(name):]
		var args []string
		allowFalse := ""
		for _, a := range filterArgsRE.FindAllStringSubmatch(rest, -1) {
			if k := keywordArgRE.FindString(a[1]); k != "" {
				// Of the standard filters only default takes a keyword
				// argument; the rest are left to osteele/liquid.
				if name != "default" || strings.TrimSpace(strings.TrimSuffix(k, ":")) != "allow_false" {
					return "", false
				}
				allowFalse = laxExpr(strings.TrimSpace(a[1][len(k):]))
				continue
			}
			args = append(args, laxExpr(a[1]))
		}
		if allowFalse != "" {
			if len(args) != 1 {
				return "", false
			}
			args = append(args, allowFalse)
		}
		if len(args) > 0 {
			b.WriteString(": ")
			b.WriteString(strings.Join(args, ", "))
		}
	}
	return b.String(), true
}

// laxExpr is one operand: x.[key] is x[key] to Ruby's variable lookup.
func laxExpr(s string) string {
	if s == "" || s[0] == '"' || s[0] == '\'' {
		return s
	}
	return strings.ReplaceAll(s, ".[", "[")
}

// blanks turns no-break spaces outside quotes into spaces: Ruby's lax
// parser reads them as white space between words.
func blanks(s string) string {
	if !strings.ContainsRune(s, '\u00a0') {
		return s
	}
	var b strings.Builder
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '\u00a0':
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// laxTag reads {% name markup %} for the tags whose lax reading differs.
func (t *Engine) laxTag(tok, ltrim, name, markup, rtrim, file string, continued map[string]bool) string {
	clean := blanks(markup)
	var out string
	switch name {
	case "tablerow", "endtablerow":
		return "{%" + ltrim + " " + strings.Replace(name, "tablerow", tablerowTag, 1) + " " + markup + rtrim + "%}"
	case "for":
		if continued == nil {
			break
		}
		if f := forRE.FindStringSubmatch(clean); f != nil && continued[f[1]+"-"+f[2]] {
			return "{%" + ltrim + " " + forSegmentTag + " " + laxForSegment(f) + " %}" +
				"{% for " + f[1] + " in " + forSegmentVar + newlines(clean) + rtrim + "%}"
		}
	}
	if t.mode.Strict {
		// Strict mode still passes an unknown filter's input through,
		// once the markup is read strictly.
		_, value, _ := strings.Cut(markup, "=")
		if !(name == "echo" && t.strictReads(markup) || name == "assign" && t.strictReads(value)) {
			return tok
		}
	}
	switch name {
	case "if", "elsif", "unless":
		out = t.laxCondition(clean)
	case "assign":
		out = t.laxAssign(clean, file)
	case "for":
		out = t.laxFor(clean, file)
	case "echo":
		if v, ok := t.laxVariable(clean, file); ok {
			out = " " + v + newlines(clean)
		}
	}
	if out == "" {
		if clean == markup {
			return tok
		}
		out = clean
	}
	return "{%" + ltrim + " " + name + " " + strings.TrimLeft(out, " ") + rtrim + "%}"
}

// laxForSegment is the markup of the forSegmentTag for a for loop whose
// name another loop continues: name, collection, limit, offset (or
// continue) and reversed, separated by \x1f.
func laxForSegment(f []string) string {
	limit, offset, reversed := "nil", "nil", ""
	if r := strings.TrimLeft(f[3], " \t\r\n"); strings.HasPrefix(r, "reversed") {
		reversed = "reversed"
	}
	for _, a := range forAttrRE.FindAllStringSubmatch(f[3], -1) {
		switch a[1] {
		case "limit":
			limit = laxExpr(a[2])
		case "offset":
			offset = laxExpr(a[2])
		}
	}
	s := strings.Join([]string{f[1] + "-" + f[2], f[2], limit, offset, reversed}, "\x1f")
	return strings.ReplaceAll(s, "\n", " ") // the loop's own tag keeps the newlines
}

// strictReads says whether error_mode: strict reads markup, an
// expression with filters: whether osteele/liquid's parser, which is
// strict, reads it.
func (t *Engine) strictReads(markup string) bool {
	_, err := expressions.Parse(markup)
	return err == nil
}

// newlines keeps the line count of markup a rewrite shortened.
func newlines(s string) string {
	n := strings.Count(s, "\n")
	if n == 0 {
		return " "
	}
	return strings.Repeat("\n", n)
}

// laxCondition reads an if/elsif/unless condition as Ruby's lax If does:
// and/or between conditions, each "left [op right]"; anything else (a
// filter, a stray word) is skipped. Only conditions with a '|' outside
// quotes are rewritten.
func (t *Engine) laxCondition(markup string) string {
	if !hasBareRune(markup, '|') {
		return ""
	}
	words := splitWords(markup)
	var b strings.Builder
	var chunk []string
	flush := func() {
		c := strings.Join(chunk, " ")
		chunk = chunk[:0]
		if m := conditionRE.FindStringSubmatch(c); m != nil {
			b.WriteString(laxExpr(m[1]))
			if m[2] != "" && m[3] != "" {
				b.WriteString(" " + m[2] + " " + laxExpr(m[3]))
			}
		}
	}
	for _, w := range words {
		if w == "and" || w == "or" {
			flush()
			b.WriteString(" " + w + " ")
			continue
		}
		chunk = append(chunk, w)
	}
	flush()
	return b.String() + newlines(markup)
}

// laxAssign reads "var = value | filters".
func (t *Engine) laxAssign(markup, file string) string {
	name, value, ok := strings.Cut(markup, "=")
	if !ok {
		return ""
	}
	v, ok := t.laxVariable(value, file)
	if !ok || v == strings.TrimSpace(value) {
		return ""
	}
	return strings.TrimSpace(name) + " = " + v + newlines(markup)
}

// laxFor reads "item in collection [reversed] [limit: n] [offset: n]" as
// Ruby does: the collection is sliced before it is reversed, a limit or
// offset of nil or a string is read as Ruby's to_i reads it, and a string
// is a collection of one. The slicing is done by the shine_for filter.
func (t *Engine) laxFor(markup, file string) string {
	m := forRE.FindStringSubmatch(markup)
	if m == nil {
		return ""
	}
	coll := laxExpr(m[2])
	if r := rangeRE.FindStringSubmatch(coll); r != nil && !(intRE.MatchString(r[1]) && intRE.MatchString(r[2])) {
		// Ruby reads a range's ends with to_i: "" and nil are 0.
		coll = r[1] + " | shine_range: " + r[2]
	}
	rest := m[3]
	reversed := false
	limit, offset := "nil", "nil"
	// Ruby's Syntax takes "reversed" only right after the collection.
	if r := strings.TrimLeft(rest, " \t\r\n"); strings.HasPrefix(r, "reversed") {
		reversed = true
	}
	for _, a := range forAttrRE.FindAllStringSubmatch(rest, -1) {
		switch a[1] {
		case "limit":
			limit = laxExpr(a[2])
		case "offset":
			if a[2] == "continue" {
				return "" // osteele/liquid's own reading
			}
			offset = laxExpr(a[2])
		}
	}
	s := m[1] + " in " + coll + " | shine_for: " + limit + ", " + offset
	if reversed {
		s += " reversed"
	}
	return s + newlines(markup)
}

// hasBareRune reports whether r occurs in s outside quotes.
func hasBareRune(s string, r rune) bool {
	var quote rune
	for _, c := range s {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == r:
			return true
		}
	}
	return false
}

// splitWords splits s at white space outside quotes.
func splitWords(s string) []string {
	var words []string
	var b strings.Builder
	var quote rune
	for _, c := range s {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if b.Len() > 0 {
				words = append(words, b.String())
				b.Reset()
			}
			continue
		}
		b.WriteRune(c)
	}
	if b.Len() > 0 {
		words = append(words, b.String())
	}
	return words
}
