package liquid

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	osteele "github.com/osteele/liquid"
	"github.com/osteele/liquid/render"
	yaml "gopkg.in/yaml.v2"
)

// registersKey names the hidden variable that holds per-render tag state,
// as Ruby Liquid's context registers do. No template can spell it.
const registersKey = "\x00registers"

type registers struct {
	cycles    map[string]int
	counters  map[string]int
	ifchanged string
	// forEnds is where each for loop stopped, by Ruby's loop name
	// ("item-collection"), for a later loop's offset: continue.
	forEnds map[string]int
}

func stateOf(ctx render.Context) *registers {
	if r, ok := ctx.Get(registersKey).(*registers); ok {
		return r
	}
	r := &registers{cycles: map[string]int{}, counters: map[string]int{}, forEnds: map[string]int{}}
	ctx.Set(registersKey, r)
	return r
}

// registerTags adds the standard tags osteele/liquid v1.6.0 lacks
// (increment, decrement, ifchanged, echo) and replaces its cycle, which
// works only inside a for loop and restarts with each loop, and its
// tablerow (under tablerowTag), which reads its arguments strictly and
// writes its rows without Ruby's line breaks.
func registerTags(e registrar) {
	e.RegisterBlock(tablerowTag, tablerow)
	e.RegisterTag(forSegmentTag, forSegment)
	e.RegisterFilter("default", defaultFilter)
	e.RegisterTag("increment", func(ctx render.Context) (string, error) {
		return counter(ctx, 1)
	})
	e.RegisterTag("decrement", func(ctx render.Context) (string, error) {
		return counter(ctx, -1)
	})
	e.RegisterTag("cycle", cycle)
	e.RegisterTag("echo", func(ctx render.Context) (string, error) {
		v, err := ctx.EvaluateString(ctx.TagArgs())
		if err != nil {
			return "", err
		}
		return liquidString(v), nil
	})
	e.RegisterBlock("ifchanged", func(ctx render.Context) (string, error) {
		s, err := ctx.InnerString()
		if err != nil {
			return "", err
		}
		r := stateOf(ctx)
		if s == r.ifchanged {
			return "", nil
		}
		r.ifchanged = s
		return s, nil
	})
}

var identRE = regexp.MustCompile(`^[\w-]+\??$`)

// counter implements increment (output, then add one) and decrement
// (subtract one, then output). The counter is separate from assigned
// variables, as in Ruby Liquid, but a template can read it as {{ name }}
// while no assign hides it.
func counter(ctx render.Context, step int) (string, error) {
	name := strings.TrimSpace(ctx.TagArgs())
	if !identRE.MatchString(name) {
		return "", ctx.Errorf("%s: invalid variable name %q", ctx.TagName(), name)
	}
	r := stateOf(ctx)
	old, counted := r.counters[name]
	value := old
	if step < 0 {
		value--
	}
	r.counters[name] = old + step
	if cur, bound := ctx.Bindings()[name]; !bound || counted && cur == old {
		ctx.Set(name, r.counters[name])
	}
	return toS(value), nil
}

var (
	// cycleNamedRE and cycleSimpleRE are Ruby's Cycle syntaxes.
	cycleNamedRE  = regexp.MustCompile(`(?s)^(` + quotedFragment + `)\s*:\s*(.*)`)
	cycleSimpleRE = regexp.MustCompile(`^(?:` + quotedFragment + `)+`)
	fragmentAnyRE = regexp.MustCompile(quotedFragment)
)

