package calendar_test

import (
	"math"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/runtime/calendar"
)

// FuzzAdd checks that Add never panics, never goes back in time, and is monotonic: a later
// start or a longer duration never ends earlier.
func FuzzAdd(f *testing.F) {
	f.Add(int64(1790758800), 1.0, 0.0, 0.0, 0.0, int64(3600), 0.5)
	f.Add(int64(1790000000), 0.0, 2.5, 0.0, 0.0, int64(86400*3), 1.0)
	f.Add(int64(1774742400), 0.0, 0.0, 24.0, 1.0, int64(1), 0.0)
	f.Add(int64(-62135596800), math.Inf(1), math.NaN(), -1.0, 1e300, int64(0), 1e9)
	sh := shanghai(f)
	berlin := berlinOffice(f)
	f.Fuzz(func(t *testing.T, sec int64, wd, wh, h, d float64, later int64, more float64) {
		if sec < -1e11 || sec > 1e11 || later < 0 || later > 1e10 {
			return // years far outside what time.Time formats sensibly
		}
		start := time.Unix(sec, 0)
		dur := pipeline.Duration{WorkingDays: wd, WorkingHours: wh, Hours: h, Days: d}
		longer := dur
		if !math.IsNaN(more) && more > 0 {
			longer.WorkingHours = math.Max(wh, 0) + more
			if math.IsNaN(wh) {
				longer.WorkingHours = more
			}
		}
		for _, c := range []interface {
			Add(time.Time, pipeline.Duration) time.Time
		}{sh, berlin} {
			got := c.Add(start, dur)
			if got.Before(start) {
				t.Fatalf("Add(%s, %+v) = %s, before the start", start, dur, got)
			}
			if g2 := c.Add(start, longer); g2.Before(got) {
				t.Fatalf("longer duration ends earlier: %s < %s", g2, got)
			}
			work := pipeline.Duration{WorkingDays: wd, WorkingHours: wh}
			if a, b := c.Add(start, work), c.Add(start.Add(time.Duration(later)*time.Second), work); b.Before(a) {
				t.Fatalf("later start ends earlier: %s < %s", b, a)
			}
		}
	})
}

func berlinOffice(t testing.TB) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(pipeline.Calendar{Timezone: "Europe/Berlin", Hours: []pipeline.Period{{Start: "01:30", End: "02:30"}, {Start: "09:00", End: "17:00"}}}, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}
