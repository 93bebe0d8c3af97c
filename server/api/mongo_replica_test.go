package api_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/server/config"
)

// The checks below need a real MongoDB replica set, which FerretDB cannot stand in for
// (transactions, atomic compare-and-set, partial unique indexes). They run when
// FORMLOOM_TEST_MONGODB_URI names one, for example
//
//	FORMLOOM_TEST_MONGODB_URI='mongodb://localhost:27017/?replicaSet=rs0' go test -run OnReplicaSet ./server/api/
//
// (see docs/operations.md); without it they are skipped.

func replicaSetURI(t *testing.T) string {
	t.Helper()
	uri := os.Getenv("FORMLOOM_TEST_MONGODB_URI")
	if uri == "" {
		t.Skip("set FORMLOOM_TEST_MONGODB_URI to a MongoDB replica set")
	}
	return uri
}

// TestTwoInstancesOnReplicaSet: two app instances on one database take 200 concurrent
// creates between them: every serial number is distinct and consecutive, and of 20
// concurrent creates with the same unique phone exactly one is stored.
func TestTwoInstancesOnReplicaSet(t *testing.T) {
	t.Setenv(apitest.MongoEnv, replicaSetURI(t))
	one := apitest.New(t)
	if one.Store.Capabilities().Engine != "mongo" || !one.Store.Capabilities().Transactions {
		t.Fatalf("not a replica set: %+v", one.Store.Capabilities())
	}
	v := recordWorkspace(t, one)
	two := apitest.New(t, func(c *config.Config) { c.MongoURI = one.Cfg.MongoURI })
	const n, dups = 200, 20
	serials := make([]string, n)
	var mu sync.Mutex
	okDup, refusedDup := 0, 0
	var wg sync.WaitGroup
	for i := range n + dups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := one
			if i%2 == 1 {
				a = two
			}
			s := a.SignIn("ann@formloom.test")
			phone := fmt.Sprintf("139%08d", i)
			if i >= n {
				phone = "13600000000"
			}
			resp := a.Do(a.Request(s, "POST", v["lead"]+"/records", lead(v, map[string]any{"phone": phone})))
			defer resp.Body.Close()
			body := readBody(resp)
			switch {
			case i < n && resp.StatusCode == 201:
				serials[i] = field(t, body, "data", "leadNo")
			case i < n:
				t.Errorf("create %d: %d %s", i, resp.StatusCode, body)
			case resp.StatusCode == 201:
				mu.Lock()
				okDup++
				mu.Unlock()
			case resp.StatusCode == 409 && strings.Contains(body, `"/phone":{"code":"duplicate"`):
				mu.Lock()
				refusedDup++
				mu.Unlock()
			default:
				t.Errorf("duplicate create %d: %d %s", i, resp.StatusCode, body)
			}
		}()
	}
	wg.Wait()
	if okDup != 1 || refusedDup != dups-1 {
		t.Errorf("same phone 20 times at once: %d stored, %d refused", okDup, refusedDup)
	}
	seqs := map[int]bool{}
	for _, s := range serials {
		k := strings.LastIndex(s, "-")
		seq, err := strconv.Atoi(s[k+1:])
		if err != nil || seqs[seq] {
			t.Fatalf("serial %q repeated or malformed", s)
		}
		seqs[seq] = true
	}
	if len(seqs) != n {
		t.Fatalf("%d distinct serials of %d", len(seqs), n)
	}
}

// TestHTTPSuiteOnReplicaSet runs journeys that lean on transactions and compare-and-set
// on the replica set: approvals in parallel, unique values, serial numbers.
func TestHTTPSuiteOnReplicaSet(t *testing.T) {
	t.Setenv(apitest.MongoEnv, replicaSetURI(t))
	for name, test := range map[string]func(*testing.T){
		"serials":        TestConcurrentCreatesGetDistinctSerials,
		"unique":         TestUniqueValuesAndTheTrash,
		"lead flow":      TestLeadManagementFlow,
		"contract flow":  TestContractApprovalStarterFlow,
		"minutes flow":   TestMeetingMinutesFlow,
		"starter sample": TestEveryStarterInstallsWithSampleData,
	} {
		t.Run(name, test)
	}
}
