package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"html"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/rs/xid"
)

// SMTP security modes.
const (
	SecurityStartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587)
	SecurityTLS      = "tls"      // TLS from the first byte (port 465)
	SecurityNone     = "none"     // no encryption: only for servers on a trusted network
)

// SMTP is a workspace's mail server. Password is the clear text, only in memory: it is
// stored encrypted (see Vault).
type SMTP struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Security string `json:"security"`
	User     string `json:"user,omitempty"`
	Password string `json:"-"`
	From     string `json:"from"` // "Formloom <noreply@example.com>"
	// InsecureSkipVerify accepts any server certificate (tests with a self-signed server).
	InsecureSkipVerify bool `json:"-"`
}

// CheckSMTP refuses settings that cannot work, naming the field.
func CheckSMTP(c SMTP) error {
	switch {
	case strings.TrimSpace(c.Host) == "" || strings.ContainsAny(c.Host, " /\\@"):
		return fault.FieldOf("/host", "bad_value.host")
	case c.Port < 1 || c.Port > 65535:
		return fault.FieldOf("/port", "bad_value.port")
	}
	switch c.Security {
	case SecurityStartTLS, SecurityTLS, SecurityNone:
	default:
		return fault.FieldOf("/security", "bad_value.security")
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fault.FieldOf("/from", "bad_value.from")
	}
	return nil
}

// BuildMail renders m as a MIME message with a plain-text and an HTML part, both linking to
// the record, headers encoded for non-ASCII text.
func BuildMail(from, to string, m Message, lang string, now time.Time) ([]byte, error) {
	fa, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("notify: sender address: %w", err)
	}
	ta, err := mail.ParseAddress(to)
	if err != nil {
		return nil, fmt.Errorf("notify: recipient address: %w", err)
	}
	boundary := "fl-" + xid.New().String()
	var b bytes.Buffer
	hdr := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	hdr("From", fa.String())
	hdr("To", ta.String())
	hdr("Subject", mime.BEncoding.Encode("UTF-8", m.Title))
	hdr("Date", now.Format(time.RFC1123Z))
	hdr("Message-ID", "<"+xid.New().String()+"@"+domainOf(fa.Address)+">")
	hdr("MIME-Version", "1.0")
	hdr("Content-Language", lang)
	hdr("Auto-Submitted", "auto-generated")
	hdr("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	b.WriteString("\r\n")

	open := fault.Notice("mail.open_record").In(lang)
	text := m.Title + "\n\n" + m.Text
	if m.Link != "" {
		text += "\n\n" + open + ": " + m.Link
	}
	page := `<!doctype html><html lang="` + html.EscapeString(lang) + `"><body style="font-family:sans-serif">` +
		`<h2 style="font-size:16px">` + html.EscapeString(m.Title) + `</h2>` +
		`<p>` + strings.ReplaceAll(html.EscapeString(m.Text), "\n", "<br>") + `</p>`
	if m.Link != "" {
		page += `<p><a href="` + html.EscapeString(m.Link) + `">` + html.EscapeString(open) + `</a></p>`
	}
	page += `</body></html>`
	for _, part := range []struct{ typ, body string }{{"text/plain", text}, {"text/html", page}} {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString("Content-Type: " + part.typ + "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
		w := quotedprintable.NewWriter(&b)
		if _, err := w.Write([]byte(part.body)); err != nil {
			return nil, fmt.Errorf("notify: encode mail: %w", err)
		}
		if err := w.Close(); err != nil {
			return nil, fmt.Errorf("notify: encode mail: %w", err)
		}
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return b.Bytes(), nil
}

func domainOf(addr string) string {
	if _, d, ok := strings.Cut(addr, "@"); ok && d != "" {
		return d
	}
	return "formloom.invalid"
}

// ErrAuth: the mail server refused the user name or password.
var ErrAuth = errors.New("notify: the mail server refused the user name or password")

// SendMail sends m to one address through c.
func (s *Sender) SendMail(ctx context.Context, c SMTP, to, lang string, m Message) error {
	if err := CheckSMTP(c); err != nil {
		return err
	}
	msg, err := BuildMail(c.From, to, m, lang, s.now())
	if err != nil {
		return err
	}
	fa, _ := mail.ParseAddress(c.From)
	ta, err := mail.ParseAddress(to)
	if err != nil {
		return fmt.Errorf("notify: recipient address: %w", err)
	}
	addr := net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	d := net.Dialer{Timeout: 10 * time.Second}
	tlsConf := &tls.Config{ServerName: c.Host, InsecureSkipVerify: c.InsecureSkipVerify, MinVersion: tls.VersionTLS12} //nolint:gosec // off unless a test asks
	var conn net.Conn
	if c.Security == SecurityTLS {
		conn, err = (&tls.Dialer{NetDialer: &d, Config: tlsConf}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("notify: connect to %s: %w", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else {
		_ = conn.SetDeadline(time.Now().Add(time.Minute))
	}
	cl, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("notify: greet %s: %w", addr, err)
	}
	defer cl.Close()
	if c.Security == SecurityStartTLS {
		if err := cl.StartTLS(tlsConf); err != nil {
			return fmt.Errorf("notify: STARTTLS with %s: %w", addr, err)
		}
	}
	if c.User != "" {
		if err := cl.Auth(plainAuth{user: c.User, pass: c.Password}); err != nil {
			return fmt.Errorf("%w: %w", ErrAuth, err)
		}
	}
	if err := cl.Mail(fa.Address); err != nil {
		return fmt.Errorf("notify: MAIL FROM: %w", err)
	}
	if err := cl.Rcpt(ta.Address); err != nil {
		return fmt.Errorf("notify: RCPT TO: %w", err)
	}
	w, err := cl.Data()
	if err != nil {
		return fmt.Errorf("notify: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("notify: send mail: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("notify: send mail: %w", err)
	}
	return cl.Quit()
}

// plainAuth is SMTP AUTH PLAIN. net/smtp's PlainAuth refuses unencrypted connections to
// hosts other than localhost; here the workspace chose its security mode, and SecurityNone
// is documented as trusted-network only.
type plainAuth struct{ user, pass string }

func (a plainAuth) Start(*smtp.ServerInfo) (string, []byte, error) {
	return "PLAIN", []byte("\x00" + a.user + "\x00" + a.pass), nil
}

func (a plainAuth) Next([]byte, bool) ([]byte, error) { return nil, nil }
