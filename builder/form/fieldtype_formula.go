package form

import (
	"strings"

	"github.com/formloom/formloom/fault"
)

func init() {
	register(&TypeDef{
		Name:     Formula,
		Computed: true,
		Keys:     []string{"expr", "precision"},
		compile:  compileFormula,
		Words:    words("Formula, computed by the server", "公式，由系统计算"),
		Describe: func(f *Field) []fault.Text {
			out := []fault.Text{{EN: "= " + f.Expr, ZH: "= " + f.Expr}}
			if f.Kind == KindNumber {
				out = append(out, precisionWords(f)...)
			}
			return out
		},
		Cell:        CellValue,
		SheetFormat: kindSheetFormat(true),
		Query:       Query{How: QueryResult},
		Searched:    true,
		ComputeKeys: []string{"expr"},
	})
}

// compileFormula: a read-only value the server computes; its kind is its schema's type.
func compileFormula(fc fieldCompiler) {
	f := fc.f
	f.ServerOwned = true
	fc.tc.readOnly()
	t := fc.tc.want("number", "integer", "string", "boolean")
	switch t {
	case "number", "integer":
		f.Kind = KindNumber
		f.Precision = fc.precision(-1)
		if t == "integer" {
			f.Precision = 0
		}
	case "boolean":
		f.Kind = KindBool
	case "string":
		f.Kind = KindString
		switch fc.prop["format"] {
		case "date":
			f.Kind = KindDate
		case "date-time":
			f.Kind = KindDatetime
		}
	}
	f.Expr, _ = fc.x["expr"].(string)
	if strings.TrimSpace(f.Expr) == "" {
		fc.c.ps.add(fc.xp+"/expr", fault.Problem("required.formula_field_needs_expression"))
	}
}
