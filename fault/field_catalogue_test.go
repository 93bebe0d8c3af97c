package fault_test

import (
	"regexp"
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
	checkKeysUsed(t, regexp.MustCompile(`\b(?:FieldOf|WithFieldOf)\(.*?, "([a-z_]+\.[a-z_0-9]+)"\)`), fault.FieldKeys(), "fault/field_catalogue.go",
		func(key string) bool { _, ok := fault.LookupField(key); return ok })
}
