package pipeline

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/formloom/formloom/fault"
)

// ErrChoose is wrapped by the errors of Graph.Choose.
var ErrChoose = errors.New("pipeline: no edge to take")

// Graph is a checked pipeline ready to run: nodes by key, edges by source, the join of
// every parallel split, which nodes can precede which, and the compiled conditions. It
// is immutable and safe for concurrent use.
type Graph struct {
	p      *Pipeline
	nodes  map[string]*Node
	index  map[string]int // node key → place in p.Nodes
	out    map[string][]int
	in     map[string]int
	start  *Node
	join   map[string]string
	reach  map[string]map[string]bool
	when   map[int]*Expr // edge index → its compiled When
	branch map[string]map[string]bool
}

// Compile checks the pipeline's graph and conditions and returns it ready to run.
// fieldTypes are the form's top-level fields (key → type); conditions may name them and
// "record". The error is a *CheckError listing the problems.
func Compile(p *Pipeline, fieldTypes map[string]string) (*Graph, error) {
	if p == nil {
		var ps problems
		ps.add("", fault.Problem("required.pipeline"))
		return nil, &CheckError{Problems: ps.list}
	}
	names := make([]string, 0, len(fieldTypes)+1)
	for k := range fieldTypes {
		names = append(names, k)
	}
	sort.Strings(names)
	ps := &problems{}
	g := analyze(p, append(names, "record"), p.Form, ps)
	if len(ps.list) > 0 {
		return nil, &CheckError{Problems: ps.list}
	}
	return g, nil
}

// Pipeline returns the definition the graph was compiled from; callers must not change it.
func (g *Graph) Pipeline() *Pipeline { return g.p }

// Start returns the start node.
func (g *Graph) Start() *Node { return g.start }

// Node returns the node with the key, or nil.
func (g *Graph) Node(key string) *Node { return g.nodes[key] }

// Out returns the edges leaving the node, in the template's order.
func (g *Graph) Out(key string) []Edge {
	idx := g.out[key]
	out := make([]Edge, len(idx))
	for i, j := range idx {
		out[i] = g.p.Edges[j]
	}
	return out
}

// InCount returns how many edges enter the node: what a join waits for.
func (g *Graph) InCount(key string) int { return g.in[key] }

// JoinOf returns the join node that closes the parallel node's branches, or "".
func (g *Graph) JoinOf(parallelKey string) string { return g.join[parallelKey] }

// Before reports whether a can precede b: some path leads from a to b.
func (g *Graph) Before(a, b string) bool { return g.reach[a][b] }

// Choose picks the edge a condition node takes for a record's fields: the first edge
// whose When holds, else the Else edge. A When that fails to evaluate or gives no
// boolean is an error; so is a key that is not a condition node.
func (g *Graph) Choose(conditionKey string, fields map[string]any) (Edge, error) {
	return g.ChooseAt(conditionKey, fields, time.Now(), time.UTC)
}

// ChooseAt is Choose with the clock and timezone that TODAY(), NOW() and DATEADD read.
func (g *Graph) ChooseAt(conditionKey string, fields map[string]any, now time.Time, loc *time.Location) (Edge, error) {
	n := g.nodes[conditionKey]
	if n == nil || n.Type != NodeCondition {
		return Edge{}, fmt.Errorf("%w: %q is not a condition node", ErrChoose, conditionKey)
	}
	elseAt := -1
	for _, j := range g.out[conditionKey] {
		e := g.p.Edges[j]
		if e.Else {
			elseAt = j
			continue
		}
		prog := g.when[j]
		if prog == nil {
			continue
		}
		v, err := prog.RunAt(fields, now, loc)
		if err != nil {
			return Edge{}, fmt.Errorf("pipeline: condition %q, edge to %q: %w", conditionKey, e.To, err)
		}
		holds, ok := v.(bool)
		if !ok && v != nil {
			return Edge{}, fmt.Errorf("%w: condition %q, edge to %q: %q gives %T, not a boolean", ErrChoose, conditionKey, e.To, e.When, v)
		}
		if holds {
			return e, nil
		}
	}
	if elseAt < 0 {
		return Edge{}, fmt.Errorf("%w: condition %q has no else edge", ErrChoose, conditionKey)
	}
	return g.p.Edges[elseAt], nil
}

