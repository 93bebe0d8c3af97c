package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"syscall"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/webhook"
)

// Robot vendors.
const (
	DingTalk = "dingtalk"
	WeCom    = "wecom"
	Feishu   = "feishu"
)

// Robot is one group robot: its webhook URL and, for DingTalk and Feishu, the signing
// secret of its "加签" / "签名校验" security setting. WeCom robots have no signing secret:
// the key in their URL is the credential.
type Robot struct {
	Vendor string `json:"vendor"`
	URL    string `json:"url"`
	Secret string `json:"secret,omitempty"`
}

// CheckRobot refuses a robot that cannot work: an unknown vendor, a URL that is not http(s)
// or points at a private address (unless allowPrivate), a secret where the vendor has none.
func CheckRobot(r Robot, allowPrivate bool) error {
	switch r.Vendor {
	case DingTalk, WeCom, Feishu:
	default:
		return fault.FieldOf("/vendor", "bad_value.vendor")
	}
	if err := webhook.CheckURL(r.URL, allowPrivate); err != nil {
		if fe, ok := fault.As(err); ok {
			return fault.Field("/url", "robot_url_refused", fe.Text.EN, fe.Text.ZH)
		}
		return err
	}
	if r.Vendor == WeCom && r.Secret != "" {
		return fault.FieldOf("/secret", "bad_value.secret")
	}
	return nil
}

// DingTalkSign is DingTalk's 加签: Base64 of HMAC-SHA256, keyed by the secret, of
// "<timestamp in milliseconds>\n<secret>". It goes URL-encoded into the webhook URL's
// "sign" parameter, beside "timestamp".
func DingTalkSign(secret string, tsMillis int64) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(tsMillis, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// FeishuSign is Feishu's 签名校验: Base64 of HMAC-SHA256 keyed by
// "<timestamp in seconds>\n<secret>" over an empty message. It goes into the JSON body as
// "sign", beside "timestamp".
func FeishuSign(secret string, tsSeconds int64) string {
	mac := hmac.New(sha256.New, []byte(strconv.FormatInt(tsSeconds, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// robotRequest builds the URL and body a vendor expects for m at time now.
func robotRequest(r Robot, m Message, now time.Time) (string, []byte, error) {
	text := m.Title + "\n" + m.Text
	if m.Link != "" {
		text += "\n" + m.Link
	}
	var body any
	target := r.URL
	switch r.Vendor {
	case DingTalk:
		md := "#### " + m.Title + "\n\n" + m.Text
		if m.Link != "" {
			md += "\n\n[" + m.Link + "](" + m.Link + ")"
		}
		body = map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": m.Title, "text": md}}
		if r.Secret != "" {
			u, err := url.Parse(r.URL)
			if err != nil {
				return "", nil, fmt.Errorf("notify: robot URL: %w", err)
			}
			ts := now.UnixMilli()
			q := u.Query()
			q.Set("timestamp", strconv.FormatInt(ts, 10))
			q.Set("sign", DingTalkSign(r.Secret, ts))
			u.RawQuery = q.Encode()
			target = u.String()
		}
	case WeCom:
		body = map[string]any{"msgtype": "text", "text": map[string]string{"content": text}}
	case Feishu:
		b := map[string]any{"msg_type": "text", "content": map[string]string{"text": text}}
		if r.Secret != "" {
			ts := now.Unix()
			b["timestamp"] = strconv.FormatInt(ts, 10)
			b["sign"] = FeishuSign(r.Secret, ts)
		}
		body = b
	default:
		return "", nil, fmt.Errorf("notify: unknown robot vendor %q", r.Vendor)
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return "", nil, fmt.Errorf("notify: encode robot message: %w", err)
	}
	return target, raw, nil
}

// vendorAnswer is the JSON every vendor answers: DingTalk and WeCom say errcode, Feishu
// code (older robots StatusCode); zero is success.
type vendorAnswer struct {
	ErrCode    *int   `json:"errcode"`
	ErrMsg     string `json:"errmsg"`
	Code       *int   `json:"code"`
	Msg        string `json:"msg"`
	StatusCode *int   `json:"StatusCode"`
}

// SendRobot posts m to a robot. A non-2xx answer, or a 2xx one whose JSON carries a
// non-zero error code (a wrong signature, an expired timestamp, a rate limit), is an error.
func (s *Sender) SendRobot(ctx context.Context, r Robot, m Message) error {
	if err := CheckRobot(r, s.allowPrivate); err != nil {
		return err
	}
	target, body, err := robotRequest(r, m, s.now())
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("notify: robot request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := s.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL carries the robot's key: report the host only
		}
		return fmt.Errorf("notify: %s robot at %s: %w", r.Vendor, req.URL.Host, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("notify: %s robot at %s answered %d", r.Vendor, req.URL.Host, resp.StatusCode)
	}
	var a vendorAnswer
	if json.Unmarshal(raw, &a) == nil {
		for _, c := range []struct {
			code *int
			msg  string
		}{{a.ErrCode, a.ErrMsg}, {a.Code, a.Msg}, {a.StatusCode, a.Msg}} {
			if c.code != nil && *c.code != 0 {
				return fmt.Errorf("notify: %s robot at %s refused the message: %d %s", r.Vendor, req.URL.Host, *c.code, c.msg)
			}
		}
	}
	return nil
}

// httpClient is a client without proxy or redirects that, unless allowPrivate, refuses to
// connect to private addresses whatever a name resolved to (as webhooks do).
func httpClient(allowPrivate bool, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	if !allowPrivate {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			a, err := netip.ParseAddr(host)
			if err != nil {
				return webhook.ErrPrivateAddress
			}
			a = a.Unmap().WithZone("")
			if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
				return webhook.ErrPrivateAddress
			}
			return nil
		}
	}
	return &http.Client{
		Timeout:       timeout,
		Transport:     &http.Transport{DialContext: d.DialContext, TLSHandshakeTimeout: 5 * time.Second, ResponseHeaderTimeout: timeout},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
