package app

import (
	"context"
	"fmt"

	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
)

// openMongo connects to MongoDB. The database is the one named in the URI (default
// "formloom"); read and write concerns come from the URI's options (readConcernLevel, w,
// journal), as operators already know them.
func openMongo(ctx context.Context, cfg config.Config) (store.Store, error) {
	st, err := mongo.Open(ctx, mongo.Options{URI: cfg.MongoURI})
	if err != nil {
		return nil, fmt.Errorf("app: connect to MongoDB: %w", err)
	}
	return st, nil
}
