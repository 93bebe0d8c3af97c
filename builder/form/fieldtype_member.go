package form

func init() {
	register(&TypeDef{
		Name:    Member,
		Keys:    []string{"multiple"},
		compile: func(fc fieldCompiler) { fc.ids() },
		Words:   words("Member (user ID)", "成员（用户 ID）"),
		Cell:    CellIDs,
		Query:   Query{How: QueryIDs},
		Refers:  RefMember,
		Items: func(n string) (string, string) {
			return plural(n, "person", "people"), "人"
		},
		BlankText:      true,
		CurrentDefault: CurrentUser,
	})
}
