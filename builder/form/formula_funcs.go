package form

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/expr-lang/expr"
)

// function is one formula function: its implementation and its signature for the checker.
type function struct {
	fn  func(params ...any) (any, error)
	sig any
}

// functionSet is the whole vocabulary of formulas (FORMAT.md). It is never modified.
var functionSet = map[string]function{
	"SUM":     {fnSum, new(func(...any) float64)},
	"AVG":     {fnAvg, new(func(...any) float64)},
	"MIN":     {fnMin, new(func(...any) float64)},
	"MAX":     {fnMax, new(func(...any) float64)},
	"COUNT":   {fnCount, new(func(any) float64)},
	"ROUND":   {fnRound, new(func(any, any) float64)},
	"IF":      {fnIf, new(func(bool, any, any) any)},
	"CONCAT":  {fnConcat, new(func(...any) string)},
	"LEN":     {fnLen, new(func(any) float64)},
	"UPPER":   {fnUpper, new(func(string) string)},
	"LOWER":   {fnLower, new(func(string) string)},
	"TODAY":   {fnNoClock, new(func() string)},
	"NOW":     {fnNoClock, new(func() string)},
	"DATEDIF": {fnDateDif, new(func(any, any, string, any) float64)},
	"DATEADD": {fnDateAdd, new(func(any, any, string, any) string)},
}

// varLocation carries the workspace's timezone to DATEDIF and DATEADD, which the analyzer
// gives it as a hidden last argument.
const varLocation = "__loc"

func functionOptions() []expr.Option {
	opts := make([]expr.Option, 0, len(functionSet))
	for name, f := range functionSet {
		opts = append(opts, expr.Function(name, f.fn, f.sig))
	}
	return opts
}

// toNumber reads a number; ok is false for anything else (nil, text, lists).
func toNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case float32:
		return float64(n), true
	}
	return 0, false
}

// numbers flattens arguments (numbers or lists of numbers) into one list; others are skipped.
func numbers(params []any, each func(float64)) {
	for _, p := range params {
		if list, ok := p.([]any); ok {
			for _, x := range list {
				if n, ok := toNumber(x); ok {
					each(n)
				}
			}
			continue
		}
		if n, ok := toNumber(p); ok {
			each(n)
		}
	}
}

func fnSum(params ...any) (any, error) {
	total := 0.0
	numbers(params, func(n float64) { total += n })
	return total, nil
}

func fnAvg(params ...any) (any, error) {
	total, count := 0.0, 0
	numbers(params, func(n float64) { total += n; count++ })
	if count == 0 {
		return nil, nil
	}
	return total / float64(count), nil
}

func fnMin(params ...any) (any, error) {
	var out any
	numbers(params, func(n float64) {
		if m, ok := out.(float64); !ok || n < m {
			out = n
		}
	})
	return out, nil
}

func fnMax(params ...any) (any, error) {
	var out any
	numbers(params, func(n float64) {
		if m, ok := out.(float64); !ok || n > m {
			out = n
		}
	})
	return out, nil
}

func fnCount(params ...any) (any, error) {
	switch v := params[0].(type) {
	case []any:
		n := 0
		for _, x := range v {
			if x != nil {
				n++
			}
		}
		return float64(n), nil
	case nil:
		return 0.0, nil
	}
	return 1.0, nil
}

func fnRound(params ...any) (any, error) {
	x, ok := toNumber(params[0])
	if !ok {
		return nil, nil
	}
	d, _ := toNumber(params[1])
	return roundTo(x, int(math.Max(-10, math.Min(10, d)))), nil
}

// roundTo rounds half away from zero to d decimals, working on the decimal text so that
// 1.005 rounds to 1.01 as people expect, not to 1.00 as its binary value would.
func roundTo(x float64, d int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	if d < 0 {
		p := math.Pow10(-d)
		return math.Round(x/p) * p
	}
	if hasPrecision(x, d) {
		// Already there up to float noise (2 × 100.25 × 0.9 = 180.45000000000002): snap to the
		// nearest double of the d-decimal value, skipping the decimal text.
		p := math.Pow10(d)
		return math.Round(x*p) / p
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	dot := strings.IndexByte(s, '.')
	if dot < 0 || len(s)-dot-1 <= d {
		return x
	}
	p := math.Pow10(d)
	r := math.Round(x * p)
	// x*p may land just below .5 (1.005*100 = 100.49999…); decide on the digit instead.
	if digit := s[dot+1+d]; digit >= '5' && math.Abs(r) < math.Abs(x*p) {
		r += math.Copysign(1, x)
	}
	return r / p
}

func fnIf(params ...any) (any, error) {
	if b, _ := params[0].(bool); b {
		return params[1], nil
	}
	return params[2], nil
}

func fnConcat(params ...any) (any, error) {
	var b strings.Builder
	for _, p := range params {
		writeText(&b, p)
	}
	return b.String(), nil
}

func writeText(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
	case string:
		b.WriteString(x)
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case []any:
		for i, item := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeText(b, item)
		}
	default:
		if n, ok := toNumber(v); ok {
			b.WriteString(strconv.FormatFloat(n, 'f', -1, 64))
		}
	}
}

