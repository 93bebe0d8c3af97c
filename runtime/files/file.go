package files

import (
	"time"

	"github.com/formloom/formloom/store"
)

// Collection name of the metadata documents.
const filesColl = "files"

// Unattached is the Record of a file no record uses yet.
const Unattached = "unattached"

// Collections declares what the package stores.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{
		{Name: filesColl, Indexes: []store.Index{
			// Cleaning up: the files of a record, or the ones never attached, oldest first.
			{Name: "record", Keys: []store.SortKey{{Field: "record"}, {Field: store.PathCreated}, {Field: store.PathID}}},
		}},
	}
}

// Place is where a file belongs: the attachment field (a dotted path, "items.photo" in a
// sub-form row) of a form of an app of a workspace.
type Place struct {
	Workspace string `json:"workspace"`
	App       string `json:"app"`
	Form      string `json:"form"`  // the form's key
	Field     string `json:"field"` // the field's dotted path
}

// File is one uploaded file's metadata.
type File struct {
	ID string `json:"-"`
	Place
	Uploader    string    `json:"uploader"`
	Name        string    `json:"name"`
	Size        int64     `json:"size"`
	ContentType string    `json:"contentType"` // sniffed from the content, never taken from the client
	SHA256      string    `json:"sha256"`
	Created     time.Time `json:"created"`
	Record      string    `json:"record"` // the record it is attached to, or Unattached
	Deleted     bool      `json:"deleted,omitempty"`
}

// Info is what an upload answers.
type Info struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"contentType"`
}

// Info returns the public part of f.
func (f File) Info() Info {
	return Info{ID: f.ID, Name: f.Name, Size: f.Size, ContentType: f.ContentType}
}
