package liquid

import (
	"regexp"
	"strings"
)

// caseBlock rewrites a case as Ruby Liquid renders it, into ifs
// osteele/liquid reads: every when whose value matches renders, in order
// (not only the first), and an else renders when no when before it
// matched. The text before the first when is never rendered.
type caseBlock struct {
	subject string
	seen    []string // the conditions of the whens so far
	close   string   // the end tag of the block now open
}

// newCase reads a case's markup as Ruby does: its first fragment (a
// filter after it is ignored); nil when there is none.
func newCase(markup string) *caseBlock {
	f := fragmentAnyRE.FindString(markup)
	if f == "" {
		return nil
	}
	return &caseBlock{subject: laxExpr(f), close: "endif"}
}

func (c *caseBlock) open(ltrim, markup, rtrim string) string {
	return "{%" + ltrim + " if false" + newlines(markup) + rtrim + "%}"
}

// clause rewrites {% when values %} or {% else %}; "" leaves a when
// Ruby cannot read as written, for osteele/liquid to report.
func (c *caseBlock) clause(name, ltrim, markup, rtrim string) string {
	prev := c.close
	var next string
	if name == "when" {
		vals := whenValues(markup)
		if vals == nil {
			return ""
		}
		conds := make([]string, len(vals))
		for i, v := range vals {
			conds[i] = c.subject + " == " + v
		}
		cond := strings.Join(conds, " or ")
		c.seen = append(c.seen, cond)
		next, c.close = "if "+cond, "endif"
	} else if len(c.seen) == 0 {
		next, c.close = "if true", "endif"
	} else {
		next, c.close = "unless "+strings.Join(c.seen, " or "), "endunless"
	}
	return "{%" + ltrim + " " + prev + " %}{% " + next + newlines(markup) + rtrim + "%}"
}

func (c *caseBlock) end(ltrim, markup, rtrim string) string {
	return "{%" + ltrim + " " + c.close + newlines(markup) + rtrim + "%}"
}

// whenRE is Ruby's Case::WhenSyntax: a value, then "or" or a comma and
// the rest.
var whenRE = regexp.MustCompile(`(?s)(` + quotedFragment + `)(?:(?:\s+or\s+|\s*,\s*)((?:` + quotedFragment + `).*))?`)

// whenValues reads a when's values, separated by "or" or commas, as
// Ruby's Case does; nil when it cannot.
func whenValues(markup string) []string {
	var vals []string
	rest := markup
	for rest != "" {
		m := whenRE.FindStringSubmatch(rest)
		if m == nil {
			return nil
		}
		vals = append(vals, laxExpr(m[1]))
		rest = m[2]
	}
	return vals
}