func fnLen(params ...any) (any, error) {
	switch v := params[0].(type) {
	case string:
		return float64(utf8.RuneCountInString(v)), nil
	case []any:
		return float64(len(v)), nil
	case nil:
		return 0.0, nil
	}
	return nil, nil
}

func fnUpper(params ...any) (any, error) {
	s, _ := params[0].(string)
	return strings.ToUpper(s), nil
}

func fnLower(params ...any) (any, error) {
	s, _ := params[0].(string)
	return strings.ToLower(s), nil
}

// fnNoClock stands for TODAY and NOW, which the analyzer always rewrites into variables.
func fnNoClock(...any) (any, error) { return nil, nil }

// parseWhen reads a date ("2006-01-02", midnight in loc) or a datetime (RFC 3339).
func parseWhen(v any, loc *time.Location) (t time.Time, isDate, ok bool) {
	s, _ := v.(string)
	if len(s) == len(dateLayout) {
		if y, m, d, ok := splitDate(s); ok {
			return time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc), true, true
		}
		return time.Time{}, true, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false, false
	}
	return t.In(loc), false, true
}

// splitDate reads a real calendar date "YYYY-MM-DD" without the general time parser.
func splitDate(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	num := func(part string) int {
		n := 0
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, d = num(s[:4]), num(s[5:7]), num(s[8:])
	if y < 0 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func locOf(v any) *time.Location {
	if l, ok := v.(*time.Location); ok && l != nil {
		return l
	}
	return time.UTC
}

// fnDateDif counts whole days, months or years from start to end, in the workspace's
// calendar (negative when end is before start).
func fnDateDif(params ...any) (any, error) {
	loc := locOf(params[3])
	a, _, ok1 := parseWhen(params[0], loc)
	b, _, ok2 := parseWhen(params[1], loc)
	unit, _ := params[2].(string)
	if !ok1 || !ok2 {
		return nil, nil
	}
	sign := 1.0
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	switch unit {
	case "d":
		da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
		db := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
		// Whole seconds, not time.Duration: a Duration overflows past 292 years, and dates
		// run from 0001 to 9999.
		return sign * float64((db.Unix()-da.Unix())/86400), nil
	case "m", "y":
		months := (by-ay)*12 + int(bm-am)
		if bd < ad || bd == ad && clock(b) < clock(a) {
			months--
		}
		if unit == "y" {
			return sign * float64(months/12), nil
		}
		return sign * float64(months), nil
	}
	return nil, nil
}

func clock(t time.Time) time.Duration {
	h, m, s := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
}

// fnDateAdd adds n days, months or years; a date gives a date, a datetime a datetime.
// Adding months keeps the day, or takes the month's last day when it has fewer.
func fnDateAdd(params ...any) (any, error) {
	loc := locOf(params[3])
	t, isDate, ok := parseWhen(params[0], loc)
	n, isNum := toNumber(params[1])
	unit, _ := params[2].(string)
	if !ok || !isNum || math.Abs(n) > 100000 {
		return nil, nil
	}
	k := int(n)
	switch unit {
	case "d":
		t = t.AddDate(0, 0, k)
	case "m":
		t = addMonths(t, k)
	case "y":
		t = addMonths(t, 12*k)
	default:
		return nil, nil
	}
	if isDate {
		return t.Format(dateLayout), nil
	}
	return formatDatetime(t), nil
}

func addMonths(t time.Time, k int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(k), 1, 0, 0, 0, 0, t.Location())
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	h, mi, s := t.Clock()
	return time.Date(first.Year(), first.Month(), d, h, mi, s, t.Nanosecond(), t.Location())
}

// Layouts of stored dates and datetimes (the same as store/querylang's).
const (
	dateLayout = "2006-01-02"
	// DatetimeLayout is how datetime values are stored: UTC, milliseconds, "Z", so that
	// text order is time order.
	DatetimeLayout = "2006-01-02T15:04:05.000Z"
)

func formatDatetime(t time.Time) string {
	return t.UTC().Truncate(time.Millisecond).Format(DatetimeLayout)
}
