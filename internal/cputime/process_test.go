//go:build unix

package cputime_test

import (
	"crypto/sha256"
	"testing"
	"time"

	"github.com/formloom/formloom/internal/cputime"
)

// TestProcessCountsWork: work done on the CPU between two readings shows up in their
// difference. The work is a fixed count of hashes (tens of milliseconds), not a time, so
// waiting for a shared core changes nothing.
func TestProcessCountsWork(t *testing.T) {
	before, ok := cputime.Process()
	if !ok {
		t.Fatal("no CPU time on a unix system")
	}
	sum := sha256.Sum256(nil)
	for range 200_000 {
		sum = sha256.Sum256(sum[:])
	}
	after, ok := cputime.Process()
	if !ok {
		t.Fatal("no CPU time on the second reading")
	}
	if after-before < time.Millisecond {
		t.Fatalf("200,000 hashes used %v of CPU time (%x)", after-before, sum[:4])
	}
}
