package template

import "strings"

// Text is a label in the product's two languages: Chinese is required, English optional.
type Text struct {
	ZH string `json:"zh-CN"`
	EN string `json:"en,omitempty"`
}

// In returns the text for a language tag ("zh…" → Chinese, anything else → English),
// falling back to the other language when one is empty.
func (t Text) In(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "zh") || t.EN == "" {
		if t.ZH != "" {
			return t.ZH
		}
	}
	if t.EN != "" {
		return t.EN
	}
	return t.ZH
}
