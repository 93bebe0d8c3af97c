package templates

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/formloom/formloom/builder/template"
)

//go:embed starter/*.json
var starterFiles embed.FS

// Categories of the gallery.
const (
	CategorySales         = "sales"
	CategoryCollaboration = "collaboration"
	CategoryApproval      = "approval"
	CategoryManagement    = "management"
	CategorySaved         = "saved" // saved by a workspace: a clone or an import
)

// starterCategories lists the starter templates in gallery order with their category; a
// template file has no member for it, so it lives here.
var starterCategories = []struct{ key, category string }{
	{"lead-management", CategorySales},
	{"meeting-minutes", CategoryCollaboration},
	{"contract-approval", CategoryApproval},
	{"goal-tracking", CategoryManagement},
	{"task-priority", CategoryManagement},
}

// starter is one embedded template, checked once when the gallery is built.
type starter struct {
	entry Entry
	raw   json.RawMessage
}

// loadStarters reads and checks every embedded template; a broken one is an error, which
// the package's tests rule out.
func loadStarters(ch *template.Checker) ([]starter, error) {
	out := make([]starter, 0, len(starterCategories))
	for _, sc := range starterCategories {
		raw, err := fs.ReadFile(starterFiles, "starter/"+sc.key+".json")
		if err != nil {
			return nil, fmt.Errorf("templates: read starter %s: %w", sc.key, err)
		}
		t, err := ch.Check(raw)
		if err != nil {
			return nil, fmt.Errorf("templates: starter %s: %w", sc.key, err)
		}
		if t.Key != sc.key {
			return nil, fmt.Errorf("templates: starter file %s holds key %s", sc.key, t.Key)
		}
		e := describe(t, sc.category, SourceStarter)
		out = append(out, starter{entry: e, raw: raw})
	}
	return out, nil
}

// StarterKeys returns the keys of the starter templates in gallery order.
func StarterKeys() []string {
	keys := make([]string, len(starterCategories))
	for i, sc := range starterCategories {
		keys[i] = sc.key
	}
	return keys
}

// normalKey maps the underscore spelling of a starter key (lead_management) to the
// template key (lead-management): template keys use hyphens, and both spellings are in use.
func normalKey(key string) string {
	k := strings.ReplaceAll(key, "_", "-")
	if slices.Contains(StarterKeys(), k) {
		return k
	}
	return key
}

// StarterEntries describes the starter templates without a store, for the command line.
func StarterEntries() ([]Entry, error) {
	ch, err := template.NewChecker()
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	ss, err := loadStarters(ch)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(ss))
	for i, s := range ss {
		out[i] = s.entry
	}
	return out, nil
}
