package form

import (
	"math"
	"time"
)

// varCalendar carries the workspace's business calendar to NETWORKDAYS and WORKDAY, which
// the analyzer gives it as a hidden last argument.
const varCalendar = "__cal"

// maxWorkdaySpan bounds the days NETWORKDAYS and WORKDAY walk (about 27 years): beyond it
// the result is empty rather than a long loop on every write.
const maxWorkdaySpan = 10000

// workCalendar is the hidden argument: the calendar (nil: Monday to Friday) and the
// timezone dates are read in.
type workCalendar struct {
	days WorkingDays
	loc  *time.Location
}

func calendarOf(v any) workCalendar {
	c, _ := v.(workCalendar)
	if c.loc == nil {
		c.loc = time.UTC
	}
	return c
}

// working reports whether the date of t (midnight in c.loc) is a working day. The calendar
// is asked about noon, clear of any DST shift at midnight.
func (c workCalendar) working(t time.Time) bool {
	y, m, d := t.Date()
	noon := time.Date(y, m, d, 12, 0, 0, 0, c.loc)
	if c.days == nil {
		wd := noon.Weekday()
		return wd != time.Saturday && wd != time.Sunday
	}
	return c.days.IsWorkingDay(noon)
}

// fnNetworkDays counts the working days from start to end, both included, as a
// spreadsheet's NETWORKDAYS does: negative when end is before start.
func fnNetworkDays(params ...any) (any, error) {
	cal := calendarOf(params[2])
	a, _, ok1 := parseWhen(params[0], cal.loc)
	b, _, ok2 := parseWhen(params[1], cal.loc)
	if !ok1 || !ok2 {
		return nil, nil
	}
	a, b = midnight(a, cal.loc), midnight(b, cal.loc)
	sign := 1.0
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for i := 0; !a.After(b); i++ {
		if i > maxWorkdaySpan {
			return nil, nil
		}
		if cal.working(a) {
			n++
		}
		a = a.AddDate(0, 0, 1)
	}
	return sign * float64(n), nil
}

// fnWorkday is the date n working days after start (before it when n is negative), start
// itself not counted; WORKDAY(start, 0) is start. The result is a date.
func fnWorkday(params ...any) (any, error) {
	cal := calendarOf(params[2])
	t, _, ok := parseWhen(params[0], cal.loc)
	n, isNum := toNumber(params[1])
	if !ok || !isNum || math.IsNaN(n) || math.Abs(n) > maxWorkdaySpan {
		return nil, nil
	}
	t = midnight(t, cal.loc)
	left := int(math.Trunc(n))
	step := 1
	if left < 0 {
		step, left = -1, -left
	}
	for i := 0; left > 0; i++ {
		if i > 2*maxWorkdaySpan {
			return nil, nil
		}
		t = t.AddDate(0, 0, step)
		if cal.working(t) {
			left--
		}
	}
	return t.Format(dateLayout), nil
}

func midnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
