package digest

import (
	"encoding/hex"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Reading the Authorization: Digest header: its auth-params (RFC 7235
// §2.1), then the credentials they carry, checked for form.

// credentials is what a Digest authorization says, checked for form.
type credentials struct {
	username  string
	realm     string
	nonce     string
	uri       string
	response  string // lowercase hex, the size of the algorithm's hash
	alg       algorithm
	cnonce    string
	opaque    string
	hasOpaque bool
	qop       string // as sent: "auth" in any case
	nc        string // as sent: 8 hex digits
	count     uint32 // nc's value, at least 1
}

// cutScheme returns what follows the Digest scheme of an Authorization
// header, and whether its scheme is Digest (without case).
func cutScheme(header string) (string, bool) {
	const scheme = "Digest"
	if len(header) < len(scheme) || !strings.EqualFold(header[:len(scheme)], scheme) {
		return "", false
	}
	rest := header[len(scheme):]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", false // another scheme, as Digestive
	}
	return rest, true
}

// parseParams reads the auth-params of RFC 7235 §2.1: a list of
// name=value, commas between them, empty elements allowed, optional
// whitespace around commas and equal signs, values tokens or
// quoted-strings with backslash escapes. Names are lowercased; a repeated
// name is refused, as are more than maxParams of them.
func parseParams(s string) (map[string]string, error) {
	bad := refuse("invalid digest authorization")
	params := map[string]string{}
	sep := true // a comma was seen since the last parameter, or none yet
	for i := 0; ; {
		i = skipOWS(s, i)
		if i == len(s) {
			return params, nil
		}
		if s[i] == ',' {
			i++
			sep = true
			continue
		}
		if !sep {
			return nil, bad
		}

		j := tokenEnd(s, i)
		if j == i {
			return nil, bad
		}
		name := strings.ToLower(s[i:j])
		i = skipOWS(s, j)
		if i == len(s) || s[i] != '=' {
			return nil, bad
		}
		i = skipOWS(s, i+1)

		var value string
		if i < len(s) && s[i] == '"' {
			var ok bool
			if value, i, ok = unquote(s, i); !ok {
				return nil, bad
			}
		} else {
			j = tokenEnd(s, i)
			if j == i {
				return nil, bad
			}
			value, i = s[i:j], j
		}

		if _, dup := params[name]; dup {
			return nil, refuse("repeated digest parameter")
		}
		if len(params) == maxParams {
			return nil, bad
		}
		params[name] = value
		sep = false
	}
}

// skipOWS returns the index of the first byte at or after i that is not
// a space or a tab.
func skipOWS(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// tokenEnd returns the end of the token starting at i (i when none).
func tokenEnd(s string, i int) int {
	for i < len(s) && tchar(s[i]) {
		i++
	}
	return i
}

// tchar tells whether c is a tchar of RFC 9110 §5.6.2.
func tchar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// unquote reads the quoted-string starting at s[i] == '"' (RFC 9110
// §5.6.4): it returns its value, the index after its closing quote, and
// whether it is well-formed.
func unquote(s string, i int) (string, int, bool) {
	var b strings.Builder
	for i++; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			return b.String(), i + 1, true
		case c == '\\':
			if i++; i == len(s) || !quotable(s[i]) {
				return "", i, false
			}
			b.WriteByte(s[i])
		case quotable(c):
			b.WriteByte(c)
		default:
			return "", i, false
		}
	}
	return "", i, false
}

// quotable tells whether c may be in a quoted-string, escaped or not
// (but for '"' and '\\', which must be): tab, space, visible ASCII,
// obs-text.
func quotable(c byte) bool { return c == '\t' || ' ' <= c && c != 0x7f }

// isHex tells whether s is n lowercase hex digits.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// credentialsOf checks the parameters of a Digest authorization:
// the required ones present, each of the right form. Unknown parameters
// are ignored, as RFC 7616 says.
func credentialsOf(p map[string]string) (credentials, error) {
	var c credentials
	bad := refuse("invalid digest authorization")
	for _, name := range []string{"realm", "nonce", "uri", "response", "cnonce", "nc", "qop"} {
		if _, ok := p[name]; !ok {
			return c, refuse("missing digest parameter: " + name)
		}
	}

	alg, ok := p["algorithm"]
	if !ok {
		alg = "MD5"
	}
	if c.alg, ok = lookupAlgorithm(alg); !ok {
		return c, refuse("unsupported digest algorithm")
	}
	if !strings.EqualFold(p["qop"], "auth") {
		return c, refuse("unsupported digest qop")
	}
	switch userhash, ok := p["userhash"]; {
	case !ok || strings.EqualFold(userhash, "false"):
	case strings.EqualFold(userhash, "true"):
		return c, refuse("unsupported digest userhash")
	default:
		return c, bad
	}

	plain, hasPlain := p["username"]
	extended, hasExtended := p["username*"]
	switch {
	case hasPlain && hasExtended:
		return c, bad
	case hasExtended:
		if plain, ok = extValue(extended); !ok {
			return c, bad
		}
	case !hasPlain:
		return c, refuse("missing digest parameter: username")
	}
	if !validLogin(plain) {
		return c, bad
	}

	c.username, c.realm, c.nonce, c.uri = plain, p["realm"], p["nonce"], p["uri"]
	c.cnonce, c.qop, c.nc = p["cnonce"], p["qop"], p["nc"]
	c.opaque, c.hasOpaque = p["opaque"]
	c.response = strings.ToLower(p["response"])

	count, err := strconv.ParseUint(c.nc, 16, 32)
	switch {
	case c.nonce == "", c.uri == "", c.cnonce == "":
		return c, bad
	case !isHex(c.response, 2*c.alg.size):
		return c, bad
	case len(c.nc) != 8 || err != nil || count == 0 || c.nc[0] == '+' || c.nc[0] == '-':
		return c, bad
	}
	c.count = uint32(count)
	return c, nil
}

// validLogin tells whether a login is non-empty UTF-8 without control
// characters.
func validLogin(login string) bool {
	if login == "" || !utf8.ValidString(login) {
		return false
	}
	for _, r := range login {
		if r < ' ' || r == 0x7f {
			return false
		}
	}
	return true
}

// extValue decodes the ext-value of RFC 8187 §3.2 that username*
// carries: UTF-8, an optional language, then attr-chars and
// percent-encoded bytes. Other charsets are refused.
func extValue(v string) (string, bool) {
	charset, rest, ok := strings.Cut(v, "'")
	if !ok || !strings.EqualFold(charset, "UTF-8") {
		return "", false
	}
	_, encoded, ok := strings.Cut(rest, "'")
	if !ok {
		return "", false
	}

	var b strings.Builder
	for i := 0; i < len(encoded); i++ {
		switch c := encoded[i]; {
		case c == '%':
			if i+2 >= len(encoded) {
				return "", false
			}
			x, err := hex.DecodeString(encoded[i+1 : i+3])
			if err != nil {
				return "", false
			}
			b.WriteByte(x[0])
			i += 2
		case tchar(c) && c != '%' && c != '\'' && c != '*':
			b.WriteByte(c)
		default:
			return "", false
		}
	}
	return b.String(), utf8.ValidString(b.String())
}
