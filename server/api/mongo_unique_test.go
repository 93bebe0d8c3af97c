package api_test

import (
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// Unique fields on the MongoDB engine: kept as keys of the engine's unique-values
// collection, they are enforced on FerretDB too (which has no partial unique indexes),
// with the same answers as on SQLite: 409 duplicate at the field's pointer, a deleted
// record's value free again, its restore refused while another record holds it.

func TestUniqueValuesAndTheTrashOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestUniqueValuesAndTheTrash)
}

func TestRecordScenariosOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestRecordScenarios)
}
