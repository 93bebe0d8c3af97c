package app

import (
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/formloom/formloom/runtime/files"
	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
)

// openFiles chooses where uploaded files live by engine: GridFS beside the MongoDB
// collections (every instance sees them), else FORMLOOM_DATA_DIR/files.
func openFiles(cfg config.Config, st store.Store, log *slog.Logger) (*files.Service, error) {
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
	return files.New(st, blobs, files.Options{Logger: log}), nil
}
