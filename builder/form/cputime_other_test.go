//go:build !unix

package form_test

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
