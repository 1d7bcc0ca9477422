package srvtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

// clientFrom returns an HTTP client whose connections leave from a
// loopback address of its own (all of 127.0.0.0/8 is this host's).
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: d.DialContext}}
}

// Nginx passes requests to its backends in turn, with the client's Host
// and its address appended to X-Forwarded-For, and leaves no process
// behind when stopped.
func TestNginx(t *testing.T) {
	var backends []string
	for _, name := range []string{"one", "two", "three"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "%s|%s|%s|%s", name, r.Host, r.Header.Get("X-Forwarded-For"), r.Header.Get("X-Forwarded-Proto"))
		}))
		t.Cleanup(srv.Close)
		backends = append(backends, srv.Listener.Addr().String())
	}
	ngx := Nginx(t, backends...)

	get := func(client *http.Client, forwarded string) []string {
		t.Helper()
		req, err := http.NewRequest("GET", "http://"+ngx.Addr+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		if forwarded != "" {
			req.Header.Set("X-Forwarded-For", forwarded)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("status %d: %s", res.StatusCode, b)
		}
		return strings.Split(string(b), "|")
	}

	client := clientFrom("127.0.0.2")
	seen := map[string]int{}
	for range 6 {
		got := get(client, "")
		seen[got[0]]++
		if want := []string{got[0], ngx.Addr, "127.0.0.2", "http"}; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("backend saw %q, want %q", got, want)
		}
	}
	for _, name := range []string{"one", "two", "three"} {
		if seen[name] != 2 {
			t.Errorf("round robin: %v, want 2 requests each", seen)
		}
	}
	if got := get(client, "10.1.2.3"); got[2] != "10.1.2.3, 127.0.0.2" {
		t.Errorf("X-Forwarded-For %q, want the client's value then its address", got[2])
	}

	pgid := ngx.cmd.Process.Pid
	ngx.Stop()
	if err := syscall.Kill(-pgid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("nginx's processes remain after Stop: kill -0 -%d: %v", pgid, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if c, err := (&net.Dialer{}).DialContext(ctx, "tcp", ngx.Addr); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after Stop", ngx.Addr)
	}
}

// NginxConfig names user root only for a root master, and every file in
// the directory given.
func TestNginxConfig(t *testing.T) {
	conf := NginxConfig("/tmp/x", "127.0.0.1:8080", false, "127.0.0.1:1", "127.0.0.1:2")
	for _, want := range []string{"daemon off;", "pid /tmp/x/nginx.pid;", "listen 127.0.0.1:8080;",
		"server 127.0.0.1:1;\n        server 127.0.0.1:2;", "access_log off;",
		"proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"} {
		if !strings.Contains(conf, want) {
			t.Errorf("config lacks %q:\n%s", want, conf)
		}
	}
	if strings.Contains(conf, "user ") {
		t.Errorf("user directive without root:\n%s", conf)
	}
	if conf := NginxConfig("/tmp/x", "127.0.0.1:8080", true, "127.0.0.1:1"); !strings.HasPrefix(conf, "user root;\n") {
		t.Errorf("no user root as root:\n%s", conf)
	}
}
