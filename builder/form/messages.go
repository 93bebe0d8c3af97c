package form

import (
	"strings"

	"github.com/formloom/formloom/fault"
)

// msgRequired is the problem of a required field left out.
func msgRequired() fault.Text { return fault.Problem("required.value").Text }

// keywordMessages writes the message for a JSON Schema keyword's error, from the field
// catalogue. n is the keyword's value in the schema (the limit, the type, …) as text; s is
// the field, when known.
var keywordMessages = map[string]func(n string, s *spec) fault.Text{
	"type": func(n string, s *spec) fault.Text {
		return fault.Problem("type.value").FillText("types", typeWords(n)).Text
	},
	"enum": func(n string, s *spec) fault.Text {
		return fault.Problem("enum.value").Text
	},
	"const": func(n string, s *spec) fault.Text {
		return fault.Problem("const.value").Fill("value", n).Text
	},
	"format": func(n string, s *spec) fault.Text {
		switch n {
		case "date":
			return fault.Problem("format.value_date").Text
		case "date-time":
			return fault.Problem("format.value_datetime").Text
		case "email":
			return fault.Problem("format.value_email").Text
		case "uri":
			return fault.Problem("format.value_uri").Text
		}
		return fault.Problem("format.value").Fill("format", n).Text
	},
	"minimum": func(n string, s *spec) fault.Text {
		return fault.Problem("minimum.value").Fill("limit", n).Text
	},
	"maximum": func(n string, s *spec) fault.Text {
		return fault.Problem("maximum.value").Fill("limit", n).Text
	},
	"exclusiveMinimum": func(n string, s *spec) fault.Text {
		return fault.Problem("exclusiveMinimum.value").Fill("limit", n).Text
	},
	"exclusiveMaximum": func(n string, s *spec) fault.Text {
		return fault.Problem("exclusiveMaximum.value").Fill("limit", n).Text
	},
	"multipleOf": func(n string, s *spec) fault.Text {
		return fault.Problem("multipleOf.value").Fill("limit", n).Text
	},
	"minLength": func(n string, s *spec) fault.Text {
		if n == "1" {
			return fault.Problem("minLength.value_one").Text
		}
		return fault.Problem("minLength.value").Fill("limit", n).Text
	},
	"maxLength": func(n string, s *spec) fault.Text {
		if n == "1" {
			return fault.Problem("maxLength.value_one").Text
		}
		return fault.Problem("maxLength.value").Fill("limit", n).Text
	},
	"pattern": func(n string, s *spec) fault.Text {
		return fault.Problem("pattern.value").Text
	},
	"minItems": func(n string, s *spec) fault.Text {
		return fault.Problem("minItems.value").Fill("limit", n).FillText("items", itemWords(s, n)).Text
	},
	"maxItems": func(n string, s *spec) fault.Text {
		return fault.Problem("maxItems.value").Fill("limit", n).FillText("items", itemWords(s, n)).Text
	},
	"uniqueItems": func(n string, s *spec) fault.Text {
		return fault.Problem("uniqueItems.value").Text
	},
	"minProperties": func(n string, s *spec) fault.Text {
		if n == "1" {
			return fault.Problem("minProperties.value_one").Text
		}
		return fault.Problem("minProperties.value").Fill("limit", n).Text
	},
	"maxProperties": func(n string, s *spec) fault.Text {
		if n == "1" {
			return fault.Problem("maxProperties.value_one").Text
		}
		return fault.Problem("maxProperties.value").Fill("limit", n).Text
	},
	"additionalProperties": func(n string, s *spec) fault.Text {
		return fault.Problem("additionalProperties.value").Text
	},
	"anyOf": func(n string, s *spec) fault.Text {
		return fault.Problem("anyOf.value").Text
	},
	"oneOf": func(n string, s *spec) fault.Text {
		return fault.Problem("oneOf.value").Text
	},
	"not": func(n string, s *spec) fault.Text {
		return fault.Problem("not.value").Text
	},
	"contains": func(n string, s *spec) fault.Text {
		return fault.Problem("contains.value").Text
	},
	"not_allowed": func(n string, s *spec) fault.Text {
		return fault.Problem("not_allowed.value").Text
	},
}

func (f *Form) message(code string, limit any, at string) fault.Text {
	return keywordMessages[code](limitText(limit), f.specAt(at))
}

// typeWords names the JSON types of a type keyword ("string, number") as a message's
// {types} value: "text or a number", "文本或数字".
func typeWords(types string) fault.Text {
	var ens, zhs []string
	for _, t := range strings.Split(types, ", ") {
		if w, ok := typeNames[t]; ok {
			ens, zhs = append(ens, w.EN), append(zhs, w.ZH)
		}
	}
	return fault.Text{EN: strings.Join(ens, " or "), ZH: strings.Join(zhs, "或")}
}

// typeNames are the names of the JSON types in a type problem, not messages of their own.
var typeNames = map[string]fault.Text{
	"string":  words("text", "文本"),
	"number":  words("a number", "数字"),
	"integer": words("a whole number", "整数"),
	"boolean": words("true or false", "是或否"),
	"array":   words("a list", "列表"),
	"object":  words("an object", "对象"),
	"null":    words("empty", "空值"),
}

// itemWords names the items of a list field ("files", "个文件") as a message's {items}
// value: the field type says what its items are called.
func itemWords(s *spec, n string) fault.Text {
	if s != nil {
		if d, ok := typeDefs[s.typ]; ok && d.Items != nil {
			en, zh := d.Items(n)
			return fault.Text{EN: en, ZH: zh}
		}
	}
	return words(plural(n, "item", "items"), "项")
}

func plural(n, one, many string) string {
	if n == "1" {
		return one
	}
	return many
}

// Problems of the x-formloom checks, from the field catalogue.
func msgMobile() fault.Text   { return fault.Problem("phone.mobile").Text }
func msgLandline() fault.Text { return fault.Problem("phone.landline").Text }
func msgPhone() fault.Text    { return fault.Problem("phone.any").Text }
func msgScheme() fault.Text   { return fault.Problem("url_scheme.value").Text }

func msgPrecision(n int) fault.Text {
	switch n {
	case 0:
		return fault.Problem("precision.integer").Text
	case 1:
		return fault.Problem("precision.one").Text
	}
	return fault.Problem("precision.value").Fill("limit", n).Text
}
