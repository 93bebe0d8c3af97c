package api_test

import (
	"database/sql"
	"path/filepath"
	"sort"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver, to read dbstat
)

// logDiskBreakdown logs the bytes of every table and index of the database in dir (SQLite's
// dbstat table), largest first, so a disk benchmark says where its bytes go.
func logDiskBreakdown(b *testing.B, dir string, n int) {
	db, err := sql.Open("sqlite", filepath.Join(dir, "formloom.db")+"?_pragma=query_only(1)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name, SUM(pgsize), SUM(payload), COUNT(*) FROM dbstat GROUP BY name`)
	if err != nil {
		b.Logf("dbstat unavailable: %v", err)
		return
	}
	defer rows.Close()
	type part struct {
		name           string
		bytes, payload int64
		pages          int64
	}
	var parts []part
	var total int64
	for rows.Next() {
		var p part
		if err := rows.Scan(&p.name, &p.bytes, &p.payload, &p.pages); err != nil {
			b.Fatal(err)
		}
		parts = append(parts, p)
		total += p.bytes
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	for _, t := range []string{"c_records", "c_record_history", "c_audit"} {
		var id, data string
		if err := db.QueryRow("SELECT id, json(data) FROM "+t+" ORDER BY rowid DESC LIMIT 1").Scan(&id, &data); err == nil {
			b.Logf("%s %s %s", t, id, data)
		}
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].bytes > parts[j].bytes })
	b.Logf("%d records, %d bytes in tables and indexes (%d a record)", n, total, total/int64(max(n, 1)))
	for _, p := range parts {
		if p.bytes < total/200 {
			continue
		}
		b.Logf("%-60s %10d bytes %6d B/record payload %10d", p.name, p.bytes, p.bytes/int64(max(n, 1)), p.payload)
	}
}
