package querylang_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

func TestParseFilterSyntax(t *testing.T) {
	created := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   string
		want store.Filter
	}{
		{"match everything", `{}`, store.Filter{}},
		{"white space around", " \n{ } \t", store.Filter{}},
		{"eq string", `{"field":"status","op":"eq","value":"new"}`, store.Eq("status", "new")},
		{"members in any order", `{"value":"new","op":"eq","field":"status"}`, store.Eq("status", "new")},
		{"eq null", `{"field":"status","op":"eq","value":null}`, store.Eq("status", nil)},
		{"ne", `{"field":"status","op":"ne","value":"lost"}`, store.Cmp("status", store.OpNe, "lost")},
		{"number", `{"field":"amount","op":"gte","value":1e3}`, store.Cmp("amount", store.OpGte, 1000.0)},
		{"negative fraction", `{"field":"amount","op":"lt","value":-0.5}`, store.Cmp("amount", store.OpLt, -0.5)},
		{"bool", `{"field":"done","op":"eq","value":false}`, store.Eq("done", false)},
		{"in", `{"field":"status","op":"in","value":["new","open",null]}`, store.In("status", "new", "open", nil)},
		{"nin empty", `{"field":"status","op":"nin","value":[]}`, store.Cmp("status", store.OpNin, []any{})},
		{"exists", `{"field":"address","op":"exists","value":true}`, store.Cmp("address", store.OpExists, true)},
		{"contains chinese", `{"field":"title","op":"contains","value":"线索"}`, store.Cmp("title", store.OpContains, "线索")},
		{"startsWith", `{"field":"title","op":"startsWith","value":"ACME"}`, store.Cmp("title", store.OpStartsWith, "ACME")},
		{"string range", `{"field":"status","op":"lt","value":"m"}`, store.Cmp("status", store.OpLt, "m")},
		{"date", `{"field":"due","op":"lte","value":"2026-12-31"}`, store.Cmp("due", store.OpLte, "2026-12-31")},
		{"datetime made canonical", `{"field":"meetingAt","op":"gt","value":"2026-11-23T18:00:00+08:00"}`,
			store.Cmp("meetingAt", store.OpGt, "2026-11-23T10:00:00.000Z")},
		{"meta datetime becomes a time", `{"field":"_created","op":"gte","value":"2026-11-01T08:00:00.1234+08:00"}`,
			store.Cmp("_created", store.OpGte, created.Add(123*time.Millisecond))},
		{"meta id", `{"field":"_id","op":"in","value":["a","b"]}`, store.In("_id", "a", "b")},
		{"meta version", `{"field":"_version","op":"gt","value":3}`, store.Cmp("_version", store.OpGt, 3.0)},
		{"array has item", `{"field":"tags","op":"eq","value":"vip"}`, store.Eq("tags", "vip")},
		{"array contains", `{"field":"tags","op":"contains","value":"vip"}`, store.Cmp("tags", store.OpContains, "vip")},
		{"array of numbers", `{"field":"scores","op":"in","value":[1,2]}`, store.In("scores", 1.0, 2.0)},
		{"dotted object path", `{"field":"address.city","op":"eq","value":"上海"}`, store.Eq("address.city", "上海")},
		{"dotted array path", `{"field":"items.qty","op":"gt","value":0}`, store.Cmp("items.qty", store.OpGt, 0.0)},
		{"and", `{"and":[{"field":"status","op":"eq","value":"new"},{"field":"amount","op":"gt","value":5}]}`,
			store.Filter{And: []store.Filter{store.Eq("status", "new"), store.Cmp("amount", store.OpGt, 5.0)}}},
		{"or of one", `{"or":[{"field":"done","op":"eq","value":true}]}`,
			store.Filter{Or: []store.Filter{store.Eq("done", true)}}},
		{"not", `{"not":{"field":"status","op":"eq","value":"lost"}}`, store.Not(store.Eq("status", "lost"))},
		{"nested", `{"or":[{"not":{"and":[{"field":"done","op":"exists","value":false}]}},{"field":"owner","op":"eq","value":"x"}]}`,
			store.Filter{Or: []store.Filter{
				store.Not(store.Filter{And: []store.Filter{store.Cmp("done", store.OpExists, false)}}),
				store.Eq("owner", "x"),
			}}},
		{"sql text is only a value", `{"field":"title","op":"eq","value":"'; DROP TABLE docs; --"}`,
			store.Eq("title", "'; DROP TABLE docs; --")},
		{"dollar text is only a value", `{"field":"title","op":"eq","value":"{\"$gt\":\"\"}"}`,
			store.Eq("title", `{"$gt":""}`)},
		{"param user", `{"field":"owner","op":"eq","param":"currentUser"}`, store.Eq("owner", "u1")},
		{"param list", `{"field":"departments","op":"in","param":"currentDepartments"}`, store.In("departments", "d1", "d2")},
		{"param empty list", `{"field":"departments","op":"in","param":"noDepartments"}`, store.Cmp("departments", store.OpIn, []any{})},
		{"param today", `{"field":"due","op":"lt","param":"today"}`, store.Cmp("due", store.OpLt, "2026-11-23")},
		{"param now on datetime", `{"field":"meetingAt","op":"lt","param":"now"}`, store.Cmp("meetingAt", store.OpLt, "2026-11-23T10:30:00.000Z")},
		{"param now on meta", `{"field":"_updated","op":"lt","param":"now"}`, store.Cmp("_updated", store.OpLt, testNow)},
		{"param int", `{"field":"amount","op":"gte","param":"minAmount"}`, store.Cmp("amount", store.OpGte, 100.0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := querylang.ParseFilter([]byte(tt.in), testFields(), testParams(), "/filter")
			if err != nil {
				t.Fatalf("ParseFilter(%s): %v", tt.in, err)
			}
			want, err := store.Normalize(tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("ParseFilter(%s)\n got %#v\nwant %#v", tt.in, got, want)
			}
		})
	}
}

