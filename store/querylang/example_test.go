package querylang_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

func ExampleParseFilter() {
	fields := querylang.Fields{
		"status": {Type: querylang.String, Filter: true, Sort: true},
		"owner":  {Type: querylang.String, Filter: true},
	}
	params := querylang.StandardParams("u42", nil, time.Now(), nil)

	f, err := querylang.ParseFilter([]byte(`{"and":[
		{"field":"status","op":"in","value":["new","following"]},
		{"field":"owner","op":"eq","param":"currentUser"}]}`), fields, params, "/filter")
	fmt.Println(f.And[0].Field, f.And[0].Op, f.And[0].Value, f.And[1].Value, err)

	_, err = querylang.ParseFilter([]byte(`{"and":[{"field":"budget","op":"gt","value":0}]}`), fields, params, "/filter")
	var qe *store.QueryError
	if errors.As(err, &qe) {
		fmt.Println(qe.Code, qe.Path)
	}
	// Output:
	// status in [new following] u42 <nil>
	// unknown_field /filter/and/0/field
}
