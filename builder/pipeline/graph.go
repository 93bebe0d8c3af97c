package pipeline

import (
	"errors"
	"fmt"
	"sort"
	"time"
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
		return nil, &CheckError{Problems: []Problem{{Pointer: "", Code: "required", EN: "No pipeline.", ZH: "没有流程。"}}}
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
			ps.add(at("nodes", i, "key"), "duplicate_key",
				fmt.Sprintf("The node key %q is already used.", n.Key), fmt.Sprintf("节点键 %q 已被使用。", n.Key))
			continue
		}
		g.nodes[n.Key], g.index[n.Key] = n, i
		switch n.Type {
		case NodeStart:
			if g.start != nil {
				ps.add(at("nodes", i, "type"), "extra_start",
					fmt.Sprintf("The pipeline already starts at %q; a pipeline has exactly one start node.", g.start.Key),
					fmt.Sprintf("流程已有开始节点 %q，只能有一个开始节点。", g.start.Key))
				continue
			}
			g.start = n
		case NodeEnd:
			ends++
		}
	}
	if g.start == nil {
		ps.add("/nodes", "no_start", "The pipeline has no start node.", "流程没有开始节点。")
	}
	if ends == 0 {
		ps.add("/nodes", "no_end", "The pipeline has no end node.", "流程没有结束节点。")
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
			ps.add(at("edges", j, "from"), "unknown_node",
				fmt.Sprintf("There is no node %q in this pipeline.", e.From), fmt.Sprintf("流程中没有节点 %q。", e.From))
		}
		if to == nil {
			ps.add(at("edges", j, "to"), "unknown_node",
				fmt.Sprintf("There is no node %q in this pipeline.", e.To), fmt.Sprintf("流程中没有节点 %q。", e.To))
		}
		if from == nil || to == nil {
			continue
		}
		if to.Type == NodeStart {
			ps.add(at("edges", j, "to"), "edge_into_start",
				"No edge may lead into the start node: returns are actions, not edges.",
				"不能有连线进入开始节点：退回是操作，不是连线。")
		}
		if from.Type == NodeEnd {
			ps.add(at("edges", j, "from"), "edge_out_of_end", "No edge may leave an end node.", "结束节点不能有出线。")
		}
		if seen[pair{e.From, e.To}] {
			ps.add(at("edges", j), "duplicate_edge",
				fmt.Sprintf("There is already an edge from %q to %q.", e.From, e.To),
				fmt.Sprintf("已有从 %q 到 %q 的连线。", e.From, e.To))
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
				ps.add(at("edges", j, "else"), "when_and_else",
					"An edge has either a condition (when) or else, not both.", "连线只能设置条件（when）或 else 之一。")
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
				ps.add(at("nodes", i), "condition_edges",
					"A condition node needs at least two outgoing edges: one or more with when, and one else.",
					"条件节点至少需要两条出线：带条件（when）的分支和一条 else 分支。")
				continue
			}
			elses := 0
			for _, j := range out {
				e := g.p.Edges[j]
				if e.Else {
					elses++
				} else if e.When == "" {
					ps.add(at("edges", j, "when"), "missing_when",
						"An edge leaving a condition node needs a condition (when), unless it is the else edge.",
						"条件节点的出线需要条件（when），else 分支除外。")
				}
			}
			if elses != 1 {
				ps.add(at("nodes", i), "else_count",
					fmt.Sprintf("A condition node needs exactly one else edge; it has %d.", elses),
					fmt.Sprintf("条件节点需要恰好一条 else 分支，当前有 %d 条。", elses))
			}
		case NodeParallel:
			if len(out) < 2 {
				ps.add(at("nodes", i), "parallel_edges",
					"A parallel node needs at least two outgoing edges, one per branch.",
					"并行节点至少需要两条出线，每个分支一条。")
			}
		case NodeEnd:
		default:
			if len(out) > 1 {
				ps.add(at("nodes", i), "too_many_edges",
					fmt.Sprintf("A %s node has one outgoing edge; use a condition or parallel node to branch.", n.Type),
					"此类节点只能有一条出线；分支请使用条件节点或并行节点。")
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
			ps.add(at("nodes", i), "unreachable",
				fmt.Sprintf("The node %q cannot be reached from the start.", n.Key),
				fmt.Sprintf("从开始节点无法到达节点 %q。", n.Key))
		}
		if n.Type == NodeEnd {
			continue
		}
		toEnd := false
		for k := range g.reach[n.Key] {
			toEnd = toEnd || g.nodes[k].Type == NodeEnd
		}
		if !toEnd {
			ps.add(at("nodes", i), "no_way_to_end",
				fmt.Sprintf("No end can be reached from the node %q.", n.Key),
				fmt.Sprintf("从节点 %q 无法到达任何结束节点。", n.Key))
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
				ps.add(at("nodes", g.index[k]), "cycle_through_join",
					fmt.Sprintf("The join %q is on a loop; loops may not pass a join (use a return action instead).", k),
					fmt.Sprintf("汇聚节点 %q 处于循环中；循环不能经过汇聚节点（请使用退回操作）。", k))
			}
		}
		if !hasCond {
			ps.add(at("nodes", g.index[first]), "cycle_without_condition",
				fmt.Sprintf("The node %q is on a loop with no condition node to leave it.", first),
				fmt.Sprintf("节点 %q 处于没有条件节点可以退出的循环中。", first))
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
				ps.add(at("nodes", i), "branches_merge",
					fmt.Sprintf("Two branches of the parallel node %q meet at %q before their join.", pk, k),
					fmt.Sprintf("并行节点 %q 的两个分支在汇聚前于 %q 相交。", pk, k))
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
		ps.add(at("nodes", i), "unjoined_branch",
			fmt.Sprintf("A branch of the parallel node %q reaches an end or leaves the split without passing its join.", pk),
			fmt.Sprintf("并行节点 %q 的某个分支未经汇聚节点就结束或离开了并行区域。", pk))
		return ""
	case len(joins) > 1:
		ps.add(at("nodes", i), "mismatched_join",
			fmt.Sprintf("The branches of the parallel node %q end at different joins.", pk),
			fmt.Sprintf("并行节点 %q 的分支汇聚到了不同的汇聚节点。", pk))
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
			ps.add(at("nodes", i), "join_without_split",
				fmt.Sprintf("The join %q closes no parallel node's branches.", n.Key),
				fmt.Sprintf("汇聚节点 %q 没有对应的并行节点。", n.Key))
			continue
		case len(splits) > 1:
			ps.add(at("nodes", i), "shared_join",
				fmt.Sprintf("The join %q closes several parallel nodes (%v); give each its own join.", n.Key, splits),
				fmt.Sprintf("汇聚节点 %q 对应多个并行节点 %v，请为每个并行节点设置各自的汇聚节点。", n.Key, splits))
			continue
		}
		split := splits[0]
		inside := g.branch[split]
		for j, e := range g.p.Edges {
			if e.To == n.Key && g.nodes[e.From] != nil && !inside[e.From] {
				ps.add(at("edges", j, "from"), "join_foreign_edge",
					fmt.Sprintf("The join %q closes the branches of %q; this edge comes from outside them.", n.Key, split),
					fmt.Sprintf("汇聚节点 %q 只接收并行节点 %q 各分支的连线，此连线来自分支之外。", n.Key, split))
			}
		}
		if want := len(g.out[split]); g.in[n.Key] != want {
			ps.add(at("nodes", i), "join_edges",
				fmt.Sprintf("The join %q waits for every incoming edge: it needs exactly one per branch of %q (%d), not %d. Merge a branch's paths before the join.", n.Key, split, want, g.in[n.Key]),
				fmt.Sprintf("汇聚节点 %q 等待每条入线：需要并行节点 %q 的每个分支恰好一条（%d 条），当前 %d 条。请先合并分支内部的路径。", n.Key, split, want, g.in[n.Key]))
		}
	}
}
