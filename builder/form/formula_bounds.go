package form

import (
	"strconv"

	"github.com/formloom/formloom/fault"
)

// Bounds of one formula evaluation. Formulas cannot loop, so the text a formula can build is
// at most the text of its inputs times the number of times it reads them: that product is
// checked before the formula runs (a formula that reads a long field many times is refused
// without building anything), and the result is checked after.
const (
	// MaxFormulaText is the longest text a formula may give, in bytes.
	MaxFormulaText = 64 << 10
	// MaxFormulaWork is the most input text one evaluation may copy, in bytes.
	MaxFormulaWork = 1 << 20
)

// The problems of a formula past its bounds, from the field catalogue.
func textTooLong() fault.Text { return fault.Problem("formula_too_long.result").Text }
func overBudget() fault.Text  { return fault.Problem("formula_budget.work").Text }

// textSize is how many bytes of text v can contribute to a formula's result.
func textSize(v any) int {
	switch x := v.(type) {
	case string:
		return len(x)
	case []any:
		n := 0
		for _, item := range x {
			n += textSize(item) + 2
		}
		return n
	case map[string]any:
		n := 0
		for _, item := range x {
			n += textSize(item) + 2
		}
		return n
	case nil:
		return 0
	}
	return 24 // a number or a boolean written as text
}

// work is the most text fo can copy with its variables as filled in vars.
func (fo *formula) work(vars map[string]any) int {
	n := 0
	for i := range fo.vars {
		v := &fo.vars[i]
		n += v.uses * textSize(vars[v.name])
	}
	return n
}

// pointerAt locates fo's field in a record, in row row of its sub-form (-1: at the top);
// built only for an error.
func (fo *formula) pointerAt(row int) string {
	if fo.sub == nil || row < 0 {
		return "/" + escapeToken(fo.spec.key)
	}
	return "/" + escapeToken(fo.sub.key) + "/" + strconv.Itoa(row) + "/" + escapeToken(fo.spec.key)
}
