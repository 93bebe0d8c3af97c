package app

import (
	"context"
	"fmt"

	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/store"
)

func openMongo(ctx context.Context, cfg config.Config) (store.Store, error) {
	return nil, fmt.Errorf("app: FORMLOOM_MONGODB_URI is set but this build has no MongoDB engine wired yet")
}
