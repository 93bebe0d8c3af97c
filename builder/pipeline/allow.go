package pipeline

// Where a node's people may return a record (Allow.ReturnTo), besides a node key.
const (
	ReturnAny      = "any"      // the start or any approval or task node before (default)
	ReturnStart    = "start"    // only the start: the submitter fixes it
	ReturnPrevious = "previous" // only the nearest approval or task nodes before (the start when none)
)

// Allow says which actions a task or approval node offers the people working on it. It is
// named allow, not actions, because an automation node's actions are what it does. Each
// switch absent means on, so templates written before the switches keep their meaning.
type Allow struct {
	Return      *bool  `json:"return,omitempty"`
	ReturnTo    string `json:"returnTo,omitempty"` // ReturnAny (default), ReturnStart, ReturnPrevious or a node key before this one
	Transfer    *bool  `json:"transfer,omitempty"`
	AddApprover *bool  `json:"addApprover,omitempty"`
	// Withdraw lets the submitter take the record back while it waits at this node (and
	// nobody has acted since it was submitted).
	Withdraw *bool `json:"withdraw,omitempty"`
	// CC lets the people of the run copy the record to others while it is at this node.
	CC *bool `json:"cc,omitempty"`
}

// Switchable actions, as Allow and the actions API name them.
const (
	AllowReturn      = "return"
	AllowTransfer    = "transfer"
	AllowAddApprover = "addApprover"
	AllowWithdraw    = "withdraw"
	AllowCC          = "cc"
)

// Offers tells whether the node offers action (one of the Allow* names); every other
// action is always offered.
func (n *Node) Offers(action string) bool {
	if n == nil || n.Allow == nil {
		return true
	}
	var on *bool
	switch action {
	case AllowReturn:
		on = n.Allow.Return
	case AllowTransfer:
		on = n.Allow.Transfer
	case AllowAddApprover:
		on = n.Allow.AddApprover
	case AllowWithdraw:
		on = n.Allow.Withdraw
	case AllowCC:
		on = n.Allow.CC
	}
	return on == nil || *on
}

// ReturnTargets lists the nodes the people of node key may return a record to, the
// default (used when the action names none) first. Nil when the node offers no return.
func (g *Graph) ReturnTargets(key string) []string {
	n := g.nodes[key]
	if n == nil || !n.Offers(AllowReturn) {
		return nil
	}
	start := g.start.Key
	earlier := func() []string {
		var out []string
		for _, o := range g.p.Nodes {
			if (o.Type == NodeApproval || o.Type == NodeTask) && o.Key != key && g.Before(o.Key, key) {
				out = append(out, o.Key)
			}
		}
		return out
	}
	to := ReturnAny
	if n.Allow != nil && n.Allow.ReturnTo != "" {
		to = n.Allow.ReturnTo
	}
	switch to {
	case ReturnAny:
		return append([]string{start}, earlier()...)
	case ReturnStart:
		return []string{start}
	case ReturnPrevious:
		// The nearest: earlier steps with no other earlier step between them and this one.
		before := earlier()
		var out []string
		for _, a := range before {
			nearest := true
			for _, b := range before {
				if a != b && g.Before(a, b) {
					nearest = false
					break
				}
			}
			if nearest {
				out = append(out, a)
			}
		}
		if len(out) == 0 {
			return []string{start}
		}
		return out
	default:
		return []string{to}
	}
}
