package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
)

// field digs a string out of a JSON body by object keys and array indexes.
func field(t testing.TB, body string, path ...string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i >= len(x) {
				t.Fatalf("no %v in %s", path, body)
			}
			v = x[i]
		default:
			t.Fatalf("no %v in %s", path, body)
		}
	}
	s, ok := v.(string)
	if !ok {
		t.Fatalf("%v is not a string in %s", path, body)
	}
	return s
}

func readBody(resp *http.Response) string {
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
