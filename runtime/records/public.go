package records

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

// publicLinksColl holds the anonymous submission links of forms.
const publicLinksColl = "public_links"

// PublicLinkSpec declares the links collection: a token is looked up on every anonymous
// request, and a form's links are listed newest first.
func PublicLinkSpec() store.CollectionSpec {
	return store.CollectionSpec{Name: publicLinksColl, Indexes: []store.Index{
		{Name: "token", Keys: []store.SortKey{{Field: "token"}}, Unique: true},
		{Name: "form", Keys: []store.SortKey{{Field: "ws"}, {Field: "form"}, {Field: store.PathCreated}, {Field: store.PathID}}},
	}}
}

// Honeypot is the field public forms carry hidden from people: a submission that fills
// it comes from a bot and is answered as a success without being stored.
const Honeypot = "_hp"

// PublicLink publishes a form for anonymous submissions. Records submitted through it are
// stored as created and owned by Owner, a member the admin chose.
type PublicLink struct {
	ID        string     `json:"id"`
	Token     string     `json:"token"`
	Form      string     `json:"form"`
	Owner     string     `json:"owner"`
	CreatedBy string     `json:"createdBy"`
	Created   time.Time  `json:"created"`
	Revoked   bool       `json:"revoked,omitempty"`
	RevokedAt *time.Time `json:"revokedAt,omitempty"`
	// Fields are the fields visitors see and fill; nil: the default (see exposedFields).
	Fields []string `json:"fields"`
	// Show are the fields the submitter's status page shows besides the serial number and
	// the pipeline's stage; none by default.
	Show []string `json:"show"`
}

// LinkInput is what a manager chooses for a new link.
type LinkInput struct {
	Owner  string
	Fields []string // nil: the default
	Show   []string
}

type linkDoc struct {
	Workspace string   `json:"ws"`
	App       string   `json:"app"`
	Form      string   `json:"form"` // formID(app, key)
	FormKey   string   `json:"formKey"`
	Token     string   `json:"token"`
	Owner     string   `json:"owner"`
	CreatedBy string   `json:"createdBy"`
	Revoked   bool     `json:"revoked"`
	RevokedAt string   `json:"revokedAt,omitempty"`
	Fields    []string `json:"fields,omitempty"` // nil: the default
	Show      []string `json:"show,omitempty"`
}

func (l linkDoc) public(d store.Document) PublicLink {
	p := PublicLink{ID: d.ID, Token: l.Token, Form: l.FormKey, Owner: l.Owner, CreatedBy: l.CreatedBy, Created: d.Created, Revoked: l.Revoked,
		Fields: l.Fields, Show: l.Show}
	if p.Show == nil {
		p.Show = []string{}
	}
	if t, err := time.Parse(time.RFC3339Nano, l.RevokedAt); err == nil {
		p.RevokedAt = &t
	}
	return p
}

func (s *Service) links() store.Collection { return s.st.Collection(publicLinksColl) }

// manageLinks resolves ref for link management: owners and admins of the workspace, on a
// form of the app's latest version.
func (s *Service) manageLinks(ctx context.Context, ref Ref) (*target, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	if _, _, err := t.latestForm(); err != nil {
		return nil, err
	}
	if t.member.Role != org.RoleOwner && t.member.Role != org.RoleAdmin {
		return nil, fault.ErrForbidden()
	}
	return t, nil
}

// CreatePublicLink publishes the form under a new secret token; owner must be a member of
// the workspace.
func (s *Service) CreatePublicLink(ctx context.Context, ref Ref, in LinkInput) (PublicLink, error) {
	t, err := s.manageLinks(ctx, ref)
	if err != nil {
		return PublicLink{}, err
	}
	owner := in.Owner
	f, _, err := t.latestForm()
	if err != nil {
		return PublicLink{}, err
	}
	if err := checkLinkFields(f, in.Fields, "/fields", true); err != nil {
		return PublicLink{}, err
	}
	if err := checkLinkFields(f, in.Show, "/show", false); err != nil {
		return PublicLink{}, err
	}
	if owner == "" {
		return PublicLink{}, fault.FieldOf("/owner", "required.owner")
	}
	if _, err := s.org.Membership(ctx, t.Workspace, owner); err != nil {
		if fault.Is(err, fault.NotFound) || fault.Is(err, fault.Forbidden) {
			return PublicLink{}, fault.FieldOf("/owner", "not_member.owner")
		}
		return PublicLink{}, err
	}
	token, err := newToken()
	if err != nil {
		return PublicLink{}, wrap("create public link", err)
	}
	ld := linkDoc{Workspace: t.Workspace, App: t.App, Form: t.storedForm, FormKey: t.Form, Token: token, Owner: owner, CreatedBy: t.Actor,
		Fields: in.Fields, Show: in.Show}
	doc, err := store.NewDocument("", ld)
	if err != nil {
		return PublicLink{}, wrap("create public link", err)
	}
	saved, err := s.links().Insert(ctx, doc)
	if err != nil {
		return PublicLink{}, domainErr("create public link", err)
	}
	return ld.public(saved), nil
}

