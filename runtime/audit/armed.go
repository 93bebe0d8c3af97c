package audit

import "context"

// An entry written in a transaction of its own after the change it records costs a second
// turn of the store's writer and a second commit to wait for. A record's creation, the
// most frequent audited change, instead writes its entry in its own transaction: the
// request arms the entry in its context (Arm) and the creation writes it (WriteArmed).
// The record and its entry are then stored together or not at all.

// Armed is an entry a request has armed for the record it creates.
type Armed struct {
	e       Entry
	app     string
	form    string
	written bool
}

type armedKey struct{}

// Arm returns ctx carrying e, to be written by the creation of a record of form (app's)
// in e's workspace made with that context (WriteArmed); e.Target becomes the record's ID.
// The caller writes e itself when Written answers false once the request is done.
func Arm(ctx context.Context, e Entry, app, form string) (context.Context, *Armed) {
	a := &Armed{e: e, app: app, form: form}
	return context.WithValue(ctx, armedKey{}, a), a
}

// Written says that the armed entry was written with the record's transaction.
func (a *Armed) Written() bool { return a.written }

// WriteArmed writes the entry armed in ctx, if it is for a record of that workspace,
// app and form, in ctx's transaction, with id as its target. It writes again when called
// again (a transaction run a second time after a conflict has lost the first write).
func (s *Service) WriteArmed(ctx context.Context, ws, app, form, id string) error {
	a, _ := ctx.Value(armedKey{}).(*Armed)
	if a == nil || a.e.Workspace != ws || a.app != app || a.form != form {
		return nil
	}
	e := a.e
	e.Target = id
	if err := s.Write(ctx, e); err != nil {
		return err
	}
	a.written = true
	return nil
}
