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
// these names). Its fields are decoded as they are read, in the one pass over the
// document, rather than kept raw and decoded again: this runs for every record written.
type storedRecord struct {
	Workspace string `json:"ws"`
	App       string `json:"app"`
	Form      string `json:"form"`
	Deleted   bool   `json:"deleted"`
	F         any    `json:"f"`
}

// recordText gathers every string of a record's fields, one per line, skipping values that
// are only identifiers (members, departments, related records).
func recordText(f json.RawMessage) string {
	var v any
	if len(f) == 0 || json.Unmarshal(f, &v) != nil {
		return ""
	}
	return fieldsText(v)
}

// fieldsText is recordText of fields already decoded.
func fieldsText(v any) string {
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

// wordUnigram says whether r is a gram wherever it stands in a run: every letter and digit
// but those of the Chinese, Japanese and Korean scripts.
func wordUnigram(r rune) bool {
	return !unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana)
}

// isWordRune says which characters make up the grams.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// grams returns the distinct grams of every run of letters and digits in text, lower-cased
// and separated by spaces: the document of the gram table. They are the run's bigrams, its
// last character, and each character of an alphabet (wordUnigram). Then every character of
// a run starts a gram, so a Chinese, Japanese or Korean character is found as a prefix
// (gramQuery): its continuations are few, and the unigrams of those scripts, with their
// many distinct characters, were about a third of the table. A letter of an alphabet has
// dozens of continuations, each in many records; a prefix over them costs tens of
// milliseconds, so it stays a gram. Documents indexed with every unigram (before) answer
// the same queries.
func grams(text string) string {
	g := newGramWriter(len(text))
	g.add(text)
	return g.String()
}

// gramWriter collects the distinct grams of texts added one after the other, as grams
// does of them joined by a line break (which ends a run): a record's text gathered in
// parts (gatheredText) gets the grams of the whole.
type gramWriter struct {
	// Grams are remembered as numbers (a unigram is its rune, a bigram its two runes, the
	// first one plus one in the high half), so that a record's text costs no string per
	// rune: this runs for every record written.
	seen map[uint64]struct{}
	out  strings.Builder
}

func newGramWriter(n int) *gramWriter {
	g := &gramWriter{seen: make(map[uint64]struct{}, n)}
	g.out.Grow(2 * n)
	return g
}

func (g *gramWriter) put(key uint64, first, r rune) {
	if _, ok := g.seen[key]; ok {
		return
	}
	g.seen[key] = struct{}{}
	if g.out.Len() > 0 {
		g.out.WriteByte(' ')
	}
	if first >= 0 {
		g.out.WriteRune(first)
	}
	g.out.WriteRune(r)
}

func (g *gramWriter) unigram(r rune) { g.put(uint64(uint32(r)), -1, r) }

// add adds the grams of text, a run of which ends where text does.
func (g *gramWriter) add(text string) {
	var prev rune = -1
	for _, r := range strings.ToLower(text) {
		if !isWordRune(r) {
			if prev >= 0 {
				g.unigram(prev)
			}
			prev = -1
			continue
		}
		if prev >= 0 {
			g.put(uint64(uint32(prev)+1)<<32|uint64(uint32(r)), prev, r)
		}
		if wordUnigram(r) {
			g.unigram(r)
		}
		prev = r
	}
	if prev >= 0 {
		g.unigram(prev)
	}
}

func (g *gramWriter) String() string { return g.out.String() }

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

// gramQuery is the FTS5 query of the gram table for terms: every gram that a text holding
// all of them must hold, joined by AND — for each run of letters and digits in a term, its
// bigrams (a run of a term may be part of a longer run of the text, whose bigrams include
// the term's), or when it is one character, that character: as a gram when punctuation
// follows it in the term (it ends its run in the text as well) or when it is a letter of an
// alphabet (always a gram), else as the prefix of any gram (the text's run may go on: "禾"
// is found in "禾丰" by the gram 禾丰). Grams are whole
// tokens of the unicode61 tokenizer, quoted so that no character is read as query syntax.
// A record holding every gram may still not contain a term (its grams can sit apart), so
// the index's answers are candidates that search checks against the visible text.
// "" when no term has a letter or digit: then the index cannot tell.
func gramQuery(ts []string) string {
	seen := map[string]bool{}
	var out []string
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	for _, t := range ts {
		var run []rune
		flush := func(last bool) {
			switch {
			case len(run) == 1 && last && !wordUnigram(run[0]):
				// The term's last character may go on in the text: any gram it starts.
				add(quote(string(run)) + "*")
			case len(run) == 1:
				add(quote(string(run))) // ends its run in the text too
			}
			for i := 1; i < len(run); i++ {
				add(quote(string(run[i-1 : i+1])))
			}
			run = run[:0]
		}
		for _, r := range strings.ToLower(t) {
			if isWordRune(r) {
				run = append(run, r)
			} else {
				flush(false)
			}
		}
		flush(true)
	}
	return strings.Join(out, " AND ")
}

// shortTerm says whether a term has under three characters.
func shortTerm(t string) bool { return utf8.RuneCountInString(t) < 3 }

// quote makes s one FTS5 string, so that no character of it is read as query syntax.
func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
