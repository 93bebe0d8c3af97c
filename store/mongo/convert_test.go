package mongo

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

const sampleLead = `{"name":"客户1","company":"上海某某科技有限公司","phone":"13800000001","email":"lead1@example.com","status":"following","source":"web","owner":"u1","amount":1001,"ratio":0.25,"tags":["vip","华东"],"addr":{"city":"上海","zip":null},"note":"首次接触，需跟进报价\n\"引号\"","score":-3,"big":9007199254740993,"tiny":1e-7,"huge":1e300,"ok":true}`

func TestJSONRoundTrip(t *testing.T) {
	d, err := dataElements([]byte(sampleLead))
	if err != nil {
		t.Fatal(err)
	}
	raw := storedDoc("x", 1, time.Now(), time.Now(), d)
	if err := raw.Validate(); err != nil {
		t.Fatal(err)
	}
	slow, err := dataElementsSlow([]byte(sampleLead))
	if err != nil || string(slow) != string(d) {
		t.Fatalf("the single pass and bson.D disagree: %v", err)
	}
	out, err := bsonToJSON(bsoncore.Document(raw))
	if err != nil {
		t.Fatal(err)
	}
	var got, want any
	dec := func(b []byte, v *any) {
		t.Helper()
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
	}
	dec(out, &got)
	dec([]byte(sampleLead), &want)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got  %s\n want %s", out, sampleLead)
	}
	// Integral numbers are stored as int64, others as double.
	if v, _ := bsoncore.Document(raw).LookupErr("big"); v.Type != bsoncore.TypeInt64 {
		t.Fatalf("big stored as %s", v.Type)
	}
	if v, _ := bsoncore.Document(raw).LookupErr("ratio"); v.Type != bsoncore.TypeDouble {
		t.Fatalf("ratio stored as %s", v.Type)
	}
	// A repeated key keeps its last value, as encoding/json does.
	d, err = dataElements([]byte(`{"a":1,"b":{"x":1,"x":[2]},"a":"last"}`))
	if err != nil {
		t.Fatal(err)
	}
	out, _ = bsonToJSON(bsoncore.Document(storedDoc("x", 1, time.Now(), time.Now(), d)))
	if string(out) != `{"a":"last","b":{"x":[2]}}` {
		t.Fatalf("repeated keys: %s", out)
	}
	for _, s := range []string{`{"s":"\ud83d\ude00 \u00e9\n\"\\"}`, `{"s":"\ud83d x"}`, "{\"s\":\"\xff\"}", `{"n":-0.0,"m":1E2,"k":-12}`} {
		fast, err1 := dataElements([]byte(s))
		slow, err2 := dataElementsSlow([]byte(s))
		if err1 != nil || err2 != nil || string(fast) != string(slow) {
			t.Errorf("%q: single pass %x (%v), bson.D %x (%v)", s, fast, err1, slow, err2)
		}
	}
	for _, bad := range []string{``, `[]`, `"x"`, `{"_id":1}`, "{\"a\":{\"x\u0000\":1}}", `{"a":1} {}`, `{"a":`, `{"a":01}`, `{"a":1.}`, `{"a":tru}`, "{\"a\":\"\x01\"}", `{"a":1e999}`, `{a:1}`, `{"a":1,}`} {
		if _, err := dataElements([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
		if _, err := dataElementsSlow([]byte(bad)); err == nil {
			t.Errorf("%q accepted by the slow path", bad)
		}
	}
}

// A JSON Schema's own keywords and keys holding dots round-trip, and none of them reaches
// the server as an operator or a path: every stored key is a plain field name.
func TestDollarAndDotKeysRoundTrip(t *testing.T) {
	const schema = `{"title":"t","def":{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:x","$comment":"c","$defs":{"addr":{"type":"object"}},"properties":{"a":{"$ref":"#/$defs/addr"},"b.c":{"$gt":1},"$where":"1","\uff04x":1,"%24":2,"\uff04%2E.$":3},"$":0}}`
	for name, encode := range map[string]func([]byte) ([]byte, error){"single pass": dataElements, "bson.D": dataElementsSlow} {
		d, err := encode([]byte(schema))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		raw := bsoncore.Document(storedDoc("x", 1, time.Now(), time.Now(), d))
		var walk func(doc bsoncore.Document)
		walk = func(doc bsoncore.Document) {
			elems, _ := doc.Elements()
			for _, e := range elems {
				if k := e.Key(); strings.HasPrefix(k, "$") || strings.Contains(k, ".") {
					t.Errorf("%s: key %q stored as is", name, k)
				}
				if sub, ok := e.Value().DocumentOK(); ok {
					walk(sub)
				}
			}
		}
		walk(raw)
		out, err := bsonToJSON(raw)
		if err != nil {
			t.Fatal(err)
		}
		var got, want any
		_ = json.Unmarshal(out, &got)
		_ = json.Unmarshal([]byte(schema), &want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\n got  %s\n want %s", name, out, schema)
		}
	}
	for _, k := range []string{"plain", "$ref", "a.b", "\uff04", "\uff04$", "%", "%24", "$%2E.", ""} {
		if got := unescapeKey(escapeKey(k)); got != k {
			t.Errorf("%q escapes to %q and back to %q", k, escapeKey(k), got)
		}
	}
}

func BenchmarkEncodeDocument(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		d, err := dataElements([]byte(sampleLead))
		if err != nil {
			b.Fatal(err)
		}
		_ = storedDoc("x", 1, time.Time{}, time.Time{}, d)
	}
}

func BenchmarkDecodeDocument(b *testing.B) {
	d, _ := dataElements([]byte(sampleLead))
	raw := storedDoc("x", 1, time.Now(), time.Now(), d)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := decodeDoc(bsoncore.Document(raw)); err != nil {
			b.Fatal(err)
		}
	}
}
