package querylang_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

func TestParseSort(t *testing.T) {
	tests := []struct {
		in   string
		want []store.SortKey
	}{
		{"", nil},
		{"status", []store.SortKey{{Field: "status"}}},
		{"-_created,status", []store.SortKey{{Field: "_created", Desc: true}, {Field: "status"}}},
		{"address.city,-amount,due,-_id", []store.SortKey{{Field: "address.city"}, {Field: "amount", Desc: true}, {Field: "due"}, {Field: "_id", Desc: true}}},
	}
	for _, tt := range tests {
		got, err := querylang.ParseSort(tt.in, testFields(), "/sort")
		if err != nil {
			t.Errorf("ParseSort(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseSort(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseSortErrors(t *testing.T) {
	tests := []struct{ in, code, path string }{
		{"status,", querylang.CodeBadValue, "/sort/1"},
		{"-", querylang.CodeBadValue, "/sort/0"},
		{",status", querylang.CodeBadValue, "/sort/0"},
		{"+status", querylang.CodeUnknownField, "/sort/0"},
		{" status", querylang.CodeUnknownField, "/sort/0"},
		{"status,budget", querylang.CodeUnknownField, "/sort/1"},
		{"$natural", querylang.CodeUnknownField, "/sort/0"},
		{"status;DROP TABLE x", querylang.CodeUnknownField, "/sort/0"},
		{"--status", querylang.CodeUnknownField, "/sort/0"},
		{"title", querylang.CodeNotSortable, "/sort/0"},
		{"notes", querylang.CodeNotSortable, "/sort/0"},
		{"status,-status", querylang.CodeDuplicateKey, "/sort/1"},
		{"a,b,c,d,e", querylang.CodeTooLong, "/sort"},
		{strings.Repeat("a", 1001), querylang.CodeTooLong, "/sort"},
	}
	fs := testFields()
	fs["tags"] = querylang.Field{Type: querylang.Array, Filter: true, Sort: true}
	tests = append(tests, struct{ in, code, path string }{"tags", querylang.CodeNotSortable, "/sort/0"})
	for _, tt := range tests {
		_, err := querylang.ParseSort(tt.in, fs, "/sort")
		var qe *store.QueryError
		if !errors.As(err, &qe) || qe.Code != tt.code || qe.Path != tt.path {
			t.Errorf("ParseSort(%.40q) = %v, want %s at %s", tt.in, err, tt.code, tt.path)
		}
	}
}

func TestParseLimit(t *testing.T) {
	for in, want := range map[string]int{"": store.DefaultLimit, "1": 1, "20": 20, "500": store.MaxLimit, "007": 7} {
		got, err := querylang.ParseLimit(in, "/limit")
		if err != nil || got != want {
			t.Errorf("ParseLimit(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "501", "-1", "+5", " 5", "5 ", "1e2", "2.0", "abc", "99999999999999999999", "0x10"} {
		_, err := querylang.ParseLimit(in, "/limit")
		var qe *store.QueryError
		if !errors.As(err, &qe) || qe.Code != querylang.CodeBadValue || qe.Path != "/limit" {
			t.Errorf("ParseLimit(%q) = %v, want bad_value at /limit", in, err)
		}
	}
}
