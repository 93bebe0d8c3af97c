package calendar

import (
	"math"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
)

// maxScanDays bounds every search over the calendar (about three years). A working-time
// sum that reaches past it ends at the edge of the window instead of looping on.
const maxScanDays = 3*366 + 2

// maxWall bounds wall-clock additions so that huge or malformed durations cannot overflow.
const maxWall = 100 * 366 * 24 * time.Hour

// IsWorkingDay reports whether t's date, in the calendar's timezone, is a working day:
// extra workdays always are, holidays never, other dates by their weekday.
func (c *Calendar) IsWorkingDay(t time.Time) bool { return c.working(dateOf(t.In(c.loc))) }

func (c *Calendar) working(d date) bool {
	switch {
	case c.extra[d]:
		return true
	case c.holidays[d]:
		return false
	}
	return c.workdays[d.isoWeekday()]
}

// at is the instant of minute m of day d in the calendar's location ("24:00" is the next
// midnight; times in a DST gap move forward as time.Date does).
func (c *Calendar) at(d date, m int) time.Time {
	return time.Date(d.y, d.m, d.d, m/60, m%60, 0, 0, c.loc)
}

// Add returns t plus d, in the calendar's location. Hours and Days are wall-clock (a day
// is a calendar day: the same local time on the next date, whatever DST does); WorkingHours
// count only time inside working periods of working days; WorkingDays are that many times
// the length of a working day, counted the same way. A working-time start outside working
// time begins at the next working period. Negative, NaN and infinite amounts count as zero;
// when several members are set they apply in the order days, hours, workingDays, workingHours.
func (c *Calendar) Add(t time.Time, d pipeline.Duration) time.Time {
	t = t.In(c.loc)
	if days := clean(d.Days); days > 0 {
		whole := math.Floor(days)
		if whole > float64(maxWall/(24*time.Hour)) {
			return t.Add(maxWall)
		}
		// The fraction is of the day it falls in, which DST may make 23 or 25 hours long.
		t0 := t.AddDate(0, 0, int(whole))
		t = t0.Add(time.Duration(math.Round((days - whole) * float64(t0.AddDate(0, 0, 1).Sub(t0)))))
	}
	if h := clean(d.Hours); h > 0 {
		t = t.Add(wall(h, time.Hour))
	}
	if wd := clean(d.WorkingDays); wd > 0 {
		t = c.addWorking(t, wall(wd, c.dayLen))
	}
	if wh := clean(d.WorkingHours); wh > 0 {
		t = c.addWorking(t, wall(wh, time.Hour))
	}
	return t
}

func clean(f float64) float64 {
	if math.IsNaN(f) || f < 0 {
		return 0
	}
	return f
}

// wall is n units, rounded to the nanosecond and capped at maxWall.
func wall(n float64, unit time.Duration) time.Duration {
	x := n * float64(unit)
	if x >= float64(maxWall) {
		return maxWall
	}
	return time.Duration(math.Round(x))
}

// NextWorkingStart returns t itself when it falls inside working time, else the start of the
// next working period (in the calendar's location).
func (c *Calendar) NextWorkingStart(t time.Time) time.Time { return c.addWorking(t.In(c.loc), 0) }

// addWorking walks working periods from t until need is used up.
func (c *Calendar) addWorking(t time.Time, need time.Duration) time.Time {
	day := dateOf(t)
	last := t
	for range maxScanDays {
		if c.working(day) {
			for _, p := range c.periods {
				s, e := c.at(day, p.start), c.at(day, p.end)
				if !e.After(t) {
					continue
				}
				if s.Before(t) {
					s = t
				}
				avail := e.Sub(s)
				if avail <= 0 {
					continue
				}
				if need <= avail {
					return s.Add(need)
				}
				need -= avail
				last = e
			}
		}
		day = day.next()
	}
	// Past the window: end where the search stopped, never before t.
	if end := c.at(day, 0); end.After(last) {
		return end
	}
	return last
}

// WorkingTime is the working time between a and b: the part of [a, b) that lies inside
// working periods of working days. It is zero when b is not after a; spans longer than
// the search window count only its first three years.
func (c *Calendar) WorkingTime(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	a, b = a.In(c.loc), b.In(c.loc)
	var sum time.Duration
	day := dateOf(a)
	for range maxScanDays {
		if c.at(day, 0).After(b) {
			break
		}
		if c.working(day) {
			for _, p := range c.periods {
				s, e := c.at(day, p.start), c.at(day, p.end)
				if s.Before(a) {
					s = a
				}
				if e.After(b) {
					e = b
				}
				if e.After(s) {
					sum += e.Sub(s)
				}
			}
		}
		day = day.next()
	}
	return sum
}
