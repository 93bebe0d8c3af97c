package search

import (
	"encoding/json"
	"strings"
	"unicode"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/runtime/records"
)

// snippetRadius is how many characters of context a snippet keeps on each side of a match.
const snippetRadius = 24

// fieldText is one searchable field of a record as the member sees it.
type fieldText struct {
	field *form.Field
	text  string
}

// visibleText lists the searchable fields of rec's visible data in form order.
func visibleText(rf *readableForm, rec records.Record) []fieldText {
	var data map[string]any
	if json.Unmarshal(rec.Data, &data) != nil {
		return nil
	}
	var out []fieldText
	for i := range rf.form.Fields() {
		f := &rf.form.Fields()[i]
		if rf.hidden[f.Key] || !f.Def().Searched {
			continue
		}
		v, ok := data[f.Key]
		if !ok {
			continue
		}
		var b strings.Builder
		appendStrings(&b, v)
		if b.Len() > 0 {
			out = append(out, fieldText{field: f, text: b.String()})
		}
	}
	return out
}

// lower folds case character by character, so that offsets in runes agree with the text.
func lower(s string) []rune {
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = unicode.ToLower(r)
	}
	return rs
}

// indexRunes returns the rune offset of needle in hay, or -1.
func indexRunes(hay, needle []rune) int {
	if len(needle) == 0 {
		return 0
	}
outer:
	for i := 0; i+len(needle) <= len(hay); i++ {
		for j, r := range needle {
			if hay[i+j] != r {
				continue outer
			}
		}
		return i
	}
	return -1
}

// match decides whether rec's visible text holds every term and builds its hit.
func match(rf *readableForm, rec records.Record, ts []string) (Hit, bool) {
	if rf == nil {
		return Hit{}, false
	}
	fields := visibleText(rf, rec)
	lowered := make([][]rune, len(fields))
	for i, ft := range fields {
		lowered[i] = lower(ft.text)
	}
	first := -1
	for ti, t := range ts {
		lt := lower(t)
		found := false
		for i := range fields {
			if indexRunes(lowered[i], lt) >= 0 {
				found = true
				if ti == 0 && first < 0 {
					first = i
				}
				break
			}
		}
		if !found {
			return Hit{}, false
		}
	}
	h := Hit{
		App: rf.app.ID, AppName: rf.app.Name, Form: rf.key, FormName: rf.name, Record: rec.ID,
		Created: rec.Created, Updated: rec.Updated,
	}
	if first < 0 {
		first = 0
	}
	mf := fields[first]
	h.Field = mf.field.Key
	h.FieldLabel = label{ZH: mf.field.Label.ZH, EN: mf.field.Label.EN}
	h.Snippet = snippet([]rune(mf.text), lowered[first], ts)
	h.Title, h.Serial = titleOf(rf, fields)
	if h.Title == "" {
		h.Title = rec.ID
	}
	return h, true
}

// titleOf is the record's title (the form's title field, else its first text field) and
// its serial number, from the visible fields.
func titleOf(rf *readableForm, fields []fieldText) (title, serial string) {
	var firstText string
	for _, ft := range fields {
		switch {
		case ft.field.Key == rf.form.Title() && title == "":
			title = firstLine(ft.text)
		case ft.field.Def().Heading == form.HeadSerial && serial == "":
			serial = ft.text
		case ft.field.Def().Heading.Titles() && firstText == "":
			firstText = firstLine(ft.text)
		}
	}
	if title == "" {
		title = firstText
	}
	if title == "" {
		title = serial
	}
	return title, serial
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	rs := []rune(s)
	if len(rs) > 80 {
		return string(rs[:80]) + "…"
	}
	return s
}

// snippet cuts text around the first match of the first term that occurs in it and marks
// every occurrence of every term inside the cut.
func snippet(text, low []rune, ts []string) []Segment {
	start := -1
	for _, t := range ts {
		if i := indexRunes(low, lower(t)); i >= 0 {
			start = i
			break
		}
	}
	from, to := 0, len(text)
	if start >= 0 {
		from = max(0, start-snippetRadius)
		to = min(len(text), start+snippetRadius*3)
	} else if to > snippetRadius*4 {
		to = snippetRadius * 4
	}
	hit := make([]bool, to-from)
	for _, t := range ts {
		lt := lower(t)
		if len(lt) == 0 {
			continue
		}
		for i := from; i+len(lt) <= to; {
			j := indexRunes(low[i:to], lt)
			if j < 0 {
				break
			}
			for k := 0; k < len(lt); k++ {
				hit[i+j+k-from] = true
			}
			i += j + 1
		}
	}
	var out []Segment
	if from > 0 {
		out = append(out, Segment{Text: "…"})
	}
	for i := from; i < to; {
		j := i
		for j < to && hit[j-from] == hit[i-from] {
			j++
		}
		out = append(out, Segment{Text: strings.ReplaceAll(string(text[i:j]), "\n", " · "), Hit: hit[i-from]})
		i = j
	}
	if to < len(text) {
		out = append(out, Segment{Text: "…"})
	}
	return out
}
