package api_test

import (
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/server/config"
)

// BenchmarkHTTPLeadApp creates leads in the lead-management starter app over loopback from
// 50 clients: serial number, formulas, the pipeline's start (the review task in the lead
// manager's inbox, its deadline job), the timeline and the audit entry — the write path of
// an app people run, next to the plain form's create (BenchmarkHTTPCreate). The goal of
// issue 18 is that it keeps up with a plain collection store's plain create.
// Run: go test ./server/api -run '^$' -bench HTTPLeadApp -benchtime 3000x
func BenchmarkHTTPLeadApp(b *testing.B) {
	def, err := os.ReadFile("../../templates/starter/lead-management.json")
	if err != nil {
		b.Fatal(err)
	}
	// The template is larger than the test server's body limit.
	a := apitest.New(b, func(c *config.Config) { c.BodyLimit = 1 << 20 })
	s := a.SignIn("ann@formloom.test")
	st, body := a.Call(s, "POST", "/api/v1/workspaces", `{"name":"bench"}`)
	if st != 201 {
		b.Fatalf("workspace: %d %s", st, body)
	}
	base := "/api/v1/workspaces/" + field(b, body, "id") + "/apps"
	st, body = a.Call(s, "POST", base, `{"definition":`+string(def)+`}`)
	if st != 201 {
		b.Fatalf("app: %d %s", st, body)
	}
	app := base + "/" + field(b, body, "id")
	me := a.User("ann@formloom.test")
	if st, out := a.Call(s, "POST", app+"/roles/lead_manager/assignees", `{"user":"`+me.ID+`"}`); st != 201 {
		b.Fatalf("assign: %d %s", st, out)
	}
	url := app + "/forms/lead/records"
	urgency := []string{"urgent", "important", "general"}
	for _, c := range []int{1, 50} {
		b.Run(fmt.Sprintf("c=%d", c), func(b *testing.B) {
			load(b, c, b.N, "creates/s", func(i int) error {
				resp := a.Do(a.Request(s, "POST", url, fmt.Sprintf(`{"subject":"展会线索 %d","channel":"market_research","urgency":"%s",`+
					`"company":"星河科技有限公司","contactName":"王磊","contactPhone":"13800138000","budget":120000,"purchaseIntent":"high",`+
					`"decisionCycle":"1_3m","nature":"business","description":"客户希望下月安排演示，预算已获批。"}`, i, urgency[i%3])))
				defer resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					return fmt.Errorf("create: %d %s", resp.StatusCode, readBody(resp))
				}
				return nil
			})
		})
	}
}