// analyze builds the graph and reports what keeps it from running. names are what
// conditions may use; form is named in messages.
func analyze(p *Pipeline, names []string, form string, ps *problems) *Graph {
	g := &Graph{p: p, nodes: map[string]*Node{}, index: map[string]int{}, out: map[string][]int{},
		in: map[string]int{}, join: map[string]string{}, reach: map[string]map[string]bool{},
		when: map[int]*Expr{}, branch: map[string]map[string]bool{}}
	ends := 0
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if _, dup := g.nodes[n.Key]; dup {
			ps.add(at("nodes", i, "key"), fault.Problem("duplicate_key.node").Fill("key", strconv.Quote(n.Key)))
			continue
		}
		g.nodes[n.Key], g.index[n.Key] = n, i
		switch n.Type {
		case NodeStart:
			if g.start != nil {
				ps.add(at("nodes", i, "type"), fault.Problem("extra_start.node").Fill("key", strconv.Quote(g.start.Key)))
				continue
			}
			g.start = n
		case NodeEnd:
			ends++
		}
	}
	if g.start == nil {
		ps.add("/nodes", fault.Problem("no_start.pipeline"))
	}
	if ends == 0 {
		ps.add("/nodes", fault.Problem("no_end.pipeline"))
	}
	g.edges(names, form, ps)
	g.degrees(ps)
	g.reachability(ps)
	g.cycles(ps)
	g.splits(ps)
	return g
}

func (g *Graph) edges(names []string, form string, ps *problems) {
	type pair struct{ from, to string }
	seen := map[pair]bool{}
	for j, e := range g.p.Edges {
		from, to := g.nodes[e.From], g.nodes[e.To]
		if from == nil {
			ps.add(at("edges", j, "from"), fault.Problem("unknown_node.pipeline").Fill("node", strconv.Quote(e.From)))
		}
		if to == nil {
			ps.add(at("edges", j, "to"), fault.Problem("unknown_node.pipeline").Fill("node", strconv.Quote(e.To)))
		}
		if from == nil || to == nil {
			continue
		}
		if to.Type == NodeStart {
			ps.add(at("edges", j, "to"), fault.Problem("edge_into_start.edge"))
		}
		if from.Type == NodeEnd {
			ps.add(at("edges", j, "from"), fault.Problem("edge_out_of_end.edge"))
		}
		if seen[pair{e.From, e.To}] {
			ps.add(at("edges", j), fault.Problem("duplicate_edge.edge").Fill("from", strconv.Quote(e.From)).Fill("to", strconv.Quote(e.To)))
		}
		seen[pair{e.From, e.To}] = true
		if from.Type != NodeCondition {
			if e.When != "" {
				ps.notAllowed(at("edges", j, "when"), "an edge that does not leave a condition node")
			}
			if e.Else {
				ps.notAllowed(at("edges", j, "else"), "an edge that does not leave a condition node")
			}
		} else if e.When != "" {
			if e.Else {
				ps.add(at("edges", j, "else"), fault.Problem("when_and_else.edge"))
			}
			x, err := CompileExpr(e.When, names)
			if err != nil {
				ps.exprProblem(at("edges", j, "when"), form, err)
			} else {
				g.when[j] = x
			}
		}
		g.out[e.From] = append(g.out[e.From], j)
		g.in[e.To]++
	}
}

func (g *Graph) degrees(ps *problems) {
	for i := range g.p.Nodes {
		n := &g.p.Nodes[i]
		if g.nodes[n.Key] != n {
			continue
		}
		out := g.out[n.Key]
		switch n.Type {
		case NodeCondition:
			if len(out) < 2 {
				ps.add(at("nodes", i), fault.Problem("condition_edges.node"))
				continue
			}
			elses := 0
			for _, j := range out {
				e := g.p.Edges[j]
				if e.Else {
					elses++
				} else if e.When == "" {
					ps.add(at("edges", j, "when"), fault.Problem("missing_when.edge"))
				}
			}
			if elses != 1 {
				ps.add(at("nodes", i), fault.Problem("else_count.node").Fill("count", elses))
			}
		case NodeParallel:
			if len(out) < 2 {
				ps.add(at("nodes", i), fault.Problem("parallel_edges.node"))
			}
		case NodeEnd:
		default:
			if len(out) > 1 {
				ps.add(at("nodes", i), fault.Problem("too_many_edges.node").Fill("type", n.Type))
			}
		}
	}
}

