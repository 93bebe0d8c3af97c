package mongo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Collection is a handle on one collection. It implements store.Collection.
type Collection struct {
	s    *Store
	name string
	coll *mongo.Collection
	// primary reads from the primary whatever the URI's read preference: Get and the
	// reads of compare-and-set must see the latest version, or a retry loop would keep
	// losing to a stale secondary. Lists, counts and aggregations follow the URI.
	primary *mongo.Collection
}

var _ store.Collection = (*Collection)(nil)

// Name is the collection's name.
func (c *Collection) Name() string { return c.name }

// errBadData: the document data cannot be stored.
var errBadData = errors.New("mongo: document data must be a JSON object whose top-level keys do not start with '_'")

// storedDoc builds the BSON document kept for a document: the store's fields, then the
// data's elements (from dataElements).
func storedDoc(id string, version int64, created, updated time.Time, data []byte) bson.Raw {
	doc := make([]byte, 0, 64+len(id)+len(data))
	doc = append(doc, 0, 0, 0, 0)
	doc = bsoncore.AppendStringElement(doc, "_id", id)
	doc = bsoncore.AppendInt64Element(doc, "_version", version)
	doc = bsoncore.AppendDateTimeElement(doc, "_created", created.UnixMilli())
	doc = bsoncore.AppendDateTimeElement(doc, "_updated", updated.UnixMilli())
	doc = append(doc, data...)
	return bson.Raw(finishDoc(doc, 0))
}

func parseData(data json.RawMessage) ([]byte, error) {
	d, err := dataElements(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBadData, err)
	}
	return d, nil
}

// decodeDoc reads a stored document.
func decodeDoc(raw bsoncore.Document) (store.Document, error) {
	var d store.Document
	idv, err := raw.LookupErr("_id")
	if err != nil {
		return d, errors.New("mongo: stored document has no _id")
	}
	switch idv.Type {
	case bsoncore.TypeString:
		d.ID, _ = idv.StringValueOK()
	case bsoncore.TypeObjectID:
		oid, _ := idv.ObjectIDOK()
		d.ID = bson.ObjectID(oid).Hex()
	default:
		d.ID = idv.String()
	}
	if v, err := raw.LookupErr("_version"); err == nil {
		d.Version, _ = v.AsInt64OK()
	}
	if v, err := raw.LookupErr("_created"); err == nil {
		if ms, ok := v.DateTimeOK(); ok {
			d.Created = time.UnixMilli(ms).UTC()
		}
	}
	if v, err := raw.LookupErr("_updated"); err == nil {
		if ms, ok := v.DateTimeOK(); ok {
			d.Updated = time.UnixMilli(ms).UTC()
		}
	}
	if d.Data, err = bsonToJSON(raw); err != nil {
		return d, fmt.Errorf("mongo: document %s: %w", d.ID, err)
	}
	return d, nil
}

// Insert stores d with version 1 and fresh timestamps; a new ID is made when d has none.
func (c *Collection) Insert(ctx context.Context, d store.Document) (store.Document, error) {
	return c.InsertAt(ctx, d, 1)
}

// InsertAt is Insert at version (store.InsertAt).
func (c *Collection) InsertAt(ctx context.Context, d store.Document, version int64) (store.Document, error) {
	cs, err := c.s.collSpecFor(ctx, c.name)
	if err != nil {
		return store.Document{}, err
	}
	data, err := parseData(d.Data)
	if err != nil {
		return store.Document{}, err
	}
	if err := c.checkConstraints(ctx, cs, d.Data); err != nil {
		return store.Document{}, err
	}
	if d.ID == "" {
		d.ID = store.NewID()
	}
	now := store.Now()
	doc := storedDoc(d.ID, version, now, now, data)
	insert := func(ctx context.Context) error {
		if _, err := c.coll.InsertOne(ctx, doc); err != nil {
			return c.writeErr(ctx, err, cs, d.ID, doc, true)
		}
		return nil
	}
	if len(cs.keyed) == 0 {
		if err := insert(ctx); err != nil {
			return store.Document{}, err
		}
	} else {
		m, err := decodeForKeys(d.Data)
		if err != nil {
			return store.Document{}, err
		}
		keys := uniqueKeys(c.name, cs.keyed, m)
		err = c.withKeys(ctx, d.ID, keys, nil, insert)
		if err != nil {
			return store.Document{}, err
		}
	}
	return store.Document{ID: d.ID, Version: version, Created: now, Updated: now, Data: d.Data}, nil
}

