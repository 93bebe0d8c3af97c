package audit

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// maxSummaryBytes bounds a redacted request body kept in an entry; a larger one (a whole
// template draft, say) is summarised by its top-level keys.
const maxSummaryBytes = 16 << 10

// secretWords mark keys whose values are never logged, matched case-insensitively
// anywhere in the key (newPassword, apiToken, clientSecret, …).
var secretWords = []string{"password", "secret", "token", "credential", "apikey", "api_key"}

// Redacted is what an admin change's request body becomes in the log: the JSON object with
// every secret-looking value replaced by "[redacted]", at any depth. A body that is not a
// JSON object is summarised by its size only.
func Redacted(body []byte) map[string]any {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil
	}
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		return map[string]any{"bodyBytes": len(body)}
	}
	redact(v)
	if b, err := json.Marshal(v); err != nil || len(b) > maxSummaryBytes {
		return map[string]any{"keys": sortedKeys(v), "truncated": true}
	}
	return v
}

func redact(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if isSecret(k) {
				x[k] = "[redacted]"
				continue
			}
			redact(e)
		}
	case []any:
		for _, e := range x {
			redact(e)
		}
	}
}

func isSecret(key string) bool {
	k := strings.ToLower(key)
	for _, w := range secretWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// FieldKeys is a record write's summary: the top-level keys of the submitted field values,
// sorted, never the values.
func FieldKeys(body []byte) map[string]any {
	var v map[string]json.RawMessage
	if err := json.Unmarshal(bytes.TrimSpace(body), &v); err != nil {
		return nil
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return map[string]any{"fields": keys}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
