package fsa

import (
	"net/http"
	"net/netip"
	"strings"
)

// proxies are the trusted reverse proxies of FSA_TRUSTED_PROXIES: only
// from them are X-Forwarded-For, X-Real-IP, X-Forwarded-Proto and the
// httpd user header believed.
type proxies []netip.Prefix

// newProxies reads FSA_TRUSTED_PROXIES, checked when loaded.
func newProxies(list []string) proxies {
	var p proxies
	for _, s := range list {
		prefix, err := netip.ParsePrefix(s)
		if err != nil {
			addr, _ := netip.ParseAddr(s)
			prefix = netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen())
		}
		p = append(p, prefix.Masked())
	}
	return p
}

// trusts tells whether an address is a trusted proxy.
func (p proxies) trusts(addr netip.Addr) bool {
	for _, prefix := range p {
		if prefix.Contains(addr) {
			return true
		}
	}
	return false
}

// peerAddr is the address of the connection's other end.
func peerAddr(r *http.Request) netip.Addr {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr().Unmap()
	}
	addr, _ := netip.ParseAddr(r.RemoteAddr)
	return addr.Unmap()
}

// clientAddr is the client's address: the connection's, unless it comes
// from a trusted proxy, and then the nearest address of X-Forwarded-For
// (else X-Real-IP) that is not a trusted proxy. A header from any other
// peer is ignored: it is the client's word.
func (p proxies) clientAddr(r *http.Request) netip.Addr {
	addr := peerAddr(r)
	if !p.trusts(addr) {
		return addr
	}
	forwarded := r.Header.Values("X-Forwarded-For")
	if len(forwarded) == 0 {
		if real, err := netip.ParseAddr(strings.TrimSpace(r.Header.Get("X-Real-IP"))); err == nil {
			return real.Unmap()
		}
		return addr
	}

	hops := strings.Split(strings.Join(forwarded, ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return addr // a hop we cannot read: trust nothing beyond the proxy
		}
		if hop = hop.Unmap(); !p.trusts(hop) {
			return hop
		}
		addr = hop
	}
	return addr
}

// isHTTPS tells whether the client's request came over TLS: on this
// connection, or on a trusted proxy's that says so.
func (p proxies) isHTTPS(r *http.Request) bool {
	return r.TLS != nil || p.trusts(peerAddr(r)) && forwardedHTTPS(r)
}

// secure tells whether FSA_SECURE lets a request through: it came over TLS
// (isHTTPS), or from a client on this host (clientAddr). The peer address
// is read once.
func (p proxies) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	peer := peerAddr(r)
	if !p.trusts(peer) {
		return peer.IsLoopback()
	}
	return forwardedHTTPS(r) || p.clientAddr(r).IsLoopback()
}

// forwardedHTTPS tells whether a proxy's X-Forwarded-Proto says https (its
// last value, the nearest proxy's).
func forwardedHTTPS(r *http.Request) bool {
	protos := r.Header.Values("X-Forwarded-Proto")
	if len(protos) == 0 {
		return false
	}
	last := protos[len(protos)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	return strings.EqualFold(strings.TrimSpace(last), "https")
}

// ClientAddr returns the client's address: the connection's, or for a
// request through a trusted proxy (FSA_TRUSTED_PROXIES) the address the
// proxy forwards. Echo's RealIP gives the same.
func (c *Context) ClientAddr() netip.Addr {
	return c.app.proxies.clientAddr(c.ec.Request())
}

// isLoopback tells whether the client is on this host.
func (c *Context) isLoopback() bool {
	return c.ClientAddr().IsLoopback()
}