// reachability fills reach (which nodes each node leads to) and reports nodes the start
// does not reach and nodes from which no end can be reached.
func (g *Graph) reachability(ps *problems) {
	for key := range g.nodes {
		seen := map[string]bool{}
		stack := []string{key}
		for len(stack) > 0 {
			k := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, j := range g.out[k] {
				to := g.p.Edges[j].To
				if !seen[to] {
					seen[to] = true
					stack = append(stack, to)
				}
			}
		}
		g.reach[key] = seen
	}
	for i := range g.p.Nodes {
		n := &g.p.Nodes[i]
		if g.nodes[n.Key] != n {
			continue
		}
		if g.start != nil && n != g.start && !g.reach[g.start.Key][n.Key] {
			ps.add(at("nodes", i), fault.Problem("unreachable.node").Fill("key", strconv.Quote(n.Key)))
		}
		if n.Type == NodeEnd {
			continue
		}
		toEnd := false
		for k := range g.reach[n.Key] {
			toEnd = toEnd || g.nodes[k].Type == NodeEnd
		}
		if !toEnd {
			ps.add(at("nodes", i), fault.Problem("no_way_to_end.node").Fill("key", strconv.Quote(n.Key)))
		}
	}
}

// cycles reports loops through a join and loops without a condition node: a loop is
// only for rework, and only a condition can leave it.
func (g *Graph) cycles(ps *problems) {
	for _, scc := range g.components() {
		if len(scc) == 1 && !g.reach[scc[0]][scc[0]] {
			continue
		}
		first, hasCond := scc[0], false
		for _, k := range scc {
			if g.index[k] < g.index[first] {
				first = k
			}
			hasCond = hasCond || g.nodes[k].Type == NodeCondition
		}
		for _, k := range scc {
			if g.nodes[k].Type == NodeJoin {
				ps.add(at("nodes", g.index[k]), fault.Problem("cycle_through_join.node").Fill("key", strconv.Quote(k)))
			}
		}
		if !hasCond {
			ps.add(at("nodes", g.index[first]), fault.Problem("cycle_without_condition.node").Fill("key", strconv.Quote(first)))
		}
	}
}

// components returns the strongly connected components (Tarjan), nodes in template order.
func (g *Graph) components() [][]string {
	index, low := map[string]int{}, map[string]int{}
	on := map[string]bool{}
	var stack []string
	var out [][]string
	next := 0
	var visit func(k string)
	visit = func(k string) {
		index[k], low[k] = next, next
		next++
		stack = append(stack, k)
		on[k] = true
		for _, j := range g.out[k] {
			to := g.p.Edges[j].To
			if _, done := index[to]; !done {
				visit(to)
				low[k] = min(low[k], low[to])
			} else if on[to] {
				low[k] = min(low[k], index[to])
			}
		}
		if low[k] == index[k] {
			var scc []string
			for {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				on[top] = false
				scc = append(scc, top)
				if top == k {
					break
				}
			}
			out = append(out, scc)
		}
	}
	for i := range g.p.Nodes {
		k := g.p.Nodes[i].Key
		if _, done := index[k]; !done && g.nodes[k] == &g.p.Nodes[i] {
			visit(k)
		}
	}
	return out
}

// splits matches every parallel node with the join closing its branches and checks
// that each join closes exactly one split, entered only from that split's branches.
func (g *Graph) splits(ps *problems) {
	w := &splitWalk{g: g, ps: ps, state: map[string]int{}}
	closes := map[string][]string{}
	for i := range g.p.Nodes {
		n := &g.p.Nodes[i]
		if n.Type == NodeParallel && g.nodes[n.Key] == n {
			if jk := w.joinFor(n.Key); jk != "" {
				closes[jk] = append(closes[jk], n.Key)
			}
		}
	}
	g.checkJoins(ps, closes)
}

