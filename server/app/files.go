package app

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/formloom/formloom/runtime/files"
	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
)

// openFiles chooses where uploaded files live by engine: GridFS beside the MongoDB
// collections (every instance sees them), else FORMLOOM_DATA_DIR/files.
func openFiles(cfg config.Config, st store.Store, sch *schedule.Scheduler, log *slog.Logger, now func() time.Time) (*files.Service, error) {
	var blobs files.Blobs
	if m, ok := st.(*mongo.Store); ok && st.Capabilities().Engine == "mongo" {
		blobs = files.NewGridFSBlobs(m.Database())
	} else {
		d, err := files.NewDirBlobs(filepath.Join(cfg.DataDir, "files"))
		if err != nil {
			return nil, fmt.Errorf("app: %w", err)
		}
		blobs = d
	}
	svc := files.New(st, blobs, files.Options{Logger: log, Now: now, Jobs: jobs{sch}})
	// Removing a file touches its contents outside the store: run outside a transaction,
	// where a repeat after a crash finds the file gone and does nothing.
	sch.HandleOutside(files.KindExpire, func(ctx context.Context, it schedule.Item) error { return svc.HandleExpire(ctx, it.Payload) })
	return svc, nil
}
