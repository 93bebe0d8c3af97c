package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestWrongPasswordsElsewhereDoNotLockTheOwnerOut: an attacker at another address fails
// ten times for the admin's account; the attacker is refused, the admin still signs in from
// their own address (slowed down, not blocked).
func TestWrongPasswordsElsewhereDoNotLockTheOwnerOut(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ctx := context.Background()
	refused := 0
	for i := 0; i < 10; i++ {
		_, _, err := a.Accounts.Login(ctx, apitest.AdminEmail, "wrong-password", "203.0.113.9")
		if err != nil && strings.Contains(err.Error(), "too_many_attempts") {
			refused++
		}
	}
	if refused != 5 {
		t.Fatalf("the attacker's address was refused %d times, want 5 (after 5 failures)", refused)
	}
	good := fmt.Sprintf(`{"email":%q,"password":%q}`, apitest.AdminEmail, apitest.AdminPassword)
	if st, body := a.Call(apitest.Session{}, "POST", "/api/v1/auth/login", good); st != 200 {
		t.Fatalf("the owner from their own address: %d %s", st, body)
	}
	// The attacker's address stays refused for this account, even with the right password.
	if _, _, err := a.Accounts.Login(ctx, apitest.AdminEmail, apitest.AdminPassword, "203.0.113.9"); err == nil || !strings.Contains(err.Error(), "too_many_attempts") {
		t.Fatalf("the attacker's address: %v", err)
	}
}
