package form

func init() {
	register(&TypeDef{
		Name: Date,
		compile: func(fc fieldCompiler) {
			fc.f.Kind = KindDate
			fc.tc.want("string")
			fc.tc.format("date")
		},
		Words:       words("Date (YYYY-MM-DD)", "日期（YYYY-MM-DD）"),
		Widgets:     []string{"date"},
		Cell:        CellDate,
		SheetFormat: func(*Field) string { return sheetDateFormat },
		SheetWidth:  13,
		Query:       Query{How: QueryScalar, Kind: KindDate},
		BlankText:   true,
	})
}

// The Excel formats of dates and of dates with times.
const (
	sheetDateFormat     = "yyyy-mm-dd"
	sheetDatetimeFormat = "yyyy-mm-dd hh:mm:ss"
)
