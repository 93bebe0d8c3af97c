package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Options tune New.
type Options struct {
	Now    func() time.Time // nil means store.Now
	Logger *slog.Logger
	// Jobs schedules the removal of files no record takes (KeepUnattached after their
	// upload); nil keeps them.
	Jobs Jobs
}

// Service stores uploaded files and reads them back.
type Service struct {
	meta  store.Collection
	blobs Blobs
	now   func() time.Time
	log   *slog.Logger
	jobs  Jobs
}

// New returns the service over the metadata in st and the contents in blobs.
func New(st store.Store, blobs Blobs, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = store.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Service{meta: st.Collection(filesColl), blobs: blobs, now: opts.Now, log: opts.Logger, jobs: opts.Jobs}
}

// Upload is one file arriving for an attachment field, with the field's limits.
type Upload struct {
	Place
	Uploader string
	Name     string   // as the client named it
	MaxSize  int64    // bytes; 0: no limit of the field's own
	Accept   []string // media type patterns; empty: any
}

// errTooLarge stops a blob write at the first byte beyond the limit.
var errTooLarge = errors.New("files: file too large")

// Upload streams body into the blob store after checking its sniffed type, and stops at
// the first byte over the field's size limit, keeping nothing. It answers 413 file_too_large
// or 422 file_type / file_empty at the field's pointer.
func (s *Service) Upload(ctx context.Context, u Upload, body io.Reader) (File, error) {
	ptr := "/" + strings.ReplaceAll(u.Field, ".", "/")
	head := make([]byte, 512)
	n, err := io.ReadFull(body, head)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
	case err != nil:
		return File{}, fmt.Errorf("files: read upload: %w", err)
	}
	head = head[:n]
	if n == 0 {
		return File{}, fault.Of("validation_failed.empty_file").
			WithProblem(ptr, fault.Problem("file_empty.upload"))
	}
	name := cleanName(u.Name)
	ct := http.DetectContentType(head)
	if !accepted(ct, u.Accept) || !nameAgrees(name, ct) {
		return File{}, fault.Of("validation_failed.file_type").
			WithProblem(ptr, fault.Problem("file_type.upload").Fill("type", baseType(ct)))
	}
	if u.MaxSize > 0 && int64(n) > u.MaxSize {
		return File{}, tooLarge(ptr, u.MaxSize)
	}
	f := File{ID: store.NewID(), Place: u.Place, Uploader: u.Uploader, Name: name, ContentType: ct,
		Created: s.now(), Record: Unattached}
	cr := &countingReader{r: io.MultiReader(bytes.NewReader(head), body), limit: u.MaxSize, sum: sha256.New()}
	if err := s.blobs.Put(ctx, f.ID, cr); err != nil {
		if errors.Is(err, errTooLarge) {
			return File{}, tooLarge(ptr, u.MaxSize)
		}
		return File{}, err
	}
	f.Size, f.SHA256 = cr.n, hex.EncodeToString(cr.sum.Sum(nil))
	doc, err := store.NewDocument(f.ID, f)
	if err == nil {
		_, err = s.meta.Insert(ctx, doc)
	}
	if err != nil {
		if derr := s.blobs.Delete(context.WithoutCancel(ctx), f.ID); derr != nil {
			s.log.WarnContext(ctx, "orphan blob left behind", "file", f.ID, "err", derr)
		}
		return File{}, fmt.Errorf("files: save metadata: %w", err)
	}
	s.scheduleExpiry(ctx, f)
	return f, nil
}

func tooLarge(ptr string, max int64) *fault.Error {
	limit := strconv.FormatInt(max, 10)
	return fault.Of("file_too_large").
		WithProblem(ptr, fault.Problem("max_size.upload").Fill("limit", limit))
}

// countingReader counts and hashes what passes and fails past limit (when limit > 0).
type countingReader struct {
	r     io.Reader
	n     int64
	limit int64
	sum   hash.Hash
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.sum.Write(p[:n])
	if c.limit > 0 && c.n > c.limit {
		return 0, errTooLarge
	}
	return n, err
}

// Get returns a live file's metadata; not_found for a missing or deleted one.
func (s *Service) Get(ctx context.Context, id string) (File, error) {
	return getFile(ctx, s.meta, id)
}

// Open reads a file's contents.
func (s *Service) Open(ctx context.Context, f File) (io.ReadCloser, error) {
	rc, err := s.blobs.Open(ctx, f.ID)
	if errors.Is(err, ErrNoBlob) {
		return nil, fault.ErrNotFound().Wrap(err)
	}
	return rc, err
}

func getFile(ctx context.Context, c store.Collection, id string) (File, error) {
	if !validID(id) {
		return File{}, fault.ErrNotFound()
	}
	doc, err := c.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return File{}, fault.ErrNotFound()
	}
	if err != nil {
		return File{}, fmt.Errorf("files: read metadata: %w", err)
	}
	f, err := store.Decode[File](doc)
	if err != nil {
		return File{}, err
	}
	if f.Deleted {
		return File{}, fault.ErrNotFound()
	}
	f.ID = doc.ID
	return f, nil
}
