package calendar

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
)

// Limits on a definition, so that a calendar stays small to store and cheap to search.
const (
	maxPeriods = 48
	maxDates   = 2000
)

// date is a civil date in the calendar's location.
type date struct {
	y int
	m time.Month
	d int
}

func dateOf(t time.Time) date {
	y, m, d := t.Date()
	return date{y, m, d}
}

func (d date) next() date {
	t := time.Date(d.y, d.m, d.d+1, 12, 0, 0, 0, time.UTC)
	return dateOf(t)
}

// isoWeekday is 1 = Monday … 7 = Sunday.
func (d date) isoWeekday() int {
	w := int(time.Date(d.y, d.m, d.d, 12, 0, 0, 0, time.UTC).Weekday())
	if w == 0 {
		return 7
	}
	return w
}

func (d date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d) }

// period is a span of a day in minutes since midnight; end may be 1440 ("24:00").
type period struct{ start, end int }

// Calendar is a compiled business calendar. It is immutable and safe for concurrent use.
type Calendar struct {
	loc      *time.Location
	workdays [8]bool // index 1 = Monday … 7 = Sunday
	periods  []period
	holidays map[date]bool
	extra    map[date]bool
	dayLen   time.Duration // nominal length of a working day, the sum of its periods
	def      pipeline.Calendar
}

// Default working periods: 09:00–18:00 when a definition gives none.
var defaultHours = []pipeline.Period{{Start: "09:00", End: "18:00"}}

// invalid collects the problems of a definition into one error.
type invalid struct{ e *fault.Error }

// add keeps the field problems of one, each unless its pointer has one already: the first
// problem found at a place is the one to fix first.
func (v *invalid) add(one *fault.Error) {
	if v.e == nil {
		v.e = fault.Of("invalid_calendar")
	}
	for pointer, f := range one.Fields {
		if _, dup := v.e.Fields[pointer]; !dup {
			v.e.WithField(pointer, f.Code, f.Text.EN, f.Text.ZH)
		}
	}
}

// New compiles a definition. defaultTZ is used when the definition names no timezone (the
// workspace's); an empty one means UTC. Bad definitions give a *fault.Error of kind Invalid,
// code "invalid_calendar", with one field per problem keyed by a JSON pointer relative to
// the calendar object.
func New(def pipeline.Calendar, defaultTZ string) (*Calendar, error) {
	var v invalid
	c := &Calendar{holidays: map[date]bool{}, extra: map[date]bool{}}

	tz, ptr := def.Timezone, "/timezone"
	if tz == "" {
		tz = defaultTZ
	}
	if loc, err := loadLocation(tz); err != nil {
		v.add(fault.FieldOf(ptr, "timezone.calendar"))
	} else {
		c.loc = loc
	}

	workdays := def.Workdays
	if len(workdays) == 0 {
		workdays = []int{1, 2, 3, 4, 5}
	}
	for i, w := range workdays {
		p := "/workdays/" + strconv.Itoa(i)
		switch {
		case w < 1 || w > 7:
			v.add(fault.FieldOf(p, "range.weekday"))
		case c.workdays[w]:
			v.add(fault.FieldOf(p, "duplicate.weekday"))
		default:
			c.workdays[w] = true
		}
	}

	c.periods = compilePeriods(&v, def.Hours)

	if len(def.Holidays) > maxDates {
		v.add(fault.FieldOf("/holidays", "too_many.dates").Fill("max", maxDates))
	} else {
		compileDates(&v, "/holidays", def.Holidays, c.holidays)
	}
	if len(def.ExtraWorkdays) > maxDates {
		v.add(fault.FieldOf("/extraWorkdays", "too_many.dates").Fill("max", maxDates))
	} else {
		compileDates(&v, "/extraWorkdays", def.ExtraWorkdays, c.extra)
	}
	for i, s := range def.ExtraWorkdays {
		if d, ok := parseDate(s); ok && c.holidays[d] {
			v.add(fault.FieldOf("/extraWorkdays/"+strconv.Itoa(i), "conflict.extra_workday"))
		}
	}

	if !slices.Contains(c.workdays[1:], true) && len(c.extra) == 0 {
		v.add(fault.FieldOf("/workdays", "no_working_day.calendar"))
	}
	if v.e != nil {
		return nil, v.e
	}
	for _, p := range c.periods {
		c.dayLen += time.Duration(p.end-p.start) * time.Minute
	}
	c.def = normalized(c, workdays)
	return c, nil
}

