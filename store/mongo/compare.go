package mongo

import (
	"bytes"
	"cmp"
	"math"

	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// Type brackets in MongoDB's comparison order. Values in different brackets never compare
// equal; within a bracket they compare by value.
const (
	bracketMinKey = iota
	bracketNull
	bracketNumber
	bracketString
	bracketObject
	bracketArray
	bracketBinary
	bracketObjectID
	bracketBool
	bracketDate
	bracketTimestamp
	bracketRegex
	bracketOther
	bracketMaxKey
)

func bracketOf(t bsoncore.Type) int {
	switch t {
	case bsoncore.TypeMinKey:
		return bracketMinKey
	case bsoncore.TypeNull, bsoncore.TypeUndefined, 0:
		return bracketNull
	case bsoncore.TypeDouble, bsoncore.TypeInt32, bsoncore.TypeInt64, bsoncore.TypeDecimal128:
		return bracketNumber
	case bsoncore.TypeString, bsoncore.TypeSymbol:
		return bracketString
	case bsoncore.TypeEmbeddedDocument:
		return bracketObject
	case bsoncore.TypeArray:
		return bracketArray
	case bsoncore.TypeBinary:
		return bracketBinary
	case bsoncore.TypeObjectID:
		return bracketObjectID
	case bsoncore.TypeBoolean:
		return bracketBool
	case bsoncore.TypeDateTime:
		return bracketDate
	case bsoncore.TypeTimestamp:
		return bracketTimestamp
	case bsoncore.TypeRegex:
		return bracketRegex
	case bsoncore.TypeMaxKey:
		return bracketMaxKey
	}
	return bracketOther
}

// bracketTypes are the $type aliases of each bracket that documents of this store can
// hold, for keyset cursors. Arrays have none: MongoDB sorts them by their elements.
var bracketTypes = map[int][]string{
	bracketNumber:   {"number"},
	bracketString:   {"string"},
	bracketObject:   {"object"},
	bracketBinary:   {"binData"},
	bracketObjectID: {"objectId"},
	bracketBool:     {"bool"},
	bracketDate:     {"date"},
}

// compareValues orders two BSON values as MongoDB sorts them (a zero Value is missing,
// which sorts with null).
func compareValues(a, b bsoncore.Value) int {
	ba, bb := bracketOf(a.Type), bracketOf(b.Type)
	if ba != bb {
		return cmp.Compare(ba, bb)
	}
	switch ba {
	case bracketNumber:
		return compareNumbers(a, b)
	case bracketString:
		sa, _ := stringOf(a)
		sb, _ := stringOf(b)
		return cmp.Compare(sa, sb)
	case bracketObject:
		da, _ := a.DocumentOK()
		db, _ := b.DocumentOK()
		return compareDocuments(da, db)
	case bracketArray:
		aa, _ := a.ArrayOK()
		ab, _ := b.ArrayOK()
		va, _ := aa.Values()
		vb, _ := ab.Values()
		for i := 0; i < len(va) && i < len(vb); i++ {
			if c := compareValues(va[i], vb[i]); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(va), len(vb))
	case bracketBool:
		x, _ := a.BooleanOK()
		y, _ := b.BooleanOK()
		return cmp.Compare(b2i(x), b2i(y))
	case bracketDate:
		x, _ := a.DateTimeOK()
		y, _ := b.DateTimeOK()
		return cmp.Compare(x, y)
	}
	return bytes.Compare(a.Data, b.Data)
}

func compareDocuments(a, b bsoncore.Document) int {
	ea, _ := a.Elements()
	eb, _ := b.Elements()
	for i := 0; i < len(ea) && i < len(eb); i++ {
		va, vb := ea[i].Value(), eb[i].Value()
		if c := cmp.Compare(bracketOf(va.Type), bracketOf(vb.Type)); c != 0 {
			return c
		}
		if c := cmp.Compare(ea[i].Key(), eb[i].Key()); c != 0 {
			return c
		}
		if c := compareValues(va, vb); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(ea), len(eb))
}

func compareNumbers(a, b bsoncore.Value) int {
	ia, aInt := intOf(a)
	ib, bInt := intOf(b)
	if aInt && bInt {
		return cmp.Compare(ia, ib)
	}
	fa, _ := a.AsFloat64OK()
	fb, _ := b.AsFloat64OK()
	if math.IsNaN(fa) || math.IsNaN(fb) { // NaN sorts below every other number
		return cmp.Compare(b2i(!math.IsNaN(fa)), b2i(!math.IsNaN(fb)))
	}
	return cmp.Compare(fa, fb)
}

func intOf(v bsoncore.Value) (int64, bool) {
	switch v.Type {
	case bsoncore.TypeInt32:
		i, ok := v.Int32OK()
		return int64(i), ok
	case bsoncore.TypeInt64:
		return v.Int64OK()
	}
	return 0, false
}

func stringOf(v bsoncore.Value) (string, bool) {
	if v.Type == bsoncore.TypeSymbol {
		return v.SymbolOK()
	}
	return v.StringValueOK()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
