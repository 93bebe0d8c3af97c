package pipeline

import (
	"fmt"
	"sort"
	"time"
	_ "time/tzdata" // timezones are checked the same on every machine, with or without a zoneinfo database
)

// CheckCalendar checks a business calendar: an IANA timezone, weekdays 1–7, real dates,
// and working periods in order that do not overlap. Pointers are relative to it.
func CheckCalendar(c *Calendar) []Problem {
	ps := &problems{}
	if c.Timezone != "" {
		if _, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "Local" {
			ps.add("/timezone", "bad_timezone",
				fmt.Sprintf("%q is not an IANA timezone name such as Asia/Shanghai.", c.Timezone),
				fmt.Sprintf("%q 不是 IANA 时区名称（例如 Asia/Shanghai）。", c.Timezone))
		}
	}
	seen := map[int]bool{}
	for i, d := range c.Workdays {
		if d < 1 || d > 7 || seen[d] {
			ps.add(at("workdays", i), "bad_weekday", "Weekdays go from 1 (Monday) to 7 (Sunday), each once.", "星期取值为 1（周一）到 7（周日），不能重复。")
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
				ps.add(at(list.name, i), "bad_date", fmt.Sprintf("%q is not a date written YYYY-MM-DD.", d), fmt.Sprintf("%q 不是 YYYY-MM-DD 格式的日期。", d))
				continue
			}
			if other, dup := dates[d]; dup {
				ps.add(at(list.name, i), "duplicate_date", fmt.Sprintf("The date %s is already in %s.", d, other), fmt.Sprintf("日期 %s 已在 %s 中。", d, other))
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
			ps.add(at("hours", i), "bad_time", `Times of day are written "HH:MM" (an end may be 24:00).`, `时刻格式为 "HH:MM"（结束时刻可为 24:00）。`)
			continue
		}
		if from >= to {
			ps.add(at("hours", i), "bad_period", "A working period ends after it starts.", "工作时段的结束时刻必须晚于开始时刻。")
			continue
		}
		spans = append(spans, span{i, from, to})
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].from < spans[b].from })
	for k := 1; k < len(spans); k++ {
		if spans[k].from < spans[k-1].to {
			ps.add(at("hours", spans[k].i), "bad_period", "Working periods may not overlap.", "工作时段不能重叠。")
		}
	}
	return ps.list
}