// PublicLinks lists the form's links, newest first (revoked ones too, marked).
func (s *Service) PublicLinks(ctx context.Context, ref Ref) ([]PublicLink, error) {
	t, err := s.manageLinks(ctx, ref)
	if err != nil {
		return nil, err
	}
	out := []PublicLink{}
	after := ""
	for {
		page, err := s.links().Find(ctx, store.Query{
			Filter: store.And(store.Eq("ws", t.Workspace), store.Eq("form", t.storedForm)),
			Sort:   []store.SortKey{{Field: store.PathCreated, Desc: true}}, Limit: store.MaxLimit, After: after,
		})
		if err != nil {
			return nil, domainErr("list public links", err)
		}
		for _, d := range page.Docs {
			ld, err := store.Decode[linkDoc](d)
			if err != nil {
				return nil, err
			}
			out = append(out, ld.public(d))
		}
		if page.Next == "" {
			return out, nil
		}
		after = page.Next
	}
}

// LinkChange is what a manager changes of a link: its fields (nil: keep; an empty list: back
// to the default) and what the status page shows (nil: keep).
type LinkChange struct {
	Fields *[]string
	Show   *[]string
}

// UpdatePublicLink changes which fields a live link exposes and what its status page shows;
// its token, and so the address already handed out, stays the same.
func (s *Service) UpdatePublicLink(ctx context.Context, ref Ref, id string, ch LinkChange) (PublicLink, error) {
	t, err := s.manageLinks(ctx, ref)
	if err != nil {
		return PublicLink{}, err
	}
	f, _, err := t.latestForm()
	if err != nil {
		return PublicLink{}, err
	}
	if ch.Fields != nil {
		if err := checkLinkFields(f, *ch.Fields, "/fields", true); err != nil {
			return PublicLink{}, err
		}
	}
	if ch.Show != nil {
		if err := checkLinkFields(f, *ch.Show, "/show", false); err != nil {
			return PublicLink{}, err
		}
	}
	_, err = store.Modify(ctx, s.links(), id, func(ld *linkDoc) error {
		if ld.Workspace != t.Workspace || ld.Form != t.storedForm || ld.Revoked {
			return fault.ErrNotFound()
		}
		if ch.Fields != nil {
			ld.Fields = *ch.Fields
			if len(ld.Fields) == 0 {
				ld.Fields = nil
			}
		}
		if ch.Show != nil {
			ld.Show = *ch.Show
		}
		return nil
	})
	if err != nil {
		return PublicLink{}, domainErr("update public link", err)
	}
	d, err := s.links().Get(ctx, id)
	if err != nil {
		return PublicLink{}, domainErr("update public link", err)
	}
	ld, err := store.Decode[linkDoc](d)
	if err != nil {
		return PublicLink{}, wrap("update public link", err)
	}
	return ld.public(d), nil
}

// RevokePublicLink stops a link from answering; its token is then unknown.
func (s *Service) RevokePublicLink(ctx context.Context, ref Ref, id string) error {
	t, err := s.manageLinks(ctx, ref)
	if err != nil {
		return err
	}
	_, err = store.Modify(ctx, s.links(), id, func(ld *linkDoc) error {
		if ld.Workspace != t.Workspace || ld.Form != t.storedForm {
			return fault.ErrNotFound()
		}
		if !ld.Revoked {
			ld.Revoked, ld.RevokedAt = true, s.now().Format(time.RFC3339Nano)
		}
		return nil
	})
	return domainErr("revoke public link", err)
}

// activeLink finds the live link of a token; unknown and revoked tokens are not found.
func (s *Service) activeLink(ctx context.Context, token string) (linkDoc, error) {
	if token == "" || len(token) > 128 {
		return linkDoc{}, fault.ErrNotFound()
	}
	d, err := s.links().FindOne(ctx, store.And(store.Eq("token", token), store.Eq("revoked", false)))
	if err != nil {
		return linkDoc{}, domainErr("find public link", err)
	}
	return store.Decode[linkDoc](d)
}

// linkedForm is the form a live link serves, as its app's latest version defines it: not
// found when the app or the form is gone, or the link's owner can no longer read it.
func (s *Service) linkedForm(ctx context.Context, ld linkDoc) (*apps.Compiled, *form.Form, error) {
	_, c, err := s.apps.Latest(ctx, ld.Owner, ld.Workspace, ld.App)
	if err != nil {
		return nil, nil, linkGone(err)
	}
	f, _, ok := c.Form(ld.FormKey)
	if !ok || f == nil {
		return nil, nil, fault.ErrNotFound()
	}
	return c, f, nil
}

