package calendar_test

import (
	"testing"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/calendar"
)

// shanghai is the fixture: the 2026 National Day week with its make-up working days.
func shanghai(t testing.TB) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(pipeline.Calendar{
		Timezone:      "Asia/Shanghai",
		Hours:         []pipeline.Period{{Start: "09:00", End: "12:00"}, {Start: "13:00", End: "18:00"}},
		Holidays:      []string{"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"},
		ExtraWorkdays: []string{"2026-09-27", "2026-10-10"},
	}, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func at(t testing.TB, loc, s string) time.Time {
	t.Helper()
	l, err := time.LoadLocation(loc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, l)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAddAcrossNationalDay(t *testing.T) {
	c := shanghai(t)
	tests := []struct {
		name  string
		start string
		d     pipeline.Duration
		want  string
	}{
		{"one working day jumps the holiday week", "2026-09-30 17:00", pipeline.Duration{WorkingDays: 1}, "2026-10-08 17:00"},
		{"Saturday start begins on the make-up Sunday", "2026-09-26 10:00", pipeline.Duration{WorkingHours: 2}, "2026-09-27 11:00"},
		{"Friday + 1 working day is Monday", "2026-09-18 16:00", pipeline.Duration{WorkingDays: 1}, "2026-09-21 16:00"},
		{"lunch break skipped", "2026-09-29 11:00", pipeline.Duration{WorkingHours: 2}, "2026-09-29 14:00"},
		{"start at lunch begins at 13:00", "2026-09-29 12:30", pipeline.Duration{WorkingHours: 1}, "2026-09-29 14:00"},
		{"ends exactly at the end of a period", "2026-09-29 16:00", pipeline.Duration{WorkingHours: 2}, "2026-09-29 18:00"},
		{"make-up Saturday counts", "2026-10-09 17:00", pipeline.Duration{WorkingHours: 2}, "2026-10-10 10:00"},
		{"half a working day", "2026-09-29 09:00", pipeline.Duration{WorkingDays: 0.5}, "2026-09-29 14:00"},
		{"fractional hours", "2026-09-29 09:00", pipeline.Duration{WorkingHours: 1.25}, "2026-09-29 10:15"},
		{"three working days over the holiday", "2026-09-29 10:00", pipeline.Duration{WorkingDays: 3}, "2026-10-09 10:00"},
		{"wall-clock days ignore holidays", "2026-09-30 17:00", pipeline.Duration{Days: 2}, "2026-10-02 17:00"},
		{"wall-clock hours", "2026-09-30 17:00", pipeline.Duration{Hours: 10}, "2026-10-01 03:00"},
		{"zero working time from outside is the next start", "2026-10-03 08:00", pipeline.Duration{}, "2026-10-03 08:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Add(at(t, "Asia/Shanghai", tt.start), tt.d)
			want := at(t, "Asia/Shanghai", tt.want)
			if !got.Equal(want) {
				t.Fatalf("got %s, want %s", got, want)
			}
			if got.Location().String() != "Asia/Shanghai" {
				t.Fatalf("location %s", got.Location())
			}
		})
	}
}

func TestAddFromAnotherZoneAnswersInTheCalendarsZone(t *testing.T) {
	c := shanghai(t)
	// 2026-09-30 09:00 UTC is 17:00 in Shanghai.
	got := c.Add(time.Date(2026, 9, 30, 9, 0, 0, 0, time.UTC), pipeline.Duration{WorkingDays: 1})
	if want := at(t, "Asia/Shanghai", "2026-10-08 17:00"); !got.Equal(want) || got.Location().String() != "Asia/Shanghai" {
		t.Fatalf("got %s", got)
	}
}

func TestIsWorkingDay(t *testing.T) {
	c := shanghai(t)
	for day, want := range map[string]bool{
		"2026-09-25": true,  // Friday
		"2026-09-26": false, // Saturday
		"2026-09-27": true,  // make-up Sunday
		"2026-10-01": false, // holiday Thursday
		"2026-10-07": false,
		"2026-10-08": true,
		"2026-10-10": true, // make-up Saturday
		"2026-10-11": false,
	} {
		if got := c.IsWorkingDay(at(t, "Asia/Shanghai", day+" 10:00")); got != want {
			t.Errorf("%s: %v, want %v", day, got, want)
		}
	}
	// 2026-09-30 20:00 UTC is already the 1st of October (a holiday) in Shanghai.
	if c.IsWorkingDay(time.Date(2026, 9, 30, 20, 0, 0, 0, time.UTC)) {
		t.Error("the date is taken in the calendar's timezone")
	}
}

func TestNextWorkingStart(t *testing.T) {
	c := shanghai(t)
	for start, want := range map[string]string{
		"2026-09-30 18:00": "2026-10-08 09:00",
		"2026-09-29 12:00": "2026-09-29 13:00",
		"2026-09-29 10:30": "2026-09-29 10:30",
		"2026-09-26 07:00": "2026-09-27 09:00",
	} {
		got := c.NextWorkingStart(at(t, "Asia/Shanghai", start))
		if !got.Equal(at(t, "Asia/Shanghai", want)) {
			t.Errorf("%s: got %s, want %s", start, got, want)
		}
	}
}

func TestWorkingTime(t *testing.T) {
	c := shanghai(t)
	tests := []struct {
		a, b string
		want time.Duration
	}{
		{"2026-09-30 17:00", "2026-10-08 17:00", 8 * time.Hour},
		{"2026-09-29 11:00", "2026-09-29 14:00", 2 * time.Hour},
		{"2026-09-26 00:00", "2026-09-28 00:00", 8 * time.Hour},
		{"2026-10-02 10:00", "2026-10-04 10:00", 0},
		{"2026-09-29 14:00", "2026-09-29 11:00", 0},
	}
	for _, tt := range tests {
		if got := c.WorkingTime(at(t, "Asia/Shanghai", tt.a), at(t, "Asia/Shanghai", tt.b)); got != tt.want {
			t.Errorf("%s → %s: %s, want %s", tt.a, tt.b, got, tt.want)
		}
	}
}

// Berlin moves its clocks forward at 02:00 on 2026-03-29 (a Sunday) and back at 03:00 on
// 2026-10-25: a wall-clock day is then 23 or 25 hours, a working day is not touched.
func TestDaylightSaving(t *testing.T) {
	week := []int{1, 2, 3, 4, 5, 6, 7}
	c, err := calendar.New(pipeline.Calendar{Workdays: week, Hours: []pipeline.Period{{Start: "00:00", End: "24:00"}}}, "Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	office, err := calendar.New(pipeline.Calendar{}, "Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		c     *calendar.Calendar
		start string
		d     pipeline.Duration
		want  string
	}{
		{"a calendar day keeps the local time", c, "2026-03-28 12:00", pipeline.Duration{Days: 1}, "2026-03-29 12:00"},
		{"24 hours cross the lost hour", c, "2026-03-28 12:00", pipeline.Duration{Hours: 24}, "2026-03-29 13:00"},
		{"24 round-the-clock working hours are elapsed time", c, "2026-03-28 12:00", pipeline.Duration{WorkingHours: 24}, "2026-03-29 13:00"},
		{"autumn: 24 hours gain the hour back", c, "2026-10-24 12:00", pipeline.Duration{Hours: 24}, "2026-10-25 11:00"},
		{"autumn: a calendar day", c, "2026-10-24 12:00", pipeline.Duration{Days: 1}, "2026-10-25 12:00"},
		{"office hours are unaffected", office, "2026-03-27 17:00", pipeline.Duration{WorkingHours: 2}, "2026-03-30 10:00"},
		{"half of a 23-hour day", c, "2026-03-29 00:00", pipeline.Duration{Days: 0.5}, "2026-03-29 12:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.c.Add(at(t, "Europe/Berlin", tt.start), tt.d)
			if want := at(t, "Europe/Berlin", tt.want); !got.Equal(want) {
				t.Fatalf("got %s, want %s", got, want)
			}
		})
	}
	if got := c.WorkingTime(at(t, "Europe/Berlin", "2026-03-29 00:00"), at(t, "Europe/Berlin", "2026-03-30 00:00")); got != 23*time.Hour {
		t.Fatalf("working time of the short day: %s", got)
	}
	// In a zone without DST the same wall-clock and working additions agree.
	sh, err := calendar.New(pipeline.Calendar{Workdays: week, Hours: []pipeline.Period{{Start: "00:00", End: "24:00"}}}, "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	s := at(t, "Asia/Shanghai", "2026-03-28 12:00")
	if a, b := sh.Add(s, pipeline.Duration{Days: 1}), sh.Add(s, pipeline.Duration{WorkingHours: 24}); !a.Equal(b) {
		t.Fatalf("%s != %s", a, b)
	}
}

func TestDefaults(t *testing.T) {
	c, err := calendar.New(pipeline.Calendar{}, "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	def := c.Definition()
	if def.Timezone != "Asia/Shanghai" || len(def.Workdays) != 5 || len(def.Hours) != 1 || def.Hours[0] != (pipeline.Period{Start: "09:00", End: "18:00"}) {
		t.Fatalf("defaults: %+v", def)
	}
	if c.WorkingDayLength() != 9*time.Hour {
		t.Fatalf("day length %s", c.WorkingDayLength())
	}
	// The definition's own timezone wins over the default one.
	c, err = calendar.New(pipeline.Calendar{Timezone: "Europe/Berlin"}, "Asia/Shanghai")
	if err != nil || c.Location().String() != "Europe/Berlin" {
		t.Fatalf("%v %v", c, err)
	}
}

func TestInvalidDefinitions(t *testing.T) {
	tests := []struct {
		name    string
		def     pipeline.Calendar
		pointer string
		code    string
	}{
		{"unknown timezone", pipeline.Calendar{Timezone: "Mars/Olympus"}, "/timezone", "timezone"},
		{"Local is not a timezone name", pipeline.Calendar{Timezone: "Local"}, "/timezone", "timezone"},
		{"bad holiday", pipeline.Calendar{Holidays: []string{"2026-10-01", "2026-10-02", "2026-10-03", "2026-13-01"}}, "/holidays/3", "date"},
		{"non-date holiday", pipeline.Calendar{Holidays: []string{"Oct 1"}}, "/holidays/0", "date"},
		{"bad extra workday", pipeline.Calendar{ExtraWorkdays: []string{"2026-02-30"}}, "/extraWorkdays/0", "date"},
		{"inverted period", pipeline.Calendar{Hours: []pipeline.Period{{Start: "09:00", End: "12:00"}, {Start: "18:00", End: "13:00"}}}, "/hours/1/end", "inverted"},
		{"empty period", pipeline.Calendar{Hours: []pipeline.Period{{Start: "09:00", End: "09:00"}}}, "/hours/0/end", "inverted"},
		{"bad clock", pipeline.Calendar{Hours: []pipeline.Period{{Start: "9:00", End: "12:00"}}}, "/hours/0/start", "format"},
		{"24:00 only as an end", pipeline.Calendar{Hours: []pipeline.Period{{Start: "24:00", End: "24:00"}}}, "/hours/0/start", "format"},
		{"out-of-range minute", pipeline.Calendar{Hours: []pipeline.Period{{Start: "09:00", End: "12:60"}}}, "/hours/0/end", "format"},
		{"overlap", pipeline.Calendar{Hours: []pipeline.Period{{Start: "13:00", End: "18:00"}, {Start: "09:00", End: "13:30"}}}, "/hours/1", "overlap"},
		{"weekday 0", pipeline.Calendar{Workdays: []int{0, 1}}, "/workdays/0", "range"},
		{"weekday 8", pipeline.Calendar{Workdays: []int{1, 8}}, "/workdays/1", "range"},
		{"holiday and extra workday", pipeline.Calendar{Holidays: []string{"2026-10-10"}, ExtraWorkdays: []string{"2026-10-09", "2026-10-10"}}, "/extraWorkdays/1", "conflict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := calendar.New(tt.def, "UTC")
			fe, ok := fault.As(err)
			if !ok {
				t.Fatalf("want a fault, got %v", err)
			}
			if fe.Kind != fault.Invalid || fe.Code != "invalid_calendar" {
				t.Fatalf("kind %v code %s", fe.Kind, fe.Code)
			}
			if f, ok := fe.Fields[tt.pointer]; !ok || f.Code != tt.code {
				t.Fatalf("fields %+v, want %s %s", fe.Fields, tt.pointer, tt.code)
			}
		})
	}
	// An unknown default timezone is refused too.
	if _, err := calendar.New(pipeline.Calendar{}, "Nowhere/Land"); !fault.Is(err, fault.Invalid) {
		t.Fatalf("bad default timezone: %v", err)
	}
}

func TestBoundedSearch(t *testing.T) {
	// Only Mondays work, and every Monday of the next years is a holiday: the search gives
	// up at the edge of its window instead of looping.
	var hol []string
	for d := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC); d.Year() < 2036; d = d.AddDate(0, 0, 7) {
		hol = append(hol, d.Format(time.DateOnly))
	}
	c, err := calendar.New(pipeline.Calendar{Workdays: []int{1}, Holidays: hol}, "UTC")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	got := c.Add(start, pipeline.Duration{WorkingHours: 1})
	if !got.After(start) || got.After(start.AddDate(4, 0, 0)) {
		t.Fatalf("got %s", got)
	}
	if got := c.Add(start, pipeline.Duration{WorkingDays: 1e12}); got.Before(start) {
		t.Fatalf("huge duration: %s", got)
	}
}
