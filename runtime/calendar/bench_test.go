package calendar_test

import (
	"testing"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
)

// BenchmarkAdd: 3 working days from the eve of the National Day week (scans 13 days).
func BenchmarkAdd(b *testing.B) {
	c := shanghai(b)
	start := at(b, "Asia/Shanghai", "2026-09-30 17:00")
	d := pipeline.Duration{WorkingDays: 3}
	for b.Loop() {
		c.Add(start, d)
	}
}

// BenchmarkWorkingTime over one month.
func BenchmarkWorkingTime(b *testing.B) {
	c := shanghai(b)
	a := at(b, "Asia/Shanghai", "2026-09-15 10:00")
	z := a.Add(30 * 24 * time.Hour)
	for b.Loop() {
		c.WorkingTime(a, z)
	}
}
