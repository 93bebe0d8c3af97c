package api_test

import (
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/server/apitest"
)

// inbox is a loopback SMTP server (go-smtp) keeping what it accepts in memory.
type inbox struct {
	mu   sync.Mutex
	user string
	pass string
	msgs []string // "to\n\ndata"
}

type inboxSession struct {
	in     *inbox
	authed bool
	to     string
}

func (in *inbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &inboxSession{in: in}, nil }
func (s *inboxSession) AuthMechanisms() []string              { return []string{sasl.Plain} }
func (s *inboxSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, u, p string) error {
		if u != s.in.user || p != s.in.pass {
			return errors.New("bad credentials")
		}
		s.authed = true
		return nil
	}), nil
}
func (s *inboxSession) Mail(string, *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}
func (s *inboxSession) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = to; return nil }
func (s *inboxSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.in.mu.Lock()
	s.in.msgs = append(s.in.msgs, s.to+"\n\n"+string(b))
	s.in.mu.Unlock()
	return err
}
func (s *inboxSession) Reset()        {}
func (s *inboxSession) Logout() error { return nil }

func (in *inbox) to(addr string) []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	var out []string
	for _, m := range in.msgs {
		if strings.HasPrefix(m, addr+"\n") {
			out = append(out, m)
		}
	}
	return out
}

func startInbox(t *testing.T) (*inbox, int) {
	in := &inbox{user: "mailer", pass: "s3cret-pass"}
	srv := smtp.NewServer(in)
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { srv.Close() })
	return in, l.Addr().(*net.TCPAddr).Port
}

