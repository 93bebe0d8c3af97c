//go:build !unix

package tabular_test

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
