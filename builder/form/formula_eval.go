package form

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/vm"
)

// Defaults formulas see for missing values: missing numbers count as 0.
var (
	zeroNumber any = 0.0
	emptyText  any = ""
	falseBool  any = false
	emptyList  any = []any{}
)

func valueFor(v any, k Kind) any {
	switch k {
	case KindNumber:
		if _, ok := v.(float64); ok {
			return v
		}
		if n, ok := toNumber(v); ok {
			return n
		}
		return zeroNumber
	case KindString, KindDate, KindDatetime:
		if _, ok := v.(string); ok {
			return v
		}
		return emptyText
	case KindBool:
		if _, ok := v.(bool); ok {
			return v
		}
		return falseBool
	case KindArray:
		if _, ok := v.([]any); ok {
			return v
		}
		return emptyList
	}
	return v
}

// evaluation is the state of computing one record's formulas.
type evaluation struct {
	form    *Form
	rec     map[string]any
	env     *Env
	machine vm.VM
	vars    map[string]any
	columns []any
	today   any
	now     any
}

// compute evaluates every formula in dependency order: row formulas for each row, form
// formulas once. A formula that fails at run time (a lookup of an unexpected type, …)
// gives no value, like a division by zero; one over its bounds (formula_bounds.go) is an
// error on its field in errs.
func (f *Form) compute(rec map[string]any, env *Env, errs *fieldErrors) {
	if len(f.formulas) == 0 {
		return
	}
	ev, _ := f.evaluations.Get().(*evaluation)
	if ev == nil {
		ev = &evaluation{form: f, vars: make(map[string]any, f.varCount)}
		ev.machine.MemoryBudget = f.budget
	}
	ev.rec, ev.env = rec, env
	defer f.release(ev)
	for _, fo := range f.formulas {
		if fo.sub == nil {
			ev.run(fo, rec, nil, -1, errs)
			continue
		}
		rows, _ := rec[fo.sub.key].([]any)
		for i, r := range rows {
			if row, ok := r.(map[string]any); ok {
				ev.run(fo, row, rec, i, errs)
			}
		}
	}
}

// release returns an evaluation to the pool without what it held of the record.
func (f *Form) release(ev *evaluation) {
	clear(ev.vars)
	clear(ev.columns)
	ev.rec, ev.env, ev.today, ev.now = nil, nil, nil, nil
	f.evaluations.Put(ev)
}

// run evaluates fo over obj (the record, or row number row of its sub-form, whose record is
// parent; row is -1 for the record) and stores it; a formula over its work or size budget
// is a problem on the formula's field.
func (ev *evaluation) run(fo *formula, obj, parent map[string]any, row int, errs *fieldErrors) {
	key := fo.spec.key
	out, err := ev.value(fo, obj, parent)
	if err != nil {
		if errors.Is(err, errFormulaBudget) || strings.Contains(err.Error(), "memory budget exceeded") {
			errs.add(fo.pointerAt(row), "formula_budget", overBudget())
		}
		delete(obj, key)
		return
	}
	if out = resultValue(out, fo.spec.field); out == nil {
		delete(obj, key)
		return
	}
	if t, ok := out.(string); ok && len(t) > MaxFormulaText {
		delete(obj, key)
		errs.add(fo.pointerAt(row), "formula_too_long", textTooLong())
		return
	}
	obj[key] = out
}

// errFormulaBudget is the answer of value for a formula whose inputs could make it copy more
// text than MaxFormulaWork: it is refused before it runs.
var errFormulaBudget = errors.New("formula over its work budget")

// value evaluates fo over obj (the record, or a row whose record is parent).
func (ev *evaluation) value(fo *formula, obj, parent map[string]any) (any, error) {
	vars := ev.vars
	for i := range fo.vars {
		v := &fo.vars[i]
		switch v.src {
		case srcOwn:
			vars[v.name] = valueFor(obj[v.key], v.kind)
		case srcParent:
			vars[v.name] = valueFor(parent[v.key], v.kind)
		case srcColumn:
			vars[v.name] = ev.column(v.idx)
		case srcRows:
			vars[v.name] = valueFor(ev.rec[v.key], KindArray)
		case srcToday:
			vars[v.name] = ev.todayText()
		case srcNow:
			vars[v.name] = ev.nowText()
		case srcLocation:
			vars[v.name] = ev.env.Location
		case srcCalendar:
			vars[v.name] = workCalendar{days: ev.env.Calendar, loc: ev.env.Location}
		}
	}
	if fo.work(vars) > MaxFormulaWork {
		return nil, errFormulaBudget
	}
	return ev.machine.Run(fo.program, vars)
}

// column lists one sub-form column, built once per record: the formulas that write it
// run before any formula that reads it.
func (ev *evaluation) column(idx int) any {
	if ev.columns == nil {
		ev.columns = make([]any, len(ev.form.columns))
	}
	if c := ev.columns[idx]; c != nil {
		return c
	}
	col := ev.form.columns[idx]
	rows, _ := ev.rec[col.sub].([]any)
	list := make([]any, 0, len(rows))
	for _, r := range rows {
		row, _ := r.(map[string]any)
		list = append(list, valueFor(row[col.col], col.kind))
	}
	ev.columns[idx] = list
	return list
}

func (ev *evaluation) todayText() any {
	if ev.today == nil {
		ev.today = emptyText
		if !ev.env.Now.IsZero() {
			ev.today = ev.env.Now.In(ev.env.Location).Format(dateLayout)
		}
	}
	return ev.today
}

func (ev *evaluation) nowText() any {
	if ev.now == nil {
		ev.now = emptyText
		if !ev.env.Now.IsZero() {
			ev.now = formatDatetime(ev.env.Now)
		}
	}
	return ev.now
}

// resultValue converts a formula's result to its field's kind; nil means no value.
func resultValue(out any, f *Field) any {
	switch f.Kind {
	case KindNumber:
		n, ok := toNumber(out)
		if !ok || math.IsInf(n, 0) || math.IsNaN(n) {
			return nil
		}
		if f.Precision >= 0 {
			return roundTo(n, f.Precision)
		}
		return roundSignificant(n)
	case KindBool:
		if b, ok := out.(bool); ok {
			return b
		}
		return nil
	case KindString, KindDate, KindDatetime:
		switch v := out.(type) {
		case string:
			if v == "" && f.Kind != KindString {
				return nil
			}
			return v
		case nil:
			return nil
		}
		if f.Kind != KindString {
			return nil
		}
		return concatText(out)
	}
	return out
}

// roundSignificant keeps 15 significant digits, as spreadsheets do, so that 0.1+0.2 is 0.3.
func roundSignificant(n float64) float64 {
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		return n
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(n, 'g', 15, 64), 64)
	if err != nil {
		return n
	}
	return r
}

func concatText(v any) string {
	s, _ := fnConcat(v)
	return s.(string)
}
