package fault_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/formloom/formloom/fault"
)

func TestFieldOfBuildsTheCataloguedProblem(t *testing.T) {
	t.Parallel()
	e := fault.FieldOf("/name", "required.name")
	f := e.Fields["/name"]
	if e.Code != "validation_failed" || f.Code != "required" || f.Text.EN != "Enter a name." || f.Text.ZH != "请填写名称。" {
		t.Fatalf("got %+v", e)
	}
}

// TestFieldCatalogueKeysUsed: every field key the code asks for is in the field catalogue,
// and every entry is asked for somewhere.
func TestFieldCatalogueKeysUsed(t *testing.T) {
	t.Parallel()
	checkKeysUsed(t, regexp.MustCompile(`\b(?:(?:FieldOf|WithFieldOf)\(.*?, |Problem\()"([a-zA-Z_]+\.[a-z_0-9]+)"\)`), fault.FieldKeys(), "fault/field_catalogue.go",
		func(key string) bool { _, ok := fault.LookupField(key); return ok })
}

// TestFieldTemplatesTakeTheirValues: Fill completes the field problem just added, a problem
// added with WithProblem keeps what a person wrote even when it spells a placeholder,
// FillText puts each language's own text, and no Chinese field message asks for a value the
// English one does not.
func TestFieldTemplatesTakeTheirValues(t *testing.T) {
	t.Parallel()
	e := fault.Of("validation_failed.public_link").WithFieldOf("/fields/0", "too_deep.parent").Fill("max", 8)
	e = e.WithProblem("/fields/1", fault.Problem("unknown_field.visitor").Fill("key", "{max}"))
	e = e.WithProblem("/fields/2", fault.Problem("unknown_field.visitor").Fill("key", "b"))
	if a, b, c := e.Fields["/fields/0"], e.Fields["/fields/1"], e.Fields["/fields/2"]; a.Code != "too_deep" || a.Text.EN != "The tree may be at most 8 levels deep." ||
		b.Code != "unknown_field" || b.Text.EN != "Not a field visitors can use: {max}" || c.Text.ZH != "不是访客可用的字段：b" {
		t.Fatalf("filled: %+v", e.Fields)
	}
	if e.Text.EN != "The link names fields the form does not have or that visitors cannot fill." {
		t.Fatalf("the error's own message changed: %q", e.Text.EN)
	}
	l := fault.FieldOf("/amount", "type.linked_match").FillText("label", fault.Text{EN: "Amount", ZH: "金额"}).Fields["/amount"]
	if l.Code != "type" || l.Text.EN != "Amount must be one value to find the linked record." || l.Text.ZH != "「金额」必须是单个值，才能查找联动的数据。" {
		t.Fatalf("filled by language: %+v", l)
	}
	p := fault.Problem("duplicate_column.header").Fill("name", "C").Fill("prev", "A").FillText("shown", fault.Text{EN: `"金额"`, ZH: "金额"})
	if p.Code != "duplicate_column" || p.Text.EN != `Column C ("金额") names the same field as column A.` || p.Text.ZH != "第 C 列（“金额”）与第 A 列对应同一字段。" {
		t.Fatalf("problem filled: %+v", p)
	}
	placeholder := regexp.MustCompile(`\{[a-z]+\}`)
	for _, key := range fault.FieldKeys() {
		m, _ := fault.LookupField(key)
		en := placeholder.FindAllString(m.EN, -1)
		for _, p := range placeholder.FindAllString(m.ZH, -1) {
			if !slices.Contains(en, p) && !otherEnglish[key] {
				t.Errorf("%s: the Chinese message asks for %s, the English one does not", key, p)
			}
		}
	}
}

// otherEnglish lists the field problems whose English message is another part's words (the
// template validator's, which state the limit or the type themselves, the schema's
// description of a pattern, or the query language's), so that only the Chinese one is
// filled with the value. Each
// call site fills every placeholder of both languages.
var otherEnglish = map[string]bool{
	"maxItems.template": true, "maxLength.template": true, "maxProperties.template": true,
	"maximum.template": true, "minItems.template": true, "minLength.template": true,
	"minProperties.template": true, "minimum.template": true, "pattern.described": true,
	"pattern.template": true, "type.template": true,
	// The query language's words for a bad value name the value, the pointer the field;
	// the Chinese ones name the field as well (the filter fills it in).
	"bad_value.query_exists": true, "bad_value.query_list": true, "bad_value.query_text": true,
	"bad_value.query_null": true, "bad_value.query_date": true, "bad_value.query_datetime": true,
	"bad_value.query_datetime_range": true, "bad_value.query_expect": true,
	"bad_value.query_expect_bool": true, "bad_value.query_expect_date": true,
	"bad_value.query_expect_datetime": true, "bad_value.query_expect_number": true,
	"bad_value.query_expect_string": true,
}
