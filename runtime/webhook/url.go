package webhook

import (
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"

	"github.com/formloom/formloom/fault"
)

// ErrPrivateAddress: when connecting, the name resolved to an address webhooks may not reach.
var ErrPrivateAddress = errors.New("webhook: address is on a private network")

// CheckURL accepts http and https URLs with a host, refusing literal loopback, private,
// link-local, unspecified and multicast addresses and "localhost" unless allowPrivate.
// Names are checked again once resolved, when the sender connects.
func CheckURL(raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Opaque != "" {
		return refused(fault.Of("webhook_url_refused.not_http"))
	}
	if allowPrivate {
		return nil
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return refused(fault.Of("webhook_url_refused.local"))
	}
	if addr, err := netip.ParseAddr(host); err == nil && refusedAddr(addr) {
		return refused(fault.Of("webhook_url_refused.private"))
	}
	return nil
}

// refused names the URL field with the refusal's own message.
func refused(e *fault.Error) error {
	return e.WithField("/url", e.Code, e.Text.EN, e.Text.ZH)
}

// refusedAddr reports addresses a webhook may not reach.
func refusedAddr(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified()
}

// dialControl refuses connections to refused addresses after name resolution, so that a
// public name pointing at a private address is caught too.
func dialControl(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || refusedAddr(addr) {
		return ErrPrivateAddress
	}
	return nil
}
