package openapi

import (
	"strconv"
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

// typeNames names each field type for people, in both languages.
var typeNames = map[form.Type]fault.Text{
	form.Text:       {EN: "Single-line text", ZH: "单行文本"},
	form.Textarea:   {EN: "Multi-line text", ZH: "多行文本"},
	form.Number:     {EN: "Number", ZH: "数字"},
	form.Money:      {EN: "Amount of money", ZH: "金额"},
	form.Date:       {EN: "Date (YYYY-MM-DD)", ZH: "日期（YYYY-MM-DD）"},
	form.Datetime:   {EN: "Date and time (RFC 3339, stored in UTC)", ZH: "日期时间（RFC 3339，以 UTC 存储）"},
	form.Select:     {EN: "Single choice", ZH: "单选"},
	form.Multi:      {EN: "Multiple choice", ZH: "多选"},
	form.Checkbox:   {EN: "Yes or no", ZH: "是否"},
	form.Phone:      {EN: "Phone number", ZH: "电话号码"},
	form.Email:      {EN: "Email address", ZH: "邮箱地址"},
	form.URL:        {EN: "Web address (http or https)", ZH: "网址（http 或 https）"},
	form.Member:     {EN: "Member (user ID)", ZH: "成员（用户 ID）"},
	form.Department: {EN: "Department (department ID)", ZH: "部门（部门 ID）"},
	form.Serial:     {EN: "Serial number, allocated by the server", ZH: "流水号，由系统分配"},
	form.Attachment: {EN: "Attachments (file IDs)", ZH: "附件（文件 ID）"},
	form.Relation:   {EN: "Related record (record ID)", ZH: "关联记录（记录 ID）"},
	form.Lookup:     {EN: "Shown from the related record, filled by the server", ZH: "引用关联记录的字段，由系统填写"},
	form.Subform:    {EN: "Sub-form rows", ZH: "子表单行"},
	form.Formula:    {EN: "Formula, computed by the server", ZH: "公式，由系统计算"},
}

// describe writes a field's description: its type, then what a client needs to know to
// fill it (options, phone kind, precision, currency, serial pattern, formula).
func describe(f *form.Field, lang string) string {
	var b strings.Builder
	b.WriteString(label(typeNames[f.Type], lang))
	sep := func() {
		if zh(lang) {
			b.WriteString("。")
		} else {
			b.WriteString(". ")
		}
	}
	switch f.Type {
	case form.Select, form.Multi:
		sep()
		b.WriteString(say(lang, "Options: ", "选项："))
		for i, o := range f.Options {
			if i > 0 {
				b.WriteString(say(lang, ", ", "，"))
			}
			b.WriteString("`" + o.Value + "` " + label(o.Label, lang))
		}
	case form.Phone:
		sep()
		switch f.PhoneKind {
		case form.PhoneLandline:
			b.WriteString(say(lang, "Landline with area code, such as 010-12345678", "带区号的固定电话，如 010-12345678"))
		case form.PhoneAny:
			b.WriteString(say(lang, "Mainland mobile or landline", "手机或固定电话"))
		default:
			b.WriteString(say(lang, "Mainland mobile, 11 digits starting with 1", "手机号码，以 1 开头的 11 位数字"))
		}
	case form.Money:
		sep()
		b.WriteString(say(lang, "Currency ", "币种 ") + f.Currency)
	case form.Serial:
		if f.Serial != nil {
			sep()
			b.WriteString(say(lang, "Pattern ", "格式 ") + f.Serial.Source)
		}
	case form.Formula:
		sep()
		b.WriteString("= " + f.Expr)
	case form.Relation:
		sep()
		b.WriteString(say(lang, "A record of form ", "表单 ") + f.Target + say(lang, "", " 的记录"))
	case form.Lookup:
		if f.Lookup != nil {
			sep()
			b.WriteString(f.Lookup.Relation + " → " + f.Lookup.Field)
		}
	}
	if f.Precision >= 0 && (f.Type == form.Number || f.Type == form.Money || f.Type == form.Formula && f.Kind == form.KindNumber) {
		sep()
		if f.Precision == 0 {
			b.WriteString(say(lang, "Whole numbers", "整数"))
		} else {
			b.WriteString(say(lang, "At most ", "最多 ") + strconv.Itoa(f.Precision) + say(lang, " decimal places", " 位小数"))
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
