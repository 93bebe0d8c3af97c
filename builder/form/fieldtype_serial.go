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
		c.ps.add(fc.xp+"/type", fault.Problem("not_allowed.serial_numbers_cannot_used"))
	}
	src, _ := fc.x["pattern"].(string)
	sp, err := parseSerial(src)
	if err != nil {
		c.ps.add(fc.xp+"/pattern", fault.Problem("bad_pattern.serial_pattern_needs_exactly"))
	} else {
		f.Serial = sp
	}
}
