package querylang_test

import (
	"testing"

	"github.com/formloom/formloom/store/querylang"
)

// BenchmarkParseFilter measures a typical list filter: a scope, a status and a date range.
func BenchmarkParseFilter(b *testing.B) {
	in := []byte(`{"and":[{"field":"owner","op":"eq","param":"currentUser"},
		{"field":"status","op":"in","value":["new","following","won"]},
		{"field":"_created","op":"gte","value":"2026-01-01T00:00:00+08:00"},
		{"not":{"field":"tags","op":"eq","value":"spam"}}]}`)
	fields, params := testFields(), testParams()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := querylang.ParseFilter(in, fields, params, "/filter"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSort(b *testing.B) {
	fields := testFields()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := querylang.ParseSort("-_created,status", fields, "/sort"); err != nil {
			b.Fatal(err)
		}
	}
}
