package calendar_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/calendar"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// fakeOrg has one workspace "w1" in Europe/Berlin: ann owns it, carl is a member.
type fakeOrg struct{}

func (fakeOrg) Membership(_ context.Context, ws, user string) (org.Member, error) {
	roles := map[string]string{"ann": org.RoleOwner, "carl": org.RoleMember}
	if ws != "w1" || roles[user] == "" {
		return org.Member{}, fault.ErrNotFound()
	}
	return org.Member{UserID: user, Role: roles[user]}, nil
}

func (f fakeOrg) GetWorkspace(ctx context.Context, actor, ws string) (org.Workspace, error) {
	m, err := f.Membership(ctx, ws, actor)
	if err != nil {
		return org.Workspace{}, err
	}
	return org.Workspace{ID: ws, Timezone: "Europe/Berlin", Role: m.Role}, nil
}

// clock is a fake time source shared by services.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func openStore(t *testing.T) store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "cal.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, spec := range calendar.Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestServiceDefaultAndPut(t *testing.T) {
	ctx := context.Background()
	svc := calendar.NewService(openStore(t), fakeOrg{}, calendar.Options{Timezone: "Asia/Shanghai"})

	// No stored calendar: Mon–Fri with a lunch break, in the workspace's timezone for members
	// and in the configured one for the engine.
	c, def, err := svc.GetFor(ctx, "carl", "w1")
	if err != nil {
		t.Fatal(err)
	}
	if def.Timezone != "Europe/Berlin" || len(def.Hours) != 2 || def.Hours[1] != (pipeline.Period{Start: "13:00", End: "18:00"}) {
		t.Fatalf("default: %+v", def)
	}
	if c.WorkingDayLength() != 8*time.Hour {
		t.Fatalf("day length %s", c.WorkingDayLength())
	}
	if _, def, _ = svc.Get(ctx, "w1"); def.Timezone != "Asia/Shanghai" {
		t.Fatalf("engine default: %+v", def)
	}
	if _, _, err := svc.GetFor(ctx, "stranger", "w1"); !fault.Is(err, fault.NotFound) {
		t.Fatalf("stranger: %v", err)
	}

	want := pipeline.Calendar{Workdays: []int{1, 2, 3, 4, 5, 6}, Hours: []pipeline.Period{{Start: "08:00", End: "17:00"}}, Holidays: []string{"2026-12-25"}}
	if _, _, err := svc.Put(ctx, "carl", "w1", want); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("member put: %v", err)
	}
	if _, _, err := svc.Put(ctx, "stranger", "w1", want); !fault.Is(err, fault.NotFound) {
		t.Fatalf("stranger put: %v", err)
	}
	bad := want
	bad.Timezone = "Nowhere/Land"
	if _, _, err := svc.Put(ctx, "ann", "w1", bad); !fault.Is(err, fault.Invalid) {
		t.Fatalf("bad put: %v", err)
	}
	if _, _, err := svc.Put(ctx, "ann", "w1", want); err != nil {
		t.Fatal(err)
	}
	c, def, err = svc.Get(ctx, "w1")
	if err != nil {
		t.Fatal(err)
	}
	if len(def.Workdays) != 6 || def.Hours[0].Start != "08:00" || def.Holidays[0] != "2026-12-25" {
		t.Fatalf("stored: %+v", def)
	}
	// A stored calendar without a timezone follows the workspace's (the engine's default).
	if !c.IsWorkingDay(time.Date(2026, 12, 26, 12, 0, 0, 0, time.UTC)) || c.IsWorkingDay(time.Date(2026, 12, 25, 12, 0, 0, 0, time.UTC)) {
		t.Fatal("Saturday works, Christmas does not")
	}
}

func TestServiceSeesAnotherInstancesChange(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	clk := &clock{t: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}
	a := calendar.NewService(st, fakeOrg{}, calendar.Options{Now: clk.now})
	b := calendar.NewService(st, fakeOrg{}, calendar.Options{Now: clk.now})

	if _, def, err := a.Get(ctx, "w1"); err != nil || len(def.Workdays) != 5 {
		t.Fatalf("%+v %v", def, err)
	}
	if _, _, err := b.Put(ctx, "ann", "w1", pipeline.Calendar{Workdays: []int{1, 2, 3}}); err != nil {
		t.Fatal(err)
	}
	// Within the cache's life the old calendar may still be served…
	clk.add(500 * time.Millisecond)
	if _, def, _ := a.Get(ctx, "w1"); len(def.Workdays) != 5 {
		t.Fatalf("cached: %+v", def)
	}
	// …after it, the change is seen.
	clk.add(600 * time.Millisecond)
	if _, def, _ := a.Get(ctx, "w1"); len(def.Workdays) != 3 {
		t.Fatalf("after the cache's life: %+v", def)
	}
	// The instance that wrote sees its change at once.
	if _, _, err := b.Put(ctx, "ann", "w1", pipeline.Calendar{Workdays: []int{1}}); err != nil {
		t.Fatal(err)
	}
	if _, def, _ := b.Get(ctx, "w1"); len(def.Workdays) != 1 {
		t.Fatalf("writer: %+v", def)
	}
}
