package template_test

import (
	"testing"

	"github.com/formloom/formloom/builder/template"
)

// BenchmarkCheck checks the CRM fixture (2 forms, 16 fields with formulas, a lookup and
// a sub-form, 5 permissions, 2 views, 2 widgets): what saving a draft costs.
func BenchmarkCheck(b *testing.B) {
	c := newChecker(b)
	raw := readFileB(b, "testdata/valid/crm.json")
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Check(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiff compares the CRM fixture with itself, which walks every field.
func BenchmarkDiff(b *testing.B) {
	c := newChecker(b)
	tpl, err := c.Check(readFileB(b, "testdata/valid/crm.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(template.Diff(tpl, tpl)) != 0 {
			b.Fatal("changes between equal templates")
		}
	}
}
