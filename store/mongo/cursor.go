package mongo

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// cursorCodec signs keyset cursors with HMAC-SHA256 under a key kept in the database: a
// cursor that was edited or made up is refused, and one made for another query (other
// collection, filter or order) too. The sort values inside are only ever used as operands
// of comparisons.
type cursorCodec struct{ key []byte }

const macLen = 16

// sortKeys checks the requested order and ends it with _id (in the direction of the last
// key), so that the order is total and cursors are exact.
func sortKeys(keys []store.SortKey) ([]store.SortKey, error) {
	var out []store.SortKey
	seen := map[string]bool{}
	for i, k := range keys {
		if err := store.CheckPath(k.Field); err != nil {
			return nil, &store.QueryError{Path: "/sort/" + strconv.Itoa(i) + "/field", Code: "bad_field", Message: err.Error()}
		}
		if seen[k.Field] { // a repeated key can never change the order
			continue
		}
		seen[k.Field] = true
		out = append(out, k)
		if k.Field == store.PathID {
			return out, nil // _id is unique: later keys could never matter
		}
	}
	desc := len(out) > 0 && out[len(out)-1].Desc
	return append(out, store.SortKey{Field: store.PathID, Desc: desc}), nil
}

func sortDoc(keys []store.SortKey) bson.D {
	d := make(bson.D, len(keys))
	for i, k := range keys {
		dir := 1
		if k.Desc {
			dir = -1
		}
		d[i] = bson.E{Key: k.Field, Value: dir}
	}
	return d
}

// queryFingerprint binds a cursor to one collection, filter and order.
func queryFingerprint(coll string, filter bson.D, keys []store.SortKey) []byte {
	h := sha256.New()
	h.Write([]byte(coll))
	h.Write([]byte{0})
	if raw, err := bson.Marshal(filter); err == nil {
		h.Write(raw)
	}
	for _, k := range keys {
		h.Write([]byte(k.Field))
		if k.Desc {
			h.Write([]byte{1})
		} else {
			h.Write([]byte{0})
		}
	}
	return h.Sum(nil)[:12]
}

// seal makes the cursor that resumes after a document whose sort values are vals (the
// last one being its _id).
func (c cursorCodec) seal(fp []byte, vals []bsoncore.Value) (string, error) {
	arr := bsoncore.NewArrayBuilder()
	for _, v := range vals {
		if v.Type == 0 { // missing sorts as null
			arr.AppendNull()
			continue
		}
		arr.AppendValue(v)
	}
	body := bsoncore.NewDocumentBuilder().
		AppendBinary("q", 0, fp).
		AppendArray("k", arr.Build()).
		Build()
	mac := hmac.New(sha256.New, c.key)
	mac.Write(body)
	out := append([]byte(body), mac.Sum(nil)[:macLen]...)
	return base64.RawURLEncoding.EncodeToString(out), nil
}

func badCursor(p fault.FieldError) error {
	return store.NewQueryError("/after", p)
}

// open returns the sort values a cursor made by seal for the same query carries.
func (c cursorCodec) open(cursor string, fp []byte, n int) ([]bsoncore.Value, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(raw) < 5+macLen {
		return nil, badCursor(fault.Problem("bad_cursor.not_issued"))
	}
	body, sum := raw[:len(raw)-macLen], raw[len(raw)-macLen:]
	mac := hmac.New(sha256.New, c.key)
	mac.Write(body)
	if !hmac.Equal(sum, mac.Sum(nil)[:macLen]) {
		return nil, badCursor(fault.Problem("bad_cursor.not_issued"))
	}
	doc := bsoncore.Document(body)
	if err := doc.Validate(); err != nil || int(binary.LittleEndian.Uint32(body)) != len(body) {
		return nil, badCursor(fault.Problem("bad_cursor.damaged"))
	}
	_, q, ok := doc.Lookup("q").BinaryOK()
	if !ok || !hmac.Equal(q, fp) {
		return nil, badCursor(fault.Problem("bad_cursor.other_query"))
	}
	arr, ok := doc.Lookup("k").ArrayOK()
	if !ok {
		return nil, badCursor(fault.Problem("bad_cursor.damaged"))
	}
	vals, err := arr.Values()
	if err != nil || len(vals) != n {
		return nil, badCursor(fault.Problem("bad_cursor.other_query"))
	}
	return vals, nil
}

// sortValues reads the sort values of a stored document, as MongoDB sorts it: a path
// through arrays, or ending on one, yields its smallest value ascending and its largest
// descending.
func sortValues(doc bsoncore.Document, keys []store.SortKey) []bsoncore.Value {
	out := make([]bsoncore.Value, len(keys))
	for i, k := range keys {
		vals := pathValues(bsoncore.Value{Type: bsoncore.TypeEmbeddedDocument, Data: doc}, strings.Split(k.Field, "."), nil)
		var best bsoncore.Value
		for j, v := range vals {
			if j == 0 || (!k.Desc && compareValues(v, best) < 0) || (k.Desc && compareValues(v, best) > 0) {
				best = v
			}
		}
		out[i] = best
	}
	return out
}

