package search

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
)

// gatheredText is a new record's indexed text and its grams, gathered before the record's
// transaction (records.GatheredText): the store's writer, which runs one transaction at a
// time, then only inserts the queue's row, instead of also decoding the stored document
// to find its text.
type gatheredText struct {
	text  strings.Builder
	grams *gramWriter
}

// Add adds a field value the gathered fields lacked (a serial number, taken in the
// transaction), by the rules of the fields' text: no empty value, no identifier.
func (g *gatheredText) Add(value string) {
	before := g.text.Len()
	appendStrings(&g.text, value)
	if g.text.Len() > before {
		g.grams.add(g.text.String()[before:])
	}
}

// GatherText gathers the indexed text of a new record from its fields' JSON (its "f"
// member), or answers nil when they do not decode (the insert then finds the text itself).
func (c indexedCollection) GatherText(fields json.RawMessage) records.GatheredText {
	var v any
	if err := json.Unmarshal(fields, &v); err != nil {
		return nil
	}
	g := &gatheredText{}
	appendStrings(&g.text, v)
	g.grams = newGramWriter(g.text.Len())
	g.grams.add(g.text.String())
	return g
}

// InsertGathered is InsertAt of a live record of workspace ws and stored form form whose
// fields' text t holds (GatherText, then Add for what the transaction filled in).
func (c indexedCollection) InsertGathered(ctx context.Context, d store.Document, version int64, ws, form string, t records.GatheredText) (store.Document, error) {
	g, ok := t.(*gatheredText)
	if !ok || g == nil {
		return c.InsertAt(ctx, d, version)
	}
	var saved store.Document
	err := c.st.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if saved, err = store.InsertAt(ctx, c.Collection, d, version); err != nil {
			return err
		}
		return c.ix.putText(ctx, saved.ID, ws, form, g.text.String(), g.grams.String())
	})
	return saved, err
}
