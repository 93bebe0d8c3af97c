package api_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/server/apitest"
)

// TestSearchFindsACreatedLeadByWhatItsCreateFilledIn: a lead's text for the search index is
// gathered before its create's transaction, and its serial number is taken inside it;
// search still finds a lead of the lead-management starter (whose create starts its
// pipeline) and a lead of a form without a pipeline by their serial numbers, by a
// formula's value and by a field typed in.
func TestSearchFindsACreatedLeadByWhatItsCreateFilledIn(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "lead-management", "mgr")
	f.roles(t, map[string][]string{"lead_manager": {"mgr"}})
	a, v := f.a, f.v
	ann := f.as("ann")
	find := func(q string) map[string]bool {
		return hitIDs(searchAs(t, a, v, ann, "q="+url.QueryEscape(q)))
	}
	create := func() (id, serial string) {
		body := mustCall(t, a, ann, 201, "POST", f.base+"/forms/lead/records", `{"subject":"展会线索","channel":"staff_report","urgency":"general",`+
			`"company":"华东精密仪器","contactName":"王磊","contactPhone":"13800138000","budget":120000,"purchaseIntent":"high",`+
			`"decisionCycle":"1_3m","nature":"business"}`)
		return field(t, body, "id"), field(t, body, "data", "leadNo")
	}
	first, firstNo := create()
	second, secondNo := create()
	if firstNo == "" || firstNo == secondNo {
		t.Fatalf("serial numbers %q, %q", firstNo, secondNo)
	}
	if st := field(t, mustCall(t, a, ann, 200, "GET", f.base+"/forms/lead/records/"+first, ""), "data", "channelGroup"); st != "内部渠道" {
		t.Fatalf("formula value %q", st)
	}
	if got := find(firstNo); !got[first] || got[second] {
		t.Fatalf("search %s: %v, want %s only", firstNo, got, first)
	}
	if got := find(secondNo); !got[second] || got[first] {
		t.Fatalf("search %s: %v, want %s only", secondNo, got, second)
	}
	if got := find("内部渠道"); !got[first] || !got[second] {
		t.Fatalf("search by the formula's value: %v", got)
	}
	if got := find("华东精密"); !got[first] || !got[second] {
		t.Fatalf("search by a field: %v", got)
	}
}

// TestSearchFindsARecordWithoutPipelineByItsSerialNumber: the same for a create that
// stores the record itself (no pipeline starts).
func TestSearchFindsARecordWithoutPipelineByItsSerialNumber(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := searchWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	ref := records.Ref{Actor: v["ann"], Workspace: v["wsA"], App: v["crm"], Form: "lead"}
	var ids, serials []string
	for range 2 {
		id := searchCreate(t, a, v, "ann", "crm", "lead", map[string]any{"subject": "春节备货", "company": "禾丰超市"})
		r, err := a.Records.Get(context.Background(), ref, id)
		if err != nil {
			t.Fatal(err)
		}
		var data struct {
			LeadNo string `json:"leadNo"`
		}
		if err := json.Unmarshal(r.Data, &data); err != nil {
			t.Fatal(err)
		}
		no := data.LeadNo
		ids, serials = append(ids, id), append(serials, no)
	}
	if serials[0] == "" || serials[0] == serials[1] {
		t.Fatalf("serial numbers %q", serials)
	}
	for i, no := range serials {
		got := hitIDs(searchAs(t, a, v, ann, "q="+url.QueryEscape(no)))
		if !got[ids[i]] || got[ids[1-i]] {
			t.Fatalf("search %s: %v, want %s only", no, got, ids[i])
		}
	}
}
