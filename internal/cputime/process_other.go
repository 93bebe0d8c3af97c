//go:build !unix

package cputime

import "time"

// Process is the CPU time the process has used so far; here the system does not say, so
// ok is always false and benchmarks leave the metric out.
func Process() (d time.Duration, ok bool) { return 0, false }
