package files

import (
	"context"
	"errors"
	"io"
)

// ErrNoBlob: no blob has that ID.
var ErrNoBlob = errors.New("files: no such blob")

// Blobs holds file contents by ID. Implementations are safe for concurrent use.
type Blobs interface {
	// Put stores everything r yields under id. When r fails, nothing is kept.
	Put(ctx context.Context, id string, r io.Reader) error
	// Open reads a blob; ErrNoBlob if there is none.
	Open(ctx context.Context, id string) (io.ReadCloser, error)
	// Delete removes a blob; deleting a missing one is not an error.
	Delete(ctx context.Context, id string) error
}

// validID keeps blob IDs to the store's alphabet, so that an ID can never name a path
// outside the blob directory.
func validID(id string) bool {
	if len(id) < 4 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}
