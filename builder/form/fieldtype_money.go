package form

import "github.com/formloom/formloom/fault"

func init() {
	register(&TypeDef{
		Name:    Money,
		Keys:    []string{"currency", "precision"},
		compile: compileMoney,
		Words:   words("Amount of money", "金额"),
		Widgets: []string{"updown"},
		Describe: func(f *Field) []fault.Text {
			return append([]fault.Text{{EN: "Currency " + f.Currency, ZH: "币种 " + f.Currency}}, precisionWords(f)...)
		},
		Cell:        CellNumber,
		SheetFormat: func(f *Field) string { return "#,##0" + sheetDecimals(f.Precision) },
		Query:       Query{How: QueryScalar, Kind: KindNumber},
	})
}

// compileMoney: a number with two decimals unless said otherwise, in a currency (CNY
// unless said otherwise).
func compileMoney(fc fieldCompiler) {
	fc.number(2, fc.currency)
}

func (fc fieldCompiler) currency() {
	fc.f.Currency = "CNY"
	if cur, present := fc.x["currency"]; present {
		cs, _ := cur.(string)
		if !isCurrency(cs) {
			fc.c.ps.add(fc.xp+"/currency", fault.Problem("bad_value.currency_three_letter_iso"))
		} else {
			fc.f.Currency = cs
		}
	}
}

func isCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
