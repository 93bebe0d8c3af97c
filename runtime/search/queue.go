package search

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/formloom/formloom/store"
)

// drainBatch is how many queued records one transaction moves into the full-text tables.
const drainBatch = 500

// drainEvery is how often the background drain looks at the queue.
const drainEvery = 200 * time.Millisecond

// Drain moves up to drainBatch queued records into the full-text tables in one
// transaction of st and reports how many it moved. Each step is one statement over the
// whole batch: FTS5 flushes its pending terms at every statement that writes it, so
// statements per record would cost a segment per record.
func (ix *Index) Drain(ctx context.Context, st store.Store) (int, error) {
	n := 0
	err := st.WithTx(ctx, func(ctx context.Context) error {
		rows, err := ix.db.QuerySQL(ctx, `SELECT count(*), coalesce(max(seq), 0) FROM (SELECT seq FROM search_queue ORDER BY seq LIMIT ?)`, drainBatch)
		if err != nil {
			return fmt.Errorf("search: read queue: %w", err)
		}
		var last int64
		if err := scanOne(rows, &n, &last); err != nil {
			return fmt.Errorf("search: read queue: %w", err)
		}
		if n == 0 {
			return nil
		}
		steps := []string{
			// Out with what the index holds of these records…
			`DELETE FROM search_gram WHERE rowid IN (SELECT d.id FROM search_rows d JOIN search_queue q ON q.record = d.record WHERE q.seq <= ?1)`,
			`DELETE FROM search_rows WHERE record IN (SELECT record FROM search_queue WHERE seq <= ?1)`,
			// …and in with their text, under new row numbers in queue order.
			`INSERT INTO search_forms (form) SELECT DISTINCT form FROM search_queue WHERE seq <= ?1 AND gone = 0 ON CONFLICT (form) DO NOTHING`,
			`INSERT INTO search_rows (record, form) SELECT q.record, f.id FROM search_queue q JOIN search_forms f ON f.form = q.form WHERE q.seq <= ?1 AND q.gone = 0 ORDER BY q.seq`,
			`INSERT INTO search_gram (rowid, grams) SELECT d.id, q.grams FROM search_queue q JOIN search_rows d ON d.record = q.record WHERE q.seq <= ?1 AND q.gone = 0`,
			`DELETE FROM search_queue WHERE seq <= ?1`,
		}
		for _, q := range steps {
			if _, err := ix.db.ExecSQL(ctx, q, last); err != nil {
				return fmt.Errorf("search: index queued records: %w", err)
			}
		}
		return nil
	})
	return n, err
}

// DrainAll drains until the queue is empty.
func (ix *Index) DrainAll(ctx context.Context, st store.Store) error {
	for {
		n, err := ix.Drain(ctx, st)
		if err != nil || n < drainBatch {
			return err
		}
	}
}

// Start drains the queue in the background every drainEvery until the returned stop is
// called (it waits for a drain in progress).
func (ix *Index) Start(st store.Store, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(drainEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if err := ix.DrainAll(ctx, st); err != nil && ctx.Err() == nil {
				log.Warn("search: index queued records", "err", err)
			}
		}
	}()
	return func() {
		cancel()
		wg.Wait()
	}
}

// pending returns the queued (not yet indexed) records of ws among forms whose text
// contains term (lower-cased; SQLite's lower folds ASCII only, and the hits are checked
// again on the visible text), newest first.
func (ix *Index) pending(ctx context.Context, ws, term string, forms []string) ([]candidate, error) {
	fs, err := json.Marshal(forms)
	if err != nil {
		return nil, fmt.Errorf("search: encode forms: %w", err)
	}
	rows, err := ix.db.QuerySQL(ctx, `SELECT seq, record, form FROM search_queue
WHERE ws = ? AND gone = 0 AND form IN (SELECT value FROM json_each(?)) AND instr(lower(text), ?) > 0
ORDER BY seq DESC LIMIT ?`, ws, string(fs), term, batchSize)
	if err != nil {
		return nil, fmt.Errorf("search: read queue: %w", err)
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.row, &c.record, &c.form); err != nil {
			return nil, fmt.Errorf("search: read queue: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: read queue: %w", err)
	}
	return out, nil
}