// withKeys runs write (the document's own write) with the unique values it claims (add)
// and releases (drop): all in one transaction when the server has them, else claimed
// first, released again when write fails, and the dropped ones released after it.
func (c *Collection) withKeys(ctx context.Context, holder string, add, drop []uniqueKey, write func(ctx context.Context) error) error {
	if len(add) == 0 && len(drop) == 0 {
		return write(ctx)
	}
	if c.s.caps.Transactions {
		return c.s.WithTx(ctx, func(ctx context.Context) error {
			if _, err := c.claimKeys(ctx, holder, add); err != nil {
				return err
			}
			if err := write(ctx); err != nil {
				return err
			}
			c.releaseKeys(ctx, holder, drop)
			return nil
		})
	}
	claimed, err := c.claimKeys(ctx, holder, add)
	if err != nil {
		return err
	}
	if err := write(ctx); err != nil {
		c.releaseKeys(context.WithoutCancel(ctx), holder, claimed)
		return err
	}
	c.releaseKeys(context.WithoutCancel(ctx), holder, drop)
	return nil
}

// Get reads one document by ID.
func (c *Collection) Get(ctx context.Context, id string) (store.Document, error) {
	if _, err := c.s.collSpecFor(ctx, c.name); err != nil {
		return store.Document{}, err
	}
	raw, err := c.primary.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return store.Document{}, fmt.Errorf("mongo: %s/%s: %w", c.name, id, store.ErrNotFound)
	}
	if err != nil {
		return store.Document{}, fmt.Errorf("mongo: get %s/%s: %w", c.name, id, err)
	}
	return decodeDoc(bsoncore.Document(raw))
}

// Update is the compare-and-set: one findAndModify that replaces the document only while
// its _version is still d.Version. When d carries its creation time (as documents read
// from the store do) that is the only round trip; otherwise the creation time is read
// first, and the version guard still decides.
func (c *Collection) Update(ctx context.Context, d store.Document) (store.Document, error) {
	cs, err := c.s.collSpecFor(ctx, c.name)
	if err != nil {
		return store.Document{}, err
	}
	data, err := parseData(d.Data)
	if err != nil {
		return store.Document{}, err
	}
	if err := c.checkConstraints(ctx, cs, d.Data); err != nil {
		return store.Document{}, err
	}
	if len(cs.keyed) > 0 {
		return c.updateKeyed(ctx, cs, d, data)
	}
	return c.update(ctx, cs, d, data)
}

// updateKeyed is Update for a collection with keyed unique indexes: the stored version is
// read first, for the values it holds.
func (c *Collection) updateKeyed(ctx context.Context, cs *collSpec, d store.Document, data []byte) (store.Document, error) {
	raw, err := c.primary.FindOne(ctx, bson.D{{Key: "_id", Value: d.ID}}).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return store.Document{}, fmt.Errorf("mongo: %s/%s: %w", c.name, d.ID, store.ErrNotFound)
	}
	if err != nil {
		return store.Document{}, fmt.Errorf("mongo: update %s/%s: %w", c.name, d.ID, err)
	}
	cur, err := decodeDoc(bsoncore.Document(raw))
	if err != nil {
		return store.Document{}, err
	}
	if cur.Version != d.Version {
		return store.Document{}, fmt.Errorf("mongo: %s/%s: %w", c.name, d.ID, store.ErrVersionConflict)
	}
	curMap, err := decodeForKeys(cur.Data)
	if err != nil {
		return store.Document{}, err
	}
	nextMap, err := decodeForKeys(d.Data)
	if err != nil {
		return store.Document{}, err
	}
	add, drop := keyDiff(uniqueKeys(c.name, cs.keyed, curMap), uniqueKeys(c.name, cs.keyed, nextMap))
	d.Created = cur.Created
	var out store.Document
	err = c.withKeys(ctx, d.ID, add, drop, func(ctx context.Context) error {
		var err error
		out, err = c.update(ctx, cs, d, data)
		return err
	})
	return out, err
}

