package records

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestWithoutKeys: the one-pass copy leaves out exactly the hidden members, whatever their
// values hold (nested objects, strings with braces and quotes, escaped keys, spacing), and
// keeps the others as they were.
func TestWithoutKeys(t *testing.T) {
	hidden := map[string]bool{"budget": true, "notes": true, "a\"b": true}
	cases := []string{
		`{}`,
		`{"budget":1}`,
		`{"subject":"Acme","budget":120000,"qty":3}`,
		`{"budget":{"x":[1,{"y":"}"}]},"subject":"a,b}c","notes":"say \"hi\" {"}`,
		` { "subject" : "x" , "budget" : [ 1 , 2 ] , "ok" : true , "n" : null , "f" : -1.5e3 } `,
		`{"a\"b":1,"bud\u0067et":2,"keep":"\\"}`,
		`{"items":[{"budget":5}],"total":1}`,
	}
	for _, in := range cases {
		got, err := withoutKeys([]byte(in), hidden)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		var want, have map[string]any
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatal(err)
		}
		for k := range hidden {
			delete(want, k)
		}
		if err := json.Unmarshal(got, &have); err != nil {
			t.Fatalf("%s → invalid JSON %s: %v", in, got, err)
		}
		if !reflect.DeepEqual(want, have) {
			t.Errorf("%s → %s, want the members %v", in, got, want)
		}
	}
	for _, bad := range []string{``, `[]`, `"x"`, `{"a"`, `{"a":}`} {
		if _, err := withoutKeys([]byte(bad), hidden); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func BenchmarkHideFields(b *testing.B) {
	data := []byte(`{"subject":"华东区采购意向 1","company":"星河科技有限公司","contact":"王磊","phone":"13800138000","email":"wang.lei@example.com","status":"new","channel":"展会","budget":120000,"qty":3,"total":360000,"found":"2026-11-20","urgent":false,"region":"上海","notes":"客户希望下月安排演示，预算已获批。"}`)
	g := Grant{Hidden: map[string]bool{"budget": true, "qty": true, "total": true, "region": true}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.view(Record{Data: data}); err != nil {
			b.Fatal(err)
		}
	}
}
