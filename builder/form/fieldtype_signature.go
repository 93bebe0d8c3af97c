package form

// signatureMaxSize bounds a signature's PNG: a phone-sized pad at twice its pixel density
// draws well under this.
const signatureMaxSize = 512 << 10

func init() {
	register(&TypeDef{
		Name: Signature,
		// One PNG, never more: the value is a list so that it is stored, checked, claimed,
		// exported and shown as attachments are.
		compile: func(fc fieldCompiler) {
			fc.f.Kind, fc.f.Elem = KindArray, KindString
			fc.stringArray()
			fc.itemsLimit("maxItems", 1, "type")
			fc.f.MaxCount, fc.f.MaxSize, fc.f.Accept = 1, signatureMaxSize, []string{"image/png"}
		},
		Words:  words("Handwritten signature (a PNG file ID)", "手写签名（PNG 文件 ID）"),
		Cell:   CellFiles,
		Query:  Query{How: QueryList},
		Refers: RefFile,
		Items: func(n string) (string, string) {
			return plural(n, "signature", "signatures"), "个签名"
		},
	})
}
