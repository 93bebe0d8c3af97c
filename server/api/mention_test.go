package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestCommentMentions: @-mentioning a colleague in a record's comment tells them and lets
// them read the record, as a CC does; mentioning a stranger is refused and changes nothing.
func TestCommentMentions(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, twoStep(""))
	rec := e.create("sam", `{"title":"报销单","amount":100}`)
	if st, _ := e.a.Call(e.s("out"), "GET", rec, ""); st != 404 {
		t.Fatalf("out reads the record before the mention: %d", st)
	}
	if st, out := e.act("p1", rec, "comment", `{"comment":"@nobody 看一下","mentions":["nobody"]}`); st != 422 || !strings.Contains(out, `"/mentions/0"`) {
		t.Fatalf("mention of a stranger: %d %s", st, out)
	}
	if st, _ := e.a.Call(e.s("out"), "GET", rec, ""); st != 404 {
		t.Fatalf("a refused mention let out read the record: %d", st)
	}
	e.must("p1", rec, "comment", `{"comment":"@out 请确认金额","mentions":["`+e.v["out"]+`"]}`)
	if st, body := e.a.Call(e.s("out"), "GET", rec, ""); st != 200 || !strings.Contains(body, "报销单") {
		t.Fatalf("out reads the record after the mention: %d %s", st, body)
	}
	if n := e.notes("out", ""); !strings.Contains(n, `"kind":"mention"`) {
		t.Fatalf("out got no mention notification: %s", n)
	}
	_, hist := e.a.Call(e.s("ann"), "GET", rec+"/history", "")
	if !strings.Contains(hist, `"comment":"@out 请确认金额"`) || !strings.Contains(hist, e.v["out"]) {
		t.Fatalf("timeline lacks the mention: %s", hist)
	}
	e.want(rec, "running", "first")
}
