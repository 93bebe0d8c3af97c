package search

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxIndexedBytes bounds the text indexed per record; a record with more text is found by
// its first 64 KiB.
const maxIndexedBytes = 64 << 10

// storedRecord is the part of a stored record the index needs (records' storedDoc keeps
// these names).
type storedRecord struct {
	Workspace string          `json:"ws"`
	App       string          `json:"app"`
	Form      string          `json:"form"`
	Deleted   bool            `json:"deleted"`
	F         json.RawMessage `json:"f"`
}

// recordText gathers every string of a record's fields, one per line, skipping values that
// are only identifiers (members, departments, related records).
func recordText(f json.RawMessage) string {
	var v any
	if len(f) == 0 || json.Unmarshal(f, &v) != nil {
		return ""
	}
	var b strings.Builder
	appendStrings(&b, v)
	return b.String()
}

func appendStrings(b *strings.Builder, v any) {
	if b.Len() >= maxIndexedBytes {
		return
	}
	switch x := v.(type) {
	case string:
		if x == "" || isID(x) {
			return
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		if room := maxIndexedBytes - b.Len(); len(x) > room {
			x = truncateUTF8(x, room)
		}
		b.WriteString(x)
	case []any:
		for _, e := range x {
			appendStrings(b, e)
		}
	case map[string]any:
		for _, e := range x {
			appendStrings(b, e)
		}
	}
}

// isID tells a store identifier (20 characters of base32hex, store.NewID) from text.
func isID(s string) bool {
	if len(s) != 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'v') {
			return false
		}
	}
	return true
}

func truncateUTF8(s string, n int) string {
	if n <= 0 {
		return ""
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// isWordRune says which characters make up the short-query grams.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// grams returns the distinct unigrams and bigrams of every run of letters and digits in
// text, lower-cased and separated by spaces: the document of the short-query table.
func grams(text string) string {
	// Grams are remembered as numbers (a unigram is its rune, a bigram its two runes, the
	// first one plus one in the high half), so that a record's text costs no string per
	// rune: this runs for every record written.
	seen := make(map[uint64]struct{}, len(text))
	var out strings.Builder
	out.Grow(2 * len(text))
	add := func(key uint64, first, r rune) {
		if _, ok := seen[key]; ok {
			return
		}
		seen[key] = struct{}{}
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		if first >= 0 {
			out.WriteRune(first)
		}
		out.WriteRune(r)
	}
	var prev rune = -1
	for _, r := range strings.ToLower(text) {
		if !isWordRune(r) {
			prev = -1
			continue
		}
		add(uint64(uint32(r)), -1, r)
		if prev >= 0 {
			add(uint64(uint32(prev)+1)<<32|uint64(uint32(r)), prev, r)
		}
		prev = r
	}
	return out.String()
}

// terms splits a query into its lower-cased terms (whitespace separates them), at most
// maxTerms of them.
func terms(q string) []string {
	fs := strings.Fields(strings.ToLower(q))
	if len(fs) > maxTerms {
		fs = fs[:maxTerms]
	}
	return fs
}

// maxTerms bounds the terms of one query; later ones are ignored.
const maxTerms = 8

// shortTerm says whether a term is looked up in the gram table (under three characters).
func shortTerm(t string) bool { return utf8.RuneCountInString(t) < 3 }

// gramQuery is the FTS5 query of a short term: its letters and digits as one gram ("" when
// it has none, and then nothing matches). Grams are whole tokens of the unicode61
// tokenizer, quoted so that no character is read as query syntax.
func gramQuery(t string) string {
	var rs []rune
	for _, r := range t {
		if isWordRune(r) {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return ""
	}
	if len(rs) > 2 {
		rs = rs[:2]
	}
	return quote(string(rs))
}

// quote makes s one FTS5 string (a phrase; with the trigram tokenizer, a substring).
func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
