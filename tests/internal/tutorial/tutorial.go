// Package tutorial reads the curl commands of docs/TUTORIAL.md, each with
// the status its comment expects, as fsatest cases: the tests run them in
// order against one Acme (tests) or through a balancer in front of
// several (tests/cluster).
package tutorial

import (
	"bufio"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// Curl is a curl command of the tutorial and the status its comment
// expects.
type Curl struct {
	Line   int    // the line of its status comment, its last
	Cmd    string // the command, its continuation lines joined
	Status int    // the status of its "# NNN" comment
}

var statusComment = regexp.MustCompile(`#\s*(\d{3})\b`)

// Curls returns the curl commands of the sh blocks of a Markdown file,
// docs/TUTORIAL.md. A curl line without a status comment is an error,
// naming its line; all are returned at once.
func Curls(path string) ([]Curl, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Curl
	var errs []error
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
			errs = append(errs, fmt.Errorf("%s:%d: curl line without an expected status comment", filepath.Base(path), n))
			continue
		}
		status, _ := strconv.Atoi(m[1])
		out = append(out, Curl{Line: n, Cmd: cmd, Status: status})
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", path, err))
	}
	return out, errors.Join(errs...)
}

// Parse turns the curl options the tutorial uses into a request, with
// the shell variables of env; its path is the URL's path and query, its
// host ignored.
func Parse(cmd string, env func(string) string) (fsatest.Case, error) {
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
			return c, &UnknownOption{w}
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

// UnknownOption is the error of Parse for a curl option it does not know.
type UnknownOption struct{ Option string }

func (e *UnknownOption) Error() string { return "curl option not understood by the test: " + e.Option }

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
		return nil, &UnknownOption{"unterminated quote"}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