// PublicForm is what an anonymous visitor needs to render a published form.
type PublicForm struct {
	Name     template.Text   `json:"name"`
	Schema   json.RawMessage `json:"schema"`
	UI       *template.UI    `json:"ui,omitempty"`
	Honeypot string          `json:"honeypot"`
}

// PublicFormOf returns the form of a live link as its app's latest version defines it, cut
// to the fields the link exposes.
func (s *Service) PublicFormOf(ctx context.Context, token string) (PublicForm, error) {
	ld, err := s.activeLink(ctx, token)
	if err != nil {
		return PublicForm{}, err
	}
	c, f, err := s.linkedForm(ctx, ld)
	if err != nil {
		return PublicForm{}, err
	}
	tf := c.Template.FormByKey(ld.FormKey)
	if tf == nil {
		return PublicForm{}, fault.ErrNotFound()
	}
	schema, ui, err := cutForm(tf, exposedFields(c, ld.FormKey, f, ld.Fields))
	if err != nil {
		return PublicForm{}, err
	}
	return PublicForm{Name: tf.Name, Schema: schema, UI: ui, Honeypot: Honeypot}, nil
}

// Receipt acknowledges an anonymous submission without revealing the stored record: its
// serial number (when the form has one) and a secret token to check its status later.
type Receipt struct {
	Receipt     string `json:"receipt"`
	Serial      string `json:"serial,omitempty"`
	StatusToken string `json:"statusToken"`
	StatusURL   string `json:"statusUrl"`
}

// Starter starts a new record's pipeline when its form has one that starts by itself, as
// a member's submission does (package flow); ok is false when nothing started.
type Starter func(ctx context.Context, ref Ref, id string) (rec Record, ok bool, err error)

// SubmitPublic stores input (field values, plus the honeypot field) through the records
// write path as created by the link's owner, starts its pipeline with start, and returns a
// receipt. A field the link does not expose is refused, naming it, and nothing is stored. A
// filled honeypot is answered the same way but nothing is stored.
func (s *Service) SubmitPublic(ctx context.Context, token string, input []byte, start Starter) (Receipt, error) {
	ld, err := s.activeLink(ctx, token)
	if err != nil {
		return Receipt{}, err
	}
	fields, members, trapped, err := stripHoneypot(input)
	if err != nil {
		return Receipt{}, err
	}
	if trapped {
		s.log.InfoContext(ctx, "public submission caught by the honeypot", "link", token[:min(6, len(token))])
		fake, _ := newToken()
		return Receipt{Receipt: store.NewID(), StatusToken: fake, StatusURL: statusURL(fake)}, nil
	}
	ref := Ref{Actor: ld.Owner, Workspace: ld.Workspace, App: ld.App, Form: ld.FormKey}
	c, f, err := s.linkedForm(ctx, ld)
	if err != nil {
		return Receipt{}, err
	}
	if err := refuseUnexposed(members, exposedFields(c, ld.FormKey, f, ld.Fields)); err != nil {
		return Receipt{}, err
	}
	r, err := s.createThen(ctx, ref, fields, nil, false) // the visitor is nobody's current user
	if err != nil {
		return Receipt{}, linkGone(err)
	}
	if start != nil {
		started, ok, err := start(ctx, ref, r.ID)
		if err != nil {
			return Receipt{}, linkGone(err)
		}
		if ok {
			r = started
		}
	}
	return s.issueReceipt(ctx, ld, f, r)
}

// linkGone hides why a link cannot serve (its owner left, the app is gone): for the
// visitor the link simply no longer exists.
func linkGone(err error) error {
	if fault.Is(err, fault.Forbidden) || fault.Is(err, fault.Unauthenticated) {
		return fault.ErrNotFound()
	}
	return err
}

// stripHoneypot removes the honeypot member from a JSON object and reports whether it
// held anything but an empty string or null; members are the object's other members.
func stripHoneypot(input []byte) (json.RawMessage, map[string]json.RawMessage, bool, error) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(input))
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, nil, false, fault.Of("invalid_json.body_not_object")
	}
	hp, ok := m[Honeypot]
	if !ok {
		return input, m, false, nil
	}
	delete(m, Honeypot)
	v := string(bytes.TrimSpace(hp))
	if v != `""` && v != "null" {
		return nil, nil, true, nil
	}
	out, err := json.Marshal(m)
	if err != nil {
		return nil, nil, false, wrap("encode submission", err)
	}
	return out, m, false, nil
}

func newToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", errors.Join(errors.New("read random token"), err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
