package liquid

import (
	"regexp"
	"strings"

	"github.com/osteele/liquid/render"
)

// registersKey names the hidden variable that holds per-render tag state,
// as Ruby Liquid's context registers do. No template can spell it.
const registersKey = "\x00registers"

type registers struct {
	cycles    map[string]int
	counters  map[string]int
	ifchanged string
}

func stateOf(ctx render.Context) *registers {
	if r, ok := ctx.Get(registersKey).(*registers); ok {
		return r
	}
	r := &registers{cycles: map[string]int{}, counters: map[string]int{}}
	ctx.Set(registersKey, r)
	return r
}

// registerTags adds the standard tags osteele/liquid v1.6.0 lacks
// (increment, decrement, ifchanged, echo) and replaces its cycle, which
// works only inside a for loop and restarts with each loop.
func registerTags(e registrar) {
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

var cycleGroupRE = regexp.MustCompile(`^\s*("[^"]*"|'[^']*'|[^\s,|'":]+)\s*:\s*(.*)$`)

// cycle outputs its values in turn. Its position is kept per render, keyed
// by the group name when given, else by the list of values, so it works
// outside loops and carries on across loops as Ruby Liquid's does.
func cycle(ctx render.Context) (string, error) {
	args := ctx.TagArgs()
	key := "\x00" + strings.Join(strings.Fields(args), " ")
	if m := cycleGroupRE.FindStringSubmatch(args); m != nil {
		g, err := ctx.EvaluateString(m[1])
		if err != nil {
			return "", err
		}
		key, args = toS(g), m[2]
	}
	var exprs []string
	for _, part := range strings.Split(args, ",") {
		if p := strings.TrimSpace(part); p != "" {
			exprs = append(exprs, p)
		}
	}
	if len(exprs) == 0 {
		return "", ctx.Errorf("cycle: no values")
	}
	r := stateOf(ctx)
	i := r.cycles[key] % len(exprs)
	r.cycles[key] = (i + 1) % len(exprs)
	v, err := ctx.EvaluateString(exprs[i])
	if err != nil {
		return "", err
	}
	return liquidString(v), nil
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
