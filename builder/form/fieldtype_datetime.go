package form

func init() {
	register(&TypeDef{
		Name: Datetime,
		compile: func(fc fieldCompiler) {
			fc.f.Kind = KindDatetime
			fc.s.datetime = true
			fc.tc.want("string")
			fc.tc.format("date-time")
		},
		Words:       words("Date and time (RFC 3339, stored in UTC)", "日期时间（RFC 3339，以 UTC 存储）"),
		Widgets:     []string{"date-time", "datetime"},
		Cell:        CellDatetime,
		SheetFormat: func(*Field) string { return sheetDatetimeFormat },
		SheetWidth:  20,
		Query:       Query{How: QueryScalar, Kind: KindDatetime},
		BlankText:   true,
	})
}
