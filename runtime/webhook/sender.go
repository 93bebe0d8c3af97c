package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// Event is what a webhook receives, as the JSON body of the POST.
type Event struct {
	ID        string          `json:"id"` // delivery ID: the same on every retry
	Type      string          `json:"type"`
	Workspace string          `json:"workspace,omitempty"`
	App       string          `json:"app,omitempty"`
	Form      string          `json:"form,omitempty"`
	Record    string          `json:"record,omitempty"`
	At        time.Time       `json:"at"`
	Data      json.RawMessage `json:"data,omitempty"`
}

// Request headers of a delivery.
const (
	HeaderDelivery  = "Formloom-Delivery"
	HeaderEvent     = "Formloom-Event"
	HeaderSignature = "Formloom-Signature"
)

// SenderOptions configure a Sender.
type SenderOptions struct {
	AllowPrivate bool          // allow loopback and private addresses (tests, on-premises receivers)
	Timeout      time.Duration // per delivery (default 10 s)
	Client       *http.Client  // replaces the built-in client, and with it the connect-time address check
}

// Sender posts events to webhook URLs.
type Sender struct {
	allowPrivate bool
	timeout      time.Duration
	client       *http.Client
	now          func() time.Time
}

// maxResponse bounds how much of a receiver's answer is read (to reuse the connection).
const maxResponse = 64 << 10

// NewSender returns a Sender. Its client uses no proxy, follows no redirects (a 3xx is a
// failed delivery) and, unless AllowPrivate, refuses to connect to private addresses
// whatever the URL's name resolved to.
func NewSender(opts SenderOptions) *Sender {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	client := opts.Client
	if client == nil {
		d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
		if !opts.AllowPrivate {
			d.Control = dialControl
		}
		client = &http.Client{
			Transport: &http.Transport{
				DialContext:           d.DialContext,
				ForceAttemptHTTP2:     true,
				MaxIdleConns:          100,
				MaxIdleConnsPerHost:   4,
				IdleConnTimeout:       90 * time.Second,
				TLSHandshakeTimeout:   5 * time.Second,
				ResponseHeaderTimeout: opts.Timeout,
			},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	return &Sender{allowPrivate: opts.AllowPrivate, timeout: opts.Timeout, client: client, now: time.Now}
}

// Deliver POSTs ev as JSON to rawURL, signed with secret. A 2xx answer is a delivery; any
// other answer or a network error is returned (the scheduler retries it).
func (s *Sender) Deliver(ctx context.Context, rawURL string, secret []byte, ev Event) error {
	if err := CheckURL(rawURL, s.allowPrivate); err != nil {
		return err
	}
	body, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("webhook: encode event %s: %w", ev.ID, err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Formloom-Webhook/1")
	req.Header.Set(HeaderDelivery, ev.ID)
	req.Header.Set(HeaderEvent, ev.Type)
	req.Header.Set(HeaderSignature, Sign(secret, s.now().Unix(), body))
	resp, err := s.client.Do(req)
	if err != nil {
		// The URL may carry credentials in its query: report the host only.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("webhook: deliver %s to %s: %w", ev.ID, req.URL.Host, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponse))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook: deliver %s: %w", ev.ID, &AnswerError{Host: req.URL.Host, Status: resp.StatusCode})
	}
	return nil
}

// AnswerError is a delivery the receiver answered with a status other than 2xx; run
// histories name the status in words.
type AnswerError struct {
	Host   string
	Status int
}

func (e *AnswerError) Error() string { return fmt.Sprintf("%s answered %d", e.Host, e.Status) }
