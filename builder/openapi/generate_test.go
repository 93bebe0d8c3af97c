package openapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/openapi"
)

// The document is an OpenAPI 3.1 document by the trimmed meta-schema, in both languages.
func TestDocumentIsOpenAPI31(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		raw, doc := generate(t, lang)
		c := compiler(t, "", nil)
		meta, err := c.Compile(metaURL)
		if err != nil {
			t.Fatalf("compile meta-schema: %v", err)
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		if err := meta.Validate(v); err != nil {
			t.Fatalf("%s: not a valid OpenAPI 3.1 document: %#v", lang, err)
		}
		if got := get(t, doc, "openapi"); got != "3.1.0" {
			t.Errorf("openapi = %v", got)
		}
		if got := get(t, doc, "servers").([]any)[0].(map[string]any)["url"]; got != serverURL {
			t.Errorf("server url = %v", got)
		}
		if got := get(t, doc, "info", "version"); got != "3" {
			t.Errorf("info.version = %v", got)
		}
	}
}

// The trimmed meta-schema is not vacuous: it refuses broken documents.
func TestMetaSchemaRefusesBrokenDocuments(t *testing.T) {
	raw, _ := generate(t, "en")
	meta, err := compiler(t, "", nil).Compile(metaURL)
	if err != nil {
		t.Fatal(err)
	}
	breaks := map[string]func(doc map[string]any){
		"no info": func(doc map[string]any) { delete(doc, "info") },
		"openapi 3.0": func(doc map[string]any) {
			doc["openapi"] = "3.0.3"
		},
		"path parameter not required": func(doc map[string]any) {
			p := doc["components"].(map[string]any)["parameters"].(map[string]any)["RecordID"].(map[string]any)
			delete(p, "required")
		},
		"response without description": func(doc map[string]any) {
			r := doc["components"].(map[string]any)["responses"].(map[string]any)["NotFound"].(map[string]any)
			delete(r, "description")
		},
		"unknown operation member": func(doc map[string]any) {
			op := doc["paths"].(map[string]any)["/forms/lead/records"].(map[string]any)["get"].(map[string]any)
			op["operationID"] = "typo"
		},
		"bad schema": func(doc map[string]any) {
			doc["components"].(map[string]any)["schemas"].(map[string]any)["lead_Data"].(map[string]any)["type"] = "record"
		},
		"apiKey without name": func(doc map[string]any) {
			s := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)["cookieAuth"].(map[string]any)
			delete(s, "name")
		},
	}
	for name, breakIt := range breaks {
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		breakIt(doc)
		if err := meta.Validate(doc); err == nil {
			t.Errorf("%s: the meta-schema accepted it", name)
		}
	}
}