// loadLocation accepts IANA names only: not "Local", whose meaning depends on the machine.
func loadLocation(name string) (*time.Location, error) {
	if name == "Local" {
		return nil, fmt.Errorf("calendar: timezone %q is not an IANA name", name)
	}
	return time.LoadLocation(name)
}

func compilePeriods(v *invalid, hours []pipeline.Period) []period {
	if len(hours) == 0 {
		hours = defaultHours
	}
	if len(hours) > maxPeriods {
		v.add(fault.FieldOf("/hours", "too_many.periods").Fill("max", maxPeriods))
		return nil
	}
	type indexed struct {
		period
		i int
	}
	var ok []indexed
	for i, h := range hours {
		p := "/hours/" + strconv.Itoa(i)
		s, okS := parseClock(h.Start, false)
		e, okE := parseClock(h.End, true)
		if !okS {
			v.add(fault.FieldOf(p+"/start", "format.start"))
		}
		if !okE {
			v.add(fault.FieldOf(p+"/end", "format.end"))
		}
		if !okS || !okE {
			continue
		}
		if e <= s {
			v.add(fault.FieldOf(p+"/end", "inverted.period"))
			continue
		}
		ok = append(ok, indexed{period{s, e}, i})
	}
	slices.SortFunc(ok, func(a, b indexed) int { return a.start - b.start })
	out := make([]period, 0, len(ok))
	for k, p := range ok {
		if k > 0 && p.start < ok[k-1].end {
			later := max(p.i, ok[k-1].i)
			v.add(fault.FieldOf("/hours/"+strconv.Itoa(later), "overlap.period"))
			continue
		}
		out = append(out, p.period)
	}
	return out
}

// parseClock reads "HH:MM"; "24:00" only as an end.
func parseClock(s string, end bool) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || s[0] == '+' || s[0] == '-' || s[3] == '+' || s[3] == '-' {
		return 0, false
	}
	switch {
	case h == 24 && m == 0 && end:
		return 1440, true
	case h < 0 || h > 23 || m < 0 || m > 59:
		return 0, false
	}
	return h*60 + m, true
}

func parseDate(s string) (date, bool) {
	if len(s) != 10 {
		return date{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return date{}, false
	}
	return dateOf(t), true
}

func compileDates(v *invalid, pointer string, in []string, into map[date]bool) {
	for i, s := range in {
		d, ok := parseDate(s)
		if !ok {
			v.add(fault.FieldOf(pointer+"/"+strconv.Itoa(i), "date.calendar"))
			continue
		}
		into[d] = true
	}
}

// normalized is the definition with every default filled in.
func normalized(c *Calendar, workdays []int) pipeline.Calendar {
	out := pipeline.Calendar{Timezone: c.loc.String(), Workdays: slices.Sorted(slices.Values(workdays))}
	for _, p := range c.periods {
		out.Hours = append(out.Hours, pipeline.Period{Start: clock(p.start), End: clock(p.end)})
	}
	out.Holidays = sortedDates(c.holidays)
	out.ExtraWorkdays = sortedDates(c.extra)
	return out
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func sortedDates(m map[date]bool) []string {
	out := make([]string, 0, len(m))
	for d := range m {
		out = append(out, d.String())
	}
	slices.Sort(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// Definition returns the calendar's definition with every default filled in (timezone,
// workdays, hours), dates sorted and without duplicates.
func (c *Calendar) Definition() pipeline.Calendar {
	d := c.def
	d.Workdays = slices.Clone(d.Workdays)
	d.Hours = slices.Clone(d.Hours)
	d.Holidays = slices.Clone(d.Holidays)
	d.ExtraWorkdays = slices.Clone(d.ExtraWorkdays)
	return d
}

// Location is the calendar's timezone.
func (c *Calendar) Location() *time.Location { return c.loc }

// WorkingDayLength is the nominal length of a working day: the sum of its periods.
func (c *Calendar) WorkingDayLength() time.Duration { return c.dayLen }