// cycle outputs its values in turn, as Ruby Liquid's cycle does. Its
// position is kept per render under the group's value when it is named
// (a name is an expression: an unquoted one is a variable), else under
// the list of values, so it works outside loops and carries on across
// loops. The values are what Ruby reads: the markup split at every comma,
// quoted or not, and the first fragment of each piece.
func cycle(ctx render.Context) (string, error) {
	args := strings.TrimSpace(ctx.TagArgs())
	var key any
	if m := cycleNamedRE.FindStringSubmatch(args); m != nil {
		g, err := ctx.EvaluateString(m[1])
		if err != nil {
			return "", err
		}
		key, args = g, m[2]
	} else if !cycleSimpleRE.MatchString(args) {
		return "", ctx.Errorf("cycle: syntax error: write {%% cycle 'a', 'b' %%} or {%% cycle 'group': 'a', 'b' %%}")
	}
	var exprs []string
	for _, part := range strings.Split(args, ",") {
		if f := fragmentAnyRE.FindString(part); f != "" {
			exprs = append(exprs, f)
		}
	}
	if len(exprs) == 0 {
		return "", nil
	}
	name := "\x00" + strings.Join(exprs, "\x00")
	if key != nil {
		name = toS(key)
	}
	r := stateOf(ctx)
	i := r.cycles[name]
	var v any
	if i < len(exprs) {
		var err error
		if v, err = ctx.EvaluateString(exprs[i]); err != nil {
			return "", err
		}
	}
	if i++; i >= len(exprs) {
		i = 0
	}
	r.cycles[name] = i
	return liquidString(v), nil
}

// tablerowTag is the name the lax reading gives tablerow, whose name
// osteele/liquid keeps for its own.
const tablerowTag = "shine_tablerow"

// tableRowRE and tagAttrRE are Ruby's TableRow syntax and TagAttributes.
var (
	tableRowRE = regexp.MustCompile(`(\w+)\s+in\s+((?:` + quotedFragment + `)+)`)
	tagAttrRE  = regexp.MustCompile(`(\w[\w-]*)\s*:\s*(` + quotedFragment + `)`)
)

// tablerow is Ruby Liquid's tablerow: the items (after offset and limit,
// each read as Ruby's to_i reads it) in cells, cols to a row, with the
// line breaks Ruby writes and tablerowloop set in the body.
func tablerow(ctx render.Context) (string, error) {
	args := ctx.TagArgs()
	m := tableRowRE.FindStringSubmatch(args)
	if m == nil {
		return "", ctx.Errorf("tablerow: syntax error: write {%% tablerow item in collection cols: 3 %%}")
	}
	coll, err := evaluateCollection(ctx, m[2])
	if err != nil || coll == nil {
		return "", err
	}
	attrs := map[string]any{}
	for _, a := range tagAttrRE.FindAllStringSubmatch(args, -1) {
		v, err := ctx.EvaluateString(laxExpr(a[2]))
		if err != nil {
			return "", err
		}
		attrs[a[1]] = v
	}
	var limit any
	if l, ok := attrs["limit"]; ok {
		limit = toInt(l)
	}
	items, err := forItems(iterated(coll), limit, toInt(attrs["offset"]))
	if err != nil {
		return "", err
	}
	list, _ := asArray(items)
	cols := toInt(attrs["cols"])

	name := m[1]
	bindings := ctx.Bindings()
	oldItem, hadItem := bindings[name]
	oldLoop, hadLoop := bindings["tablerowloop"]
	defer func() {
		restore(bindings, name, oldItem, hadItem)
		restore(bindings, "tablerowloop", oldLoop, hadLoop)
	}()
	var b strings.Builder
	b.WriteString("<tr class=\"row1\">\n")
	row, col := 1, 1
	for i, item := range list {
		ctx.Set(name, item)
		ctx.Set("tablerowloop", map[string]any{
			"length": len(list), "index": i + 1, "index0": i,
			"rindex": len(list) - i, "rindex0": len(list) - i - 1,
			"first": i == 0, "last": i == len(list)-1,
			"col": col, "col0": col - 1, "row": row,
			"col_first": col == 1, "col_last": col == cols,
		})
		fmt.Fprintf(&b, "<td class=\"col%d\">", col)
		s, err := ctx.InnerString()
		if err != nil {
			return "", err
		}
		b.WriteString(s)
		b.WriteString("</td>")
		if col == cols {
			if i < len(list)-1 {
				fmt.Fprintf(&b, "</tr>\n<tr class=\"row%d\">", row+1)
			}
			col = 1
			row++
		} else {
			col++
		}
	}
	b.WriteString("</tr>\n")
	return b.String(), nil
}

