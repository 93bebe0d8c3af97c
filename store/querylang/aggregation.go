package querylang

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/formloom/formloom/store"
)

// ParseAggregation parses an aggregation request:
//
//	{"groupBy": [{"field": "_created", "bucket": "month", "timezone": "Asia/Shanghai"}],
//	 "metrics": [{"op": "count", "as": "n"}, {"op": "sum", "field": "amount", "as": "total"}],
//	 "filter": {…}}
//
// groupBy (optional, at most MaxGroupKeys) names fields listed with Group; bucket (day,
// week or month) applies to date and datetime fields only, and timezone (an IANA name,
// default UTC) to buckets only. metrics (1 to MaxMetrics) are count, or sum, avg, min and
// max of a number field listed with Group, each named by a unique identifier in as.
// filter (optional) is a filter as ParseFilter reads it, located at base/filter.
func ParseAggregation(data []byte, fields Fields, params Params, base string) (store.Aggregation, error) {
	var a store.Aggregation
	if len(data) > MaxInputBytes {
		return a, qerr(base, CodeTooLarge, fmt.Sprintf("an aggregation has at most %d bytes", MaxInputBytes))
	}
	if err := checkEscapes(data, base); err != nil {
		return a, err
	}
	p := &parser{r: newReader(data), fields: fields, params: params}
	ok, _, err := p.r.open(base, '{')
	if err != nil {
		return a, err
	}
	if !ok {
		return a, qerr(base, CodeBadValue, `an aggregation is an object with groupBy, metrics and filter`)
	}
	var seenGroup, seenMetrics, seenFilter bool
	for p.r.more() {
		key, err := p.r.key(base)
		if err != nil {
			return a, err
		}
		at := pointer(base, key)
		var seen *bool
		switch key {
		case "groupBy":
			seen = &seenGroup
		case "metrics":
			seen = &seenMetrics
		case "filter":
			seen = &seenFilter
		default:
			return a, unknownKey(at, key, "groupBy, metrics and filter")
		}
		if *seen {
			return a, qerr(at, CodeDuplicateKey, quote(key)+" appears twice")
		}
		*seen = true
		switch key {
		case "groupBy":
			a.GroupBy, err = p.groupBy(at)
		case "metrics":
			a.Metrics, err = p.metrics(at)
		case "filter":
			a.Filter, err = p.filter(at)
		}
		if err != nil {
			return a, err
		}
	}
	if err := p.r.close(base); err != nil {
		return a, err
	}
	if err := p.r.end(base); err != nil {
		return a, err
	}
	if !seenMetrics {
		return a, qerr(base+"/metrics", CodeMissingKey, "an aggregation needs at least one metric")
	}
	return a, nil
}

// objects reads a list of objects, calling member for each key of each object in
// document order and done at the end of each object.
func (p *parser) objects(at string, max int, what string, member func(i int, key, kat string) error, done func(i int, oat string) error) error {
	ok, _, err := p.r.open(at, '[')
	if err != nil {
		return err
	}
	if !ok {
		return qerr(at, CodeBadValue, what+" is a list of objects")
	}
	i := 0
	for ; p.r.more(); i++ {
		oat := at + "/" + strconv.Itoa(i)
		if i >= max {
			return qerr(oat, CodeTooLong, fmt.Sprintf("%s has at most %d items", what, max))
		}
		ok, _, err := p.r.open(oat, '{')
		if err != nil {
			return err
		}
		if !ok {
			return qerr(oat, CodeBadValue, what+" is a list of objects")
		}
		for p.r.more() {
			key, err := p.r.key(oat)
			if err != nil {
				return err
			}
			if err := member(i, key, pointer(oat, key)); err != nil {
				return err
			}
		}
		if err := p.r.close(oat); err != nil {
			return err
		}
		if err := done(i, oat); err != nil {
			return err
		}
	}
	return p.r.close(at)
}

type groupIn struct {
	field, bucket, tz          string
	hasField, hasBucket, hasTZ bool
	kind                       kind
	bucketAt, tzAt             string
}

