package app

import (
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/runtime/search"
	"github.com/formloom/formloom/store"
)

// migrations are the one-time changes of stored data that databases written by earlier
// versions need; store.Migrate runs each once per database, in ID order, at start-up.
// IDs are never reused.
func migrations() []store.Migration {
	return []store.Migration{
		{ID: 1, Name: "records: drop stored creation entries", Up: records.DropStoredCreations},
		{ID: 2, Name: "search: drop the trigram table", Up: search.DropTrigramTable},
		{ID: 3, Name: "search: rows keyed by form number, no workspace", Up: search.MoveDocsToRows},
	}
}
