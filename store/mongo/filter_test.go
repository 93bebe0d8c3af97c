package mongo

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/formloom/formloom/store"
)

// allowedOps is the whole vocabulary a translated filter may use.
var allowedOps = map[string]bool{
	"$and": true, "$or": true, "$nor": true,
	"$eq": true, "$ne": true, "$in": true, "$nin": true,
	"$lt": true, "$lte": true, "$gt": true, "$gte": true,
	"$exists": true, "$regex": true,
}

// checkQuery fails unless q is a query node: field keys that store.CheckPath accepts
// (or logical operators), each mapping to one operator document of allowed operators
// whose operands are scalars.
func checkQuery(t *testing.T, q bson.D) {
	t.Helper()
	for _, e := range q {
		switch e.Key {
		case "$and", "$or", "$nor":
			list, ok := e.Value.(bson.A)
			if !ok || len(list) == 0 {
				t.Fatalf("%s takes a non-empty list, got %#v", e.Key, e.Value)
			}
			for _, c := range list {
				d, ok := c.(bson.D)
				if !ok {
					t.Fatalf("%s member %#v is not a query", e.Key, c)
				}
				checkQuery(t, d)
			}
			continue
		}
		if err := store.CheckPath(e.Key); err != nil {
			t.Fatalf("field %q in a query: %v", e.Key, err)
		}
		ops, ok := e.Value.(bson.D)
		if !ok || len(ops) == 0 {
			t.Fatalf("field %q maps to %#v, not an operator document", e.Key, e.Value)
		}
		for _, op := range ops {
			if !allowedOps[op.Key] {
				t.Fatalf("operator %q outside the allow-list", op.Key)
			}
			switch op.Key {
			case "$in", "$nin":
				list, ok := op.Value.(bson.A)
				if !ok {
					t.Fatalf("%s operand %#v is not a list", op.Key, op.Value)
				}
				for _, v := range list {
					checkScalar(t, v)
				}
			case "$regex":
				p, ok := op.Value.(string)
				if !ok {
					t.Fatalf("$regex operand %#v", op.Value)
				}
				if _, err := regexp.Compile(p); err != nil {
					t.Fatalf("pattern %q: %v", p, err)
				}
			default:
				checkScalar(t, op.Value)
			}
		}
	}
}

func checkScalar(t *testing.T, v any) {
	t.Helper()
	switch v.(type) {
	case nil, bool, string, int64, float64, bson.DateTime:
	default:
		t.Fatalf("operand %#v (%T) is not a scalar", v, v)
	}
}

// filterFromJSON builds a filter from arbitrary JSON the way a careless caller might:
// whatever shape it has goes into the AST unchecked.
func filterFromJSON(v any, depth int) store.Filter {
	m, ok := v.(map[string]any)
	if !ok || depth > 20 {
		return store.Filter{}
	}
	var f store.Filter
	if list, ok := m["and"].([]any); ok {
		f.And = []store.Filter{}
		for _, c := range list {
			f.And = append(f.And, filterFromJSON(c, depth+1))
		}
	}
	if list, ok := m["or"].([]any); ok {
		f.Or = []store.Filter{}
		for _, c := range list {
			f.Or = append(f.Or, filterFromJSON(c, depth+1))
		}
	}
	if n, ok := m["not"]; ok {
		c := filterFromJSON(n, depth+1)
		f.Not = &c
	}
	f.Field, _ = m["field"].(string)
	op, _ := m["op"].(string)
	f.Op = store.Op(op)
	f.Value = m["value"]
	if s, ok := m["time"].(string); ok {
		if tm, err := time.Parse(time.RFC3339, s); err == nil {
			f.Value = tm
		}
	}
	return f
}

