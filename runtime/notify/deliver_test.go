package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/formloom/formloom/runtime/notify"
	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/store/sqlite"
)

// fixedChannels is a workspace's channel settings as the handler looks them up.
type fixedChannels struct {
	smtp   notify.SMTP
	robots map[string]notify.Robot
}

func (f fixedChannels) SMTP(context.Context, string) (notify.SMTP, error) { return f.smtp, nil }
func (f fixedChannels) Robot(_ context.Context, _, id string) (notify.Robot, error) {
	r, ok := f.robots[id]
	if !ok {
		return notify.Robot{}, errors.New("no such robot")
	}
	return r, nil
}

// receiver is a loopback robot endpoint that checks each request as its vendor documents
// it and counts the valid messages it accepted.
type receiver struct {
	mu       sync.Mutex
	accepted []string // texts
	failNext int      // answer 500 this many times first
	problems []string
}

func (rc *receiver) problem(s string) {
	rc.mu.Lock()
	rc.problems = append(rc.problems, s)
	rc.mu.Unlock()
}

func hmacB64(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func (rc *receiver) handler(vendor, secret string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		if rc.failNext > 0 {
			rc.failNext--
			rc.mu.Unlock()
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		rc.mu.Unlock()
		var msg map[string]any
		if err := json.Unmarshal(body, &msg); err != nil || r.Header.Get("Content-Type") == "" {
			rc.problem("not JSON: " + string(body))
			return
		}
		var text string
		switch vendor {
		case notify.DingTalk:
			// 加签: sign = urlencode(base64(hmac_sha256(secret, timestamp+"\n"+secret))), timestamp in ms.
			ts, sign := r.URL.Query().Get("timestamp"), r.URL.Query().Get("sign")
			if sign == "" || sign != hmacB64(secret, ts+"\n"+secret) || len(ts) != 13 {
				rc.problem("dingtalk signature: " + r.URL.RawQuery)
				_ = json.NewEncoder(w).Encode(map[string]any{"errcode": 310000, "errmsg": "sign not match"})
				return
			}
			md, _ := msg["markdown"].(map[string]any)
			if msg["msgtype"] != "markdown" || md["title"] == nil {
				rc.problem("dingtalk body: " + string(body))
			}
			text, _ = md["text"].(string)
			_ = json.NewEncoder(w).Encode(map[string]any{"errcode": 0, "errmsg": "ok"})
		case notify.Feishu:
			// 签名校验: sign = base64(hmac_sha256(key = timestamp+"\n"+secret, message = "")), timestamp in s.
			ts, _ := msg["timestamp"].(string)
			sign, _ := msg["sign"].(string)
			if n, err := strconv.ParseInt(ts, 10, 64); err != nil || time.Since(time.Unix(n, 0)).Abs() > time.Hour || sign != hmacB64(ts+"\n"+secret, "") {
				rc.problem("feishu signature: " + string(body))
				_ = json.NewEncoder(w).Encode(map[string]any{"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"})
				return
			}
			content, _ := msg["content"].(map[string]any)
			if msg["msg_type"] != "text" {
				rc.problem("feishu body: " + string(body))
			}
			text, _ = content["text"].(string)
			_ = json.NewEncoder(w).Encode(map[string]any{"code": 0, "msg": "success"})
		case notify.WeCom:
			if r.URL.Query().Get("key") != secret {
				rc.problem("wecom key: " + r.URL.RawQuery)
			}
			t, _ := msg["text"].(map[string]any)
			if msg["msgtype"] != "text" {
				rc.problem("wecom body: " + string(body))
			}
			text, _ = t["content"].(string)
			_ = json.NewEncoder(w).Encode(map[string]any{"errcode": 0, "errmsg": "ok"})
		}
		rc.mu.Lock()
		rc.accepted = append(rc.accepted, text)
		rc.mu.Unlock()
	}
}

func openScheduler(t *testing.T, now func() time.Time) *schedule.Scheduler {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "notify.db"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, spec := range schedule.Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	return schedule.New(st, schedule.Options{Now: now, Logger: slog.New(slog.DiscardHandler)})
}

type attempts struct {
	mu   sync.Mutex
	errs []string
}

func (a *attempts) Attempt(_ context.Context, d notify.Delivery, n int, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err != nil {
		a.errs = append(a.errs, d.Channel+": "+err.Error())
	}
}

// TestRobotDeliveries sends one event to a DingTalk, a WeCom and a Feishu robot through the
// outbox. Each receiver checks its vendor's signature; the Feishu one fails twice first.
// Every robot gets the event exactly once, though it was queued twice.
func TestRobotDeliveries(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	sch := openScheduler(t, clock)
	recv := map[string]*receiver{notify.DingTalk: {}, notify.WeCom: {}, notify.Feishu: {failNext: 2}}
	recv[notify.Feishu].failNext = 2
	secrets := map[string]string{notify.DingTalk: "SEC0123456789abcdef", notify.WeCom: "693a91f6-7xxx", notify.Feishu: "feishu-secret"}
	robots := map[string]notify.Robot{}
	for vendor, rc := range recv {
		srv := httptest.NewServer(rc.handler(vendor, secrets[vendor]))
		t.Cleanup(srv.Close)
		r := notify.Robot{Vendor: vendor, URL: srv.URL + "/robot/send?access_token=tok", Secret: secrets[vendor]}
		if vendor == notify.WeCom {
			r = notify.Robot{Vendor: vendor, URL: srv.URL + "/cgi-bin/webhook/send?key=" + secrets[vendor]}
		}
		robots[vendor] = r
	}
	log := &attempts{}
	sender := notify.NewSender(notify.SenderOptions{AllowPrivate: true})
	sender.Register(sch, fixedChannels{robots: robots}, log)

	ctx := context.Background()
	msg := notify.Message{Title: "新待办：合同审批", Text: "禾丰超市收银系统采购合同 等待您审批", Link: "https://formloom.example/w/ws1/apps/a/forms/contract/records/r1"}
	for range 2 {
		for vendor := range robots {
			if err := notify.Enqueue(ctx, sch, notify.Delivery{Event: "n1", Channel: notify.RobotChannel(vendor), Workspace: "ws1", Lang: "zh-CN", Message: msg}, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 0; i < 4; i++ {
		if _, err := sch.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		now = now.Add(time.Minute) // past the backoff
		mu.Unlock()
	}
	for vendor, rc := range recv {
		rc.mu.Lock()
		if len(rc.problems) > 0 {
			t.Errorf("%s: %v", vendor, rc.problems)
		}
		if len(rc.accepted) != 1 || !strings.Contains(rc.accepted[0], "禾丰超市") || !strings.Contains(rc.accepted[0], msg.Link) || !strings.Contains(rc.accepted[0], "新待办") {
			t.Errorf("%s accepted %q, want the message once", vendor, rc.accepted)
		}
		rc.mu.Unlock()
	}
	if len(log.errs) != 2 || !strings.Contains(log.errs[0], "answered 500") {
		t.Errorf("failed attempts logged: %v", log.errs)
	}
}

// TestRobotRefusals: private addresses are refused on save unless allowed; a receiver that
// refuses the signature is an error, not a silent success.
func TestRobotRefusals(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1/x", "http://10.0.0.8/robot", "http://localhost/x", "ftp://oapi.dingtalk.com/robot/send", "not a url"} {
		if err := notify.CheckRobot(notify.Robot{Vendor: notify.DingTalk, URL: u}, false); err == nil || !strings.Contains(err.Error(), "validation_failed") {
			t.Errorf("%s: %v", u, err)
		}
	}
	if err := notify.CheckRobot(notify.Robot{Vendor: notify.DingTalk, URL: "https://oapi.dingtalk.com/robot/send?access_token=x"}, false); err != nil {
		t.Errorf("public DingTalk URL refused: %v", err)
	}
	if err := notify.CheckRobot(notify.Robot{Vendor: "slack", URL: "https://hooks.example.com/x"}, false); err == nil {
		t.Error("an unknown vendor is accepted")
	}
	rc := &receiver{}
	srv := httptest.NewServer(rc.handler(notify.DingTalk, "right"))
	defer srv.Close()
	err := notify.NewSender(notify.SenderOptions{AllowPrivate: true}).SendRobot(context.Background(), notify.Robot{Vendor: notify.DingTalk, URL: srv.URL + "/robot/send", Secret: "wrong"}, notify.Message{Title: "t"})
	if err == nil || !strings.Contains(err.Error(), "310000") {
		t.Errorf("a refused signature: %v", err)
	}
	// Without AllowPrivate the sender will not connect to loopback even when asked to.
	err = notify.NewSender(notify.SenderOptions{}).SendRobot(context.Background(), notify.Robot{Vendor: notify.WeCom, URL: srv.URL + "/x?key=k"}, notify.Message{Title: "t"})
	if err == nil {
		t.Error("sent to loopback without AllowPrivate")
	}
}

// mailbox is a loopback SMTP server (go-smtp) that accepts mail for one user into memory.
type mailbox struct {
	mu   sync.Mutex
	msgs []received
	user string
	pass string
}

type received struct {
	from, to string
	data     []byte
}

type mailSession struct {
	mb       *mailbox
	authed   bool
	from, to string
}

func (mb *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &mailSession{mb: mb}, nil }
func (s *mailSession) AuthMechanisms() []string                 { return []string{sasl.Plain} }
func (s *mailSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.mb.user || pass != s.mb.pass {
			return errors.New("invalid credentials")
		}
		s.authed = true
		return nil
	}), nil
}
func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = to; return nil }
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.mb.mu.Lock()
	s.mb.msgs = append(s.mb.msgs, received{from: s.from, to: s.to, data: b})
	s.mb.mu.Unlock()
	return nil
}
func (s *mailSession) Reset()        {}
func (s *mailSession) Logout() error { return nil }

