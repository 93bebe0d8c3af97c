package records

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// receiptsColl holds the status tokens handed to anonymous submitters, hashed.
const receiptsColl = "public_receipts"

// PublicReceiptSpec declares the receipts collection: a status token is looked up by its
// hash.
func PublicReceiptSpec() store.CollectionSpec {
	return store.CollectionSpec{Name: receiptsColl, Indexes: []store.Index{
		{Name: "hash", Keys: []store.SortKey{{Field: "hash"}}, Unique: true},
	}}
}

type receiptDoc struct {
	Hash      string   `json:"hash"` // sha256 of the status token: a stolen database does not hand out tokens
	Workspace string   `json:"ws"`
	App       string   `json:"app"`
	Form      string   `json:"form"` // formID(app, key)
	Record    string   `json:"record"`
	Serial    string   `json:"serial,omitempty"`
	Show      []string `json:"show,omitempty"` // the link's shown fields when the record was submitted
	// Labels name the shown fields for the status page, as the form labelled them then.
	Labels map[string]fault.Text `json:"labels,omitempty"`
}

func statusURL(token string) string { return "/api/v1/public/status/" + token }

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// serialOf is the first serial number field's value in a record's data.
func serialOf(f *form.Form, data json.RawMessage) string {
	var m map[string]any
	if json.Unmarshal(data, &m) != nil {
		return ""
	}
	for _, fd := range f.Fields() {
		if fd.Def().Heading == form.HeadSerial {
			if v, ok := m[fd.Key].(string); ok {
				return v
			}
		}
	}
	return ""
}

// issueReceipt stores a new status token for r and returns the receipt.
func (s *Service) issueReceipt(ctx context.Context, ld linkDoc, f *form.Form, r Record) (Receipt, error) {
	token, err := newToken()
	if err != nil {
		return Receipt{}, wrap("issue receipt", err)
	}
	rd := receiptDoc{Hash: hashToken(token), Workspace: ld.Workspace, App: ld.App, Form: ld.Form, Record: r.ID,
		Serial: serialOf(f, r.Data), Show: ld.Show}
	for _, k := range ld.Show {
		if fd, ok := f.Field(k); ok {
			if rd.Labels == nil {
				rd.Labels = map[string]fault.Text{}
			}
			rd.Labels[k] = fd.Label
		}
	}
	doc, err := store.NewDocument("", rd)
	if err != nil {
		return Receipt{}, wrap("issue receipt", err)
	}
	if _, err := s.st.Collection(receiptsColl).Insert(ctx, doc); err != nil {
		return Receipt{}, domainErr("issue receipt", err)
	}
	return Receipt{Receipt: r.ID, Serial: rd.Serial, StatusToken: token, StatusURL: statusURL(token)}, nil
}

// PublicStatus is what a submitter sees with their status token: the serial number, when
// they submitted, where the record's pipeline stands, and only the fields the link shows.
type PublicStatus struct {
	Serial    string         `json:"serial,omitempty"`
	Submitted time.Time      `json:"submitted"`
	Status    string         `json:"status"`          // the pipeline run's status ("running", "approved", …) or "received"
	Stage     string         `json:"stage,omitempty"` // the stage the record is at
	Fields    map[string]any `json:"fields"`
	// Labels name the fields shown, in both languages ({"en": …, "zh-CN": …}).
	Labels map[string]map[string]string `json:"labels"`
}

// StatusOf answers a status token; unknown tokens and deleted records are not found.
func (s *Service) StatusOf(ctx context.Context, token string) (PublicStatus, error) {
	if token == "" || len(token) > 128 {
		return PublicStatus{}, fault.ErrNotFound()
	}
	d, err := s.st.Collection(receiptsColl).FindOne(ctx, store.Eq("hash", hashToken(token)))
	if err != nil {
		return PublicStatus{}, domainErr("find receipt", err)
	}
	rd, err := store.Decode[receiptDoc](d)
	if err != nil {
		return PublicStatus{}, err
	}
	doc, err := s.records.Get(ctx, rd.Record)
	if err != nil {
		return PublicStatus{}, domainErr("get record", err)
	}
	l, err := decodeStored(doc)
	if err != nil {
		return PublicStatus{}, err
	}
	if l.rec.Deleted || l.rec.Workspace != rd.Workspace || l.rec.Form != rd.Form {
		return PublicStatus{}, fault.ErrNotFound()
	}
	out := PublicStatus{Serial: rd.Serial, Submitted: l.doc.Created, Status: l.rec.FlowStatus, Stage: l.rec.Stage, Fields: map[string]any{},
		Labels: map[string]map[string]string{}}
	if out.Status == "" {
		out.Status = "received"
	}
	if len(rd.Show) > 0 {
		fields, err := l.fields()
		if err != nil {
			return PublicStatus{}, err
		}
		for _, k := range rd.Show {
			if v, ok := fields[k]; ok {
				out.Fields[k] = v
				if l, ok := rd.Labels[k]; ok {
					out.Labels[k] = map[string]string{"en": l.EN, "zh-CN": l.ZH}
				}
			}
		}
	}
	return out, nil
}
