package access

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"

	"github.com/formloom/formloom/store"
)

// rulesColl holds every Casbin rule, one document per rule.
const rulesColl = "casbin_rules"

// ruleDoc is one stored Casbin rule. Dom (the workspace: v1 of a p rule, v2 of a g rule)
// and App (the app of the rule's role) are derived from the rule so that a workspace's or
// an app's rules are found through an index; Ver is the app version a p rule was compiled
// from.
type ruleDoc struct {
	PType string `json:"ptype"`
	V0    string `json:"v0"`
	V1    string `json:"v1"`
	V2    string `json:"v2"`
	V3    string `json:"v3"`
	V4    string `json:"v4"`
	V5    string `json:"v5"`
	Dom   string `json:"dom"`
	App   string `json:"app"`
	Ver   int    `json:"ver,omitempty"`
}

func (d ruleDoc) rule() []string {
	r := []string{d.V0, d.V1, d.V2, d.V3, d.V4, d.V5}
	for len(r) > 0 && r[len(r)-1] == "" {
		r = r[:len(r)-1]
	}
	return r
}

// ruleID derives a document ID from the rule, so that storing a rule twice is one
// document on every engine.
func ruleID(ptype string, rule []string) string {
	h := sha256.Sum256([]byte(ptype + "\x00" + strings.Join(rule, "\x00")))
	return hex.EncodeToString(h[:16])
}

func newRuleDoc(ptype string, rule []string, ver int) (ruleDoc, error) {
	if len(rule) > 6 {
		return ruleDoc{}, fmt.Errorf("access: rule of %d fields, at most 6", len(rule))
	}
	v := make([]string, 6)
	copy(v, rule)
	d := ruleDoc{PType: ptype, V0: v[0], V1: v[1], V2: v[2], V3: v[3], V4: v[4], V5: v[5], Ver: ver}
	role := v[0]
	switch {
	case strings.HasPrefix(ptype, "p"):
		d.Dom = v[1]
	case strings.HasPrefix(ptype, "g"):
		d.Dom, role = v[2], v[1]
	}
	if i := strings.IndexByte(role, ':'); i > 0 && !strings.HasPrefix(role, "dept:") {
		d.App = role[:i]
	}
	return d, nil
}

// Filter selects the rules LoadFilteredPolicy loads: those of one workspace.
type Filter struct {
	Workspace string
}

// Adapter keeps Casbin rules in a store collection, on any engine. Writes go through the
// context given to the *Ctx methods, so they join the caller's transaction; the plain
// Casbin methods use a background context. One Adapter per enforcer: it remembers whether
// the enforcer's policy was loaded filtered.
type Adapter struct {
	rules    store.Collection
	filtered atomic.Bool
}

// NewAdapter returns an adapter over st's casbin_rules collection (see Collections).
func NewAdapter(st store.Store) *Adapter { return &Adapter{rules: st.Collection(rulesColl)} }

var (
	_ persist.FilteredAdapter = (*Adapter)(nil)
	_ persist.BatchAdapter    = (*Adapter)(nil)
)

// LoadPolicy loads every rule.
func (a *Adapter) LoadPolicy(m model.Model) error {
	a.filtered.Store(false)
	return a.load(context.Background(), store.Filter{}, m)
}

// LoadFilteredPolicy loads the rules of one workspace; filter is a Filter (or *Filter).
func (a *Adapter) LoadFilteredPolicy(m model.Model, filter any) error {
	var f Filter
	switch v := filter.(type) {
	case Filter:
		f = v
	case *Filter:
		if v != nil {
			f = *v
		}
	case nil:
		return a.LoadPolicy(m)
	default:
		return fmt.Errorf("access: adapter filter of type %T, want access.Filter", filter)
	}
	if f.Workspace == "" {
		return a.LoadPolicy(m)
	}
	a.filtered.Store(true)
	return a.load(context.Background(), store.Eq("dom", f.Workspace), m)
}

// IsFiltered tells whether the last load was filtered (Casbin then refuses SavePolicy).
func (a *Adapter) IsFiltered() bool { return a.filtered.Load() }

