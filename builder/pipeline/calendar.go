package pipeline

import (
	"sort"
	"strconv"
	"time"

	_ "time/tzdata" // timezones are checked the same on every machine, with or without a zoneinfo database

	"github.com/formloom/formloom/fault"
)

// CheckCalendar checks a business calendar: an IANA timezone, weekdays 1–7, real dates,
// and working periods in order that do not overlap. Pointers are relative to it.
func CheckCalendar(c *Calendar) []Problem {
	ps := &problems{}
	if c.Timezone != "" {
		if _, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "Local" {
			ps.add("/timezone", fault.Problem("bad_timezone.calendar").Fill("timezone", strconv.Quote(c.Timezone)))
		}
	}
	seen := map[int]bool{}
	for i, d := range c.Workdays {
		if d < 1 || d > 7 || seen[d] {
			ps.add(at("workdays", i), fault.Problem("bad_weekday.calendar"))
		}
		seen[d] = true
	}
	dates := map[string]string{}
	for _, list := range []struct {
		name  string
		dates []string
	}{{"holidays", c.Holidays}, {"extraWorkdays", c.ExtraWorkdays}} {
		for i, d := range list.dates {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				ps.add(at(list.name, i), fault.Problem("bad_date.calendar").Fill("date", strconv.Quote(d)))
				continue
			}
			if other, dup := dates[d]; dup {
				ps.add(at(list.name, i), fault.Problem("duplicate_date.calendar").Fill("date", d).Fill("list", other))
			}
			dates[d] = list.name
		}
	}
	type span struct{ i, from, to int }
	var spans []span
	for i, p := range c.Hours {
		from, ok1 := parseClock(p.Start, false)
		to, ok2 := parseClock(p.End, true)
		if !ok1 || !ok2 {
			ps.add(at("hours", i), fault.Problem("bad_time.calendar"))
			continue
		}
		if from >= to {
			ps.add(at("hours", i), fault.Problem("bad_period.order"))
			continue
		}
		spans = append(spans, span{i, from, to})
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].from < spans[b].from })
	for k := 1; k < len(spans); k++ {
		if spans[k].from < spans[k-1].to {
			ps.add(at("hours", spans[k].i), fault.Problem("bad_period.overlap"))
		}
	}
	return ps.list
}
