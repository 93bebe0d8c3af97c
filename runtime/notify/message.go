package notify

import (
	"net/http"
	"time"
)

// Message is one notification as channels render it, in its reader's language.
type Message struct {
	Title string `json:"title"` // a line: "新待办：合同审批"
	Text  string `json:"text"`  // a paragraph or two of plain text
	Link  string `json:"link"`  // the record's page
}

// Sender sends messages. Its HTTP client refuses private addresses unless AllowPrivate.
type Sender struct {
	client       *http.Client
	allowPrivate bool
	now          func() time.Time
	dialTimeout  time.Duration
}

// SenderOptions configure NewSender.
type SenderOptions struct {
	AllowPrivate bool             // loopback and private addresses allowed (tests, on-premises servers)
	Timeout      time.Duration    // per send (default 10 s)
	Now          func() time.Time // the clock robots sign with (default time.Now)
}

// NewSender returns a Sender.
func NewSender(opts SenderOptions) *Sender {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Sender{client: httpClient(opts.AllowPrivate, opts.Timeout), allowPrivate: opts.AllowPrivate, now: opts.Now, dialTimeout: opts.Timeout}
}
