package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// system is one side of the comparison.
type system interface {
	createPlain(i int) request
	listPage(restricted bool) request
	deepPage() request
}

// loadCase is one measured case: the same load against both systems.
type loadCase struct {
	name   string
	conc   int
	n      int
	fl, pb func(i int) request
}

func main() {
	flBin := flag.String("formloom", "", "Formloom server binary (required)")
	pbBin := flag.String("pocketbase", "", "PocketBase binary built from examples/base (required)")
	records := flag.Int("records", 100_000, "leads seeded in each system before the cases run")
	reps := flag.Int("reps", 3, "repetitions of every case, interleaved")
	creates := flag.Int("creates", 3000, "creates per create run")
	lists := flag.Int("lists", 2000, "requests per list run")
	deep := flag.Int("deep", 1000, "the deep page (20 rows a page, status new)")
	work := flag.String("work", "", "working directory for the data (default: a new temporary one, removed at the end)")
	diskOnly := flag.Bool("disk-only", false, "only the restart and disk case (fresh servers, the seed, the burst, kill -9)")
	flag.Parse()
	if *flBin == "" || *pbBin == "" {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	run := compare
	if *diskOnly {
		run = func(ctx context.Context, flBin, pbBin, work string, records, _, _, _, _ int) error {
			if work == "" {
				dir, err := os.MkdirTemp("", "formloom-compare-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				work = dir
			}
			fmt.Printf("load average at start: %s\n", loadavg())
			return diskAndRestart(ctx, flBin, pbBin, work, records)
		}
	}
	if err := run(ctx, *flBin, *pbBin, *work, *records, *reps, *creates, *lists, *deep); err != nil {
		log.Fatal(err)
	}
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

func compare(ctx context.Context, flBin, pbBin, work string, records, reps, creates, lists, deep int) error {
	if work == "" {
		dir, err := os.MkdirTemp("", "formloom-compare-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		work = dir
	}
	fmt.Printf("load average at start: %s\n", loadavg())
	fl, err := startFormloom(ctx, flBin, filepath.Join(work, "fl1", "data"))
	if err != nil {
		return err
	}
	defer func() { fl.stop() }()
	pb, err := startPocketBase(ctx, pbBin, filepath.Join(work, "pb1", "pb_data"))
	if err != nil {
		return err
	}
	defer pb.stop()
	if err := fl.setup(ctx); err != nil {
		return fmt.Errorf("formloom setup: %w", err)
	}
	if err := pb.setup(ctx); err != nil {
		return fmt.Errorf("pocketbase setup: %w", err)
	}

	// Seeding: the same leads into both, 50 clients.
	for _, sys := range []struct {
		name string
		s    system
	}{{"formloom", fl}, {"pocketbase", pb}} {
		r, err := run(ctx, 50, records, sys.s.createPlain)
		if err != nil {
			return fmt.Errorf("seed %s: %w", sys.name, err)
		}
		fmt.Printf("seeded %s: %d leads, %s\n", sys.name, records, r)
	}
	if maxDeep := records / 3 / 20; deep > maxDeep {
		deep = maxDeep
	}
	pbDeepPage = deep
	if err := fl.walk(ctx, deep); err != nil {
		return err
	}

	next := records // record numbers of later creates continue after the seeded ones
	creator := func(f func(int) request) func(int) request {
		base := next
		next += creates
		return func(i int) request { return f(base + i) }
	}
	cases := func() []loadCase {
		return []loadCase{
			{"list page, filter + newest first, c=1", 1, lists, func(int) request { return fl.listPage(false) }, func(int) request { return pb.listPage(false) }},
			{"list page, filter + newest first, c=10", 10, lists, func(int) request { return fl.listPage(false) }, func(int) request { return pb.listPage(false) }},
			{fmt.Sprintf("page %d (keyset vs offset), c=1", deep), 1, lists / 4, func(int) request { return fl.deepPage() }, func(int) request { return pb.deepPage() }},
			{fmt.Sprintf("page %d (keyset vs offset), c=10", deep), 10, lists / 4, func(int) request { return fl.deepPage() }, func(int) request { return pb.deepPage() }},
			{"restricted member's page (own, 4 hidden), c=1", 1, lists, func(int) request { return fl.listPage(true) }, func(int) request { return pb.listPage(true) }},
			{"create, plain form, c=50", 50, creates, creator(fl.createPlain), creator(pb.createPlain)},
			{"create, lead-management app vs plain, c=50", 50, creates, creator(fl.createApp), creator(pb.createPlain)},
		}
	}

	results := map[string][]pair{}
	var order []string
	for rep := range reps {
		for _, c := range cases() {
			var p pair
			first, second := &p.fl, &p.pb
			f1, f2 := c.fl, c.pb
			if rep%2 == 1 {
				first, second, f1, f2 = &p.pb, &p.fl, c.pb, c.fl
			}
			if *first, err = run(ctx, c.conc, c.n, f1); err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			if *second, err = run(ctx, c.conc, c.n, f2); err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			if _, seen := results[c.name]; !seen {
				order = append(order, c.name)
			}
			results[c.name] = append(results[c.name], p)
			fmt.Printf("rep %d  %-52s formloom %s | pocketbase %s | ratio %.2f×\n", rep+1, c.name, p.fl, p.pb, p.fl.perSec()/p.pb.perSec())
		}
	}

	printSummary(reps, order, results)

	fl.stop()
	fl.cmd.Process = nil
	pb.stop()
	pb.cmd.Process = nil
	return diskAndRestart(ctx, flBin, pbBin, work, records)
}

// pair is one case's result in each system in one repetition.
type pair struct{ fl, pb result }

// printSummary prints the medians over the repetitions of each case (in order) as a
// Markdown table, then how the restricted member's page compares with the admin's inside
// each system.
func printSummary(reps int, order []string, results map[string][]pair) {
	fmt.Printf("\nmedians over %d repetitions (load average now %s)\n\n", reps, loadavg())
	fmt.Println("| case | Formloom /s | p50 / p99 ms | PocketBase /s | p50 / p99 ms | Formloom/PocketBase throughput | p50 ratio |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, name := range order {
		ps := results[name]
		var flR, pbR, flP50, flP99, pbP50, pbP99, ratio, p50Ratio []float64
		for _, p := range ps {
			flR, pbR = append(flR, p.fl.perSec()), append(pbR, p.pb.perSec())
			flP50, flP99 = append(flP50, ms(p.fl.p50)), append(flP99, ms(p.fl.p99))
			pbP50, pbP99 = append(pbP50, ms(p.pb.p50)), append(pbP99, ms(p.pb.p99))
			ratio = append(ratio, p.fl.perSec()/p.pb.perSec())
			p50Ratio = append(p50Ratio, ms(p.fl.p50)/ms(p.pb.p50))
		}
		fmt.Printf("| %s | %.0f | %.2f / %.2f | %.0f | %.2f / %.2f | **%.2f×** | %.2f× |\n", name,
			median(flR), median(flP50), median(flP99), median(pbR), median(pbP50), median(pbP99), median(ratio), median(p50Ratio))
	}
	restricted, admin := results[order[4]], results[order[0]]
	var flIn, pbIn []float64
	for i := range restricted {
		flIn = append(flIn, restricted[i].fl.perSec()/admin[i].fl.perSec())
		pbIn = append(pbIn, restricted[i].pb.perSec()/admin[i].pb.perSec())
	}
	fmt.Printf("\nrestricted member's page / admin's page, inside each system (c=1): Formloom %.2f×, PocketBase %.2f×\n", median(flIn), median(pbIn))
}

// diskAndRestart seeds fresh servers with the same plain leads only (the measured runs
// above also wrote the lead-management app, which PocketBase has no equivalent of), kills
// Formloom right after a burst of writes (kill -9) and times its restart, then stops both
// cleanly and compares their databases.
func diskAndRestart(ctx context.Context, flBin, pbBin, work string, records int) error {
	fl, err := startFormloom(ctx, flBin, filepath.Join(work, "fl2", "data"))
	if err != nil {
		return err
	}
	defer func() { fl.stop() }()
	pb, err := startPocketBase(ctx, pbBin, filepath.Join(work, "pb2", "pb_data"))
	if err != nil {
		return err
	}
	defer pb.stop()
	if err := fl.setup(ctx); err != nil {
		return err
	}
	if err := pb.setup(ctx); err != nil {
		return err
	}
	if _, err := run(ctx, 50, records, fl.createPlain); err != nil {
		return err
	}
	if _, err := run(ctx, 50, records, pb.createPlain); err != nil {
		return err
	}
	// The same burst of writes into PocketBase, so that both hold the same leads.
	if _, err := run(ctx, 50, 2000, func(i int) request { return pb.createPlain(records + i) }); err != nil {
		return err
	}
	burst, err := run(ctx, 50, 2000, func(i int) request { return fl.createPlain(records + i) })
	if err != nil {
		return err
	}
	_ = fl.cmd.Process.Kill()
	_ = fl.cmd.Wait()
	fl.log.Close()
	walSize, _ := dbSize(fl.dir, "formloom.db-wal")
	t0 := time.Now()
	restarted, err := startFormloom(ctx, flBin, fl.dir)
	if err != nil {
		return err
	}
	crashStart := time.Since(t0)
	restarted.stop()
	t0 = time.Now()
	again, err := startFormloom(ctx, flBin, fl.dir)
	if err != nil {
		return err
	}
	cleanStart := time.Since(t0)
	again.stop()
	fl.server = again.server // the deferred stop finds a stopped server
	fl.cmd.Process = nil
	pb.stop()
	pb.cmd.Process = nil
	flSize, err := dbSize(fl.dir, "formloom.db")
	if err != nil {
		return err
	}
	pbSize, err := dbSize(pb.dir, "data.db")
	if err != nil {
		return err
	}
	// PocketBase keeps a log of every request in a second file; Formloom's nearest
	// counterpart, the audit log, is inside its database. Both ratios are printed: the
	// goal is stated over data.db alone.
	pbAux, err := dbSize(pb.dir, "auxiliary.db")
	if err != nil {
		return err
	}
	fmt.Printf("\nafter %d more creates (%s) and kill -9 (WAL left: %.1f MB), Formloom answered /healthz %s after its start; after a clean stop, %s\n",
		burst.ops, burst, float64(walSize)/1e6, crashStart.Round(time.Millisecond), cleanStart.Round(time.Millisecond))
	fmt.Printf("disk for %d plain leads in each (fresh servers): Formloom %.1f MB, PocketBase %.1f MB (data.db; auxiliary.db, its request log, not counted): %.2f×\n",
		records+2000, float64(flSize)/1e6, float64(pbSize)/1e6, float64(flSize)/float64(pbSize))
	fmt.Printf("with PocketBase's request log (auxiliary.db, %.1f MB) counted: %.2f×\n",
		float64(pbAux)/1e6, float64(flSize)/float64(pbSize+pbAux))
	return nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
