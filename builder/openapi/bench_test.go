package openapi_test

import (
	"testing"

	"github.com/formloom/formloom/builder/openapi"
)

// BenchmarkGenerate builds the document of the two-form test app (a 27-field form with a
// sub-form, and a 4-field one).
func BenchmarkGenerate(b *testing.B) {
	tpl, forms := app(b)
	opts := openapi.Options{ServerURL: serverURL, Language: "zh-CN"}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		doc, err := openapi.Generate(tpl, forms, opts)
		if err != nil {
			b.Fatal(err)
		}
		n = len(doc)
	}
	b.ReportMetric(float64(n), "doc-bytes")
}
