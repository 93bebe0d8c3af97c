package flow_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/records"
)

// TestStarterStartsTheCreatedRecord: a create that carries the starter's Then submits the
// record in its own transaction and answers it as submitted (the submission is its
// second version, as when the record is submitted after its create).
func TestStarterStartsTheCreatedRecord(t *testing.T) {
	t.Parallel()
	e := newEngine(t, modeOf(`"mode": "single"`))
	st, err := e.flow.StarterFor(e.ctx, e.ref("sam"))
	if err != nil || st == nil {
		t.Fatalf("StarterFor = %v, %v; want a starter", st, err)
	}
	rec, err := e.recs.CreateThen(e.ctx, e.ref("sam"), json.RawMessage(`{"title":"采购"}`), st.Then)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Version != 2 || len(rec.Flow) == 0 {
		t.Fatalf("answer: version %d, run %s; want 2 and the run", rec.Version, rec.Flow)
	}
	if got := where(e.state(rec.ID)); got != "running@check" {
		t.Fatalf("run: %s, want running@check", got)
	}
	// Stored once, with its run, yet read back and told as created then submitted.
	got, err := e.recs.Get(e.ctx, e.ref("sam"), rec.ID)
	if err != nil || got.Version != 2 || !got.Created.Equal(rec.Created) || string(got.Flow) != string(rec.Flow) {
		t.Fatalf("read back: %+v, %v; want the answer %+v", got, err, rec)
	}
	page, err := e.recs.History(e.ctx, e.ref("sam"), rec.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var timeline []string
	for _, ev := range page.Items {
		timeline = append(timeline, fmt.Sprintf("%s@%d", ev.Action, ev.Version))
	}
	if strings.Join(timeline, " ") != "created@1 flow.submitted@2" {
		t.Fatalf("timeline %v, want created@1 flow.submitted@2", timeline)
	}
	if len(page.Items) > 0 && (len(page.Items[0].Changes) == 0 || page.Items[0].Changes[0].Field != "title") {
		t.Fatalf("creation entry's values %+v, want the title", page.Items[0].Changes)
	}
}

// TestStarterOfAVersionReplacedMeanwhile: the starter is looked up before the create's
// transaction opens; when a version published in between has no pipeline any more, the
// record is created in that version and stays not submitted, as any create in it would,
// rather than following the pipeline the starter saw.
func TestStarterOfAVersionReplacedMeanwhile(t *testing.T) {
	t.Parallel()
	e := newEngine(t, modeOf(`"mode": "single"`))
	st, err := e.flow.StarterFor(e.ctx, e.ref("sam"))
	if err != nil || st == nil {
		t.Fatalf("StarterFor = %v, %v; want a starter", st, err)
	}
	ann := e.ids["ann"]
	if _, err := e.apps.SaveDraft(e.ctx, ann, e.ws, e.app, json.RawMessage(strings.Replace(flowApp, "PIPELINE", "", 1))); err != nil {
		t.Fatal(err)
	}
	if _, err := e.apps.Publish(e.ctx, ann, e.ws, e.app); err != nil {
		t.Fatal(err)
	}
	rec, err := e.recs.CreateThen(e.ctx, e.ref("sam"), json.RawMessage(`{"title":"采购"}`), st.Then)
	if err != nil {
		t.Fatalf("create after the pipeline was removed: %v", err)
	}
	if rec.Version != 1 || len(rec.Flow) != 0 || rec.FormVersion != 2 {
		t.Fatalf("answer: version %d of form version %d, run %s; want 1 of 2 and no run", rec.Version, rec.FormVersion, rec.Flow)
	}
	if got := where(e.state(rec.ID)); got != "@" {
		t.Fatalf("run: %s, want none", got)
	}
	// The next create looks the pipeline up again and finds none.
	if st, err := e.flow.StarterFor(e.ctx, e.ref("sam")); err != nil || st != nil {
		t.Fatalf("StarterFor after the pipeline was removed = %v, %v; want none", st, err)
	}
}

// TestStarterFailsOnANotFoundInItsWrites: a not-found raised by one of the start's writes
// (here storing the approval's deadline job) is no "no pipeline": the create fails and
// leaves nothing, instead of committing a record submitted without its tasks.
func TestStarterFailsOnANotFoundInItsWrites(t *testing.T) {
	t.Parallel()
	e := newEngine(t, modeOf(`"mode": "single", "deadline": {"after": {"workingDays": 1}, "onDue": {"action": "remind"}}`))
	st, err := e.flow.StarterFor(e.ctx, e.ref("sam"))
	if err != nil || st == nil {
		t.Fatalf("StarterFor = %v, %v; want a starter", st, err)
	}
	e.jobs.fail = fault.ErrNotFound()
	if rec, err := e.recs.CreateThen(e.ctx, e.ref("sam"), json.RawMessage(`{"title":"采购"}`), st.Then); err == nil {
		t.Fatalf("create = version %d, run %s; want the write's error", rec.Version, rec.Flow)
	}
	e.jobs.fail = nil
	page, err := e.recs.List(e.ctx, e.ref("ann"), records.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 0 {
		t.Fatalf("%d records after the failed create, want none", len(page.Items))
	}
}
