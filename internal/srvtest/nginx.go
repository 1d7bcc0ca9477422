package srvtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Nginx starts nginx (Debian's package nginx) for the test as a
// round-robin reverse proxy in front of backends (host:port each), stopped
// at its end. It listens on a free port of 127.0.0.1 and passes every
// request to the next backend in turn (one turn for all its workers, the
// upstream's state in shared memory), over HTTP/1.1 connections it keeps
// open, with the client's Host and X-Forwarded-For (the client's address
// appended, $proxy_add_x_forwarded_for) and X-Forwarded-Proto. Its
// configuration (NginxConfig), pid file, error log and temporary files
// are in a temporary directory; it logs no access.
func Nginx(t testing.TB, backends ...string) *Server {
	t.Helper()
	if len(backends) == 0 {
		t.Fatal("srvtest.Nginx: no backend")
	}
	s := prepare(t, "nginx")
	s.group = true
	conf := filepath.Join(s.dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(NginxConfig(s.dir, s.Addr, os.Geteuid() == 0, backends...)), 0o600); err != nil {
		t.Fatal(err)
	}
	// -e: the error log of startup too, before the file is read (else
	// /var/log/nginx/error.log, which a user may not write)
	s.args = []string{"-p", s.dir, "-c", conf, "-e", filepath.Join(s.dir, "error.log")}
	if err := s.Start(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "error.log"))
		t.Fatalf("%v\n%s", err, log)
	}
	t.Cleanup(s.Stop)
	return s
}

// NginxConfig returns the configuration of Nginx: listening on addr
// (host:port) in front of backends, with its files in dir. root says
// whether nginx runs as root, whose workers would otherwise run as nobody
// and could not write in dir: they run as root too. docs/DEPLOYMENT.md
// shows this configuration.
func NginxConfig(dir, addr string, root bool, backends ...string) string {
	var b strings.Builder
	if root {
		b.WriteString("user root;\n")
	}
	path := func(name string) string { return filepath.Join(dir, name) }
	fmt.Fprintf(&b, `daemon off;
worker_processes auto;
pid %s;
error_log %s warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    client_body_temp_path %s;
    proxy_temp_path %s;
    fastcgi_temp_path %s;
    uwsgi_temp_path %s;
    scgi_temp_path %s;

    upstream backends {
        zone backends 64k;
`, path("nginx.pid"), path("error.log"), path("client_body"), path("proxy"), path("fastcgi"), path("uwsgi"), path("scgi"))
	for _, backend := range backends {
		fmt.Fprintf(&b, "        server %s;\n", backend)
	}
	fmt.Fprintf(&b, `        keepalive 64;
    }
    server {
        listen %s;
        location / {
            proxy_pass http://backends;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }
    }
}
`, addr)
	return b.String()
}