func startSMTP(t *testing.T, mb *mailbox) (string, int) {
	t.Helper()
	srv := smtp.NewServer(mb)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { srv.Close() })
	return "127.0.0.1", l.Addr().(*net.TCPAddr).Port
}

// TestMailDelivery sends a notification through a real SMTP server on loopback: headers,
// both bodies and the link; a wrong password is reported as such and never delivered.
func TestMailDelivery(t *testing.T) {
	mb := &mailbox{user: "robot@formloom.example", pass: "s3cret"}
	host, port := startSMTP(t, mb)
	cfg := notify.SMTP{Host: host, Port: port, Security: notify.SecurityNone, User: mb.user, Password: mb.pass, From: "Formloom <noreply@formloom.example>"}
	link := "https://formloom.example/w/ws1/apps/a1/forms/lead/records/r1"
	msg := notify.Message{Title: "新待办：线索审核", Text: "禾丰超市 的线索等待您处理。", Link: link}
	sch := openScheduler(t, time.Now)
	sender := notify.NewSender(notify.SenderOptions{AllowPrivate: true})
	sender.Register(sch, fixedChannels{smtp: cfg}, nil)
	ctx := context.Background()
	for range 2 {
		if err := notify.Enqueue(ctx, sch, notify.Delivery{Event: "n7", Channel: notify.ChannelEmail, Workspace: "ws1", To: "Sam <sam@example.com>", Lang: "zh-CN", Message: msg}, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sch.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	mb.mu.Lock()
	defer mb.mu.Unlock()
	if len(mb.msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(mb.msgs))
	}
	got := mb.msgs[0]
	if got.from != "noreply@formloom.example" || got.to != "sam@example.com" {
		t.Errorf("envelope %s → %s", got.from, got.to)
	}
	m, err := mail.ReadMessage(strings.NewReader(string(got.data)))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if subject != msg.Title || !strings.Contains(m.Header.Get("To"), "sam@example.com") || !strings.Contains(m.Header.Get("From"), "noreply@formloom.example") || m.Header.Get("Content-Language") != "zh-CN" {
		t.Errorf("headers: %v (subject %q)", m.Header, subject)
	}
	if !strings.HasPrefix(m.Header.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("content type %s", m.Header.Get("Content-Type"))
	}
	body := decodeQP(string(got.data))
	for _, want := range []string{"禾丰超市 的线索等待您处理。", "打开记录: " + link, `<a href="` + link + `">打开记录</a>`, "text/plain; charset=UTF-8", "text/html; charset=UTF-8"} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in\n%s", want, body)
		}
	}

	bad := cfg
	bad.Password = "wrong"
	err = sender.SendMail(ctx, bad, "sam@example.com", "en", msg)
	if !errors.Is(err, notify.ErrAuth) {
		t.Errorf("wrong password: %v", err)
	}
	if len(mb.msgs) != 1 {
		t.Errorf("a message went through with a wrong password")
	}
}