// Every $ref of the document resolves inside it.
func TestEveryRefResolves(t *testing.T) {
	_, doc := generate(t, "en")
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && k == "$ref" {
					refs = append(refs, s)
					continue
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	if len(refs) < 50 {
		t.Fatalf("only %d references: the walk is broken", len(refs))
	}
	for _, r := range refs {
		if !strings.HasPrefix(r, "#/") {
			t.Errorf("%s: not a local reference", r)
			continue
		}
		var cur any = doc
		for _, tok := range strings.Split(r[2:], "/") {
			tok, _ = url.PathUnescape(tok)
			tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
			m, ok := cur.(map[string]any)
			if !ok {
				cur = nil
				break
			}
			cur = m[tok]
		}
		if cur == nil {
			t.Errorf("%s does not resolve", r)
		}
	}
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// Every operation has an operationId, unique in the document; each form has its seven.
func TestOperationIDs(t *testing.T) {
	_, doc := generate(t, "zh-CN")
	seen := map[string]string{}
	for path, item := range getObj(t, doc, "paths") {
		for m, op := range item.(map[string]any) {
			if !slices.Contains(methods, m) {
				continue
			}
			id, _ := op.(map[string]any)["operationId"].(string)
			if id == "" {
				t.Errorf("%s %s has no operationId", m, path)
				continue
			}
			if prev, dup := seen[id]; dup {
				t.Errorf("operationId %s used by %s and %s %s", id, prev, m, path)
			}
			seen[id] = m + " " + path
		}
	}
	want := map[string]string{
		"lead.list":        "get /forms/lead/records",
		"lead.create":      "post /forms/lead/records",
		"lead.get":         "get /forms/lead/records/{id}",
		"lead.update":      "patch /forms/lead/records/{id}",
		"lead.delete":      "delete /forms/lead/records/{id}",
		"lead.restore":     "post /forms/lead/records/{id}/restore",
		"lead.history":     "get /forms/lead/records/{id}/history",
		"contract.list":    "get /forms/contract/records",
		"contract.update":  "patch /forms/contract/records/{id}",
		"contract.history": "get /forms/contract/records/{id}/history",
	}
	for id, at := range want {
		if seen[id] != at {
			t.Errorf("%s: at %q, want %q", id, seen[id], at)
		}
	}
	if len(seen) != 14 {
		t.Errorf("%d operations, want 7 per form", len(seen))
	}
}

// Each form has its data, patch, record and page schemas; the data schema is the form's
// with x-formloom kept, labels as titles, and server-owned fields readOnly.
func TestEveryFormHasItsSchemas(t *testing.T) {
	tpl, forms := app(t)
	for _, lang := range []string{"zh-CN", "en"} {
		_, doc := generate(t, lang)
		schemas := getObj(t, doc, "components", "schemas")
		for _, tf := range tpl.Forms {
			for _, suffix := range []string{"_Data", "_Patch", "_Record", "_Page"} {
				if _, ok := schemas[tf.Key+suffix]; !ok {
					t.Errorf("%s: no schema %s%s", lang, tf.Key, suffix)
				}
			}
			data := getObj(t, schemas, tf.Key+"_Data")
			props := getObj(t, data, "properties")
			f := forms[tf.Key]
			if len(props) != len(f.Fields()) {
				t.Errorf("%s: %d properties, form has %d fields", tf.Key, len(props), len(f.Fields()))
			}
			if got := data["title"]; got != tf.Name.In(lang) {
				t.Errorf("%s: title %v, want %q", tf.Key, got, tf.Name.In(lang))
			}
			for _, fd := range f.Fields() {
				p := getObj(t, props, fd.Key)
				want := fd.Label.EN
				if lang == "zh-CN" {
					want = fd.Label.ZH
				}
				if p["title"] != want {
					t.Errorf("%s/%s: title %v, want %q", tf.Key, fd.Key, p["title"], want)
				}
				if got := get(t, p, "x-formloom", "type"); got != string(fd.Type) {
					t.Errorf("%s/%s: x-formloom type %v", tf.Key, fd.Key, got)
				}
				if ro, _ := p["readOnly"].(bool); ro != fd.ServerOwned {
					t.Errorf("%s/%s: readOnly %v, server-owned %v", tf.Key, fd.Key, ro, fd.ServerOwned)
				}
				if d, _ := p["description"].(string); d == "" {
					t.Errorf("%s/%s: no description", tf.Key, fd.Key)
				}
			}
		}
		// A sub-form row's formula is readOnly too, and options are described with labels.
		amount := getObj(t, schemas, "lead_Data", "properties", "items", "items", "properties", "amount")
		if amount["readOnly"] != true {
			t.Errorf("items.amount is not readOnly")
		}
		status, _ := get(t, schemas, "lead_Data", "properties", "status", "description").(string)
		wantLabel := map[string]string{"zh-CN": "跟进中", "en": "Following"}[lang]
		if !strings.Contains(status, "`following` "+wantLabel) {
			t.Errorf("%s: status description %q does not list the options", lang, status)
		}
		// Patch: every writable field, nothing server-owned, nothing else.
		patch := getObj(t, schemas, "lead_Patch", "properties")
		if _, ok := patch["total"]; ok {
			t.Error("the patch schema lets a client write the formula total")
		}
		if _, ok := patch["budget"]; !ok {
			t.Error("the patch schema has no budget")
		}
		if get(t, schemas, "lead_Patch", "additionalProperties") != false {
			t.Error("the patch schema accepts unknown fields")
		}
	}
}

// The component schemas are usable JSON Schema: a record prepared by the form validates
// against lead_Record, a bad one does not — including a rule the form states through a
// $ref inside its own schema, which must now resolve inside the document.
func TestRecordSchemaValidatesRecords(t *testing.T) {
	raw, _ := generate(t, "en")
	_, forms := app(t)
	const docURL = "formloom:///openapi.json"
	c := compiler(t, docURL, raw)
	sch, err := c.Compile(docURL + "#/components/schemas/lead_Record")
	if err != nil {
		t.Fatalf("compile lead_Record: %v", err)
	}
	env := form.Env{Now: time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)}
	good := `{"subject":"Big deal","status":"following","budget":5000,"score":7.5,"due":"2026-06-01",
		"tags":["vip"],"phone":"13800138000","items":[{"product":"A","qty":2,"price":100}],"discount":10}`
	data, err := forms["lead"].Prepare(json.RawMessage(good), form.Create, env)
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	envelope := func(data map[string]any) any {
		return map[string]any{"id": "r1", "version": 1, "formVersion": 3, "data": data,
			"created": "2026-05-01T08:00:00.000Z", "updated": "2026-05-01T08:00:00.000Z",
			"createdBy": "u1", "updatedBy": "u1", "owner": "u1"}
	}
	if err := sch.Validate(roundTrip(t, envelope(data))); err != nil {
		t.Fatalf("a prepared record does not validate: %#v", err)
	}
	bad := []struct {
		name   string
		change func(map[string]any)
	}{
		{"budget not a number", func(d map[string]any) { d["budget"] = "lots" }},
		{"unknown option", func(d map[string]any) { d["status"] = "won" }},
		{"missing required", func(d map[string]any) { delete(d, "subject") }},
		{"closed without notes ($ref rule)", func(d map[string]any) { d["status"] = "closed"; delete(d, "notes") }},
		{"row quantity below 1", func(d map[string]any) { d["items"].([]any)[0].(map[string]any)["qty"] = 0 }},
	}
	for _, b := range bad {
		d := roundTrip(t, data).(map[string]any)
		b.change(d)
		if err := sch.Validate(envelope(d)); err == nil {
			t.Errorf("%s: validates", b.name)
		}
	}
	// The envelope itself is checked too.
	if err := sch.Validate(map[string]any{"id": "r1", "data": map[string]any{}}); err == nil {
		t.Error("an envelope without version validates")
	}
}

func roundTrip(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return unmarshal(t, string(b))
}

// The list takes filter, sort, limit, cursor and total; update needs If-Match; writes with
// a session need the CSRF header; errors are the shared Error.
func TestOperations(t *testing.T) {
	_, doc := generate(t, "en")
	params := getObj(t, doc, "components", "parameters")
	names := func(op map[string]any) []string {
		var out []string
		for _, p := range op["parameters"].([]any) {
			pm := p.(map[string]any)
			if r, ok := pm["$ref"].(string); ok {
				pm = params[strings.TrimPrefix(r, "#/components/parameters/")].(map[string]any)
			}
			out = append(out, pm["in"].(string)+":"+pm["name"].(string))
		}
		sort.Strings(out)
		return out
	}
	list := getObj(t, doc, "paths", "/forms/lead/records", "get")
	if got, want := names(list), []string{"header:Accept-Language", "query:cursor", "query:deleted", "query:filter", "query:limit", "query:sort", "query:total"}; !slices.Equal(got, want) {
		t.Errorf("list parameters %v, want %v", got, want)
	}
	update := getObj(t, doc, "paths", "/forms/lead/records/{id}", "patch")
	if got := names(update); !slices.Contains(got, "header:If-Match") || !slices.Contains(got, "path:id") {
		t.Errorf("update parameters %v", got)
	}
	if got := get(t, update, "responses", "412", "$ref"); got != "#/components/responses/PreconditionFailed" {
		t.Errorf("update 412 = %v", got)
	}
	if got := get(t, update, "responses", "428", "$ref"); got != "#/components/responses/PreconditionRequired" {
		t.Errorf("update 428 = %v", got)
	}
	if got := get(t, update, "responses", "200", "headers", "ETag", "schema", "type"); got != "string" {
		t.Errorf("update answers no ETag: %v", got)
	}
	del := getObj(t, doc, "paths", "/forms/lead/records/{id}", "delete")
	if got := names(del); !slices.Contains(got, "header:If-Match") {
		t.Errorf("delete parameters %v", got)
	}
	if getObj(t, params, "IfMatchOptional")["required"] == true {
		t.Error("If-Match is required on delete")
	}
	history := getObj(t, doc, "paths", "/forms/lead/records/{id}/history", "get")
	if got := names(history); !slices.Contains(got, "query:cursor") || !slices.Contains(got, "query:limit") {
		t.Errorf("history parameters %v", got)
	}
	if got := get(t, update, "requestBody", "content", "application/json", "schema", "$ref"); got != "#/components/schemas/lead_Patch" {
		t.Errorf("update body = %v", got)
	}
	create := getObj(t, doc, "paths", "/forms/lead/records", "post")
	if got := get(t, create, "responses", "422", "$ref"); got != "#/components/responses/ValidationFailed" {
		t.Errorf("create 422 = %v", got)
	}
	if got := get(t, create, "responses", "201", "content", "application/json", "schema", "$ref"); got != "#/components/schemas/lead_Record" {
		t.Errorf("create 201 = %v", got)
	}
	for _, r := range getObj(t, doc, "components", "responses") {
		if got := get(t, r, "content", "application/json", "schema", "$ref"); got != "#/components/schemas/Error" {
			t.Errorf("an error response is %v", got)
		}
	}
	csrf := func(op map[string]any) bool {
		sec, _ := op["security"].([]any)
		for _, s := range sec {
			m := s.(map[string]any)
			if _, cookie := m["cookieAuth"]; cookie {
				_, ok := m["csrfToken"]
				return ok
			}
		}
		return false
	}
	for _, path := range []string{"/forms/lead/records", "/forms/lead/records/{id}", "/forms/lead/records/{id}/restore"} {
		for m, op := range getObj(t, doc, "paths", path) {
			if m == "get" {
				if _, own := op.(map[string]any)["security"]; own {
					t.Errorf("%s %s: reads should use the document's security", m, path)
				}
				continue
			}
			if !csrf(op.(map[string]any)) {
				t.Errorf("%s %s: a session write does not need the CSRF token", m, path)
			}
		}
	}
	schemes := getObj(t, doc, "components", "securitySchemes")
	if get(t, schemes, "bearerAuth", "scheme") != "bearer" || get(t, schemes, "cookieAuth", "in") != "cookie" {
		t.Errorf("security schemes: %v", schemes)
	}
}

// The same input gives the same bytes, whatever the order of the forms map.
func TestDeterministic(t *testing.T) {
	tpl, forms := app(t)
	opts := openapi.Options{ServerURL: serverURL, Language: "zh-CN"}
	first, err := openapi.Generate(tpl, forms, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		again := map[string]*form.Form{}
		for k, v := range forms {
			again[k] = v
		}
		b, err := openapi.Generate(tpl, again, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, b) {
			t.Fatal("two generations differ")
		}
	}
	en, err := openapi.Generate(tpl, forms, openapi.Options{ServerURL: serverURL, Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first, en) {
		t.Fatal("the language changes nothing")
	}
	if !bytes.Contains(first, []byte(`"title": "线索"`)) || !bytes.Contains(en, []byte(`"title": "Lead"`)) {
		t.Error("form titles do not follow the language")
	}
}

func TestMissingForm(t *testing.T) {
	tpl, forms := app(t)
	delete(forms, "contract")
	_, err := openapi.Generate(tpl, forms, openapi.Options{})
	if !errors.Is(err, openapi.ErrMissingForm) {
		t.Fatalf("err = %v, want ErrMissingForm", err)
	}
	if _, err := openapi.Generate(nil, forms, openapi.Options{}); err == nil {
		t.Fatal("a nil template gives a document")
	}
}
