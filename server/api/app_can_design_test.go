package api_test

import (
	"net/http"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestAppSaysWhoDesigns: an app's answer tells its reader whether they may design it, by the
// rule the design endpoints enforce: owners and admins may, a member holding only a role
// that uses the app may not, and one holding a role granted manage may.
func TestAppSaysWhoDesigns(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := accessWorkspace(t, a)
	base := v["lead"][:len(v["lead"])-len("/forms/lead")]
	ann, sam := a.SignIn("ann@formloom.test"), a.SignIn("sam@formloom.test")
	canDesign := func(s apitest.Session, who string) bool {
		t.Helper()
		st, body := a.Call(s, "GET", base, "")
		if st != 200 {
			t.Fatalf("%s GET app: %d %s", who, st, body)
		}
		may, ok := decode(t, body)["canDesign"].(bool)
		if !ok {
			t.Fatalf("%s's app answer has no canDesign: %s", who, body)
		}
		// The answer agrees with the design endpoints.
		st, _ = a.Call(s, "GET", base+"/draft", "")
		if may != (st == 200) || (!may && st != http.StatusForbidden) {
			t.Fatalf("%s: canDesign %v but the draft answers %d", who, may, st)
		}
		return may
	}
	if !canDesign(ann, "ann (owner)") {
		t.Fatal("the owner may not design")
	}
	assign(t, a, v, "sales", `{"user":"`+v["sam"]+`"}`)
	if canDesign(sam, "sam (sales)") {
		t.Fatal("a member holding only a sales role may design")
	}
	// A role granted manage on the app makes its holder a designer of it.
	publishDesignerRole(t, a, ann, base)
	assign(t, a, v, "designer", `{"user":"`+v["sam"]+`"}`)
	if !canDesign(sam, "sam (manager)") {
		t.Fatal("a member holding a manage role may not design")
	}
}
