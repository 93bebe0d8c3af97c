package mongo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"github.com/formloom/formloom/store"
)

// Keyed uniqueness.
//
// A unique index with partial conditions — the per-form unique fields of the shared
// records collection, one per field of every form of every tenant — is not a MongoDB
// index. Its values are kept as documents of one engine collection, uniqueCollection,
// whose _id is a deterministic key of the value:
//
//	<ws>|<collection>|<index>|<normalised values>
//
// so that MongoDB's own _id uniqueness refuses the second holder. The number of indexes
// on the records collection then no longer grows with forms and fields (FerretDB, which
// cannot build partial unique indexes, enforces these rules too), a changed rule never
// drops an index, and the key starts with the document's workspace (its top-level "ws"),
// so the collection can be sharded on _id with one workspace's keys together.
//
// A key is written with the document: in the same transaction when the server has them
// (inside the caller's transaction, or one of the write's own). Without transactions
// (FerretDB, a standalone server) the key is written first and removed again when the
// document write fails; a process that dies between the two leaves a key whose holder
// does not hold the value, which a later write of that value takes over once it is older
// than staleKeyAfter (until then the value stays reserved).
//
// Values are normalised as the SQLite engine compares them in a unique index: missing and
// null are never reserved, numbers compare by value (1 and 1.0 are the same), strings
// exactly (case and spaces count), and every true, every false, every object and every
// array is one value each.

// uniqueCollection holds the keys. Its name has a dot, which store collections never have.
const uniqueCollection = "formloom.unique_values"

// staleKeyAfter is how old a key whose holder does not hold its value must be before
// another write may take it over (see above).
const staleKeyAfter = time.Minute

// maxKeyValue is the longest normalised value kept as itself; longer ones are hashed.
const maxKeyValue = 256

// keyed reports whether a unique index is kept in the key collection rather than built
// as a MongoDB index: those with partial conditions, which are declared per form.
func keyed(ix store.Index) bool { return ix.Unique && !ix.Partial.IsZero() }

// uniqueKey is one value a document holds under one keyed index.
type uniqueKey struct {
	id string
	ix store.Index
}

// keyDoc is a stored key.
type keyDoc struct {
	ID         string        `bson:"_id"`
	Workspace  string        `bson:"ws"`
	Collection string        `bson:"c"`
	Index      string        `bson:"ix"`
	Holder     string        `bson:"rec"`
	At         bson.DateTime `bson:"at"`
}

// decodeForKeys reads a document's data with numbers kept exact.
func decodeForKeys(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: %w", errBadData, err)
	}
	return doc, nil
}

// uniqueKeys lists the keys doc holds under the keyed indexes of coll.
func uniqueKeys(coll string, indexes []store.Index, doc map[string]any) []uniqueKey {
	if len(indexes) == 0 {
		return nil
	}
	ws, _ := doc["ws"].(string)
	var out []uniqueKey
	for _, ix := range indexes {
		if !covers(ix, doc) {
			continue
		}
		var b strings.Builder
		complete := true
		for _, k := range ix.Keys {
			v, ok := lookup(doc, k.Field)
			if !ok || v == nil {
				complete = false // like SQL NULLs, missing values never collide
				break
			}
			n := normalise(v)
			b.WriteString(strconv.Itoa(len(n)))
			b.WriteByte(':')
			b.WriteString(n)
		}
		if !complete {
			continue
		}
		val := b.String()
		if len(val) > maxKeyValue {
			sum := sha256.Sum256([]byte(val))
			val = "h" + hex.EncodeToString(sum[:])
		}
		out = append(out, uniqueKey{id: ws + "|" + coll + "|" + ix.Name + "|" + val, ix: ix})
	}
	return out
}

// normalise is a value as the SQLite engine's unique indexes compare it.
func normalise(v any) string {
	switch x := v.(type) {
	case string:
		return "s" + x
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return "n" + strconv.FormatInt(i, 10)
		}
		f, err := x.Float64()
		if err != nil {
			return "n" + x.String()
		}
		return "n" + normNumber(f)
	case float64:
		return "n" + normNumber(x)
	case bool:
		if x {
			return "t"
		}
		return "f"
	case []any:
		return "a"
	default:
		return "o"
	}
}

func normNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// inTx reports whether ctx carries a running transaction.
func inTx(ctx context.Context) bool {
	sess := mongo.SessionFromContext(ctx)
	return sess != nil && sess.TransactionRunning()
}

// claimKeys reserves keys for holder and returns those it newly wrote (the others it held
// already). A key held by another document is a *store.DuplicateError naming the index;
// keys claimed before the refusal are released again.
func (c *Collection) claimKeys(ctx context.Context, holder string, keys []uniqueKey) ([]uniqueKey, error) {
	coll := c.s.db.Collection(uniqueCollection)
	var claimed []uniqueKey
	for _, k := range keys {
		n, err := c.claimKey(ctx, coll, holder, k)
		if err != nil {
			if !inTx(ctx) {
				c.releaseKeys(context.WithoutCancel(ctx), holder, claimed)
			}
			return nil, err
		}
		if n {
			claimed = append(claimed, k)
		}
	}
	return claimed, nil
}

// claimKey writes one key for holder; it reports whether the key is new. A plain insert
// by _id: the one write every server (FerretDB included) does without scanning.
func (c *Collection) claimKey(ctx context.Context, coll *mongo.Collection, holder string, k uniqueKey) (bool, error) {
	ws, _, _ := strings.Cut(k.id, "|")
	for attempt := 0; ; attempt++ {
		_, err := coll.InsertOne(ctx, keyDoc{ID: k.id, Workspace: ws, Collection: c.name, Index: k.ix.Name,
			Holder: holder, At: bson.NewDateTimeFromTime(time.Now())})
		if err == nil {
			return true, nil
		}
		if !c.s.isDuplicate(err) {
			return false, fmt.Errorf("mongo: unique value of %s index %s: %w", c.name, k.ix.Name, err)
		}
		// Taken. Inside a transaction the refusal ends it: the key is another
		// document's (keys and documents always change together there).
		if !inTx(ctx) {
			var kd keyDoc
			ferr := coll.FindOne(ctx, bson.D{{Key: "_id", Value: k.id}}).Decode(&kd)
			switch {
			case errors.Is(ferr, mongo.ErrNoDocuments) && attempt == 0:
				continue // released meanwhile
			case ferr == nil && kd.Holder == holder:
				return false, nil // held already
			case ferr == nil && attempt == 0:
				// A key left behind by a write that died half-way (no transactions) is
				// taken over once it is old enough.
				if stale, serr := c.releaseIfStale(ctx, coll, k, kd); serr == nil && stale {
					continue
				}
			}
		}
		return false, fmt.Errorf("mongo: write %s/%s: %w", c.name, holder,
			&store.DuplicateError{Collection: c.name, Index: k.ix.Name, Fields: indexFields(k.ix)})
	}
}

// releaseIfStale removes key k when its holder no longer holds that value and the key is
// older than staleKeyAfter.
func (c *Collection) releaseIfStale(ctx context.Context, coll *mongo.Collection, k uniqueKey, kd keyDoc) (bool, error) {
	if time.Since(kd.At.Time()) < staleKeyAfter {
		return false, nil
	}
	raw, err := c.primary.FindOne(ctx, bson.D{{Key: "_id", Value: kd.Holder}}).Raw()
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
	case err != nil:
		return false, err
	default:
		d, err := decodeDoc(bsoncore.Document(raw))
		if err != nil {
			return false, err
		}
		doc, err := decodeForKeys(d.Data)
		if err != nil {
			return false, err
		}
		for _, held := range uniqueKeys(c.name, []store.Index{k.ix}, doc) {
			if held.id == k.id {
				return false, nil // a real holder
			}
		}
	}
	res, err := coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: k.id}, {Key: "rec", Value: kd.Holder}, {Key: "at", Value: kd.At}})
	if err != nil {
		return false, err
	}
	c.s.log.Warn("mongo: took over a unique value whose holder does not hold it (a write without transactions stopped half-way)",
		"collection", c.name, "index", k.ix.Name, "holder", kd.Holder)
	return res.DeletedCount > 0, nil
}

