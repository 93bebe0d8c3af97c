package form

import (
	"strings"

	"github.com/formloom/formloom/fault"
)

var msgRequired = fault.Text{EN: "This field is required.", ZH: "此项为必填项。"}

// keywordMessages writes the message for a JSON Schema keyword's error. n is the keyword's
// value in the schema (the limit, the type, …) as text; s is the field, when known.
var keywordMessages = map[string]func(n string, s *spec) fault.Text{
	"type": func(n string, s *spec) fault.Text {
		en, zh := typeWords(n)
		return fault.Text{EN: "Must be " + en + ".", ZH: "必须是" + zh + "。"}
	},
	"enum": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must be one of the options.", ZH: "请选择有效的选项。"}
	},
	"const": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must be " + n + ".", ZH: "必须是 " + n + "。"}
	},
	"format": func(n string, s *spec) fault.Text {
		switch n {
		case "date":
			return fault.Text{EN: "Must be a date (YYYY-MM-DD).", ZH: "请输入有效的日期（YYYY-MM-DD）。"}
		case "date-time":
			return fault.Text{EN: "Must be a date and time, such as 2026-05-01T09:30:00+08:00.", ZH: "请输入有效的日期时间，如 2026-05-01T09:30:00+08:00。"}
		case "email":
			return fault.Text{EN: "Must be an email address.", ZH: "请输入有效的邮箱地址。"}
		case "uri":
			return fault.Text{EN: "Must be a web address, such as https://example.com.", ZH: "请输入有效的网址，如 https://example.com。"}
		}
		return fault.Text{EN: "Must be in the " + n + " format.", ZH: "格式应为 " + n + "。"}
	},
	"minimum": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must be at least " + n + ".", ZH: "不能小于 " + n + "。"}
	},
	"maximum": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must be at most " + n + ".", ZH: "不能大于 " + n + "。"}
	},
	"exclusiveMinimum": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must be greater than " + n + ".", ZH: "必须大于 " + n + "。"}
	},
	"exclusiveMaximum": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must be less than " + n + ".", ZH: "必须小于 " + n + "。"}
	},
	"multipleOf": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must be a multiple of " + n + ".", ZH: "必须是 " + n + " 的倍数。"}
	},
	"minLength": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must be at least " + n + " " + plural(n, "character", "characters") + ".", ZH: "至少 " + n + " 个字符。"}
	},
	"maxLength": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must be at most " + n + " " + plural(n, "character", "characters") + ".", ZH: "最多 " + n + " 个字符。"}
	},
	"pattern": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Does not have the expected format.", ZH: "格式不正确。"}
	},
	"minItems": func(n string, s *spec) fault.Text {
		en, zh := itemWords(s, n)
		return fault.Text{EN: "Must have at least " + n + " " + en + ".", ZH: "至少需要 " + n + " " + zh + "。"}
	},
	"maxItems": func(n string, s *spec) fault.Text {
		en, zh := itemWords(s, n)
		return fault.Text{EN: "Must have at most " + n + " " + en + ".", ZH: "最多 " + n + " " + zh + "。"}
	},
	"uniqueItems": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must not contain the same item twice.", ZH: "不能包含重复项。"}
	},
	"minProperties": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must have at least " + n + " " + plural(n, "field", "fields") + " filled in.", ZH: "至少需要填写 " + n + " 项。"}
	},
	"maxProperties": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must have at most " + n + " " + plural(n, "field", "fields") + " filled in.", ZH: "最多填写 " + n + " 项。"}
	},
	"additionalProperties": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Unknown field.", ZH: "未知字段。"}
	},
	"anyOf": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Does not match any of the allowed forms.", ZH: "不符合任何一种允许的填写方式。"}
	},
	"oneOf": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Must match exactly one of the allowed forms.", ZH: "必须且只能符合一种允许的填写方式。"}
	},
	"not": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "This value is not allowed.", ZH: "不允许填写此值。"}
	},
	"contains": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "Does not contain a required item.", ZH: "缺少必需的项。"}
	},
	"not_allowed": func(n string, s *spec) fault.Text {
		return fault.Text{EN: "This value is not allowed.", ZH: "不允许填写此值。"}
	},
}

func (f *Form) message(code string, limit any, at string) fault.Text {
	return keywordMessages[code](limitText(limit), f.specAt(at))
}

func typeWords(types string) (en, zh string) {
	var ens, zhs []string
	for _, t := range strings.Split(types, ", ") {
		switch t {
		case "string":
			ens, zhs = append(ens, "text"), append(zhs, "文本")
		case "number":
			ens, zhs = append(ens, "a number"), append(zhs, "数字")
		case "integer":
			ens, zhs = append(ens, "a whole number"), append(zhs, "整数")
		case "boolean":
			ens, zhs = append(ens, "true or false"), append(zhs, "是或否")
		case "array":
			ens, zhs = append(ens, "a list"), append(zhs, "列表")
		case "object":
			ens, zhs = append(ens, "an object"), append(zhs, "对象")
		case "null":
			ens, zhs = append(ens, "empty"), append(zhs, "空值")
		}
	}
	return strings.Join(ens, " or "), strings.Join(zhs, "或")
}

func itemWords(s *spec, n string) (en, zh string) {
	if s != nil {
		if d, ok := typeDefs[s.typ]; ok && d.Items != nil {
			return d.Items(n)
		}
	}
	return plural(n, "item", "items"), "项"
}

func plural(n, one, many string) string {
	if n == "1" {
		return one
	}
	return many
}

// Messages of the x-formloom checks.
var (
	msgMobile   = fault.Text{EN: "Must be a mobile number: 11 digits starting with 1, such as 13800138000.", ZH: "请输入有效的手机号码（以 1 开头的 11 位数字）。"}
	msgLandline = fault.Text{EN: "Must be a landline number with its area code, such as 010-12345678.", ZH: "请输入带区号的固定电话号码，如 010-12345678。"}
	msgPhone    = fault.Text{EN: "Must be a mobile number (such as 13800138000) or a landline number (such as 010-12345678).", ZH: "请输入有效的手机号码或固定电话号码。"}
	msgScheme   = fault.Text{EN: "Must be a web address starting with http:// or https://.", ZH: "网址必须以 http:// 或 https:// 开头。"}
	msgInteger  = fault.Text{EN: "Must be a whole number.", ZH: "必须是整数。"}
)

func msgPrecision(n int) fault.Text {
	if n == 0 {
		return msgInteger
	}
	d := itoa(n)
	return fault.Text{EN: "Must have at most " + d + " " + plural(d, "decimal place", "decimal places") + ".", ZH: "最多 " + d + " 位小数。"}
}
