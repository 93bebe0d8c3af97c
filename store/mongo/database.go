package mongo

import "go.mongodb.org/mongo-driver/v2/mongo"

// Database is the MongoDB database the store uses, for what lives beside the store's
// collections in the same database (GridFS buckets of uploaded files).
func (s *Store) Database() *mongo.Database { return s.db }
