package tabular

import (
	"errors"
	"strings"
	"time"

	"github.com/formloom/formloom/builder/form"
)

// Format is a file format.
type Format string

// The formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// ErrFormat is returned for a format other than CSV and XLSX.
var ErrFormat = errors.New("tabular: unknown format")

// Meta columns: the record's envelope, exportable beside its fields and ignored on import.
const (
	MetaID      = "_id"
	MetaCreated = "_created"
	MetaUpdated = "_updated"
)

// Options are what export and import share.
type Options struct {
	// Language of labels, option labels, yes/no words and list separators: "zh…" for
	// Chinese, anything else for English. Import understands both whatever it says.
	Language string
	// Location is the workspace's timezone: datetimes are written in it, and datetimes
	// read without an offset are taken to be in it. UTC when nil.
	Location *time.Location
	// Hidden lists field paths ("budget", "items.price") the user may not see: they are
	// never written, and a column naming one is treated as unknown.
	Hidden []string
	// Refs, when set, shows members, departments and related records by name and finds
	// them again on import. Without it their IDs are written and read as they are.
	Refs Refs
}

// Refs names the IDs of member, department and relation fields for people, and finds
// them again. The runtime implements it over the workspace (members by name or e-mail,
// departments by name, related records by their title); it should cache, since it is
// called once per value.
type Refs interface {
	// Name returns what to show for id in field f; "" writes the ID itself.
	Name(f *form.Field, id string) string
	// Resolve returns the ID that text names in field f, or false when nothing does.
	Resolve(f *form.Field, text string) (id string, ok bool)
}

// AmbiguousRefs is a Refs that tells a name several things share from a name nothing has:
// the cell's error is then "ambiguous" rather than "not found".
type AmbiguousRefs interface {
	Ambiguous(f *form.Field, text string) bool
}

func (o *Options) zh() bool { return strings.HasPrefix(strings.ToLower(o.Language), "zh") }

func (o *Options) location() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

// listSep joins the items of a list cell.
func (o *Options) listSep() string {
	if o.zh() {
		return "、"
	}
	return ", "
}

func (o *Options) yesNo(b bool) string {
	switch {
	case o.zh() && b:
		return "是"
	case o.zh():
		return "否"
	case b:
		return "Yes"
	}
	return "No"
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}
