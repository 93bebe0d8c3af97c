package webhook_test

import (
	"errors"
	"testing"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/webhook"
)

func TestSignatureRoundTripAndTamper(t *testing.T) {
	secret := []byte("s3cret")
	body := []byte(`{"id":"d1","type":"record.created"}`)
	now := time.Unix(1_760_000_000, 0)
	h := webhook.Sign(secret, now.Unix(), body)
	if err := webhook.Verify(secret, h, body, now.Add(2*time.Minute), 5*time.Minute); err != nil {
		t.Fatalf("valid signature refused: %v", err)
	}
	cases := []struct {
		name   string
		secret []byte
		header string
		body   []byte
		at     time.Time
		want   error
	}{
		{"body changed", secret, h, []byte(`{"id":"d1","type":"record.deleted"}`), now, webhook.ErrBadSignature},
		{"other secret", []byte("other"), h, body, now, webhook.ErrBadSignature},
		{"timestamp changed", secret, "t=1760000001" + h[len("t=1760000000"):], body, now, webhook.ErrBadSignature},
		{"too old", secret, h, body, now.Add(6 * time.Minute), webhook.ErrStale},
		{"from the future", secret, h, body, now.Add(-6 * time.Minute), webhook.ErrStale},
		{"empty", secret, "", body, now, webhook.ErrMalformed},
		{"no v1", secret, "t=1760000000", body, now, webhook.ErrMalformed},
		{"bad hex", secret, "t=1760000000,v1=zz", body, now, webhook.ErrMalformed},
	}
	for _, c := range cases {
		if err := webhook.Verify(c.secret, c.header, c.body, c.at, 5*time.Minute); !errors.Is(err, c.want) {
			t.Errorf("%s: Verify = %v, want %v", c.name, err, c.want)
		}
	}
	// During a secret rotation a header may carry several v1 values.
	rotated := webhook.Sign([]byte("old"), now.Unix(), body) + "," + h[len("t=1760000000,"):]
	if err := webhook.Verify(secret, rotated, body, now, time.Minute); err != nil {
		t.Errorf("rotated header refused: %v", err)
	}
}

func TestCheckURL(t *testing.T) {
	cases := []struct {
		url     string
		ok      bool
		private bool // accepted when private addresses are allowed
	}{
		{"https://hooks.example.com/formloom", true, true},
		{"http://203.0.113.7:8080/x", true, true},
		{"http://[2001:db8::1]/x", true, true},
		{"ftp://example.com/x", false, false},
		{"/relative", false, false},
		{"https://", false, false},
		{"mailto:someone@example.com", false, false},
		{"http://localhost:8080/", false, true},
		{"http://LocalHost./", false, true},
		{"http://api.localhost/", false, true},
		{"http://127.0.0.1/", false, true},
		{"http://127.8.9.10/", false, true},
		{"http://[::1]/", false, true},
		{"http://10.1.2.3/", false, true},
		{"http://172.16.0.1/", false, true},
		{"http://192.168.1.1/", false, true},
		{"http://169.254.169.254/latest/meta-data", false, true},
		{"http://[fe80::1%25eth0]/", false, true},
		{"http://[fd00::1]/", false, true},
		{"http://0.0.0.0/", false, true},
		{"http://[::]/", false, true},
		{"http://224.0.0.1/", false, true},
		{"http://[::ffff:127.0.0.1]/", false, true},
	}
	for _, c := range cases {
		err := webhook.CheckURL(c.url, false)
		if (err == nil) != c.ok {
			t.Errorf("CheckURL(%q) = %v, want ok=%v", c.url, err, c.ok)
		}
		if err != nil {
			fe, isFault := fault.As(err)
			if !isFault || fe.Kind != fault.Invalid || fe.Code != "webhook_url_refused" {
				t.Errorf("CheckURL(%q) error %v is not a webhook_url_refused fault", c.url, err)
			} else if _, ok := fe.Fields["/url"]; !ok {
				t.Errorf("CheckURL(%q) error names no /url field", c.url)
			}
		}
		if err := webhook.CheckURL(c.url, true); (err == nil) != c.private {
			t.Errorf("CheckURL(%q, allowPrivate) = %v, want ok=%v", c.url, err, c.private)
		}
	}
}
