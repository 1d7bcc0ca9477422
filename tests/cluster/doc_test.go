package cluster

import (
	"os"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/internal/srvtest"
)

// docs/DEPLOYMENT.md shows the nginx configuration as tested: the output
// of srvtest.NginxConfig, as a system nginx runs it (not as root).
func TestDeploymentDoc(t *testing.T) {
	doc, err := os.ReadFile("../../docs/DEPLOYMENT.md")
	if err != nil {
		t.Fatal(err)
	}
	conf := srvtest.NginxConfig("/var/lib/acme-nginx", "127.0.0.1:8080", false,
		"127.0.0.1:5001", "127.0.0.1:5002", "127.0.0.1:5003")
	if !strings.Contains(string(doc), "```nginx\n"+conf+"```\n") {
		t.Errorf("docs/DEPLOYMENT.md does not show srvtest.NginxConfig's configuration:\n%s", conf)
	}
}
