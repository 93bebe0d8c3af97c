package querylang_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

func TestParseAggregation(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want store.Aggregation
	}{
		{"count only", `{"metrics":[{"op":"count","as":"n"}]}`,
			store.Aggregation{Metrics: []store.Metric{{Op: store.AggCount, As: "n"}}}},
		{"full", `{"groupBy":[{"field":"_created","bucket":"month","timezone":"Asia/Shanghai"},{"field":"status"}],
			"metrics":[{"op":"count","as":"n"},{"op":"sum","field":"amount","as":"total"},{"as":"avgQty","field":"items.qty","op":"avg"}],
			"filter":{"field":"owner","op":"eq","param":"currentUser"}}`,
			store.Aggregation{
				Filter: store.Eq("owner", "u1"),
				GroupBy: []store.GroupKey{
					{Field: "_created", Bucket: store.BucketMonth, Timezone: "Asia/Shanghai"},
					{Field: "status"},
				},
				Metrics: []store.Metric{
					{Op: store.AggCount, As: "n"},
					{Op: store.AggSum, Field: "amount", As: "total"},
					{Op: store.AggAvg, Field: "items.qty", As: "avgQty"},
				},
			}},
		{"date buckets", `{"filter":{},"groupBy":[{"field":"due","bucket":"week"},{"field":"meetingAt","bucket":"day","timezone":"UTC"}],"metrics":[{"op":"min","field":"amount","as":"lo"},{"op":"max","field":"amount","as":"hi"}]}`,
			store.Aggregation{
				GroupBy: []store.GroupKey{{Field: "due", Bucket: store.BucketWeek}, {Field: "meetingAt", Bucket: store.BucketDay, Timezone: "UTC"}},
				Metrics: []store.Metric{{Op: store.AggMin, Field: "amount", As: "lo"}, {Op: store.AggMax, Field: "amount", As: "hi"}},
			}},
		{"same field, two buckets", `{"groupBy":[{"field":"due","bucket":"week"},{"field":"due","bucket":"month"}],"metrics":[{"op":"count","as":"n"}]}`,
			store.Aggregation{
				GroupBy: []store.GroupKey{{Field: "due", Bucket: store.BucketWeek}, {Field: "due", Bucket: store.BucketMonth}},
				Metrics: []store.Metric{{Op: store.AggCount, As: "n"}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := querylang.ParseAggregation([]byte(tt.in), testFields(), testParams(), "")
			if err != nil {
				t.Fatalf("ParseAggregation: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseAggregationErrors(t *testing.T) {
	const n = `"metrics":[{"op":"count","as":"n"}]`
	tests := []struct{ name, in, code, path string }{
		{"not an object", `[]`, querylang.CodeBadValue, "/agg"},
		{"malformed", `{"metrics":[}`, querylang.CodeBadJSON, "/agg/metrics"},
		{"trailing", `{` + n + `}]`, querylang.CodeBadJSON, "/agg"},
		{"dollar key", `{"$group":{"_id":"$status"},` + n + `}`, querylang.CodeUnknownKey, "/agg/$group"},
		{"pipeline key", `{"pipeline":[],` + n + `}`, querylang.CodeUnknownKey, "/agg/pipeline"},
		{"duplicate key", `{` + n + `,` + n + `}`, querylang.CodeDuplicateKey, "/agg/metrics"},
		{"no metrics", `{"groupBy":[{"field":"status"}]}`, querylang.CodeMissingKey, "/agg/metrics"},
		{"empty metrics", `{"metrics":[]}`, querylang.CodeEmptyList, "/agg/metrics"},
		{"metrics not a list", `{"metrics":{"op":"count","as":"n"}}`, querylang.CodeBadValue, "/agg/metrics"},
		{"metric not an object", `{"metrics":["count"]}`, querylang.CodeBadValue, "/agg/metrics/0"},
		{"groupBy not a list", `{"groupBy":"status",` + n + `}`, querylang.CodeBadValue, "/agg/groupBy"},
		{"too many dimensions", `{"groupBy":[{"field":"status"},{"field":"owner"},{"field":"done"},{"field":"amount"}],` + n + `}`, querylang.CodeTooLong, "/agg/groupBy/3"},
		{"unknown group key", `{"groupBy":[{"field":"status","$sort":1}],` + n + `}`, querylang.CodeUnknownKey, "/agg/groupBy/0/$sort"},
		{"group field missing", `{"groupBy":[{"bucket":"day"}],` + n + `}`, querylang.CodeMissingKey, "/agg/groupBy/0/field"},
		{"group hidden field", `{"groupBy":[{"field":"budget"}],` + n + `}`, querylang.CodeUnknownField, "/agg/groupBy/0/field"},
		{"group field expression", `{"groupBy":[{"field":"$status"}],` + n + `}`, querylang.CodeUnknownField, "/agg/groupBy/0/field"},
		{"group not allowed", `{"groupBy":[{"field":"title"}],` + n + `}`, querylang.CodeNotGroupable, "/agg/groupBy/0/field"},
		{"group by array", `{"groupBy":[{"field":"tags"}],` + n + `}`, querylang.CodeNotGroupable, "/agg/groupBy/0/field"},
		{"group field not string", `{"groupBy":[{"field":1}],` + n + `}`, querylang.CodeBadField, "/agg/groupBy/0/field"},
		{"duplicate dimension", `{"groupBy":[{"field":"status"},{"field":"status"}],` + n + `}`, querylang.CodeDuplicateKey, "/agg/groupBy/1/field"},
		{"duplicate member", `{"groupBy":[{"field":"status","field":"owner"}],` + n + `}`, querylang.CodeDuplicateKey, "/agg/groupBy/0/field"},
		{"unknown bucket", `{"groupBy":[{"field":"due","bucket":"year"}],` + n + `}`, querylang.CodeBadValue, "/agg/groupBy/0/bucket"},
		{"bucket on string", `{"groupBy":[{"field":"status","bucket":"day"}],` + n + `}`, querylang.CodeBadValue, "/agg/groupBy/0/bucket"},
		{"timezone without bucket", `{"groupBy":[{"field":"status","timezone":"UTC"}],` + n + `}`, querylang.CodeBadValue, "/agg/groupBy/0/timezone"},
		{"unknown timezone", `{"groupBy":[{"field":"_created","bucket":"day","timezone":"Mars/Olympus"}],` + n + `}`, querylang.CodeBadValue, "/agg/groupBy/0/timezone"},
		{"local timezone", `{"groupBy":[{"field":"_created","bucket":"day","timezone":"Local"}],` + n + `}`, querylang.CodeBadValue, "/agg/groupBy/0/timezone"},
		{"path timezone", `{"groupBy":[{"field":"_created","bucket":"day","timezone":"../../etc/passwd"}],` + n + `}`, querylang.CodeBadValue, "/agg/groupBy/0/timezone"},
		{"unknown function", `{"metrics":[{"op":"stdDev","field":"amount","as":"s"}]}`, querylang.CodeUnknownOp, "/agg/metrics/0/op"},
		{"mongo function", `{"metrics":[{"op":"$sum","field":"amount","as":"s"}]}`, querylang.CodeUnknownOp, "/agg/metrics/0/op"},
		{"metric without op", `{"metrics":[{"as":"n"}]}`, querylang.CodeMissingKey, "/agg/metrics/0/op"},
		{"metric without name", `{"metrics":[{"op":"count"}]}`, querylang.CodeMissingKey, "/agg/metrics/0/as"},
		{"sum without field", `{"metrics":[{"op":"sum","as":"s"}]}`, querylang.CodeMissingKey, "/agg/metrics/0/field"},
		{"count with field", `{"metrics":[{"op":"count","field":"amount","as":"n"}]}`, querylang.CodeBadField, "/agg/metrics/0/field"},
		{"sum of string", `{"metrics":[{"op":"sum","field":"status","as":"s"}]}`, querylang.CodeBadOp, "/agg/metrics/0/op"},
		{"max of date", `{"metrics":[{"op":"max","field":"due","as":"s"}]}`, querylang.CodeBadOp, "/agg/metrics/0/op"},
		{"sum of hidden", `{"metrics":[{"op":"sum","field":"budget","as":"s"}]}`, querylang.CodeUnknownField, "/agg/metrics/0/field"},
		{"sum not allowed", `{"metrics":[{"op":"sum","field":"_version","as":"s"}]}`, querylang.CodeNotGroupable, "/agg/metrics/0/field"},
		{"bad name", `{"metrics":[{"op":"count","as":"$n"}]}`, querylang.CodeBadValue, "/agg/metrics/0/as"},
		{"reserved name", `{"metrics":[{"op":"count","as":"_id"}]}`, querylang.CodeBadValue, "/agg/metrics/0/as"},
		{"dotted name", `{"metrics":[{"op":"count","as":"a.b"}]}`, querylang.CodeBadValue, "/agg/metrics/0/as"},
		{"duplicate name", `{"metrics":[{"op":"count","as":"n"},{"op":"sum","field":"amount","as":"n"}]}`, querylang.CodeDuplicateName, "/agg/metrics/1/as"},
		{"too many metrics", `{"metrics":[{"op":"count","as":"a"},{"op":"count","as":"b"},{"op":"count","as":"c"},{"op":"count","as":"d"},{"op":"count","as":"e"},{"op":"count","as":"f"},{"op":"count","as":"g"},{"op":"count","as":"h"},{"op":"count","as":"i"},{"op":"count","as":"j"},{"op":"count","as":"k"}]}`, querylang.CodeTooLong, "/agg/metrics/10"},
		{"filter errors located", `{"filter":{"and":[{"field":"budget","op":"gt","value":1}]},` + n + `}`, querylang.CodeUnknownField, "/agg/filter/and/0/field"},
		{"filter injection", `{"filter":{"status":{"$ne":null}},` + n + `}`, querylang.CodeUnknownKey, "/agg/filter/status"},
		{"filter null", `{"filter":null,` + n + `}`, querylang.CodeBadNode, "/agg/filter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := querylang.ParseAggregation([]byte(tt.in), testFields(), testParams(), "/agg")
			var qe *store.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("got %v, want a *store.QueryError", err)
			}
			if qe.Code != tt.code || qe.Path != tt.path {
				t.Errorf("got %s at %q (%s), want %s at %q", qe.Code, qe.Path, qe.Message, tt.code, tt.path)
			}
			checkWords(t, qe)
		})
	}
}
