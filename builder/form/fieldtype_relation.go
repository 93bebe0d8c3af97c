package form

import (
	"strconv"

	"github.com/formloom/formloom/fault"
)

func init() {
	register(&TypeDef{
		Name:    Relation,
		Keys:    []string{"form", "multiple"},
		compile: compileRelation,
		Words:   words("Related record (record ID)", "关联记录（记录 ID）"),
		Describe: func(f *Field) []fault.Text {
			return []fault.Text{{EN: "A record of form " + f.Target, ZH: "表单 " + f.Target + " 的记录"}}
		},
		Cell:      CellIDs,
		Query:     Query{How: QueryIDs},
		Refers:    RefRecord,
		BlankText: true,
	})
}

// compileRelation: one record ID (or a list) of a form of the same app.
func compileRelation(fc fieldCompiler) {
	c := fc.c
	fc.ids()
	target, _ := fc.x["form"].(string)
	switch {
	case target == "":
		c.ps.add(fc.xp+"/form", fault.Problem("required.relation_field_name_form"))
	case c.forms != nil && !c.forms[target]:
		c.ps.add(fc.xp+"/form", fault.Problem("unknown_form.relation").Fill("form", strconv.Quote(target)))
	default:
		fc.f.Target = target
	}
}