// pathValues collects the values at a dotted path: object keys, array positions for
// numeric segments, and every element's value where an array stands in the way.
func pathValues(v bsoncore.Value, segs []string, acc []bsoncore.Value) []bsoncore.Value {
	if len(segs) == 0 {
		if a, ok := v.ArrayOK(); ok {
			elems, _ := a.Values()
			if len(elems) == 0 {
				return append(acc, bsoncore.Value{}) // an empty array sorts as missing here
			}
			return append(acc, elems...)
		}
		return append(acc, v)
	}
	switch v.Type {
	case bsoncore.TypeEmbeddedDocument:
		d, _ := v.DocumentOK()
		next, err := d.LookupErr(segs[0])
		if err != nil {
			return acc
		}
		return pathValues(next, segs[1:], acc)
	case bsoncore.TypeArray:
		a, _ := v.ArrayOK()
		if idx, err := strconv.Atoi(segs[0]); err == nil && idx >= 0 {
			if e, err := a.IndexErr(uint(idx)); err == nil {
				return pathValues(e, segs[1:], acc)
			}
		}
		elems, _ := a.Values()
		for _, e := range elems {
			if e.Type == bsoncore.TypeEmbeddedDocument {
				acc = pathValues(e, segs, acc)
			}
		}
	}
	return acc
}

// afterFilter is "the document comes after the cursor's" for the order keys (ending with
// _id) and the cursor's values: the lexicographic comparison spelled out. Within a data
// field, values of later type brackets come after (MongoDB's order null < numbers <
// strings < objects < booleans < dates), which $gt alone does not see. Arrays are not
// a bracket of their own here: MongoDB sorts an array by its smallest element (largest
// descending), and $gt/$lt match an array by any element, so sorting by array fields
// (which the query language does not offer) may repeat documents across pages.
func afterFilter(keys []store.SortKey, vals []bsoncore.Value) bson.D {
	var clauses bson.A
	for i, k := range keys {
		after := afterOne(k, vals[i])
		if after == nil {
			continue
		}
		var parts bson.A
		for j := 0; j < i; j++ {
			parts = append(parts, bson.D{{Key: keys[j].Field, Value: bson.D{{Key: "$eq", Value: rawValue(vals[j])}}}})
		}
		if len(parts) == 0 {
			clauses = append(clauses, after)
		} else {
			clauses = append(clauses, bson.D{{Key: "$and", Value: append(parts, after)}})
		}
	}
	switch len(clauses) {
	case 0:
		return matchNothing
	case 1:
		return clauses[0].(bson.D)
	}
	return bson.D{{Key: "$or", Value: clauses}}
}

// afterOne is "the field's value comes after v" in the key's direction; nil when nothing can.
func afterOne(k store.SortKey, v bsoncore.Value) bson.D {
	cmpOp := "$gt"
	if k.Desc {
		cmpOp = "$lt"
	}
	if store.IsMetaPath(k.Field) { // one type, never null
		return bson.D{{Key: k.Field, Value: bson.D{{Key: cmpOp, Value: rawValue(v)}}}}
	}
	b := bracketOf(v.Type)
	var ors bson.A
	if b != bracketNull {
		ors = append(ors, bson.D{{Key: k.Field, Value: bson.D{{Key: cmpOp, Value: rawValue(v)}}}})
	}
	var types bson.A
	if !k.Desc {
		if b == bracketNull {
			ors = append(ors, bson.D{{Key: k.Field, Value: bson.D{{Key: "$ne", Value: nil}}}})
		} else {
			for bb := b + 1; bb <= bracketMaxKey; bb++ {
				for _, t := range bracketTypes[bb] {
					types = append(types, t)
				}
			}
		}
	} else if b != bracketNull {
		ors = append(ors, bson.D{{Key: k.Field, Value: bson.D{{Key: "$eq", Value: nil}}}})
		for bb := bracketNull + 1; bb < b; bb++ {
			for _, t := range bracketTypes[bb] {
				types = append(types, t)
			}
		}
	}
	if len(types) > 0 {
		ors = append(ors, bson.D{{Key: k.Field, Value: bson.D{{Key: "$type", Value: types}}}})
	}
	switch len(ors) {
	case 0:
		return nil
	case 1:
		return ors[0].(bson.D)
	}
	return bson.D{{Key: "$or", Value: ors}}
}

// rawValue hands a stored BSON value to the driver as it is (missing becomes null).
func rawValue(v bsoncore.Value) any {
	if v.Type == 0 || v.Type == bsoncore.TypeNull || v.Type == bsoncore.TypeUndefined {
		return nil
	}
	return bson.RawValue{Type: bson.Type(v.Type), Value: v.Data}
}
