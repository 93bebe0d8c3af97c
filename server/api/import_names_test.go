package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

func xlsxOf(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImportByNames: members by name or e-mail, departments by path, relations by title;
// a name two members share is a row error naming its cell, and only the good rows are
// stored. Export writes the names back, or IDs when asked.
func TestImportByNames(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := withLead(t, a)
	ctx := context.Background()
	for _, email := range []string{"li1@formloom.test", "li2@formloom.test"} {
		u, err := a.Accounts.CreateUser(ctx, email, "李雷", apitest.UserPassword)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember}); err != nil {
			t.Fatal(err)
		}
	}
	sales, group := "销售部", "华东销售组"
	parent, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &sales})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &group, Parent: &parent.ID})
	if err != nil {
		t.Fatal(err)
	}
	ann := a.SignIn("ann@formloom.test")
	items := `[{"product":"A","qty":1}]`
	file := xlsxOf(t, [][]any{
		{"subject", "status", "budget", "owner", "dept", "contract", "items"},
		{"按名称", "new", 10, "carl", "销售部/华东销售组", "年度框架合同", items},
		{"重名", "new", 10, "李雷", "华东销售", "年度框架合同", items},
		{"按邮箱", "new", 10, "CARL@formloom.test", "华东销售组", "", items},
	})
	before := countLeads(t, a, v)
	st, _, body := send(t, a, ann, "POST", v["lead"]+"/import?format=xlsx", file, "Content-Type", "application/octet-stream")
	if st != 200 {
		t.Fatalf("import: %d %s", st, body)
	}
	rep := decodeReport(t, body)
	if rep.Stored != 2 || rep.Failed != 1 || len(rep.Bad) != 1 || rep.Bad[0].Row != 3 || rep.Bad[0].Fields["/owner"].Code != "ambiguous" {
		t.Fatalf("report: %s", body)
	}
	if n := countLeads(t, a, v); n != before+2 {
		t.Fatalf("%d leads, want %d", n, before+2)
	}
	list := mustCall(t, a, ann, 200, "GET", v["lead"]+"/records?filter="+q(`{"field":"subject","op":"eq","value":"按名称"}`), "")
	var page struct {
		Items []struct {
			Data map[string]any `json:"data"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(list), &page); err != nil || len(page.Items) != 1 {
		t.Fatalf("list: %s", list)
	}
	d := page.Items[0].Data
	if d["owner"] != v["carl"] || d["dept"] != sub.ID || d["contract"] != v["con"] {
		t.Fatalf("stored %v; want owner %s, dept %s, contract %s", d, v["carl"], sub.ID, v["con"])
	}

	// Export writes names (and the path when a name repeats), or IDs when asked.
	_, _, csv := send(t, a, ann, "GET", v["lead"]+"/export?format=csv", nil)
	if !strings.Contains(csv, "carl") || !strings.Contains(csv, "华东销售组") || !strings.Contains(csv, "年度框架合同") || strings.Contains(csv, v["carl"]) {
		t.Fatalf("export by names:\n%s", csv)
	}
	_, _, csv = send(t, a, ann, "GET", v["lead"]+"/export?format=csv&ids=true", nil)
	if !strings.Contains(csv, v["carl"]) || !strings.Contains(csv, sub.ID) {
		t.Fatalf("export by IDs:\n%s", csv)
	}
}
