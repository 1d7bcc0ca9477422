package fsa_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// ipApp returns the client address it sees, and the user of /who.
func ipApp(t *testing.T, directives ...any) *fsatest.Client {
	t.Helper()
	app := newApp(t, nil, append([]any{"FSA_AUTH", []string{"httpd", "fake", "none"}}, directives...)...)
	fsa.Get(app, "/ip", fsa.Open, func(c *fsa.Context, _ none) (any, error) {
		if c.ClientAddr().String() != c.Echo().RealIP() {
			t.Errorf("ClientAddr %s, RealIP %s", c.ClientAddr(), c.Echo().RealIP())
		}
		return c.ClientAddr().String(), nil
	})
	fsa.Get(app, "/who", fsa.Auth, who)
	return client(t, app)
}

// Client addresses: forwarding headers count only from trusted proxies,
// and a spoofed header from another peer opens nothing.
func TestClientAddress(t *testing.T) {
	xff := func(v ...string) http.Header { return http.Header{"X-Forwarded-For": v} }
	exact := fsatest.String
	trusted := ipApp(t, "FSA_TRUSTED_PROXIES", []string{"10.0.0.0/8", "192.0.2.9"}, "FSA_SECURE", false)
	trusted.Run(t, []fsatest.Case{
		{Name: "direct", Path: "/ip", RemoteAddr: "203.0.113.5:1234", WantStatus: 200, WantExact: exact("203.0.113.5")},
		{Name: "untrusted peer, forwarded ignored", Path: "/ip", RemoteAddr: "203.0.113.5:1234", Header: xff("198.51.100.1"), WantExact: exact("203.0.113.5")},
		{Name: "untrusted peer, X-Real-IP ignored", Path: "/ip", RemoteAddr: "203.0.113.5:1234", Header: http.Header{"X-Real-Ip": {"127.0.0.1"}}, WantExact: exact("203.0.113.5")},
		{Name: "trusted proxy", Path: "/ip", RemoteAddr: "10.1.2.3:1234", Header: xff("198.51.100.1"), WantExact: exact("198.51.100.1")},
		{Name: "trusted proxy address", Path: "/ip", RemoteAddr: "192.0.2.9:1234", Header: xff("198.51.100.1"), WantExact: exact("198.51.100.1")},
		{Name: "chain of trusted proxies", Path: "/ip", RemoteAddr: "10.1.2.3:1234", Header: xff("198.51.100.1, 10.9.9.9"), WantExact: exact("198.51.100.1")},
		{Name: "client's own hops ignored", Path: "/ip", RemoteAddr: "10.1.2.3:1234", Header: xff("127.0.0.1, 198.51.100.1"), WantExact: exact("198.51.100.1")},
		{Name: "repeated headers", Path: "/ip", RemoteAddr: "10.1.2.3:1234", Header: xff("127.0.0.1", "198.51.100.1"), WantExact: exact("198.51.100.1")},
		{Name: "unreadable hop", Path: "/ip", RemoteAddr: "10.1.2.3:1234", Header: xff("nonsense"), WantExact: exact("10.1.2.3")},
		{Name: "X-Real-IP from a trusted proxy", Path: "/ip", RemoteAddr: "10.1.2.3:1234", Header: http.Header{"X-Real-Ip": {"198.51.100.2"}}, WantExact: exact("198.51.100.2")},
		{Name: "IPv6 peer", Path: "/ip", RemoteAddr: "[2001:db8::1]:1234", WantExact: exact("2001:db8::1")},
		{Name: "IPv4-mapped peer", Path: "/ip", RemoteAddr: "[::ffff:203.0.113.5]:1234", WantExact: exact("203.0.113.5")},
	})
	noProxy := ipApp(t, "FSA_SECURE", false, "FSA_TRUSTED_PROXIES", []string{"192.0.2.9"})
	noProxy.Run(t, []fsatest.Case{
		{Name: "loopback is not trusted unless listed", Path: "/ip", RemoteAddr: "127.0.0.1:1234", Header: xff("198.51.100.1"), WantExact: exact("127.0.0.1")},
	})
}

