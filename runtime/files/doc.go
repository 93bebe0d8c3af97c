// Package files stores the files users attach to records: their bytes in a blob store (a
// directory under the data directory with SQLite, GridFS with MongoDB) and a metadata
// document per file in the "files" collection. It checks size and sniffed content type at
// upload and says whether a file may be attached to a record; who may read a file is the
// records domain's decision (a file is served only through the record it is attached to).
package files