// TestParseFilterErrors lists every refusal with its code and location.
func TestParseFilterErrors(t *testing.T) {
	deep := strings.Repeat(`{"not":`, querylang.MaxDepth) + `{"field":"done","op":"eq","value":true}` + strings.Repeat(`}`, querylang.MaxDepth)
	deepAt := "/filter" + strings.Repeat("/not", querylang.MaxDepth)
	leaf := `{"field":"done","op":"eq","value":true}`
	many := `{"or":[` + strings.TrimSuffix(strings.Repeat(leaf+",", querylang.MaxNodes), ",") + `]}`
	longString := `{"field":"title","op":"eq","value":"` + strings.Repeat("长", querylang.MaxStringLen+1) + `"}`
	longList := `{"field":"amount","op":"in","value":[` + strings.TrimSuffix(strings.Repeat("1,", querylang.MaxListLen+1), ",") + `]}`

	tests := []struct {
		name, in, code, path string
	}{
		// JSON itself
		{"empty input", ``, querylang.CodeBadJSON, "/filter"},
		{"malformed", `{"field":}`, querylang.CodeBadJSON, "/filter/field"},
		{"unclosed", `{"and":[`, querylang.CodeBadJSON, "/filter/and"},
		{"trailing data", `{} {}`, querylang.CodeBadJSON, "/filter"},
		{"trailing garbage", `{}x`, querylang.CodeBadJSON, "/filter"},
		{"too large", `{"field":"title","op":"eq","value":"` + strings.Repeat("a", querylang.MaxInputBytes) + `"}`, querylang.CodeTooLarge, "/filter"},
		// node shapes
		{"array node", `[]`, querylang.CodeBadNode, "/filter"},
		{"null node", `null`, querylang.CodeBadNode, "/filter"},
		{"string node", `"status = 'new'"`, querylang.CodeBadNode, "/filter"},
		{"and not a list", `{"and":{"field":"done","op":"eq","value":true}}`, querylang.CodeBadNode, "/filter/and"},
		{"and member not an object", `{"and":[{"field":"done","op":"eq","value":true},1]}`, querylang.CodeBadNode, "/filter/and/1"},
		{"not a list in not", `{"not":[]}`, querylang.CodeBadNode, "/filter/not"},
		{"empty and", `{"and":[]}`, querylang.CodeEmptyList, "/filter/and"},
		{"empty or", `{"or":[]}`, querylang.CodeEmptyList, "/filter/or"},
		{"empty nested node", `{"and":[{}]}`, querylang.CodeEmptyNode, "/filter/and/0"},
		{"empty not", `{"not":{}}`, querylang.CodeEmptyNode, "/filter/not"},
		// keys
		{"mongo operator at top", `{"$gt":""}`, querylang.CodeUnknownKey, "/filter/$gt"},
		{"mongo field filter", `{"status":{"$ne":null}}`, querylang.CodeUnknownKey, "/filter/status"},
		{"$where", `{"$where":"sleep(1000)"}`, querylang.CodeUnknownKey, "/filter/$where"},
		{"unknown key in leaf", `{"field":"status","op":"eq","value":"x","options":"i"}`, querylang.CodeUnknownKey, "/filter/options"},
		{"key needing escape", `{"a/b~c":1}`, querylang.CodeUnknownKey, "/filter/a~1b~0c"},
		{"first error wins", `{"and":[{"field":"done","op":"eq","value":true},{"$or":[]},{"$x":1}]}`, querylang.CodeUnknownKey, "/filter/and/1/$or"},
		{"duplicate field", `{"field":"status","field":"budget","op":"eq","value":1}`, querylang.CodeDuplicateKey, "/filter/field"},
		{"duplicate and", `{"and":[{"field":"done","op":"eq","value":true}],"and":[{"field":"done","op":"eq","value":true}]}`, querylang.CodeDuplicateKey, "/filter/and"},
		{"and with or", `{"and":[{"field":"done","op":"eq","value":true}],"or":[{"field":"done","op":"eq","value":true}]}`, querylang.CodeAmbiguousNode, "/filter/or"},
		{"leaf then not", `{"field":"done","not":{"field":"done","op":"eq","value":true}}`, querylang.CodeAmbiguousNode, "/filter/not"},
		{"and then leaf", `{"and":[{"field":"done","op":"eq","value":true}],"field":"done"}`, querylang.CodeAmbiguousNode, "/filter/field"},
		{"value and param", `{"field":"owner","op":"eq","value":"x","param":"currentUser"}`, querylang.CodeAmbiguousNode, "/filter/param"},
		{"param and value", `{"field":"owner","op":"eq","param":"currentUser","value":"x"}`, querylang.CodeAmbiguousNode, "/filter/value"},
		{"missing field", `{"op":"eq","value":1}`, querylang.CodeMissingKey, "/filter/field"},
		{"missing op", `{"field":"amount","value":1}`, querylang.CodeMissingKey, "/filter/op"},
		{"missing value", `{"field":"amount","op":"eq"}`, querylang.CodeMissingKey, "/filter/value"},
		// fields
		{"unknown field", `{"field":"nope","op":"eq","value":1}`, querylang.CodeUnknownField, "/filter/field"},
		{"hidden field", `{"and":[{"field":"done","op":"eq","value":true},{"field":"budget","op":"gt","value":0}]}`, querylang.CodeUnknownField, "/filter/and/1/field"},
		{"undeclared sub-path", `{"field":"address.zip","op":"eq","value":"1"}`, querylang.CodeUnknownField, "/filter/field"},
		{"dollar field", `{"field":"$where","op":"eq","value":1}`, querylang.CodeUnknownField, "/filter/field"},
		{"sql in field", `{"field":"status'); DROP TABLE x;--","op":"eq","value":1}`, querylang.CodeUnknownField, "/filter/field"},
		{"field not a string", `{"field":{"$gt":""},"op":"eq","value":1}`, querylang.CodeBadField, "/filter/field"},
		{"field a list", `{"field":["status"],"op":"eq","value":1}`, querylang.CodeBadField, "/filter/field"},
		{"not filterable", `{"field":"notes","op":"contains","value":"x"}`, querylang.CodeNotFilterable, "/filter/field"},
		// operators
		{"unknown op", `{"field":"status","op":"like","value":"x"}`, querylang.CodeUnknownOp, "/filter/op"},
		{"mongo op", `{"field":"status","op":"$where","value":"1"}`, querylang.CodeUnknownOp, "/filter/op"},
		{"op case", `{"field":"status","op":"EQ","value":"x"}`, querylang.CodeUnknownOp, "/filter/op"},
		{"op not a string", `{"field":"status","op":{"$gt":""},"value":"x"}`, querylang.CodeUnknownOp, "/filter/op"},
		{"contains on number", `{"field":"amount","op":"contains","value":"1"}`, querylang.CodeBadOp, "/filter/op"},
		{"startsWith on array", `{"field":"tags","op":"startsWith","value":"v"}`, querylang.CodeBadOp, "/filter/op"},
		{"contains on number array", `{"field":"scores","op":"contains","value":"1"}`, querylang.CodeBadOp, "/filter/op"},
		{"range on bool", `{"field":"done","op":"gt","value":false}`, querylang.CodeBadOp, "/filter/op"},
		{"range on array", `{"field":"tags","op":"lt","value":"x"}`, querylang.CodeBadOp, "/filter/op"},
		{"eq on object", `{"field":"address","op":"eq","value":"x"}`, querylang.CodeBadOp, "/filter/op"},
		// values
		{"object value", `{"field":"status","op":"eq","value":{"$gt":""}}`, querylang.CodeBadValue, "/filter/value"},
		{"object in list", `{"field":"status","op":"in","value":["a",{"$gt":""}]}`, querylang.CodeBadValue, "/filter/value/1"},
		{"nested list", `{"field":"status","op":"in","value":[["a"]]}`, querylang.CodeBadValue, "/filter/value/0"},
		{"string for number", `{"field":"amount","op":"eq","value":"1"}`, querylang.CodeBadValue, "/filter/value"},
		{"number for string", `{"field":"status","op":"eq","value":1}`, querylang.CodeBadValue, "/filter/value"},
		{"list for eq", `{"field":"status","op":"eq","value":["a"]}`, querylang.CodeBadValue, "/filter/value"},
		{"scalar for in", `{"field":"status","op":"in","value":"a"}`, querylang.CodeBadValue, "/filter/value"},
		{"wrong item type", `{"field":"amount","op":"nin","value":[1,"2"]}`, querylang.CodeBadValue, "/filter/value/1"},
		{"exists not bool", `{"field":"status","op":"exists","value":1}`, querylang.CodeBadValue, "/filter/value"},
		{"contains number", `{"field":"title","op":"contains","value":1}`, querylang.CodeBadValue, "/filter/value"},
		{"contains empty", `{"field":"title","op":"contains","value":""}`, querylang.CodeBadValue, "/filter/value"},
		{"range null", `{"field":"amount","op":"gt","value":null}`, querylang.CodeBadValue, "/filter/value"},
		{"bad date", `{"field":"due","op":"eq","value":"2026-02-30"}`, querylang.CodeBadValue, "/filter/value"},
		{"short date", `{"field":"due","op":"eq","value":"2026-2-3"}`, querylang.CodeBadValue, "/filter/value"},
		{"datetime for date", `{"field":"due","op":"eq","value":"2026-02-03T00:00:00Z"}`, querylang.CodeBadValue, "/filter/value"},
		{"bad datetime", `{"field":"meetingAt","op":"gt","value":"yesterday"}`, querylang.CodeBadValue, "/filter/value"},
		{"bad meta datetime", `{"field":"_created","op":"gt","value":"2026-11-01"}`, querylang.CodeBadValue, "/filter/value"},
		{"datetime past year 9999", `{"field":"meetingAt","op":"lt","value":"9999-12-31T23:00:00-05:00"}`, querylang.CodeBadValue, "/filter/value"},
		{"number too big", `{"field":"amount","op":"eq","value":1e400}`, querylang.CodeBadValue, "/filter/value"},
		{"number item too big", `{"field":"amount","op":"in","value":[1,-1e999]}`, querylang.CodeBadValue, "/filter/value/1"},
		{"array item type", `{"field":"tags","op":"eq","value":1}`, querylang.CodeBadValue, "/filter/value"},
		// parameters
		{"unknown param", `{"field":"owner","op":"eq","param":"admin"}`, querylang.CodeUnknownParam, "/filter/param"},
		{"param not a string", `{"field":"owner","op":"eq","param":{"$gt":""}}`, querylang.CodeUnknownParam, "/filter/param"},
		{"param of wrong type", `{"field":"owner","op":"eq","param":"currentDepartments"}`, querylang.CodeBadValue, "/filter/param"},
		{"param unsupported go type", `{"field":"owner","op":"eq","param":"weird"}`, querylang.CodeBadValue, "/filter/param"},
		{"param now on date", `{"field":"due","op":"eq","param":"now"}`, querylang.CodeBadValue, "/filter/param"},
		// limits
		{"too deep", deep, querylang.CodeTooDeep, deepAt},
		{"too many nodes", many, querylang.CodeTooManyNodes, "/filter/or/199"},
		{"long string", longString, querylang.CodeTooLong, "/filter/value"},
		{"long list", longList, querylang.CodeTooLong, "/filter/value/200"},
		{"long field", `{"field":"` + strings.Repeat("a", querylang.MaxStringLen+1) + `"}`, querylang.CodeTooLong, "/filter/field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := querylang.ParseFilter([]byte(tt.in), testFields(), testParams(), "/filter")
			var qe *store.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("ParseFilter(%.80s) = %v, want a *store.QueryError", tt.in, err)
			}
			if !errors.Is(err, store.ErrInvalidQuery) {
				t.Errorf("error does not match store.ErrInvalidQuery")
			}
			if qe.Code != tt.code || qe.Path != tt.path {
				t.Errorf("ParseFilter(%.80s) = %s at %q (%s), want %s at %q", tt.in, qe.Code, qe.Path, qe.Message, tt.code, tt.path)
			}
			if qe.Message == "" {
				t.Errorf("empty message")
			}
			checkWords(t, qe)
		})
	}
}