// update is the compare-and-set of Update, once the data is checked.
func (c *Collection) update(ctx context.Context, cs *collSpec, d store.Document, data []byte) (store.Document, error) {
	now := store.Now()
	out := store.Document{ID: d.ID, Version: d.Version + 1, Updated: now, Data: d.Data}
	if !d.Created.IsZero() {
		created := d.Created.UTC().Truncate(time.Millisecond)
		guard := bson.D{
			{Key: "_id", Value: d.ID},
			{Key: "_version", Value: d.Version},
			{Key: "_created", Value: bson.NewDateTimeFromTime(created)},
		}
		ok, err := c.replace(ctx, cs, guard, storedDoc(d.ID, d.Version+1, created, now, data))
		if err != nil || ok {
			out.Created = created
			return out, err
		}
		// No match: stale version, gone, or a creation time that is not the stored one.
	}
	var cur struct {
		Version int64         `bson:"_version"`
		Created bson.DateTime `bson:"_created"`
	}
	err := c.primary.FindOne(ctx, bson.D{{Key: "_id", Value: d.ID}},
		options.FindOne().SetProjection(bson.D{{Key: "_version", Value: 1}, {Key: "_created", Value: 1}})).Decode(&cur)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return store.Document{}, fmt.Errorf("mongo: %s/%s: %w", c.name, d.ID, store.ErrNotFound)
	}
	if err != nil {
		return store.Document{}, fmt.Errorf("mongo: update %s/%s: %w", c.name, d.ID, err)
	}
	if cur.Version != d.Version {
		return store.Document{}, fmt.Errorf("mongo: %s/%s: %w", c.name, d.ID, store.ErrVersionConflict)
	}
	created := cur.Created.Time().UTC()
	guard := bson.D{{Key: "_id", Value: d.ID}, {Key: "_version", Value: d.Version}}
	ok, err := c.replace(ctx, cs, guard, storedDoc(d.ID, d.Version+1, created, now, data))
	if err != nil {
		return store.Document{}, err
	}
	if !ok {
		return store.Document{}, c.missOrConflict(ctx, d.ID)
	}
	out.Created = created
	return out, nil
}

// replace swaps the document matching guard for doc and reports whether one matched.
func (c *Collection) replace(ctx context.Context, cs *collSpec, guard bson.D, doc bson.Raw) (bool, error) {
	opts := options.FindOneAndReplace()
	if !c.s.server.ferret { // FerretDB v1 refuses projections in findAndModify
		opts.SetProjection(bson.D{{Key: "_id", Value: 1}})
	}
	err := c.coll.FindOneAndReplace(ctx, guard, doc, opts).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		id, _ := doc.Lookup("_id").StringValueOK()
		return false, c.writeErr(ctx, err, cs, id, doc, false)
	}
	return true, nil
}

// missOrConflict tells why a guarded write matched nothing.
func (c *Collection) missOrConflict(ctx context.Context, id string) error {
	n, err := c.primary.CountDocuments(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return fmt.Errorf("mongo: %s/%s: %w", c.name, id, err)
	}
	if n > 0 {
		return fmt.Errorf("mongo: %s/%s: %w", c.name, id, store.ErrVersionConflict)
	}
	return fmt.Errorf("mongo: %s/%s: %w", c.name, id, store.ErrNotFound)
}