func (p *parser) groupBy(at string) ([]store.GroupKey, error) {
	var (
		out []store.GroupKey
		g   groupIn
	)
	member := func(_ int, key, kat string) error {
		var err error
		switch key {
		case "field":
			if g.hasField {
				return qerr(kat, CodeDuplicateKey, `"field" appears twice`)
			}
			if g.field, err = p.r.str(kat, CodeBadField, "field"); err != nil {
				return err
			}
			if g.kind, err = p.fields.lookup(g.field, useGroup, kat); err != nil {
				return err
			}
			g.hasField = true
		case "bucket":
			if g.hasBucket {
				return qerr(kat, CodeDuplicateKey, `"bucket" appears twice`)
			}
			if g.bucket, err = p.r.str(kat, CodeBadValue, "bucket"); err != nil {
				return err
			}
			switch store.Bucket(g.bucket) {
			case store.BucketDay, store.BucketWeek, store.BucketMonth:
			default:
				return qerr(kat, CodeBadValue, "bucket is day, week or month, not "+quote(g.bucket))
			}
			g.hasBucket, g.bucketAt = true, kat
		case "timezone":
			if g.hasTZ {
				return qerr(kat, CodeDuplicateKey, `"timezone" appears twice`)
			}
			if g.tz, err = p.r.str(kat, CodeBadValue, "timezone"); err != nil {
				return err
			}
			if err := checkTimezone(g.tz, kat); err != nil {
				return err
			}
			g.hasTZ, g.tzAt = true, kat
		default:
			return unknownKey(kat, key, "field, bucket and timezone")
		}
		return nil
	}
	done := func(_ int, oat string) error {
		defer func() { g = groupIn{} }()
		if !g.hasField {
			return qerr(oat+"/field", CodeMissingKey, "a group-by dimension needs a field")
		}
		if g.hasBucket && g.kind.t != Date && g.kind.t != Datetime {
			return qerr(g.bucketAt, CodeBadValue, "buckets apply to date and datetime fields only")
		}
		if g.hasTZ && !g.hasBucket {
			return qerr(g.tzAt, CodeBadValue, "a timezone applies to date buckets only")
		}
		key := store.GroupKey{Field: g.field, Bucket: store.Bucket(g.bucket), Timezone: g.tz}
		for _, k := range out {
			if k.Field == key.Field && k.Bucket == key.Bucket {
				return qerr(oat+"/field", CodeDuplicateKey, "the same dimension appears twice")
			}
		}
		out = append(out, key)
		return nil
	}
	if err := p.objects(at, MaxGroupKeys, "groupBy", member, done); err != nil {
		return nil, err
	}
	return out, nil
}

// checkTimezone accepts IANA zone names ("Asia/Shanghai", "UTC") that this system knows.
// "Local" is refused: it would mean whatever zone the server happens to run in.
func checkTimezone(tz, at string) error {
	ok := tz != "" && tz != "Local" && len(tz) <= 64
	for _, r := range tz {
		if !(r == '/' || r == '_' || r == '-' || r == '+' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			ok = false
		}
	}
	if ok {
		_, err := time.LoadLocation(tz)
		ok = err == nil
	}
	if !ok {
		return qerr(at, CodeBadValue, "unknown timezone "+quote(tz)+"; use an IANA name such as Asia/Shanghai")
	}
	return nil
}

type metricIn struct {
	op, field, as          string
	hasOp, hasField, hasAs bool
	kind                   kind
	fieldAt, opAt          string
}

var aggOps = []store.AggOp{store.AggCount, store.AggSum, store.AggAvg, store.AggMin, store.AggMax}

func (p *parser) metrics(at string) ([]store.Metric, error) {
	var (
		out []store.Metric
		m   metricIn
	)
	member := func(_ int, key, kat string) error {
		var err error
		switch key {
		case "op":
			if m.hasOp {
				return qerr(kat, CodeDuplicateKey, `"op" appears twice`)
			}
			if m.op, err = p.r.str(kat, CodeUnknownOp, "op"); err != nil {
				return err
			}
			if !slices.Contains(aggOps, store.AggOp(m.op)) {
				return qerr(kat, CodeUnknownOp, "unknown aggregation function "+quote(m.op)+"; use count, sum, avg, min or max")
			}
			m.hasOp, m.opAt = true, kat
		case "field":
			if m.hasField {
				return qerr(kat, CodeDuplicateKey, `"field" appears twice`)
			}
			if m.field, err = p.r.str(kat, CodeBadField, "field"); err != nil {
				return err
			}
			if m.kind, err = p.fields.lookup(m.field, useGroup, kat); err != nil {
				return err
			}
			m.hasField, m.fieldAt = true, kat
		case "as":
			if m.hasAs {
				return qerr(kat, CodeDuplicateKey, `"as" appears twice`)
			}
			if m.as, err = p.r.str(kat, CodeBadValue, "as"); err != nil {
				return err
			}
			if !identifier(m.as) {
				return qerr(kat, CodeBadValue, "a metric name starts with a letter and has up to 64 letters, digits and underscores")
			}
			m.hasAs = true
		default:
			return unknownKey(kat, key, "op, field and as")
		}
		return nil
	}
	done := func(_ int, oat string) error {
		defer func() { m = metricIn{} }()
		switch {
		case !m.hasOp:
			return qerr(oat+"/op", CodeMissingKey, "a metric needs an op")
		case !m.hasAs:
			return qerr(oat+"/as", CodeMissingKey, "a metric needs a name in as")
		}
		op := store.AggOp(m.op)
		if op == store.AggCount {
			if m.hasField {
				return qerr(m.fieldAt, CodeBadField, "count counts documents and takes no field")
			}
		} else {
			if !m.hasField {
				return qerr(oat+"/field", CodeMissingKey, m.op+" needs a field")
			}
			if m.kind.t != Number {
				return qerr(m.opAt, CodeBadOp, fmt.Sprintf("%s applies to number fields; %s is a %s field", m.op, quote(m.field), m.kind.describe()))
			}
		}
		for _, x := range out {
			if x.As == m.as {
				return qerr(oat+"/as", CodeDuplicateName, "two metrics are named "+quote(m.as))
			}
		}
		out = append(out, store.Metric{Op: op, Field: m.field, As: m.as})
		return nil
	}
	if err := p.objects(at, MaxMetrics, "metrics", member, done); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, qerr(at, CodeEmptyList, "an aggregation needs at least one metric")
	}
	return out, nil
}

func identifier(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, r := range s {
		letter := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !(letter || (i > 0 && (r == '_' || (r >= '0' && r <= '9')))) {
			return false
		}
	}
	return true
}