// The schemes that trust the client address: spoofing opens nothing.
func TestSpoofedHeadersOpenNothing(t *testing.T) {
	c := ipApp(t, "FSA_TRUSTED_PROXIES", []string{"10.0.0.0/8"}, "FSA_SECURE", false)
	fake := url.Values{"LOGIN": {"calvin"}}
	c.Run(t, []fsatest.Case{
		{Name: "fake from loopback", Path: "/who", Query: fake, WantStatus: 200, WantExact: fsatest.String("calvin")},
		{Name: "fake from elsewhere", Path: "/who", Query: fake, RemoteAddr: "203.0.113.5:1", WantStatus: 401, WantExact: fsatest.String("missing authentication")},
		{Name: "fake with a spoofed X-Forwarded-For", Path: "/who", Query: fake, RemoteAddr: "203.0.113.5:1",
			Header: http.Header{"X-Forwarded-For": {"127.0.0.1"}, "X-Real-Ip": {"127.0.0.1"}}, WantStatus: 401},
		{Name: "fake through a trusted proxy for a remote client", Path: "/who", Query: fake, RemoteAddr: "10.0.0.1:1",
			Header: http.Header{"X-Forwarded-For": {"203.0.113.5"}}, WantStatus: 401},
		{Name: "httpd from a trusted proxy", Path: "/who", RemoteAddr: "10.0.0.1:1", Header: http.Header{"X-Remote-User": {"hobbes"}},
			WantStatus: 200, WantExact: fsatest.String("hobbes")},
		{Name: "httpd header from a client", Path: "/who", RemoteAddr: "203.0.113.5:1", Header: http.Header{"X-Remote-User": {"hobbes"}}, WantStatus: 401},
		{Name: "httpd header from loopback", Path: "/who", Header: http.Header{"X-Remote-User": {"hobbes"}}, WantStatus: 401},
		{Name: "httpd header with spoofed forwarding", Path: "/who", RemoteAddr: "203.0.113.5:1",
			Header: http.Header{"X-Remote-User": {"hobbes"}, "X-Forwarded-For": {"10.0.0.1"}}, WantStatus: 401},
	})
}

// FSA_SECURE: plain HTTP from a client that is not on this host is
// refused, unless a trusted proxy says the client used HTTPS.
func TestSecure(t *testing.T) {
	proto := func(p string) http.Header {
		return http.Header{"X-Forwarded-Proto": {p}, "X-Forwarded-For": {"203.0.113.5"}}
	}
	const refused = "insecure request: use HTTPS"
	on := ipApp(t, "FSA_TRUSTED_PROXIES", []string{"10.0.0.0/8"})
	on.Run(t, []fsatest.Case{
		{Name: "loopback", Path: "/ip", WantStatus: 200},
		{Name: "IPv6 loopback", Path: "/ip", RemoteAddr: "[::1]:1", WantStatus: 200},
		{Name: "remote plain HTTP", Path: "/ip", RemoteAddr: "203.0.113.5:1", WantStatus: 403, WantExact: fsatest.String(refused)},
		{Name: "remote, unknown path too", Path: "/nowhere", RemoteAddr: "203.0.113.5:1", WantStatus: 403},
		{Name: "remote claiming HTTPS", Path: "/ip", RemoteAddr: "203.0.113.5:1", Header: proto("https"), WantStatus: 403},
		{Name: "remote claiming loopback", Path: "/ip", RemoteAddr: "203.0.113.5:1", Header: http.Header{"X-Forwarded-For": {"127.0.0.1"}}, WantStatus: 403},
		{Name: "trusted proxy, HTTPS", Path: "/ip", RemoteAddr: "10.0.0.1:1", Header: proto("https"), WantStatus: 200, WantExact: fsatest.String("203.0.113.5")},
		{Name: "trusted proxy, HTTP", Path: "/ip", RemoteAddr: "10.0.0.1:1", Header: proto("http"), WantStatus: 403},
		{Name: "trusted proxy, last proto counts", Path: "/ip", RemoteAddr: "10.0.0.1:1", Header: proto("https, http"), WantStatus: 403},
	})
	off := ipApp(t, "FSA_SECURE", false, "FSA_TRUSTED_PROXIES", []string{"10.0.0.0/8"})
	off.Check(t, fsatest.Case{Name: "off", Path: "/ip", RemoteAddr: "203.0.113.5:1", WantStatus: 200})
}