// drainOutbox runs the due work until none is left: a notification's fan-out, then the
// deliveries it queued; automation jobs, then the work they queued. Failed work waits for
// its retry, so the loop ends; the bound only keeps a bug from spinning forever.
func drainOutbox(t *testing.T, sch *schedule.Scheduler) {
	t.Helper()
	for range 1000 {
		n, err := sch.RunDue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// TestNotifyChannels: an owner configures SMTP (a robot on a private address is refused),
// the password is stored encrypted and tested with "send test message"; pipeline tasks and
// mentions then reach members by e-mail once each, as their preferences say.
func TestNotifyChannels(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{ManualSchedule: true}, twoStep(""))
	in, port := startInbox(t)
	ws := "/api/v1/workspaces/" + e.v["wsA"] + "/notify"
	smtpJSON := func(pass string) string {
		return `"smtp":{"host":"127.0.0.1","port":` + strconv.Itoa(port) + `,"security":"none","user":"mailer","password":"` + pass + `","from":"Formloom <noreply@formloom.test>"}`
	}
	ann := e.s("ann")

	st, body := e.a.Call(ann, "PUT", ws+"/settings", `{`+smtpJSON("s3cret-pass")+`,"robots":[{"name":"销售群","vendor":"dingtalk","url":"http://127.0.0.1:9/robot/send?access_token=x","secret":"SEC1"}]}`)
	if st != 422 || !strings.Contains(body, `"/robots/0/url":{"code":"robot_url_refused"`) {
		t.Fatalf("robot on loopback: %d %s", st, body)
	}
	if st, body := e.a.Call(ann, "PUT", ws+"/settings", `{"smtp":{"host":"","port":25,"security":"none","from":"x"}}`); st != 422 || !strings.Contains(body, `"/smtp/host"`) {
		t.Fatalf("empty host: %d %s", st, body)
	}
	st, body = e.a.Call(ann, "PUT", ws+"/settings", `{`+smtpJSON("s3cret-pass")+`,"robots":[{"name":"销售群","vendor":"dingtalk","url":"https://oapi.dingtalk.com/robot/send?access_token=tok123","secret":"SEC1"}]}`)
	if st != 200 || strings.Contains(body, "s3cret-pass") || strings.Contains(body, "tok123") || !strings.Contains(body, `"hasPassword":true`) || !strings.Contains(body, `"hasSecret":true`) {
		t.Fatalf("save: %d %s", st, body)
	}
	stored, err := e.a.Store.Collection("notify_settings").Get(context.Background(), e.v["wsA"])
	if err != nil || strings.Contains(string(stored.Data), "s3cret-pass") || strings.Contains(string(stored.Data), "SEC1") || strings.Contains(string(stored.Data), "tok123") {
		t.Fatalf("secrets stored in clear: %v %s", err, stored.Data)
	}
	if st, _ := e.a.Call(e.s("p1"), "GET", ws+"/settings", ""); st != 403 {
		t.Fatalf("a member reads the channels: %d", st)
	}

	// "Send test message": a wrong password is named; the right one sends.
	if st, body := e.a.Call(ann, "PUT", ws+"/settings", `{`+smtpJSON("wrong")+`}`); st != 200 {
		t.Fatalf("save wrong password: %d %s", st, body)
	}
	if st, body := e.a.Call(ann, "POST", ws+"/settings/test", ``); st != 422 || !strings.Contains(body, `"/smtp/password":{"code":"smtp_auth"`) {
		t.Fatalf("test with a wrong password: %d %s", st, body)
	}
	if st, body := e.a.Call(ann, "PUT", ws+"/settings", `{`+smtpJSON("s3cret-pass")+`}`); st != 200 {
		t.Fatalf("save: %d %s", st, body)
	}
	if st, body := e.a.Call(ann, "POST", ws+"/settings/test", ``); st != 200 || len(in.to("ann@formloom.test")) != 1 {
		t.Fatalf("test message: %d %s (%d mails)", st, body, len(in.to("ann@formloom.test")))
	}

	// A task for p1: one e-mail, however often the outbox runs.
	rec := e.create("sam", `{"title":"报销单","amount":100}`)
	id := rec[strings.LastIndex(rec, "/")+1:]
	for range 3 {
		drainOutbox(t, e.a.Scheduler)
	}
	mails := in.to("p1@formloom.test")
	if len(mails) != 1 || !strings.Contains(mails[0], "/records/"+id) || !strings.Contains(mails[0], "Subject: =?UTF-8?b?") {
		t.Fatalf("p1's task mails: %q", mails)
	}

	// A mention reaches out; after out turns mentions off, the next one does not.
	e.must("p1", rec, "comment", `{"comment":"@out 请确认","mentions":["`+e.v["out"]+`"]}`)
	drainOutbox(t, e.a.Scheduler)
	if n := len(in.to("out@formloom.test")); n != 1 {
		t.Fatalf("out got %d mention mails", n)
	}
	if st, body := e.a.Call(e.s("out"), "PUT", ws+"/preferences", `{"events":{"mention":[]},"quietHours":{"from":"25:00","to":"08:00"}}`); st != 422 || !strings.Contains(body, `"/quietHours/from"`) {
		t.Fatalf("bad quiet hours: %d %s", st, body)
	}
	if st, body := e.a.Call(e.s("out"), "PUT", ws+"/preferences", `{"events":{"mention":[],"task":["email"]},"lang":"en"}`); st != 200 || !strings.Contains(body, `"mention":[]`) {
		t.Fatalf("prefs: %d %s", st, body)
	}
	e.must("p1", rec, "comment", `{"comment":"@out 再看一下","mentions":["`+e.v["out"]+`"]}`)
	drainOutbox(t, e.a.Scheduler)
	if n := len(in.to("out@formloom.test")); n != 1 {
		t.Fatalf("out got %d mention mails after turning them off", n)
	}
	if st, body := e.a.Call(ann, "GET", ws+"/deliveries", ""); st != 200 || !strings.Contains(body, `"status":"sent"`) || !strings.Contains(body, `"channel":"email"`) {
		t.Fatalf("deliveries: %d %s", st, body)
	}
}

// TestNotifyChannelsSavedAfterIdle: a workspace's notifications find it without channels
// (and remember that, so that the next ones read no settings); once an owner saves a mail
// server, the very next task reaches its assignee by e-mail.
func TestNotifyChannelsSavedAfterIdle(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{ManualSchedule: true}, twoStep(""))
	in, port := startInbox(t)
	runDue := func() { drainOutbox(t, e.a.Scheduler) }
	first := e.create("sam", `{"title":"报销单","amount":100}`)
	runDue()
	if n := len(in.to("p1@formloom.test")); n != 0 {
		t.Fatalf("p1 got %d mails without a mail server", n)
	}
	smtpJSON := `{"smtp":{"host":"127.0.0.1","port":` + strconv.Itoa(port) + `,"security":"none","user":"mailer","password":"s3cret-pass","from":"Formloom <noreply@formloom.test>"}}`
	if st, body := e.a.Call(e.s("ann"), "PUT", "/api/v1/workspaces/"+e.v["wsA"]+"/notify/settings", smtpJSON); st != 200 {
		t.Fatalf("save: %d %s", st, body)
	}
	second := e.create("sam", `{"title":"差旅费","amount":200}`)
	runDue()
	mails := in.to("p1@formloom.test")
	if len(mails) != 1 || !strings.Contains(mails[0], second[strings.LastIndex(second, "/"):]) || strings.Contains(mails[0], first[strings.LastIndex(first, "/"):]) {
		t.Fatalf("p1's mails after the mail server was saved: %q", mails)
	}
}