func decodeQP(s string) string {
	r := strings.NewReplacer("=\r\n", "", "=\n", "")
	s = r.Replace(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

type statuses struct {
	mu  sync.Mutex
	got []string
}

func (s *statuses) Attempt(_ context.Context, _ notify.Delivery, n int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, fmt.Sprintf("%d:%s", n, notify.DeliveryStatus(err)))
}

// TestDeliveryFailsAfterLastAttempt: a robot that always answers 500 is "retrying" until
// the schedule's last attempt, which is recorded as "failed"; nothing runs after it.
func TestDeliveryFailsAfterLastAttempt(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
	t.Cleanup(srv.Close)
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "notify.db"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, spec := range schedule.Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	sch := schedule.New(st, schedule.Options{Now: clock, Logger: slog.New(slog.DiscardHandler), MaxAttempts: 3})
	log := &statuses{}
	robots := map[string]notify.Robot{notify.WeCom: {Vendor: notify.WeCom, URL: srv.URL + "/cgi-bin/webhook/send?key=k"}}
	notify.NewSender(notify.SenderOptions{AllowPrivate: true}).Register(sch, fixedChannels{robots: robots}, log)
	d := notify.Delivery{Event: "n1", Channel: notify.RobotChannel(notify.WeCom), Workspace: "ws1", Lang: "en", Message: notify.Message{Title: "New task"}}
	if err := notify.Enqueue(ctx, sch, d, time.Time{}); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := sch.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		now = now.Add(time.Hour)
		mu.Unlock()
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	if want := "1:retrying 2:retrying 3:failed"; strings.Join(log.got, " ") != want {
		t.Errorf("statuses %v, want %s", log.got, want)
	}
}
