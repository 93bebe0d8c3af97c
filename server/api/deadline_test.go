package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/server/config"
)

// TestRequestDeadlineReachesTheDatabase: with a deadline shorter than any database call,
// a request that needs the database is stopped with a 503 in the error shape, and the
// server keeps answering.
func TestRequestDeadlineReachesTheDatabase(t *testing.T) {
	t.Parallel()
	a := apitest.New(t, func(c *config.Config) { c.RequestTimeout = time.Nanosecond })
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "GET", "/api/v1/workspaces", "")
	if st != 503 || !strings.Contains(body, `"code":"deadline_exceeded"`) {
		t.Fatalf("GET /workspaces past its deadline: %d %s", st, body)
	}
	if st, _ := a.Call(apitest.Session{}, "GET", "/healthz", ""); st != 200 {
		t.Fatalf("healthz: %d", st)
	}
}
