// Package records is the end-user side of a form: records written, read, changed, soft
// deleted and restored through the HTTP API, each validated against the exact published
// form version it was written with, with a timeline of every change and explicit,
// previewable migrations of records to a newer version.
//
// All records live in one collection ("records"): a document holds the workspace, the app,
// the form (appID + "." + form key, one indexed value), the app version the record was
// written with, who created, changed and owns it, a soft-delete flag, and the field values
// under "f", so that a form's field keys never clash with the record's own. Unique fields
// become partial unique indexes per form (ensured the first time a form version is used),
// serial numbers come from per-form, per-period counters advanced by compare-and-set, and
// every change is written together with its timeline entry.
//
// Who may do what is asked of an Access on every operation; the default lets every member
// of the workspace work with records and owners and admins migrate them.
package records
