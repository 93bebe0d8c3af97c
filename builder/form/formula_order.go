package form

import (
	"strings"

	"github.com/formloom/formloom/fault"
)

// orderFormulas puts formulas in dependency order (schema order among independent ones)
// and reports each formula that takes part in a cycle.
func (c *compiler) orderFormulas(all []*formula) {
	for _, f := range all {
		for _, s := range f.pending {
			if s.formula != nil {
				f.deps = append(f.deps, s.formula)
			}
		}
		f.pending = nil
	}
	const (
		white = iota
		grey
		black
	)
	color := map[*formula]int{}
	inCycle := map[*formula]string{}
	var stack []*formula
	var order []*formula
	var visit func(f *formula)
	visit = func(f *formula) {
		color[f] = grey
		stack = append(stack, f)
		for _, d := range f.deps {
			switch color[d] {
			case white:
				visit(d)
			case grey:
				// d … f is a cycle: name it on every formula in it.
				start := len(stack) - 1
				for stack[start] != d {
					start--
				}
				cycle := stack[start:]
				names := make([]string, 0, len(cycle)+1)
				for _, x := range cycle {
					names = append(names, x.spec.field.Path)
				}
				names = append(names, d.spec.field.Path)
				path := strings.Join(names, " → ")
				for _, x := range cycle {
					if _, done := inCycle[x]; !done {
						inCycle[x] = path
					}
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[f] = black
		order = append(order, f)
	}
	for _, f := range all {
		if color[f] == white {
			visit(f)
		}
	}
	for _, f := range all {
		if path, bad := inCycle[f]; bad {
			c.ps.add(f.pointer, fault.Problem("cycle.formula_depends_itself").Fill("path", path))
		}
	}
	c.form.formulas = order
	names := map[string]bool{}
	for _, f := range order {
		for _, v := range f.vars {
			names[v.name] = true
		}
	}
	c.form.varCount = len(names)
}
