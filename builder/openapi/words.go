package openapi

import (
	"strings"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// zh reports whether a language tag asks for Chinese.
func zh(lang string) bool { return strings.HasPrefix(strings.ToLower(lang), "zh") }

// say picks one of two messages by language.
func say(lang, en, zhText string) string {
	if zh(lang) {
		return zhText
	}
	return en
}

// label picks a field or option label, falling back to the other language.
func label(t fault.Text, lang string) string {
	if zh(lang) && t.ZH != "" || t.EN == "" {
		return t.ZH
	}
	return t.EN
}

// describe writes a field's description: its type, then what a client needs to know to
// fill it (options, phone kind, precision, currency, serial pattern, formula).
func describe(f *form.Field, lang string) string {
	var b strings.Builder
	def := f.Def()
	b.WriteString(label(def.Words, lang))
	sep := func() {
		if zh(lang) {
			b.WriteString("。")
		} else {
			b.WriteString(". ")
		}
	}
	if describe := def.Describe; describe != nil {
		for _, part := range describe(f) {
			sep()
			b.WriteString(label(part, lang))
		}
	}
	if f.Unique {
		sep()
		b.WriteString(say(lang, "Unique within the form: a duplicate is refused with 409", "在表单内唯一：重复时返回 409"))
	}
	if f.ServerOwned {
		sep()
		b.WriteString(say(lang, "Read-only: sending it is refused with 400 readonly_field", "只读：提交该字段会返回 400 readonly_field"))
	}
	if zh(lang) {
		b.WriteString("。")
	} else {
		b.WriteString(".")
	}
	return b.String()
}
