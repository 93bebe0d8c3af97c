package apitest

import (
	"strings"
	"testing"
)

// Vars are values a scenario's Setup made (IDs, secrets), substituted for {name} in URL,
// Body and header values.
type Vars map[string]string

// Scenario is one HTTP exchange against a fresh TestApp.
type Scenario struct {
	Name    string
	Method  string
	URL     string
	Body    string
	Headers map[string]string
	// As signs the request in with a session cookie of the user with this e-mail (created
	// on demand); the CSRF token is sent unless NoCSRF.
	As     string
	NoCSRF bool
	// Setup prepares data and returns Vars for substitution.
	Setup func(t testing.TB, a *TestApp) Vars

	ExpectedStatus     int
	ExpectedContent    []string // fragments the body must contain (after substitution)
	NotExpectedContent []string // fragments it must not contain
	ExpectedHeaders    map[string]string
	// After checks more, e.g. what is stored afterwards.
	After func(t testing.TB, a *TestApp, v Vars, body string)
}

// Run runs each scenario as a subtest on its own TestApp, in parallel: each has a fresh
// database, so nothing one does is seen by another.
func Run(t *testing.T, scenarios ...Scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			sc.run(t)
		})
	}
}

func (sc Scenario) run(t *testing.T) {
	a := New(t)
	v := Vars{}
	if sc.Setup != nil {
		v = sc.Setup(t, a)
	}
	var s Session
	if sc.As != "" {
		s = a.SignIn(sc.As)
		v["me"] = s.UserID
	}
	sub := func(x string) string {
		for k, val := range v {
			x = strings.ReplaceAll(x, "{"+k+"}", val)
		}
		return x
	}
	req := a.Request(s, sc.Method, sub(sc.URL), sub(sc.Body))
	if sc.NoCSRF {
		req.Header.Del("X-CSRF-Token")
	}
	for k, val := range sc.Headers {
		req.Header.Set(k, sub(val))
	}
	resp := a.Do(req)
	defer resp.Body.Close()
	body := readAll(resp.Body)
	if resp.StatusCode != sc.ExpectedStatus {
		t.Fatalf("status %d, want %d; body: %s", resp.StatusCode, sc.ExpectedStatus, body)
	}
	for _, want := range sc.ExpectedContent {
		if !strings.Contains(body, sub(want)) {
			t.Errorf("body lacks %s\nbody: %s", sub(want), body)
		}
	}
	for _, bad := range sc.NotExpectedContent {
		if strings.Contains(body, sub(bad)) {
			t.Errorf("body has %s\nbody: %s", sub(bad), body)
		}
	}
	for k, want := range sc.ExpectedHeaders {
		if got := resp.Header.Get(k); got != sub(want) {
			t.Errorf("header %s = %q, want %q", k, got, sub(want))
		}
	}
	if sc.After != nil {
		sc.After(t, a, v, body)
	}
}
