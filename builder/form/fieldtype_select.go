package form

import (
	"github.com/formloom/formloom/fault"
)

func init() {
	register(&TypeDef{
		Name: Select,
		Keys: []string{"options"},
		compile: func(fc fieldCompiler) {
			fc.f.Kind = KindString
			fc.tc.want("string")
			fc.f.Options = fc.options(fc.prop, fc.p)
		},
		Words:     words("Single choice", "单选"),
		Widgets:   []string{"select"},
		Describe:  optionWords,
		Cell:      CellOption,
		Query:     Query{How: QueryScalar, Kind: KindString},
		Choice:    ChoiceOne,
		Searched:  true,
		BlankText: true,
	})
}

// optionWords lists a choice field's options: "`value` label, …".
func optionWords(f *Field) []fault.Text {
	en, zh := "Options: ", "选项："
	for i, o := range f.Options {
		if i > 0 {
			en += ", "
			zh += "，"
		}
		en += "`" + o.Value + "` " + pickLabel(o.Label, false)
		zh += "`" + o.Value + "` " + pickLabel(o.Label, true)
	}
	return []fault.Text{{EN: en, ZH: zh}}
}

// pickLabel picks a label in one language, falling back to the other.
func pickLabel(t fault.Text, zh bool) string {
	if zh && t.ZH != "" || t.EN == "" {
		return t.ZH
	}
	return t.EN
}
