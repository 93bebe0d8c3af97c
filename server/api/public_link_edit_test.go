package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestEditPublicLink: a manager changes which fields a live link exposes and what its
// receipt shows, under the same address; a field the form lacks is refused naming its
// place and the link is unchanged; a member who is not an admin may not; a revoked link
// cannot be edited.
func TestEditPublicLink(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := dealsWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	body := mustCall(t, a, ann, 201, "POST", v["deal"]+"/public-links", `{"owner":"`+v["carl"]+`"}`)
	id, public := field(t, body, "id"), field(t, body, "url")
	links := v["deal"] + "/public-links/" + id
	anon := apitest.Session{}
	if form := mustCall(t, a, anon, 200, "GET", public, ""); !strings.Contains(form, `"amount"`) {
		t.Fatalf("default link: %s", form)
	}

	body = mustCall(t, a, ann, 200, "PATCH", links, `{"fields":["title","status"],"show":["status"]}`)
	if field(t, body, "url") != public || !strings.Contains(body, `"fields":["title","status"]`) || !strings.Contains(body, `"show":["status"]`) {
		t.Fatalf("patch: %s", body)
	}
	form := mustCall(t, a, anon, 200, "GET", public, "")
	if !strings.Contains(form, `"title"`) || strings.Contains(form, `"amount"`) {
		t.Fatalf("the link still exposes amount: %s", form)
	}
	if st, out := a.Call(anon, "POST", public, `{"title":"x","status":"new","amount":5}`); st != 400 || !strings.Contains(out, `"/amount"`) {
		t.Fatalf("amount after the edit: %d %s", st, out)
	}

	st, out := a.Call(ann, "PATCH", links, `{"fields":["title","nope"]}`)
	if st != 422 || !strings.Contains(out, `"/fields/1":{"code":"unknown_field"`) {
		t.Fatalf("unknown field: %d %s", st, out)
	}
	if list := mustCall(t, a, ann, 200, "GET", v["deal"]+"/public-links", ""); !strings.Contains(list, `"fields":["title","status"]`) {
		t.Fatalf("a refused edit changed the link: %s", list)
	}
	// Back to the default with an empty list.
	if body := mustCall(t, a, ann, 200, "PATCH", links, `{"fields":[]}`); !strings.Contains(body, `"fields":null`) || !strings.Contains(body, `"show":["status"]`) {
		t.Fatalf("back to default: %s", body)
	}
	if st, _ := a.Call(a.SignIn("carl@formloom.test"), "PATCH", links, `{"show":[]}`); st != 403 && st != 404 {
		t.Fatalf("a member edited a link: %d", st)
	}
	mustCall(t, a, ann, 204, "DELETE", links, "")
	if st, _ := a.Call(ann, "PATCH", links, `{"show":[]}`); st != 404 {
		t.Fatalf("edit of a revoked link: %d", st)
	}
}
