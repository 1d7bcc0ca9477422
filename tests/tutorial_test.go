package tests

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fsa-go/fsa-go/acme/acmeapp"
	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// curlLine is a curl command of the tutorial and the status its comment expects.
type curlLine struct {
	line   int
	cmd    string
	status int
}

var statusComment = regexp.MustCompile(`#\s*(\d{3})\b`)

// tutorialCurls returns the curl commands of the sh blocks of docs/TUTORIAL.md.
func tutorialCurls(t *testing.T) []curlLine {
	t.Helper()
	f, err := os.Open("../docs/TUTORIAL.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []curlLine
	inSh, cont := false, ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```"):
			inSh = line == "```sh"
			continue
		case !inSh:
			continue
		}
		if cont != "" {
			line = cont + " " + strings.TrimSpace(line)
			cont = ""
		}
		if strings.HasSuffix(line, "\\") {
			cont = strings.TrimSuffix(line, "\\")
			continue
		}
		if !strings.HasPrefix(strings.TrimSpace(line), "curl ") {
			continue
		}
		cmd, comment, _ := strings.Cut(line, "#")
		m := statusComment.FindStringSubmatch("#" + comment)
		if m == nil {
			t.Errorf("TUTORIAL.md:%d: curl line without an expected status comment", n)
			continue
		}
		status, _ := strconv.Atoi(m[1])
		out = append(out, curlLine{line: n, cmd: cmd, status: status})
	}
	return out
}

// parseCurl turns the curl options the tutorial uses into a request,
// with the shell variables of env.
func parseCurl(cmd string, env func(string) string) (fsatest.Case, error) {
	words, err := shellWords(os.Expand(cmd, env))
	if err != nil {
		return fsatest.Case{}, err
	}
	c := fsatest.Case{Header: http.Header{}}
	var data []string
	for i := 1; i < len(words); i++ {
		w := words[i]
		next := func() string {
			i++
			if i < len(words) {
				return words[i]
			}
			return ""
		}
		switch {
		case w == "-s" || w == "-i" || w == "-si":
		case w == "-X":
			c.Method = next()
		case w == "-d":
			data = append(data, next())
		case w == "-H":
			k, v, _ := strings.Cut(next(), ":")
			c.Header.Add(k, strings.TrimSpace(v))
		case w == "-u":
			login, pass, _ := strings.Cut(next(), ":")
			c.Auth = fsatest.Basic(login, pass)
		case strings.HasPrefix(w, "http://"):
			u, err := url.Parse(w)
			if err != nil {
				return c, err
			}
			c.Path = u.RequestURI()
		default:
			return c, &unknownOption{w}
		}
	}
	switch {
	case c.Method != "":
	case len(data) > 0:
		c.Method = "POST" // as curl does
	default:
		c.Method = "GET"
	}
	switch {
	case len(data) > 0 && c.Header.Get("Content-Type") != "":
		c.Body = strings.Join(data, "&") // as curl sends it
	case len(data) > 0:
		c.Form = url.Values{}
		for _, d := range data {
			k, v, _ := strings.Cut(d, "=")
			c.Form.Add(k, v)
		}
	}
	return c, nil
}

type unknownOption struct{ w string }

func (e *unknownOption) Error() string { return "curl option not understood by the test: " + e.w }

// shellWords splits a command line with single and double quotes (and
// backslash escapes inside double quotes).
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case quote == '"' && r == '\\':
			escaped = true
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, &unknownOption{"unterminated quote"}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// TestTutorialCurls runs every curl line of docs/TUTORIAL.md against the
// Acme app on its embedded configuration, in order. ACME_TOKEN is the
// last token returned, as the reader copies it. It runs on each backend.
func TestTutorialCurls(t *testing.T) {
	forEachBackend(t, testTutorialCurls)
}

func testTutorialCurls(t *testing.T, b backend) {
	client := acmeClient(t, openAcme(t, b.env(t), io.Discard, fsa.LookupEnv(fastHashes)))
	curls := tutorialCurls(t)
	if len(curls) < 4 {
		t.Fatalf("only %d curl lines found in the tutorial", len(curls))
	}
	env := testEnv()
	token := ""
	for _, c := range curls {
		name := "TUTORIAL.md:" + strconv.Itoa(c.line)
		t.Run(name, func(t *testing.T) {
			req, err := parseCurl(c.cmd, func(v string) string {
				if v == "ACME_TOKEN" {
					return token
				}
				return env(v)
			})
			if err != nil {
				t.Fatal(err)
			}
			req.Name, req.WantStatus = name, c.status
			var answer struct{ Token string }
			if json.Unmarshal(client.Check(t, req).Body, &answer) == nil && answer.Token != "" {
				token = answer.Token
			}
		})
	}
}

// TestTutorialConfig checks that the acme.conf shown in the tutorial is the
// one the app embeds.
func TestTutorialConfig(t *testing.T) {
	doc, err := os.ReadFile("../docs/TUTORIAL.md")
	if err != nil {
		t.Fatal(err)
	}
	conf := string(acmeapp.DefaultConfig())
	if !strings.Contains(string(doc), "```python\n"+conf+"```\n") {
		t.Errorf("docs/TUTORIAL.md does not show the embedded acme.conf:\n%s", conf)
	}
}
