package querylang_test

import (
	"maps"
	"time"

	"github.com/formloom/formloom/store/querylang"
)

// testFields is the allow-list of a leads-like form as one user sees it; "budget" is
// hidden from this user and so not listed.
func testFields() querylang.Fields {
	fs := querylang.Fields{
		"status":       {Type: querylang.String, Filter: true, Sort: true, Group: true},
		"title":        {Type: querylang.String, Filter: true},
		"amount":       {Type: querylang.Number, Filter: true, Sort: true, Group: true},
		"done":         {Type: querylang.Bool, Filter: true, Group: true},
		"due":          {Type: querylang.Date, Filter: true, Sort: true, Group: true},
		"meetingAt":    {Type: querylang.Datetime, Filter: true, Sort: true, Group: true},
		"tags":         {Type: querylang.Array, Filter: true, Group: true},
		"scores":       {Type: querylang.Array, Elem: querylang.Number, Filter: true},
		"address":      {Type: querylang.Object, Filter: true},
		"address.city": {Type: querylang.String, Filter: true, Sort: true, Group: true},
		"items.qty":    {Type: querylang.Number, Filter: true, Group: true},
		"owner":        {Type: querylang.String, Filter: true, Sort: true, Group: true},
		"departments":  {Type: querylang.Array, Filter: true},
		"notes":        {Type: querylang.String}, // shown, but not usable in queries
	}
	maps.Copy(fs, querylang.MetaFields())
	return fs
}

var testNow = time.Date(2026, 11, 23, 10, 30, 0, 0, time.UTC)

func testParams() querylang.Params {
	p := querylang.StandardParams("u1", []string{"d1", "d2"}, testNow, nil)
	p["minAmount"] = 100
	p["weird"] = struct{}{}
	p["noDepartments"] = []string{}
	return p
}
