package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestActionMentions: an approval's (or a return's) comment @-mentions colleagues as a plain
// comment does — each is told and may read the record; a bad mention refuses the whole
// approval and the run stays where it was.
func TestActionMentions(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, twoStep(""))
	rec := e.create("sam", `{"title":"报销单","amount":100}`)
	if st, out := e.act("p1", rec, "approve", `{"comment":"@nobody 同意","mentions":["nobody"]}`); st != 422 || !strings.Contains(out, `"/mentions/0"`) {
		t.Fatalf("approval mentioning a stranger: %d %s", st, out)
	}
	e.want(rec, "running", "first")
	if st, _ := e.a.Call(e.s("out"), "GET", rec, ""); st != 404 {
		t.Fatalf("out reads the record before being mentioned: %d", st)
	}
	e.must("p1", rec, "approve", `{"comment":"@out 同意，请安排付款","mentions":["`+e.v["out"]+`"]}`)
	e.want(rec, "running", "second")
	if st, body := e.a.Call(e.s("out"), "GET", rec, ""); st != 200 || !strings.Contains(body, "报销单") {
		t.Fatalf("out reads the record after the approval mentioned them: %d %s", st, body)
	}
	if n := e.notes("out", ""); !strings.Contains(n, `"kind":"mention"`) {
		t.Fatalf("out got no mention notification: %s", n)
	}
	_, hist := e.a.Call(e.s("ann"), "GET", rec+"/history", "")
	if !strings.Contains(hist, `"comment":"@out 同意，请安排付款"`) || !strings.Contains(hist, `"mentions":["`+e.v["out"]+`"]`) {
		t.Fatalf("the approval's timeline entry lacks the mention: %s", hist)
	}
	// A return mentions too.
	e.must("dan", rec, "return", `{"comment":"@p2 请补充发票","mentions":["`+e.v["p2"]+`"]}`)
	if n := e.notes("p2", ""); !strings.Contains(n, `"kind":"mention"`) {
		t.Fatalf("p2 got no mention from the return: %s", n)
	}
}