// releaseKeys removes keys holder holds. Failures are logged: a key left behind only
// reserves its value until it is taken over (releaseIfStale).
func (c *Collection) releaseKeys(ctx context.Context, holder string, keys []uniqueKey) {
	coll := c.s.db.Collection(uniqueCollection)
	for _, k := range keys {
		// One delete per key, by _id and holder: a key another document holds stays.
		if _, err := coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: k.id}, {Key: "rec", Value: holder}}); err != nil && !inTx(ctx) {
			c.s.log.Warn("mongo: could not release a unique value; it stays reserved until taken over", "collection", c.name, "holder", holder, "err", err)
		}
	}
}

func (c *Collection) deleteKeys(ctx context.Context, filter bson.D) error {
	if _, err := c.s.db.Collection(uniqueCollection).DeleteMany(ctx, filter); err != nil {
		return fmt.Errorf("mongo: release unique values of %s: %w", c.name, err)
	}
	return nil
}

// keyDiff is the keys of next that cur does not hold, and the keys of cur that next does not.
func keyDiff(cur, next []uniqueKey) (add, drop []uniqueKey) {
	have := map[string]bool{}
	for _, k := range cur {
		have[k.id] = true
	}
	want := map[string]bool{}
	for _, k := range next {
		want[k.id] = true
		if !have[k.id] {
			add = append(add, k)
		}
	}
	for _, k := range cur {
		if !want[k.id] {
			drop = append(drop, k)
		}
	}
	return add, drop
}

// ensureKeyIndexes creates the key collection's two indexes: by holder (deletes) and by
// index (rebuilds). They are the same whatever the number of forms.
func (s *Store) ensureKeyIndexes(ctx context.Context) error {
	s.mu.RLock()
	ok := s.keyIndexes
	s.mu.RUnlock()
	if ok {
		return nil
	}
	coll := s.db.Collection(uniqueCollection)
	have, err := existingIndexes(ctx, coll)
	if err != nil {
		return fmt.Errorf("mongo: indexes of %s: %w", uniqueCollection, err)
	}
	// One at a time and only the missing ones: FerretDB v1 drops the connection when
	// asked again for indexes it has.
	for name, field := range map[string]string{"holder": "rec", "index": "ix"} {
		if have[name] {
			continue
		}
		m := mongo.IndexModel{Keys: bson.D{{Key: "c", Value: 1}, {Key: field, Value: 1}}, Options: options.Index().SetName(name)}
		if _, err := coll.Indexes().CreateOne(ctx, m); err != nil {
			return fmt.Errorf("mongo: indexes of %s: %w", uniqueCollection, err)
		}
	}
	s.mu.Lock()
	s.keyIndexes = true
	s.mu.Unlock()
	return nil
}

// keyedMarker is the meta document saying that the keys of a keyed index are complete
// for the definition def.
func keyedMarker(coll, name string) string { return "unique:" + coll + ":" + name }

func keyedDef(ix store.Index) string {
	js, _ := json.Marshal(ix)
	sum := sha256.Sum256(js)
	return hex.EncodeToString(sum[:8])
}

