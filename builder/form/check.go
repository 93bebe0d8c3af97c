package form

import (
	"math"
	"strings"

	"github.com/formloom/formloom/fault"
)

// needsCheck reports whether a field has x-formloom rules beyond its JSON Schema.
func (s *spec) needsCheck() bool {
	return s.phone != "" || s.url || (s.number && s.precision >= 0 && !s.server)
}

// check applies the x-formloom rules JSON Schema cannot say: phone numbers, decimals,
// URL schemes. A field that already failed its schema is not checked again.
func (f *Form) check(rec map[string]any, errs *fieldErrors) {
	for _, s := range f.order {
		if s.children != nil {
			if !s.rowsNeedCheck() {
				continue
			}
			rows, _ := rec[s.key].([]any)
			for i, r := range rows {
				row, ok := r.(map[string]any)
				if !ok {
					continue
				}
				for _, c := range s.rows {
					if c.needsCheck() {
						if v, ok := row[c.key]; ok {
							c.checkValue(v, pointer{s.key, i, c.key}, errs)
						}
					}
				}
			}
			continue
		}
		if s.needsCheck() {
			if v, ok := rec[s.key]; ok {
				s.checkValue(v, pointer{key: s.key, row: -1}, errs)
			}
		}
	}
}

func (s *spec) rowsNeedCheck() bool {
	for _, c := range s.rows {
		if c.needsCheck() {
			return true
		}
	}
	return false
}

// pointer is a field's location in a record, turned into a JSON pointer only when an
// error needs one: /key, or /key/row/col for a sub-form cell.
type pointer struct {
	key string
	row int // -1 outside a sub-form
	col string
}

func (p pointer) String() string {
	if p.row < 0 {
		return "/" + p.key
	}
	return "/" + p.key + "/" + itoa(p.row) + "/" + p.col
}

func (s *spec) checkValue(v any, p pointer, errs *fieldErrors) {
	if errs.hasAny() && errs.has(p.String()) {
		return
	}
	ok := true
	var msg fault.Text
	code := ""
	switch {
	case s.phone != "":
		str, isStr := v.(string)
		if !isStr {
			return
		}
		code = "phone"
		switch s.phone {
		case PhoneMobile:
			ok, msg = isMobile(str), msgMobile()
		case PhoneLandline:
			ok, msg = isLandline(str), msgLandline()
		default:
			ok, msg = isMobile(str) || isLandline(str), msgPhone()
		}
	case s.url:
		str, isStr := v.(string)
		if !isStr {
			return
		}
		if !isWebURL(str) {
			ok, code, msg = false, "url_scheme", msgScheme()
		}
	case s.number:
		if n, isNum := v.(float64); isNum && !hasPrecision(n, s.precision) {
			ok, code, msg = false, "precision", msgPrecision(s.precision)
		}
	}
	if !ok {
		errs.add(p.String(), code, msg)
	}
}

// isWebURL reports whether a URL (already checked to be a URI by its format) is http or
// https with a host.
func isWebURL(s string) bool {
	scheme, rest, found := strings.Cut(s, "://")
	if !found || !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") {
		return false
	}
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		rest = rest[:end]
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = rest[at+1:]
	}
	host := rest
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		host = host[:i]
	}
	return host != ""
}

// hasPrecision reports whether n has at most d decimals (within float noise: 1.23 is
// 122.99999999999999 / 100 in binary).
func hasPrecision(n float64, d int) bool {
	if n == math.Trunc(n) {
		return true
	}
	x := n * math.Pow10(d)
	if math.Abs(x) > 1<<52 {
		return true // beyond float precision: nothing left to check
	}
	return math.Abs(x-math.Round(x)) <= 1e-9*math.Max(1, math.Abs(x))
}

// isMobile matches a mainland mobile number: ^1[3-9]\d{9}$.
func isMobile(s string) bool {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return false
	}
	return allDigits(s[2:])
}

// isLandline matches ^0\d{2,3}-?\d{7,8}$.
func isLandline(s string) bool {
	if len(s) < 10 || s[0] != '0' {
		return false
	}
	if dash := strings.IndexByte(s, '-'); dash >= 0 {
		area, local := s[1:dash], s[dash+1:]
		return len(area) >= 2 && len(area) <= 3 && allDigits(area) && len(local) >= 7 && len(local) <= 8 && allDigits(local)
	}
	// Without a dash the split is ambiguous; any 0 + 9 to 11 digits fits some split.
	rest := s[1:]
	return len(rest) >= 9 && len(rest) <= 11 && allDigits(rest)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
