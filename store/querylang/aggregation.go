package querylang

import (
	"slices"
	"strconv"
	"time"

	"github.com/formloom/formloom/fault"
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
		return a, qerrOf(base, fault.Problem("too_large.aggregation").Fill("max", MaxInputBytes))
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
		return a, qerrOf(base, fault.Problem("bad_value.aggregation_shape"))
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
			return a, qerrOf(at, fault.Problem("duplicate_key.named").FillText("key", named(key)))
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
		return a, qerrOf(base+"/metrics", fault.Problem("missing_key.metric"))
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
		return qerrOf(at, fault.Problem("bad_value.list_of_objects").Fill("what", what))
	}
	i := 0
	for ; p.r.more(); i++ {
		oat := at + "/" + strconv.Itoa(i)
		if i >= max {
			return qerrOf(oat, fault.Problem("too_long.items").Fill("what", what).Fill("max", max))
		}
		ok, _, err := p.r.open(oat, '{')
		if err != nil {
			return err
		}
		if !ok {
			return qerrOf(oat, fault.Problem("bad_value.list_of_objects").Fill("what", what))
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
				return qerrOf(kat, fault.Problem("duplicate_key.named").FillText("key", named("field")))
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
				return qerrOf(kat, fault.Problem("duplicate_key.named").FillText("key", named("bucket")))
			}
			if g.bucket, err = p.r.str(kat, CodeBadValue, "bucket"); err != nil {
				return err
			}
			switch store.Bucket(g.bucket) {
			case store.BucketDay, store.BucketWeek, store.BucketMonth:
			default:
				return qerrOf(kat, fault.Problem("bad_value.bucket").FillText("value", named(g.bucket)))
			}
			g.hasBucket, g.bucketAt = true, kat
		case "timezone":
			if g.hasTZ {
				return qerrOf(kat, fault.Problem("duplicate_key.named").FillText("key", named("timezone")))
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
			return qerrOf(oat+"/field", fault.Problem("missing_key.dimension_field"))
		}
		if g.hasBucket && g.kind.t != Date && g.kind.t != Datetime {
			return qerrOf(g.bucketAt, fault.Problem("bad_value.bucket_field"))
		}
		if g.hasTZ && !g.hasBucket {
			return qerrOf(g.tzAt, fault.Problem("bad_value.timezone_bucket"))
		}
		key := store.GroupKey{Field: g.field, Bucket: store.Bucket(g.bucket), Timezone: g.tz}
		for _, k := range out {
			if k.Field == key.Field && k.Bucket == key.Bucket {
				return qerrOf(oat+"/field", fault.Problem("duplicate_key.dimension"))
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
		return qerrOf(at, fault.Problem("bad_value.query_timezone").FillText("value", named(tz)))
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
				return qerrOf(kat, fault.Problem("duplicate_key.named").FillText("key", named("op")))
			}
			if m.op, err = p.r.str(kat, CodeUnknownOp, "op"); err != nil {
				return err
			}
			if !slices.Contains(aggOps, store.AggOp(m.op)) {
				return qerrOf(kat, fault.Problem("unknown_operator.aggregation").FillText("op", named(m.op)))
			}
			m.hasOp, m.opAt = true, kat
		case "field":
			if m.hasField {
				return qerrOf(kat, fault.Problem("duplicate_key.named").FillText("key", named("field")))
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
				return qerrOf(kat, fault.Problem("duplicate_key.named").FillText("key", named("as")))
			}
			if m.as, err = p.r.str(kat, CodeBadValue, "as"); err != nil {
				return err
			}
			if !identifier(m.as) {
				return qerrOf(kat, fault.Problem("bad_value.metric_name"))
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
			return qerrOf(oat+"/op", fault.Problem("missing_key.metric_op"))
		case !m.hasAs:
			return qerrOf(oat+"/as", fault.Problem("missing_key.metric_as"))
		}
		op := store.AggOp(m.op)
		if op == store.AggCount {
			if m.hasField {
				return qerrOf(m.fieldAt, fault.Problem("bad_field.count"))
			}
		} else {
			if !m.hasField {
				return qerrOf(oat+"/field", fault.Problem("missing_key.metric_field").Fill("op", m.op))
			}
			if m.kind.t != Number {
				return qerrOf(m.opAt, fault.Problem("bad_operator.aggregation").FillAll(map[string]fault.Text{"op": {EN: m.op, ZH: m.op}, "field": fieldName(m.field, m.kind.label), "type": {EN: m.kind.describe()}}))
			}
		}
		for _, x := range out {
			if x.As == m.as {
				return qerrOf(oat+"/as", fault.Problem("duplicate_name.metric").FillText("name", named(m.as)))
			}
		}
		out = append(out, store.Metric{Op: op, Field: m.field, As: m.as})
		return nil
	}
	if err := p.objects(at, MaxMetrics, "metrics", member, done); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, qerrOf(at, fault.Problem("empty_list.metric"))
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
