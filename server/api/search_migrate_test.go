package api_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/store"
)

// TestSearchOlderIndexMigrated: a database written by an earlier version of the index (a
// trigram table beside the gram table; search_docs with the workspace and the form's ID;
// a unigram of every character among the grams) is converted at its next start: the
// trigram table goes, the rows keep their numbers under search_rows, and the records are
// found by every kind of term.
func TestSearchOlderIndexMigrated(t *testing.T) {
	one := apitest.New(t)
	v := searchWorkspace(t, one)
	lead := searchCreate(t, one, v, "sam", "crm", "lead", map[string]any{"subject": "春节备货", "company": "禾丰超市"})
	other := searchCreate(t, one, v, "sam", "crm", "lead", map[string]any{"subject": "Harvest", "company": "Acme"})
	ctx := context.Background()
	if err := one.SearchIndex.DrainAll(ctx, one.Store); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(one.Cfg.DataDir, "formloom.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var leadRow int64
	if err := db.QueryRow(`SELECT id FROM search_rows WHERE record = ?`, lead).Scan(&leadRow); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE search_docs (id INTEGER PRIMARY KEY, record TEXT NOT NULL UNIQUE, ws TEXT NOT NULL, form TEXT NOT NULL)`,
		`INSERT INTO search_docs SELECT r.id, r.record, '` + v["wsA"] + `', f.form FROM search_rows r JOIN search_forms f ON f.id = r.form`,
		`DROP TABLE search_rows`,
		`DROP TABLE search_forms`,
		`CREATE VIRTUAL TABLE search_tri USING fts5(body, tokenize='trigram', content='', contentless_delete=1)`,
		`INSERT INTO search_tri (rowid, body) SELECT id, '春节备货' || char(10) || '禾丰超市' FROM search_docs WHERE record = '` + lead + `'`,
		`DELETE FROM search_gram WHERE rowid = ` + fmt.Sprint(leadRow),
		`INSERT INTO search_gram (rowid, grams) VALUES (` + fmt.Sprint(leadRow) + `, '春 节 春节 备 节备 货 备货 禾 丰 禾丰 超 丰超 市 超市')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// The database predates the migration: it has no record of it.
	if _, err := one.Store.Collection(store.MigrationsCollection).DeleteMany(ctx, store.Filter{}); err != nil {
		t.Fatal(err)
	}

	two := apitest.New(t, func(c *config.Config) { c.DataDir = one.Cfg.DataDir })
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name LIKE 'search_tri%' OR name = 'search_docs'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d tables of the older shape after the migration", n)
	}
	var row int64
	if err := db.QueryRow(`SELECT id FROM search_rows WHERE record = ?`, lead).Scan(&row); err != nil || row != leadRow {
		t.Fatalf("the lead's row is %d (%v), want %d", row, err, leadRow)
	}
	sam := two.SignIn("sam@formloom.test")
	for q, want := range map[string]string{"禾丰超市": lead, "丰超市": lead, "禾丰": lead, "禾": lead, "市": lead, "春节备货 超市": lead, "harvest": other, "acm": other} {
		if got := hitIDs(searchAs(t, two, v, sam, "q="+url.QueryEscape(q))); !got[want] || len(got) != 1 {
			t.Errorf("search %q after the migration: %v, want %s", q, got, want)
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