// Delete removes a document, guarded by its version unless version is 0.
func (c *Collection) Delete(ctx context.Context, id string, version int64) error {
	cs, err := c.s.collSpecFor(ctx, c.name)
	if err != nil {
		return err
	}
	filter := bson.D{{Key: "_id", Value: id}}
	if version != 0 {
		filter = append(filter, bson.E{Key: "_version", Value: version})
	}
	del := func(ctx context.Context) error {
		res, err := c.coll.DeleteOne(ctx, filter)
		if err != nil {
			return fmt.Errorf("mongo: delete %s/%s: %w", c.name, id, err)
		}
		if res.DeletedCount == 0 {
			if version == 0 {
				return fmt.Errorf("mongo: %s/%s: %w", c.name, id, store.ErrNotFound)
			}
			return c.missOrConflict(ctx, id)
		}
		// The values the document held are free again (in the same transaction, when
		// there is one; without, a key left behind is taken over later).
		if len(cs.keyed) > 0 {
			if err := c.deleteKeys(ctx, bson.D{{Key: "c", Value: c.name}, {Key: "rec", Value: id}}); err != nil {
				if inTx(ctx) {
					return err
				}
				c.s.log.Warn("mongo: could not release unique values; they stay reserved until taken over", "collection", c.name, "holder", id, "err", err)
			}
		}
		return nil
	}
	if len(cs.keyed) > 0 && c.s.caps.Transactions {
		return c.s.WithTx(ctx, del)
	}
	return del(ctx)
}

// DeleteMany removes every document matching f and reports how many.
func (c *Collection) DeleteMany(ctx context.Context, f store.Filter) (int64, error) {
	cs, err := c.s.collSpecFor(ctx, c.name)
	if err != nil {
		return 0, err
	}
	filter, err := translateFilter(f, "")
	if err != nil {
		return 0, err
	}
	if len(cs.keyed) == 0 {
		res, err := c.coll.DeleteMany(ctx, filter)
		if err != nil {
			return 0, fmt.Errorf("mongo: delete from %s: %w", c.name, err)
		}
		return res.DeletedCount, nil
	}
	// With keyed unique values the documents go in batches of known IDs, each batch
	// (in a transaction of its own when the server has them) with the values its
	// documents held.
	var total int64
	for {
		var n int64
		more := false
		batch := func(ctx context.Context) error {
			var err error
			n, more, err = c.deleteBatch(ctx, filter)
			return err
		}
		if c.s.caps.Transactions && !inTx(ctx) {
			err = c.s.WithTx(ctx, batch)
		} else {
			err = batch(ctx)
		}
		total += n
		if err != nil || !more {
			return total, err
		}
	}
}

// deleteBatchSize is how many documents one batch of DeleteMany removes with their
// unique values.
const deleteBatchSize = 500

// deleteBatch removes up to deleteBatchSize documents matching filter and the unique values
// they held; more reports whether another batch may find more.
func (c *Collection) deleteBatch(ctx context.Context, filter bson.D) (n int64, more bool, err error) {
	cur, err := c.primary.Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}).SetLimit(deleteBatchSize))
	if err != nil {
		return 0, false, fmt.Errorf("mongo: delete from %s: %w", c.name, err)
	}
	var rows []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return 0, false, fmt.Errorf("mongo: delete from %s: %w", c.name, err)
	}
	if len(rows) == 0 {
		return 0, false, nil
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	in := bson.D{{Key: "$in", Value: ids}}
	match := bson.D{{Key: "_id", Value: in}}
	if len(filter) > 0 {
		match = bson.D{{Key: "$and", Value: bson.A{filter, match}}}
	}
	res, err := c.coll.DeleteMany(ctx, match)
	if err != nil {
		return 0, false, fmt.Errorf("mongo: delete from %s: %w", c.name, err)
	}
	// Only the values of documents that are gone: one that changed meanwhile and no
	// longer matched is still there, holding its values.
	left, err := c.primary.Find(ctx, bson.D{{Key: "_id", Value: in}}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return res.DeletedCount, false, fmt.Errorf("mongo: delete from %s: %w", c.name, err)
	}
	var kept []struct {
		ID string `bson:"_id"`
	}
	if err := left.All(ctx, &kept); err != nil {
		return res.DeletedCount, false, fmt.Errorf("mongo: delete from %s: %w", c.name, err)
	}
	still := map[string]bool{}
	for _, k := range kept {
		still[k.ID] = true
	}
	gone := make([]string, 0, len(ids))
	for _, id := range ids {
		if !still[id] {
			gone = append(gone, id)
		}
	}
	if len(gone) > 0 {
		if err := c.deleteKeys(ctx, bson.D{{Key: "c", Value: c.name}, {Key: "rec", Value: bson.D{{Key: "$in", Value: gone}}}}); err != nil {
			return res.DeletedCount, false, err
		}
	}
	return res.DeletedCount, len(rows) == deleteBatchSize && res.DeletedCount > 0, nil
}

