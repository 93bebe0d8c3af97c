package form

import "github.com/formloom/formloom/fault"

func init() {
	register(&TypeDef{
		Name:       Phone,
		Keys:       []string{"kind", "unique"},
		compile:    compilePhone,
		Words:      words("Phone number", "电话号码"),
		Describe:   phoneWords,
		Cell:       CellText,
		SheetWidth: 13,
		Query:      Query{How: QueryScalar, Kind: KindString},
		Searched:   true,
		BlankText:  true,
	})
}

func compilePhone(fc fieldCompiler) {
	f := fc.f
	f.Kind = KindString
	fc.tc.want("string")
	f.PhoneKind = PhoneMobile
	if k, present := fc.x["kind"]; present {
		ks, _ := k.(string)
		if ks != PhoneMobile && ks != PhoneLandline && ks != PhoneAny {
			fc.c.ps.add(fc.xp+"/kind", fault.Problem("bad_value.kind_mobile_landline_any"))
		} else {
			f.PhoneKind = ks
		}
	}
	fc.s.phone = f.PhoneKind
}

func phoneWords(f *Field) []fault.Text {
	switch f.PhoneKind {
	case PhoneLandline:
		return []fault.Text{{EN: "Landline with area code, such as 010-12345678", ZH: "带区号的固定电话，如 010-12345678"}}
	case PhoneAny:
		return []fault.Text{{EN: "Mainland mobile or landline", ZH: "手机或固定电话"}}
	}
	return []fault.Text{{EN: "Mainland mobile, 11 digits starting with 1", ZH: "手机号码，以 1 开头的 11 位数字"}}
}