func TestParseFilterDepthLimitIsInclusive(t *testing.T) {
	in := strings.Repeat(`{"not":`, querylang.MaxDepth-1) + `{"field":"done","op":"eq","value":true}` + strings.Repeat(`}`, querylang.MaxDepth-1)
	if _, err := querylang.ParseFilter([]byte(in), testFields(), nil, ""); err != nil {
		t.Fatalf("a filter %d levels deep was refused: %v", querylang.MaxDepth, err)
	}
}

func TestParseFilterNodeLimitIsInclusive(t *testing.T) {
	leaf := `{"field":"done","op":"eq","value":true}`
	in := `{"or":[` + strings.TrimSuffix(strings.Repeat(leaf+",", querylang.MaxNodes-1), ",") + `]}`
	f, err := querylang.ParseFilter([]byte(in), testFields(), nil, "")
	if err != nil {
		t.Fatalf("a filter of %d nodes was refused: %v", querylang.MaxNodes, err)
	}
	if len(f.Or) != querylang.MaxNodes-1 {
		t.Fatalf("got %d members", len(f.Or))
	}
}

// The same bad input always gets the same error, whatever the order of map iteration.
func TestParseFilterErrorIsStable(t *testing.T) {
	in := []byte(`{"or":[{"field":"a","op":"x"},{"field":"b","op":"y"},{"$c":1}],"zzz":1}`)
	_, first := querylang.ParseFilter(in, testFields(), nil, "")
	for range 50 {
		_, err := querylang.ParseFilter(in, testFields(), nil, "")
		if err.Error() != first.Error() {
			t.Fatalf("error changed: %v then %v", first, err)
		}
	}
	var qe *store.QueryError
	if !errors.As(first, &qe) || qe.Path != "/or/0/field" || qe.Code != querylang.CodeUnknownField {
		t.Fatalf("got %v", first)
	}
}

