package form

import "github.com/expr-lang/expr"

// ExprFunctions returns the formula functions (SUM … DATEADD, as docs/template-format.md
// lists them) as expr options, for expressions written outside a form: pipeline
// conditions and automation values. They are the same functions formulas call, so both
// places agree on what a function means.
//
// Two things the form compiler does at compile time are left to the caller: TODAY() and
// NOW() return nothing unless rewritten into variables holding the clock, and DATEDIF
// and DATEADD take the *time.Location as a fourth argument after the unit ("d", "m" or
// "y").
func ExprFunctions() []expr.Option { return functionOptions() }

// IsExprFunction reports whether name is one of the functions ExprFunctions returns.
func IsExprFunction(name string) bool {
	_, ok := functionSet[name]
	return ok
}

// FormatDate writes a date the way date fields store it ("2006-01-02").
const FormatDate = dateLayout
