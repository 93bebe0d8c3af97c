package audit_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/audit"
)

func TestRedactedRemovesSecretsAtAnyDepth(t *testing.T) {
	got := audit.Redacted([]byte(`{"email":"a@b.c","password":"hunter2","nested":{"apiToken":"fl_x","list":[{"clientSecret":"s3"}]},"name":"ci"}`))
	b, _ := json.Marshal(got)
	for _, leak := range []string{"hunter2", "fl_x", "s3"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("%s kept: %s", leak, b)
		}
	}
	if got["email"] != "a@b.c" || got["name"] != "ci" {
		t.Errorf("ordinary keys lost: %s", b)
	}
}

func TestRedactedBoundsLargeBodies(t *testing.T) {
	big := `{"forms":"` + strings.Repeat("x", 20<<10) + `","key":"k"}`
	got := audit.Redacted([]byte(big))
	if got["truncated"] != true {
		t.Fatalf("large body kept whole: %v", got["keys"])
	}
	if keys, _ := json.Marshal(got["keys"]); string(keys) != `["forms","key"]` {
		t.Errorf("keys: %s", keys)
	}
}

func TestFieldKeysHoldNoValues(t *testing.T) {
	got := audit.FieldKeys([]byte(`{"subject":"secret subject","budget":12345}`))
	b, _ := json.Marshal(got)
	if string(b) != `{"fields":["budget","subject"]}` {
		t.Errorf("got %s", b)
	}
}