// A field the caller leaves out of the allow-list cannot be used, and the error does not
// tell it apart from a field that does not exist.
func TestHiddenFieldLooksUnknown(t *testing.T) {
	fs := testFields()
	fs["budget"] = querylang.Field{Type: querylang.Number, Filter: true}
	in := []byte(`{"field":"budget","op":"gt","value":0}`)
	if _, err := querylang.ParseFilter(in, fs, nil, ""); err != nil {
		t.Fatalf("listed field refused: %v", err)
	}
	delete(fs, "budget")
	_, hidden := querylang.ParseFilter(in, fs, nil, "")
	_, missing := querylang.ParseFilter([]byte(`{"field":"nosuch","op":"gt","value":0}`), fs, nil, "")
	var a, b *store.QueryError
	if !errors.As(hidden, &a) || !errors.As(missing, &b) || a.Code != b.Code || a.Code != querylang.CodeUnknownField {
		t.Fatalf("hidden: %v, missing: %v", hidden, missing)
	}
}

// An allow-list entry with a path the store would refuse never reaches the store.
func TestBadAllowListEntryIsRefused(t *testing.T) {
	fs := querylang.Fields{"a b": {Type: querylang.String, Filter: true}, "x": {Type: "blob", Filter: true}}
	for _, in := range []string{`{"field":"a b","op":"eq","value":"1"}`, `{"field":"x","op":"exists","value":true}`} {
		_, err := querylang.ParseFilter([]byte(in), fs, nil, "")
		var qe *store.QueryError
		if !errors.As(err, &qe) || qe.Code != querylang.CodeBadField {
			t.Errorf("%s: got %v", in, err)
		}
	}
	if err := fs.Validate(); err == nil {
		t.Errorf("Validate accepted a bad allow-list")
	}
}

func TestParseFilterWithoutParams(t *testing.T) {
	_, err := querylang.ParseFilter([]byte(`{"field":"owner","op":"eq","param":"currentUser"}`), testFields(), nil, "/f")
	var qe *store.QueryError
	if !errors.As(err, &qe) || qe.Code != querylang.CodeUnknownParam || qe.Path != "/f/param" {
		t.Fatalf("got %v", err)
	}
}