// iterated turns a value that iterates itself (a document's map as the
// build wraps it) into the list of what it yields, as a loop sees it.
func iterated(v any) any {
	it, ok := v.(interface {
		Len() int
		Index(int) any
	})
	if !ok {
		return v
	}
	out := make([]any, it.Len())
	for i := range out {
		out[i] = it.Index(i)
	}
	return out
}

// restore puts back a binding a block tag set for its body.
func restore(bindings map[string]any, name string, old any, had bool) {
	if had {
		bindings[name] = old
	} else {
		delete(bindings, name)
	}
}

// evaluateCollection evaluates a loop's collection; a range whose ends
// are not integers has them read by Ruby's to_i.
func evaluateCollection(ctx render.Context, expr string) (any, error) {
	expr = laxExpr(expr)
	if r := rangeRE.FindStringSubmatch(expr); r != nil && !(intRE.MatchString(r[1]) && intRE.MatchString(r[2])) {
		expr = r[1] + " | shine_range: " + r[2]
	}
	return ctx.EvaluateString(expr)
}

// forSegmentTag is the tag the lax reading puts before a for loop whose
// name a later loop continues (offset: continue): it takes the loop's
// slice of the collection, notes where it ends and sets forSegmentVar
// to it, which the loop then goes through.
const (
	forSegmentTag = "shine_for_segment"
	forSegmentVar = "shine__for_segment"
)

// forSegment reads "name \x1f collection \x1f limit \x1f offset \x1f
// reversed" (offset may be "continue"), as Ruby's For#collection_segment.
func forSegment(ctx render.Context) (string, error) {
	f := strings.Split(ctx.TagArgs(), "\x1f")
	if len(f) != 5 {
		return "", ctx.Errorf("%s: want 5 fields, got %d", forSegmentTag, len(f))
	}
	name := strings.TrimSpace(f[0])
	coll, err := evaluateCollection(ctx, f[1])
	if err != nil {
		return "", err
	}
	limit, err := ctx.EvaluateString(f[2])
	if err != nil {
		return "", err
	}
	r := stateOf(ctx)
	from := r.forEnds[name]
	if strings.TrimSpace(f[3]) != "continue" {
		v, err := ctx.EvaluateString(f[3])
		if err != nil {
			return "", err
		}
		if from = 0; v != nil {
			if from, err = toInteger(v); err != nil {
				return "", err
			}
		}
	}
	items, err := forItems(iterated(coll), limit, from)
	if err != nil {
		return "", err
	}
	seg, _ := asArray(items)
	if strings.TrimSpace(f[4]) == "reversed" {
		rev := make([]any, len(seg))
		for i, x := range seg {
			rev[len(seg)-1-i] = x
		}
		seg = rev
	}
	r.forEnds[name] = from + len(seg)
	ctx.Set(forSegmentVar, seg)
	return "", nil
}

// defaultFilter is Liquid 5's default, with its allow_false keyword
// argument, which the lax reading passes as a third argument.
func defaultFilter(value, fallback, allowFalse any) any {
	if value == false && truthy(allowFalse) {
		return value
	}
	if value == nil || value == false || isEmpty(value) {
		return fallback
	}
	return value
}

// liquidString is how {{ }} shows a value: arrays joined, nil empty.
func liquidString(v any) string {
	if a, ok := asArray(v); ok {
		var b strings.Builder
		for _, x := range a {
			b.WriteString(liquidString(x))
		}
		return b.String()
	}
	return toS(v)
}

// isEmpty is Ruby's empty? on what has one: strings, arrays and hashes.
func isEmpty(v any) bool {
	v = osteele.FromDrop(v)
	switch v := v.(type) {
	case string:
		return v == ""
	case yaml.MapSlice:
		return len(v) == 0
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return rv.Len() == 0
	}
	return false
}
