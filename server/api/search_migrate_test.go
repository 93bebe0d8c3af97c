package api_test

import (
	"context"
	"database/sql"
	"net/url"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/store"
)

// TestSearchTrigramTableMigrated: a database written when the index kept a trigram table
// beside the gram table is converted at its next start: the trigram table goes, and the
// records it served (terms of three characters or more) are found through the grams.
func TestSearchTrigramTableMigrated(t *testing.T) {
	one := apitest.New(t)
	v := searchWorkspace(t, one)
	lead := searchCreate(t, one, v, "sam", "crm", "lead", map[string]any{"subject": "春节备货", "company": "禾丰超市"})
	ctx := context.Background()
	if err := one.SearchIndex.DrainAll(ctx, one.Store); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(one.Cfg.DataDir, "formloom.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The older shape: every indexed record's text in a trigram table too.
	for _, q := range []string{
		`CREATE VIRTUAL TABLE search_tri USING fts5(body, tokenize='trigram', content='', contentless_delete=1)`,
		`INSERT INTO search_tri (rowid, body) SELECT id, '春节备货' || char(10) || '禾丰超市' FROM search_docs`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	// The database predates the migration: it has no record of it.
	if _, err := one.Store.Collection(store.MigrationsCollection).DeleteMany(ctx, store.Filter{}); err != nil {
		t.Fatal(err)
	}

	two := apitest.New(t, func(c *config.Config) { c.DataDir = one.Cfg.DataDir })
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name LIKE 'search_tri%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d trigram tables and shadow tables after the migration", n)
	}
	sam := two.SignIn("sam@formloom.test")
	for _, q := range []string{"禾丰超市", "丰超市", "禾丰", "春节备货 超市"} {
		if got := hitIDs(searchAs(t, two, v, sam, "q="+url.QueryEscape(q))); !got[lead] || len(got) != 1 {
			t.Errorf("search %q after the migration: %v", q, got)
		}
	}
	// Writes after it are indexed as before.
	next := searchCreate(t, two, v, "sam", "crm", "lead", map[string]any{"subject": "禾丰超市分店", "company": "Harvest Ltd"})
	if got := hitIDs(searchAs(t, two, v, sam, "q="+url.QueryEscape("超市分店"))); !got[next] || len(got) != 1 {
		t.Errorf("a record written after the migration: %v", got)
	}
}

// TestSearchGramsAreCandidates: the gram table answers a term by its bigrams, which a
// record may hold apart; such a record is not a hit. A term of punctuation only (no gram)
// is still found, by reading the records.
func TestSearchGramsAreCandidates(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := searchWorkspace(t, a)
	sam := a.SignIn("sam@formloom.test")
	apart := searchCreate(t, a, v, "sam", "crm", "lead", map[string]any{"subject": "超市 禾丰 丰超", "company": "Acme"})
	whole := searchCreate(t, a, v, "sam", "crm", "lead", map[string]any{"subject": "禾丰超市", "company": "Acme --- Trading"})
	if err := a.SearchIndex.DrainAll(context.Background(), a.Store); err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(searchAs(t, a, v, sam, "q="+url.QueryEscape("禾丰超市"))); !got[whole] || got[apart] || len(got) != 1 {
		t.Errorf("禾丰超市: %v, want only %s", got, whole)
	}
	if got := hitIDs(searchAs(t, a, v, sam, "q="+url.QueryEscape("---"))); !got[whole] || len(got) != 1 {
		t.Errorf("---: %v, want %s", got, whole)
	}
}
