package schedule_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/formloom/formloom/runtime/schedule"
)

// BenchmarkRunDue measures claim + run + completion per item on SQLite: b.N due items are
// enqueued untimed, then passes of RunDue run them all.
//
//	go test -run '^$' -bench RunDue -benchtime 20000x ./runtime/schedule
func BenchmarkRunDue(b *testing.B) {
	for _, mode := range []string{"Handle", "HandleOutside"} {
		b.Run(mode, func(b *testing.B) {
			st := openAt(b, dbPath(b))
			defer st.Close()
			clk := newClock()
			s := schedule.New(st, schedule.Options{Now: clk.Now, Logger: quiet(), Batch: 100})
			var fired, dups atomic.Int64
			if mode == "Handle" {
				s.Handle("k", fire(st, &fired, &dups)) // one insert in the item's transaction
			} else {
				s.HandleOutside("k", func(context.Context, schedule.Item) error { fired.Add(1); return nil })
			}
			ctx := context.Background()
			for i := range b.N {
				if err := s.Enqueue(ctx, schedule.Item{ID: fmt.Sprintf("i%08d", i), Kind: "k", Due: clk.Now()}); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			ran := 0
			for ran < b.N {
				n, err := s.RunDue(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if n == 0 {
					b.Fatalf("stalled after %d of %d", ran, b.N)
				}
				ran += n
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
			if fired.Load() != int64(b.N) || dups.Load() != 0 {
				b.Fatalf("fired %d of %d (duplicates %d)", fired.Load(), b.N, dups.Load())
			}
		})
	}
}