func (a *Adapter) load(ctx context.Context, f store.Filter, m model.Model) error {
	rules, err := a.Rules(ctx, f)
	if err != nil {
		return err
	}
	for _, r := range rules {
		if err := persist.LoadPolicyArray(r, m); err != nil {
			return fmt.Errorf("access: load rule: %w", err)
		}
	}
	return nil
}

// Rules returns the stored rules matching f (a filter over ptype, v0…v5, dom, app), each
// as ptype followed by its values.
func (a *Adapter) Rules(ctx context.Context, f store.Filter) ([][]string, error) {
	docs, err := store.FindAll(ctx, a.rules, f)
	if err != nil {
		return nil, wrap("load rules", err)
	}
	out := make([][]string, 0, len(docs))
	for _, d := range docs {
		r, err := store.Decode[ruleDoc](d)
		if err != nil {
			return nil, err
		}
		out = append(out, append([]string{r.PType}, r.rule()...))
	}
	return out, nil
}

// SavePolicy replaces every stored rule with the model's.
func (a *Adapter) SavePolicy(m model.Model) error {
	if a.IsFiltered() {
		return errors.New("access: cannot save a filtered policy")
	}
	ctx := context.Background()
	if _, err := a.rules.DeleteMany(ctx, store.Filter{}); err != nil {
		return wrap("clear rules", err)
	}
	for _, sec := range []string{"p", "g"} {
		for ptype, ast := range m[sec] {
			if err := a.AddPoliciesCtx(ctx, ptype, ast.Policy, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// AddPolicy stores one rule.
func (a *Adapter) AddPolicy(_, ptype string, rule []string) error {
	return a.AddPoliciesCtx(context.Background(), ptype, [][]string{rule}, 0)
}

// AddPolicies stores rules.
func (a *Adapter) AddPolicies(_, ptype string, rules [][]string) error {
	return a.AddPoliciesCtx(context.Background(), ptype, rules, 0)
}

// RemovePolicy deletes one rule; a rule not stored is not an error.
func (a *Adapter) RemovePolicy(_, ptype string, rule []string) error {
	return a.RemovePoliciesCtx(context.Background(), ptype, [][]string{rule})
}

// RemovePolicies deletes rules.
func (a *Adapter) RemovePolicies(_, ptype string, rules [][]string) error {
	return a.RemovePoliciesCtx(context.Background(), ptype, rules)
}

// RemoveFilteredPolicy deletes the rules whose values from fieldIndex on equal
// fieldValues ("" matches anything).
func (a *Adapter) RemoveFilteredPolicy(_, ptype string, fieldIndex int, fieldValues ...string) error {
	if fieldIndex < 0 || fieldIndex+len(fieldValues) > 6 {
		return fmt.Errorf("access: filter on fields %d…%d, there are 6", fieldIndex, fieldIndex+len(fieldValues)-1)
	}
	parts := []store.Filter{store.Eq("ptype", ptype)}
	for i, v := range fieldValues {
		if v != "" {
			parts = append(parts, store.Eq(fmt.Sprintf("v%d", fieldIndex+i), v))
		}
	}
	if _, err := a.rules.DeleteMany(context.Background(), store.And(parts...)); err != nil {
		return wrap("remove rules", err)
	}
	return nil
}

// AddPoliciesCtx stores rules through ctx (joining its transaction); ver records the app
// version p rules come from. Storing a rule already stored changes nothing.
func (a *Adapter) AddPoliciesCtx(ctx context.Context, ptype string, rules [][]string, ver int) error {
	for _, r := range rules {
		rd, err := newRuleDoc(ptype, r, ver)
		if err != nil {
			return err
		}
		d, err := store.NewDocument(ruleID(ptype, r), rd)
		if err != nil {
			return err
		}
		if _, err := a.rules.Insert(ctx, d); err != nil && !errors.Is(err, store.ErrExists) {
			return wrap("add rule", err)
		}
	}
	return nil
}

// RemovePoliciesCtx deletes rules through ctx.
func (a *Adapter) RemovePoliciesCtx(ctx context.Context, ptype string, rules [][]string) error {
	for _, r := range rules {
		if err := a.rules.Delete(ctx, ruleID(ptype, r), 0); err != nil && !errors.Is(err, store.ErrNotFound) {
			return wrap("remove rule", err)
		}
	}
	return nil
}
