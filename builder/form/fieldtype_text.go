package form

import (
	"encoding/json"
	"fmt"
)

// Default maxLength of text fields, filled into the schema when it does not say.
const (
	defaultTextMax     = 200
	defaultTextareaMax = 10000
)

func init() {
	register(&TypeDef{
		Name:      Text,
		Keys:      []string{"unique"},
		compile:   func(fc fieldCompiler) { fc.text(defaultTextMax) },
		Words:     words("Single-line text", "单行文本"),
		Widgets:   []string{"text"},
		Cell:      CellText,
		Query:     Query{How: QueryScalar, Kind: KindString},
		Heading:   HeadLine,
		Searched:  true,
		BlankText: true,
		Becomes:   map[string]Type{"textarea": Textarea},
	})
}

// text compiles a string with a maxLength, filling def into the schema when it has none.
func (fc fieldCompiler) text(def int) {
	fc.f.Kind = KindString
	fc.tc.want("string")
	if n, ok, present := getInt(fc.prop, "maxLength"); ok {
		fc.f.MaxLength = int(n)
	} else if !present {
		fc.prop["maxLength"] = json.Number(fmt.Sprint(def))
		fc.f.MaxLength = def
	}
}
