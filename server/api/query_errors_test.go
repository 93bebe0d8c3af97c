package api_test

import (
	"net/url"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestQueryErrorsInTheCallersLanguage: a list refused for its filter, sort or cursor says
// why in the language the client asks for, naming the field, operator or value it refuses,
// with no English words in the Chinese message, which calls a field by its label.
func TestQueryErrorsInTheCallersLanguage(t *testing.T) {
	t.Parallel()
	const ann = "ann@formloom.test"
	zh := map[string]string{"Accept-Language": "zh-CN"}
	en := map[string]string{"Accept-Language": "en"}
	filter := func(f string) string { return `{lead}/records?filter=` + url.QueryEscape(f) }
	apitest.Run(t,
		apitest.Scenario{
			Name: "unknown field, in Chinese", Method: "GET", URL: filter(`{"field":"secret","op":"eq","value":1}`),
			As: ann, Setup: withLead, Headers: zh, ExpectedStatus: 400,
			ExpectedContent:    []string{`"code":"invalid_query"`, `"/filter/field":{"code":"unknown_field","message":"没有字段「secret」，或您无权查看它。"}`},
			NotExpectedContent: []string{`unknown field`},
		},
		apitest.Scenario{
			Name: "unknown field, in English", Method: "GET", URL: filter(`{"field":"secret","op":"eq","value":1}`),
			As: ann, Setup: withLead, Headers: en, ExpectedStatus: 400,
			ExpectedContent: []string{`"/filter/field":{"code":"unknown_field","message":"unknown field \"secret\""}`},
		},
		apitest.Scenario{
			Name: "an operator the field's type does not take, in Chinese", Method: "GET", URL: filter(`{"field":"budget","op":"startsWith","value":"1"}`),
			As: ann, Setup: withLead, Headers: zh, ExpectedStatus: 400,
			ExpectedContent:    []string{`"/filter/op":{"code":"bad_operator","message":"运算符 startsWith 不适用于字段「预算」。"}`},
			NotExpectedContent: []string{`does not apply`},
		},
		apitest.Scenario{
			Name: "an operator the field's type does not take, in English", Method: "GET", URL: filter(`{"field":"budget","op":"startsWith","value":"1"}`),
			As: ann, Setup: withLead, Headers: en, ExpectedStatus: 400,
			ExpectedContent: []string{`"/filter/op":{"code":"bad_operator","message":"startsWith does not apply to \"budget\", a number field"}`},
		},
		apitest.Scenario{
			Name: "an unknown operator, in Chinese", Method: "GET", URL: filter(`{"field":"budget","op":"like","value":1}`),
			As: ann, Setup: withLead, Headers: zh, ExpectedStatus: 400,
			ExpectedContent: []string{`"/filter/op":{"code":"unknown_operator","message":"不支持运算符「like」。"}`},
		},
		apitest.Scenario{
			Name: "a value of the wrong type, in Chinese", Method: "GET", URL: filter(`{"field":"budget","op":"eq","value":"lots"}`),
			As: ann, Setup: withLead, Headers: zh, ExpectedStatus: 400,
			ExpectedContent:    []string{`"/filter/value":{"code":"bad_value","message":"「预算」的取值应为数字。"}`},
			NotExpectedContent: []string{`expected a`},
		},
		apitest.Scenario{
			Name: "a value of the wrong type, in English", Method: "GET", URL: filter(`{"field":"budget","op":"eq","value":"lots"}`),
			As: ann, Setup: withLead, Headers: en, ExpectedStatus: 400,
			ExpectedContent: []string{`"/filter/value":{"code":"bad_value","message":"expected a number value, got a string"}`},
		},
		apitest.Scenario{
			Name: "a date written wrong, in Chinese", Method: "GET", URL: filter(`{"field":"meetAt","op":"gt","value":"yesterday"}`),
			As: ann, Setup: withLead, Headers: zh, ExpectedStatus: 400,
			ExpectedContent: []string{`"/filter/value":{"code":"bad_value","message":"「会面时间」的取值应为 RFC 3339 格式的日期时间，而不是“yesterday”。"}`},
		},
		apitest.Scenario{
			Name: "sorting by an unknown field, in Chinese", Method: "GET", URL: `{lead}/records?sort=-nope`,
			As: ann, Setup: withLead, Headers: zh, ExpectedStatus: 400,
			ExpectedContent: []string{`"/sort/0":{"code":"unknown_field","message":"没有字段「nope」，或您无权查看它。"}`},
		},
		apitest.Scenario{
			Name: "a bad limit, in Chinese", Method: "GET", URL: `{lead}/records?limit=0`,
			As: ann, Setup: withLead, Headers: zh, ExpectedStatus: 400,
			ExpectedContent: []string{`"/limit":{"code":"bad_value","message":"每页条数须为 1 到 `},
		},
		apitest.Scenario{
			Name: "a forged cursor, in Chinese", Method: "GET", URL: `{lead}/records?cursor=abc`,
			As: ann, Setup: withLead, Headers: zh, ExpectedStatus: 400,
			ExpectedContent:    []string{`"/cursor":{"code":"bad_cursor","message":"游标无效：不是本服务器签发的。"}`},
			NotExpectedContent: []string{`the cursor`},
		},
		apitest.Scenario{
			Name: "a forged cursor, in English", Method: "GET", URL: `{lead}/records?cursor=abc`,
			As: ann, Setup: withLead, Headers: en, ExpectedStatus: 400,
			ExpectedContent: []string{`"/cursor":{"code":"bad_cursor","message":"the cursor is not one this server issued"}`},
		},
	)
}