// splitWalk follows the branches of parallel nodes to their joins; state is 1 for a split
// in progress, 2 for one done.
type splitWalk struct {
	g     *Graph
	ps    *problems
	state map[string]int
}

// joinFor is the join that closes the parallel node pk's branches, "" (with a problem
// reported) when they do not meet at exactly one join. It records the nodes inside the
// split in g.branch.
func (w *splitWalk) joinFor(pk string) string {
	g, ps, state := w.g, w.ps, w.state
	if state[pk] != 0 {
		return g.join[pk]
	}
	state[pk] = 1
	defer func() { state[pk] = 2 }()
	i := g.index[pk]
	joins := map[string]bool{}
	owner := map[string]int{} // node → branch that reached it
	all := map[string]bool{pk: true}
	escaped := false
	for b, j := range g.out[pk] {
		seen := map[string]bool{}
		stack := []string{g.p.Edges[j].To}
		for len(stack) > 0 {
			k := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[k] {
				continue
			}
			n := g.nodes[k]
			switch {
			case n.Type == NodeJoin:
				joins[k] = true
				continue
			case k == pk || n.Type == NodeEnd:
				escaped = true
				continue
			}
			seen[k] = true
			if o, ok := owner[k]; ok && o != b {
				ps.add(at("nodes", i), fault.Problem("branches_merge.node").Fill("split", strconv.Quote(pk)).Fill("key", strconv.Quote(k)))
				return ""
			}
			owner[k] = b
			all[k] = true
			next := k
			if n.Type == NodeParallel {
				jk := w.joinFor(k)
				if jk == "" {
					continue // that split's own problem
				}
				for inner := range g.branch[k] {
					all[inner] = true
				}
				next = jk
				all[jk] = true
				owner[jk] = b
			}
			for _, e := range g.out[next] {
				stack = append(stack, g.p.Edges[e].To)
			}
		}
	}
	switch {
	case escaped || len(joins) == 0:
		ps.add(at("nodes", i), fault.Problem("unjoined_branch.node").Fill("split", strconv.Quote(pk)))
		return ""
	case len(joins) > 1:
		ps.add(at("nodes", i), fault.Problem("mismatched_join.node").Fill("split", strconv.Quote(pk)))
		return ""
	}
	for jk := range joins {
		g.join[pk] = jk
	}
	g.branch[pk] = all
	return g.join[pk]
}

// checkJoins reports joins that close no split or several (closes: join → the parallel
// nodes it closes), edges into a join from outside its split, and joins whose incoming
// edges are not one per branch.
func (g *Graph) checkJoins(ps *problems, closes map[string][]string) {
	for i := range g.p.Nodes {
		n := &g.p.Nodes[i]
		if n.Type != NodeJoin || g.nodes[n.Key] != n {
			continue
		}
		splits := closes[n.Key]
		switch {
		case len(splits) == 0:
			ps.add(at("nodes", i), fault.Problem("join_without_split.node").Fill("key", strconv.Quote(n.Key)))
			continue
		case len(splits) > 1:
			ps.add(at("nodes", i), fault.Problem("shared_join.node").Fill("splits", splits).Fill("key", strconv.Quote(n.Key)))
			continue
		}
		split := splits[0]
		inside := g.branch[split]
		for j, e := range g.p.Edges {
			if e.To == n.Key && g.nodes[e.From] != nil && !inside[e.From] {
				ps.add(at("edges", j, "from"), fault.Problem("join_foreign_edge.edge").Fill("key", strconv.Quote(n.Key)).Fill("split", strconv.Quote(split)))
			}
		}
		if want := len(g.out[split]); g.in[n.Key] != want {
			ps.add(at("nodes", i), fault.Problem("join_edges.node").Fill("want", want).Fill("count", g.in[n.Key]).Fill("split", strconv.Quote(split)).Fill("key", strconv.Quote(n.Key)))
		}
	}
}
