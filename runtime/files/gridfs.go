package files

import (
	"context"
	"errors"
	"fmt"
	"io"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// GridFSBlobs keeps blobs in a MongoDB GridFS bucket ("blobs.files" and "blobs.chunks"),
// so that every app instance sees the same files.
type GridFSBlobs struct {
	bucket *mongo.GridFSBucket
}

// NewGridFSBlobs uses the bucket "blobs" of db.
func NewGridFSBlobs(db *mongo.Database) *GridFSBlobs {
	return &GridFSBlobs{bucket: db.GridFSBucket(options.GridFSBucket().SetName("blobs"))}
}

// Put implements Blobs. The driver aborts the upload, removing its chunks, when r fails.
func (g *GridFSBlobs) Put(ctx context.Context, id string, r io.Reader) error {
	if err := g.bucket.UploadFromStreamWithID(ctx, id, id, ctxReader{ctx, r}); err != nil {
		return fmt.Errorf("files: upload to GridFS: %w", err)
	}
	return nil
}

// Open implements Blobs.
func (g *GridFSBlobs) Open(ctx context.Context, id string) (io.ReadCloser, error) {
	s, err := g.bucket.OpenDownloadStream(ctx, id)
	if errors.Is(err, mongo.ErrFileNotFound) {
		return nil, ErrNoBlob
	}
	if err != nil {
		return nil, fmt.Errorf("files: open GridFS file: %w", err)
	}
	return s, nil
}

// Delete implements Blobs.
func (g *GridFSBlobs) Delete(ctx context.Context, id string) error {
	err := g.bucket.Delete(ctx, id)
	if err != nil && !errors.Is(err, mongo.ErrFileNotFound) {
		return fmt.Errorf("files: delete GridFS file: %w", err)
	}
	return nil
}
