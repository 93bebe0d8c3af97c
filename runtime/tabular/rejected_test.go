package tabular_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/runtime/tabular"
)

// A row repeating the unique value of an earlier row that the store refused is not a
// duplicate of it: it is stored in its place.
func TestDuplicateOfARejectedRowIsNotADuplicate(t *testing.T) {
	f, err := form.Compile(json.RawMessage(`{"type":"object","properties":{
		"code":{"type":"string","x-formloom":{"type":"text","unique":true}},
		"note":{"type":"string","x-formloom":{"type":"text"}}}}`), form.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := csvOf("code,note", "A,refused by the store", "A,stored instead", "A,a real duplicate")
	r, err := tabular.NewReader(bytes.NewReader(data), tabular.CSV, f, tabular.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rejected := map[int]bool{}
	var stored []int
	rep, err := tabular.PrepareRows(context.Background(), r, f, tabular.PrepareOptions{
		Store: func(_ context.Context, batch []tabular.Good) error {
			for _, g := range batch {
				if g.Line == 2 {
					rejected[2] = true
					continue
				}
				stored = append(stored, g.Line)
			}
			return nil
		},
		Rejected: func(line int) bool { return rejected[line] },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 1 || stored[0] != 3 || len(rep.Bad) != 1 || rep.Bad[0].Line != 4 || rep.Bad[0].Errors["/code"].Code != "duplicate" {
		t.Fatalf("stored %v, bad %+v", stored, rep.Bad)
	}
}