// keyedDone names the keyed indexes of coll whose keys are complete for their current
// definition.
func (s *Store) keyedDone(ctx context.Context, coll string, indexes []store.Index) (map[string]bool, error) {
	out := map[string]bool{}
	if len(indexes) == 0 {
		return out, nil
	}
	ids := make([]string, len(indexes))
	want := map[string]string{}
	for i, ix := range indexes {
		ids[i] = keyedMarker(coll, ix.Name)
		want[ids[i]] = keyedDef(ix)
	}
	cur, err := s.db.Collection(metaCollection).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
	if err != nil {
		return nil, fmt.Errorf("mongo: unique values of %s: %w", coll, err)
	}
	var docs []struct {
		ID  string `bson:"_id"`
		Def string `bson:"def"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("mongo: unique values of %s: %w", coll, err)
	}
	for _, d := range docs {
		if want[d.ID] == d.Def {
			out[strings.TrimPrefix(d.ID, "unique:"+coll+":")] = true
		}
	}
	return out, nil
}

// backfill puts in place the keys of keyed index ix for the documents coll holds, and
// marks them complete. Values already held twice are a *store.DuplicateError naming the
// index; the documents that hold them are in the error's message, and the index stays
// missing (writes it covers refused) until they are resolved and the declaration is
// ensured again.
func (s *Store) backfill(ctx context.Context, coll string, ix store.Index) error {
	if err := s.ensureKeyIndexes(ctx); err != nil {
		return err
	}
	def := keyedDef(ix)
	var marker struct {
		Def string `bson:"def"`
	}
	err := s.db.Collection(metaCollection).FindOne(ctx, bson.D{{Key: "_id", Value: keyedMarker(coll, ix.Name)}}).Decode(&marker)
	switch {
	case err == nil && marker.Def == def:
		return nil
	case err == nil:
		// The rule changed (its conditions or keys): its keys are made again from scratch.
		if err := s.clearKeyed(ctx, coll, ix.Name); err != nil {
			return err
		}
	case !errors.Is(err, mongo.ErrNoDocuments):
		return fmt.Errorf("mongo: unique values of %s index %s: %w", coll, ix.Name, err)
	}
	c := s.Collection(coll).(*Collection)
	filter := bson.D{}
	if p := partialExpression(ix); len(p) > 0 {
		filter = p
	}
	cur, err := c.primary.Find(ctx, filter)
	if err != nil {
		return fmt.Errorf("mongo: unique values of %s index %s: %w", coll, ix.Name, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var dups []string
	for cur.Next(ctx) {
		d, err := decodeDoc(bsoncore.Document(cur.Current))
		if err != nil {
			return err
		}
		doc, err := decodeForKeys(d.Data)
		if err != nil {
			return err
		}
		for _, k := range uniqueKeys(coll, []store.Index{ix}, doc) {
			if _, err := c.claimKey(ctx, s.db.Collection(uniqueCollection), d.ID, k); err != nil {
				if !errors.Is(err, store.ErrDuplicate) {
					return err
				}
				if len(dups) < 10 {
					dups = append(dups, d.ID)
				}
			}
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("mongo: unique values of %s index %s: %w", coll, ix.Name, err)
	}
	if len(dups) > 0 {
		sort.Strings(dups)
		return fmt.Errorf("existing documents conflict (%s hold values other documents hold): %w",
			strings.Join(dups, ", "), &store.DuplicateError{Collection: coll, Index: ix.Name, Fields: indexFields(ix)})
	}
	_, err = s.db.Collection(metaCollection).UpdateOne(ctx,
		bson.D{{Key: "_id", Value: keyedMarker(coll, ix.Name)}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "def", Value: def}}}},
		options.UpdateOne().SetUpsert(true))
	if err != nil && !s.isDuplicate(err) { // two instances marking at once: one wins, same content
		return fmt.Errorf("mongo: unique values of %s index %s: %w", coll, ix.Name, err)
	}
	return nil
}

// clearKeyed removes every key of a keyed index and its completeness marker.
func (s *Store) clearKeyed(ctx context.Context, coll, name string) error {
	if _, err := s.db.Collection(metaCollection).DeleteOne(ctx, bson.D{{Key: "_id", Value: keyedMarker(coll, name)}}); err != nil {
		return fmt.Errorf("mongo: unique values of %s index %s: %w", coll, name, err)
	}
	if _, err := s.db.Collection(uniqueCollection).DeleteMany(ctx, bson.D{{Key: "c", Value: coll}, {Key: "ix", Value: name}}); err != nil {
		return fmt.Errorf("mongo: unique values of %s index %s: %w", coll, name, err)
	}
	return nil
}