var filterSeeds = []string{
	`{"field":"status","op":"eq","value":"new"}`,
	`{"field":"status","op":"eq","value":{"$ne":null}}`,
	`{"field":"$where","op":"eq","value":"1"}`,
	`{"field":"a.$gt","op":"eq","value":1}`,
	`{"field":"status","op":"$gt","value":""}`,
	`{"field":"name","op":"contains","value":".*(线索)[a-z]+$"}`,
	`{"field":"name","op":"startsWith","value":"^$\\"}`,
	`{"field":"tags","op":"in","value":["a",null,1,true,{"$gt":""}]}`,
	`{"field":"tags","op":"nin","value":[]}`,
	`{"and":[{"field":"a","op":"lt","value":null},{"or":[]},{"not":{"and":[]}}]}`,
	`{"not":{"not":{"field":"_created","op":"gte","value":"2026-01-01T00:00:00Z"}}}`,
	`{"field":"_created","op":"gt","time":"2026-01-01T00:00:00Z"}`,
	`{"field":"_version","op":"in","value":[1,"2",null]}`,
	`{"field":"_id","op":"contains","value":"A_b%"}`,
	`{"field":"x","op":"exists","value":false}`,
	`{"field":"items.0.qty","op":"gte","value":1e308}`,
	`{"and":[{"field":"a","op":"eq","value":1}],"or":[{"field":"b","op":"eq","value":2}]}`,
}

func TestTranslateStaysInAllowList(t *testing.T) {
	for _, seed := range filterSeeds {
		var v any
		if err := json.Unmarshal([]byte(seed), &v); err != nil {
			t.Fatalf("seed %s: %v", seed, err)
		}
		q, err := translateFilter(filterFromJSON(v, 0), "")
		if err != nil {
			continue
		}
		checkQuery(t, q)
	}
}

func TestTranslateRefusesOperatorShapes(t *testing.T) {
	for _, seed := range []string{
		`{"field":"status","op":"eq","value":{"$ne":null}}`,
		`{"field":"$where","op":"eq","value":"1"}`,
		`{"field":"a.$gt","op":"eq","value":1}`,
		`{"field":"status","op":"$gt","value":""}`,
		`{"field":"tags","op":"in","value":[{"$gt":""}]}`,
	} {
		var v any
		_ = json.Unmarshal([]byte(seed), &v)
		if q, err := translateFilter(filterFromJSON(v, 0), ""); err == nil {
			t.Errorf("%s was translated to %v", seed, q)
		}
	}
}

func TestContainsIsPlainText(t *testing.T) {
	for _, tc := range []struct {
		text, in string
		want     bool
	}{
		{"线索", "重要线索A", true},
		{"Lead", "my LEAD list", true},
		{"É", "é", false}, // only ASCII letters ignore case, as SQL's LIKE does
		{".*", "anything", false},
		{"a.c", "abc", false},
		{"a.c", "xa.cx", true},
		{`\d`, `x\dy`, true},
	} {
		re := regexp.MustCompile(containsPattern(tc.text))
		if got := re.MatchString(tc.in); got != tc.want {
			t.Errorf("contains %q in %q = %v", tc.text, tc.in, got)
		}
	}
	if p := "^" + regexp.QuoteMeta("a+b"); regexp.MustCompile(p).MatchString("aab") {
		t.Error("startsWith treats its text as a pattern")
	}
}

// FuzzTranslate checks that no filter, however malformed, is translated into anything
// outside the allow-list: it is either refused or made of allowed operators on checked
// paths with scalar operands.
func FuzzTranslate(f *testing.F) {
	for _, s := range filterSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var v any
		if json.Unmarshal([]byte(in), &v) != nil {
			return
		}
		q, err := translateFilter(filterFromJSON(v, 0), "")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "store: invalid query") {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		checkQuery(t, q)
	})
}

func TestPartialExpression(t *testing.T) {
	ix := store.Index{Name: "code", Keys: []store.SortKey{{Field: "code"}, {Field: "ws"}, {Field: store.PathCreated}}, Unique: true,
		Partial: store.And(store.Cmp("code", store.OpExists, true), store.Eq("active", true))}
	p, err := store.CheckPartial(ix.Partial)
	if err != nil {
		t.Fatal(err)
	}
	ix.Partial = p
	got := fmt.Sprint(partialExpression(ix))
	want := `{"code":{"$exists":true},"active":{"$eq":true},"ws":{"$exists":true}}`
	if got != want {
		t.Fatalf("partialFilterExpression = %s, want %s", got, want)
	}
	if len(partialExpression(store.Index{Keys: []store.SortKey{{Field: "a"}}})) != 0 {
		t.Fatal("a plain index got a partial filter")
	}
}
