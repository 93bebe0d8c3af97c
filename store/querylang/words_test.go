package querylang_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// checkWords: a query error carries its own words in both languages, from the field
// catalogue: the English text is its message, word for word, and the Chinese one is
// Chinese with every placeholder filled.
func checkWords(t *testing.T, qe *store.QueryError) {
	t.Helper()
	if qe.Problem.Text.EN == "" {
		t.Errorf("%s at %s (%s) has no words of the catalogue", qe.Code, qe.Path, qe.Message)
		return
	}
	w := qe.Words()
	if w.Code != qe.Code || w.Text.EN != qe.Message {
		t.Errorf("words %+v do not match the error %s %q", w, qe.Code, qe.Message)
	}
	han := false
	for _, r := range w.Text.ZH {
		han = han || unicode.Is(unicode.Han, r)
	}
	if !han || placeholder.MatchString(w.Text.ZH) || placeholder.MatchString(w.Text.EN) {
		t.Errorf("%s: words not filled in both languages: %+v", qe.Code, w.Text)
	}
}

// TestWordsWithoutProblem: an error built without catalogue words keeps its English
// message and takes its code's general Chinese words, never the English text.
func TestWordsWithoutProblem(t *testing.T) {
	t.Parallel()
	w := (&store.QueryError{Path: "/filter/value", Code: "bad_value", Message: "item 2: not a scalar"}).Words()
	if w.Code != "bad_value" || w.Text.EN != "item 2: not a scalar" || w.Text.ZH != "取值与字段类型不符。" {
		t.Fatalf("got %+v", w)
	}
	if w := (&store.QueryError{Code: "odd", Message: "odd"}).Words(); w.Code != "odd" || w.Text.ZH != "查询定义无效。" {
		t.Fatalf("unknown code: %+v", w)
	}
}

// TestClientBracesAreNoPlaceholders: a value the client typed with a placeholder's name in
// it is shown as typed, not replaced by the field's name when the message names the field.
func TestClientBracesAreNoPlaceholders(t *testing.T) {
	_, err := querylang.ParseFilter([]byte(`{"field":"meetingAt","op":"gt","value":"{field} soon"}`), testFields(), nil, "")
	var qe *store.QueryError
	if !errors.As(err, &qe) {
		t.Fatalf("ParseFilter = %v, want a query error", err)
	}
	w := qe.Words()
	if !strings.Contains(w.Text.EN, "field｝ soon") || !strings.Contains(w.Text.ZH, "field｝ soon") {
		t.Fatalf("the client's text was taken for a placeholder: %+v", w.Text)
	}
}
