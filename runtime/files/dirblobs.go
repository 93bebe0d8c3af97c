package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// DirBlobs keeps blobs as files in a directory, sharded by the last two characters of the
// ID (the varying ones of the store's time-ordered IDs) so no directory grows too large.
type DirBlobs struct {
	root string
}

// NewDirBlobs uses (and creates) the directory root.
func NewDirBlobs(root string) (*DirBlobs, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("files: create blob directory: %w", err)
	}
	return &DirBlobs{root: root}, nil
}

func (d *DirBlobs) path(id string) (string, error) {
	if !validID(id) {
		return "", fmt.Errorf("files: bad blob id %q: %w", id, ErrNoBlob)
	}
	return filepath.Join(d.root, id[len(id)-2:], id), nil
}

// Put implements Blobs: a temporary file in the shard, synced and renamed into place, so
// a reader never sees half a blob.
func (d *DirBlobs) Put(ctx context.Context, id string, r io.Reader) (err error) {
	p, err := d.path(id)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("files: create shard: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return fmt.Errorf("files: create blob: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, ctxReader{ctx, r}); err != nil {
		return fmt.Errorf("files: write blob: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("files: sync blob: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("files: close blob: %w", err)
	}
	if err = os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("files: store blob: %w", err)
	}
	return nil
}

// Open implements Blobs.
func (d *DirBlobs) Open(_ context.Context, id string) (io.ReadCloser, error) {
	p, err := d.path(id)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoBlob
	}
	if err != nil {
		return nil, fmt.Errorf("files: open blob: %w", err)
	}
	return f, nil
}

// Delete implements Blobs.
func (d *DirBlobs) Delete(_ context.Context, id string) error {
	p, err := d.path(id)
	if err != nil {
		return nil //nolint:nilerr // an id that names no file names no blob: nothing to delete
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("files: delete blob: %w", err)
	}
	return nil
}

// ctxReader stops a copy when its context ends (a client gone mid-upload).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
