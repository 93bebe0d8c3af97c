//go:build unix

package api_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user + system) the test process has used so far, all
// threads together (SQLite's and the garbage collector's included).
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
