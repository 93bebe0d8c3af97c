package form

import "github.com/formloom/formloom/fault"

func init() {
	register(&TypeDef{
		Name:     Serial,
		Computed: true,
		Keys:     []string{"pattern"},
		compile:  compileSerial,
		Words:    words("Serial number, allocated by the server", "流水号，由系统分配"),
		Describe: func(f *Field) []fault.Text {
			if f.Serial == nil {
				return nil
			}
			return []fault.Text{{EN: "Pattern " + f.Serial.Source, ZH: "格式 " + f.Serial.Source}}
		},
		Cell:        CellText,
		Query:       Query{How: QueryScalar, Kind: KindString},
		Heading:     HeadSerial,
		Searched:    true,
		BlankText:   true,
		ComputeKeys: []string{"pattern"},
	})
}

// compileSerial: a read-only string the server allocates from a pattern, top level only.
func compileSerial(fc fieldCompiler) {
	c, f := fc.c, fc.f
	f.Kind = KindString
	f.ServerOwned = true
	fc.tc.want("string")
	fc.tc.readOnly()
	if fc.parent != nil {
		c.ps.add(fc.xp+"/type", "not_allowed", "Serial numbers cannot be used inside sub-form rows.", "子表单中不能使用流水号字段。")
	}
	src, _ := fc.x["pattern"].(string)
	sp, err := parseSerial(src)
	if err != nil {
		c.ps.add(fc.xp+"/pattern", "bad_pattern", `A serial pattern needs exactly one {seq:N} (N from 1 to 12) and only the tokens {yyyy} {yy} {MM} {dd}, e.g. "XS-{yyyy}-{seq:6}".`,
			`流水号格式必须恰好包含一个 {seq:N}（N 为 1–12），且只能使用 {yyyy} {yy} {MM} {dd}，例如 "XS-{yyyy}-{seq:6}"。`)
	} else {
		f.Serial = sp
	}
}
