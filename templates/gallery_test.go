package templates_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store/sqlite"
	"github.com/formloom/formloom/templates"
)

// roles is a fake org: user → role in workspace "ws".
type roles map[string]string

func (r roles) Membership(_ context.Context, ws, user string) (org.Member, error) {
	if role, ok := r[user]; ok && ws == "ws" {
		return org.Member{UserID: user, Role: role}, nil
	}
	return org.Member{}, fault.ErrNotFound()
}

var people = roles{"owner": org.RoleOwner, "admin": org.RoleAdmin, "carl": org.RoleMember}

func newGallery(t *testing.T) *templates.Gallery {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "t.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, spec := range templates.Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	g, err := templates.New(st, people)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

const small = `{"key": "visits", "name": {"zh-CN": "拜访", "en": "Visits"}, "version": "1.2.0",
 "forms": [{"key": "visit", "name": {"zh-CN": "拜访", "en": "Visit"},
  "schema": {"type": "object", "properties": {"who": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "对象", "en": "Who"}}}}}}]}`

func kindOf(err error) fault.Kind {
	if fe, ok := fault.As(err); ok {
		return fe.Kind
	}
	return -1
}

func TestGalleryListsStartersThenSaved(t *testing.T) {
	g, ctx := newGallery(t), context.Background()
	starters := g.Starters()
	if len(starters) != 5 || starters[0].Key != "lead-management" || starters[0].Forms != 5 || starters[0].Version != "1.0.0" || starters[0].Category != templates.CategorySales {
		t.Fatalf("starters: %+v", starters)
	}
	e, err := g.Save(ctx, "admin", "ws", json.RawMessage(small))
	if err != nil {
		t.Fatal(err)
	}
	if e.Key != "visits" || e.Source != templates.SourceWorkspace || e.Forms != 1 || e.Version != "1.2.0" {
		t.Fatalf("saved: %+v", e)
	}
	list, err := g.List(ctx, "carl", "ws")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 6 || list[5].Key != "visits" || list[5].Created == nil {
		t.Fatalf("list: %+v", list)
	}
	raw, err := g.Template(ctx, "ws", "visits")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := template.Check(raw); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Template(ctx, "other", "visits"); kindOf(err) != fault.NotFound {
		t.Fatalf("another workspace sees the template: %v", err)
	}
	if _, err := g.List(ctx, "stranger", "ws"); kindOf(err) != fault.NotFound {
		t.Fatalf("a stranger lists: %v", err)
	}
}

func TestGallerySaveRefuses(t *testing.T) {
	g, ctx := newGallery(t), context.Background()
	if _, err := g.Save(ctx, "carl", "ws", json.RawMessage(small)); kindOf(err) != fault.Forbidden {
		t.Fatalf("a plain member saved: %v", err)
	}
	if _, err := g.Save(ctx, "owner", "ws", json.RawMessage(`{"key": "x"}`)); kindOf(err) != fault.Invalid {
		t.Fatalf("an invalid template saved: %v", err)
	}
	lead, _ := g.Starter("lead-management")
	if _, err := g.Save(ctx, "owner", "ws", lead); kindOf(err) != fault.Conflict {
		t.Fatalf("a starter key saved: %v", err)
	}
	if _, err := g.Save(ctx, "owner", "ws", json.RawMessage(small)); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Save(ctx, "owner", "ws", json.RawMessage(small)); kindOf(err) != fault.Conflict {
		t.Fatalf("a key saved twice: %v", err)
	}
}

func TestGalleryDelete(t *testing.T) {
	g, ctx := newGallery(t), context.Background()
	if _, err := g.Save(ctx, "owner", "ws", json.RawMessage(small)); err != nil {
		t.Fatal(err)
	}
	if err := g.Delete(ctx, "carl", "ws", "visits"); kindOf(err) != fault.Forbidden {
		t.Fatalf("a plain member deleted: %v", err)
	}
	if err := g.Delete(ctx, "owner", "ws", "lead-management"); kindOf(err) != fault.Forbidden {
		t.Fatalf("a starter deleted: %v", err)
	}
	if err := g.Delete(ctx, "owner", "ws", "visits"); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Template(ctx, "ws", "visits"); kindOf(err) != fault.NotFound {
		t.Fatalf("deleted template found: %v", err)
	}
	if err := g.Delete(ctx, "owner", "ws", "visits"); kindOf(err) != fault.NotFound {
		t.Fatalf("deleting twice: %v", err)
	}
}

func TestRenameKeepsTheRest(t *testing.T) {
	out, err := templates.Rename(json.RawMessage(small), "visits-copy", &template.Text{ZH: "拜访副本", EN: "Visits copy"})
	if err != nil {
		t.Fatal(err)
	}
	tp, err := template.Check(out)
	if err != nil {
		t.Fatal(err)
	}
	if tp.Key != "visits-copy" || tp.Name.ZH != "拜访副本" || tp.Version != "1.2.0" || len(tp.Forms) != 1 {
		t.Fatalf("%+v", tp)
	}
	if _, err := templates.Rename(json.RawMessage(small), "", nil); kindOf(err) != fault.Invalid {
		t.Fatalf("empty key: %v", err)
	}
}
