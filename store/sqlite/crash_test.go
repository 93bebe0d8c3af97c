package sqlite_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// crashChildEnv makes the test binary act as the writer that gets killed.
const crashChildEnv = "FORMLOOM_TEST_CRASH_DB"

type crashDoc struct {
	I int   `json:"i"`
	V int64 `json:"v"`
}

// TestCrashDurability: a child process writes (inserts, compare-and-set updates and
// two-document transactions) and acknowledges each write on stdout once the store returned;
// it is killed with SIGKILL mid-stream. After reopening, every acknowledged write is there.
func TestCrashDurability(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(path)
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashDurability$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]int64{} // id → acknowledged version
	sc := bufio.NewScanner(out)
	const want = 3000
	n := 0
	for sc.Scan() && n < want {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[0] != "ack" {
			continue
		}
		v, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			t.Fatalf("bad ack %q", sc.Text())
		}
		acked[f[1]] = v
		n++
	}
	// Kill while the child is still writing.
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if n < want {
		t.Fatalf("the child acknowledged only %d writes before it stopped", n)
	}

	s, err := sqlite.Open(context.Background(), sqlite.Options{Path: path})
	if err != nil {
		t.Fatalf("reopen after the crash: %v", err)
	}
	defer s.Close()
	c := s.Collection("crash")
	for id, v := range acked {
		d, err := c.Get(context.Background(), id)
		if err != nil {
			t.Fatalf("acknowledged %s v%d is lost: %v", id, v, err)
		}
		got, err := store.Decode[crashDoc](d)
		if err != nil {
			t.Fatal(err)
		}
		if d.Version < v || (d.Version == v && got.V != v) {
			t.Fatalf("%s is at v%d (data v%d), but v%d was acknowledged", id, d.Version, got.V, v)
		}
	}
	t.Logf("%d acknowledged writes on %d documents survived SIGKILL", n, len(acked))
}

// crashChild writes forever; the parent kills it.
func crashChild(path string) {
	ctx := context.Background()
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(3)
	}
	s, err := sqlite.Open(ctx, sqlite.Options{Path: path})
	if err != nil {
		fail(err)
	}
	if err := s.EnsureCollection(ctx, store.CollectionSpec{Name: "crash", Indexes: []store.Index{
		{Name: "by_i", Keys: []store.SortKey{{Field: "i"}}}}}); err != nil {
		fail(err)
	}
	c := s.Collection("crash")
	// os.Stdout is unbuffered: a line is out when the write to the store has returned.
	ack := func(d store.Document) { fmt.Fprintf(os.Stdout, "ack %s %d\n", d.ID, d.Version) }
	var docs []store.Document
	for i := 0; ; i++ {
		switch {
		case i%3 == 1 && len(docs) > 0:
			// Compare-and-set update of an earlier document.
			j := (i * 7) % len(docs)
			d := docs[j]
			d.Data, _ = json.Marshal(crashDoc{I: i, V: d.Version + 1})
			u, err := c.Update(ctx, d)
			if err != nil {
				fail(err)
			}
			docs[j] = u
			ack(u)
		case i%3 == 2:
			// Two documents in one transaction.
			var made []store.Document
			err := s.WithTx(ctx, func(ctx context.Context) error {
				made = made[:0]
				for k := range 2 {
					data, _ := json.Marshal(crashDoc{I: i, V: 1})
					d, err := c.Insert(ctx, store.Document{ID: fmt.Sprintf("t%07d_%d", i, k), Data: data})
					if err != nil {
						return err
					}
					made = append(made, d)
				}
				return nil
			})
			if err != nil {
				fail(err)
			}
			for _, d := range made {
				ack(d)
			}
		default:
			data, _ := json.Marshal(crashDoc{I: i, V: 1})
			d, err := c.Insert(ctx, store.Document{ID: fmt.Sprintf("d%07d", i), Data: data})
			if err != nil {
				fail(err)
			}
			docs = append(docs, d)
			ack(d)
		}
	}
}