// FindOne returns the first match in _id order.
func (c *Collection) FindOne(ctx context.Context, f store.Filter) (store.Document, error) {
	if _, err := c.s.collSpecFor(ctx, c.name); err != nil {
		return store.Document{}, err
	}
	filter, err := translateFilter(f, "")
	if err != nil {
		return store.Document{}, err
	}
	raw, err := c.coll.FindOne(ctx, filter, options.FindOne().SetSort(bson.D{{Key: "_id", Value: 1}})).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return store.Document{}, fmt.Errorf("mongo: %s: %w", c.name, store.ErrNotFound)
	}
	if err != nil {
		return store.Document{}, fmt.Errorf("mongo: find in %s: %w", c.name, err)
	}
	return decodeDoc(bsoncore.Document(raw))
}

// Count counts the documents matching f.
func (c *Collection) Count(ctx context.Context, f store.Filter) (int64, error) {
	if _, err := c.s.collSpecFor(ctx, c.name); err != nil {
		return 0, err
	}
	filter, err := translateFilter(f, "")
	if err != nil {
		return 0, err
	}
	n, err := c.coll.CountDocuments(ctx, filter)
	if err != nil {
		return 0, fmt.Errorf("mongo: count in %s: %w", c.name, err)
	}
	return n, nil
}

// Find returns one page of the documents matching q, in q's order, after q.After.
func (c *Collection) Find(ctx context.Context, q store.Query) (store.Page, error) {
	if _, err := c.s.collSpecFor(ctx, c.name); err != nil {
		return store.Page{}, err
	}
	limit := q.Limit
	if limit == 0 {
		limit = store.DefaultLimit
	}
	if limit < 0 || limit > store.MaxLimit {
		return store.Page{}, store.NewQueryError("/limit", fault.Problem("bad_value.query_limit").Fill("max", store.MaxLimit))
	}
	filter, err := translateFilter(q.Filter, "")
	if err != nil {
		return store.Page{}, err
	}
	keys, err := sortKeys(q.Sort)
	if err != nil {
		return store.Page{}, err
	}
	fp := queryFingerprint(c.name, filter, keys)
	query := filter
	if q.After != "" {
		vals, err := c.s.cursor.open(q.After, fp, len(keys))
		if err != nil {
			return store.Page{}, err
		}
		after := afterFilter(keys, vals)
		if len(filter) == 0 {
			query = after
		} else {
			query = bson.D{{Key: "$and", Value: bson.A{filter, after}}}
		}
	}
	cur, err := c.coll.Find(ctx, query, options.Find().SetSort(sortDoc(keys)).SetLimit(int64(limit+1)).SetBatchSize(int32(limit+1)))
	if err != nil {
		return store.Page{}, fmt.Errorf("mongo: find in %s: %w", c.name, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	page := store.Page{Docs: make([]store.Document, 0, limit)}
	var last bsoncore.Document
	for cur.Next(ctx) {
		if len(page.Docs) == limit {
			next, err := c.s.cursor.seal(fp, sortValues(last, keys))
			if err != nil {
				return store.Page{}, err
			}
			page.Next = next
			break
		}
		raw := bsoncore.Document(cur.Current)
		d, err := decodeDoc(raw)
		if err != nil {
			return store.Page{}, err
		}
		page.Docs = append(page.Docs, d)
		if len(page.Docs) == limit { // the driver reuses its buffer: keep a copy
			last = append(bsoncore.Document(nil), raw...)
		}
	}
	if err := cur.Err(); err != nil {
		return store.Page{}, fmt.Errorf("mongo: find in %s: %w", c.name, err)
	}
	return page, nil
}
