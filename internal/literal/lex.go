package literal

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// A tokenKind tells what a token is.
type tokenKind int

const (
	tEOF     tokenKind = iota
	tNewline           // end of a logical line, outside brackets
	tName              // identifier
	tNumber            // number, as written
	tString            // string, decoded (adjacent strings are separate tokens)
	tOp                // operator or punctuation
)

// A token is a lexical element of the source.
type token struct {
	kind tokenKind
	text string
	line int // line where the token starts
	pos  int // byte offset where the token starts
}

// A lexer splits source text into tokens, Python style: newlines only count
// outside brackets, and comments and line continuations are skipped.
type lexer struct {
	src     string
	pos     int
	line    int
	depth   int  // open brackets; newlines are ignored when > 0
	atStart bool // no token yet on the current logical line
	hide    bool // do not show source characters in errors
}

// next returns the next token.
func (l *lexer) next() token {
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case '\n':
			l.pos++
			l.line++
			if l.depth == 0 && !l.atStart {
				l.atStart = true
				return token{kind: tNewline, line: l.line - 1, pos: l.pos - 1}
			}
		case ' ', '\t', '\f':
			l.pos++
		case '#':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
		case '\\':
			if !strings.HasPrefix(l.src[l.pos:], "\\\n") {
				panic(syntaxError(l.line, "backslash must end the line"))
			}
			l.pos += 2
			l.line++
		default:
			return l.scan()
		}
	}

	return token{kind: tEOF, line: l.line, pos: l.pos}
}

// scan returns the token at the current position, which is neither space
// nor a comment.
func (l *lexer) scan() token {
	l.atStart = false
	start := l.pos
	t := token{line: l.line, pos: start}

	switch c := l.src[start]; {
	case c == '_' || isLetter(c):
		for l.pos++; l.pos < len(l.src) && isIdentChar(l.src[l.pos]); l.pos++ {
		}
		word := l.src[start:l.pos]
		if l.pos == len(l.src) || l.src[l.pos] != '\'' && l.src[l.pos] != '"' || !isStringPrefix(word) {
			t.kind, t.text = tName, word
			return t
		}

		switch prefix := strings.ToLower(word); {
		case strings.Contains(prefix, "b"):
			panic(syntaxError(t.line, "bytes literals are not supported"))
		case strings.Contains(prefix, "f"):
			panic(syntaxError(t.line, "f-strings are not supported"))
		case strings.Contains(prefix, "t"):
			panic(syntaxError(t.line, "t-strings are not supported"))
		default:
			return l.scanString(t, strings.Contains(prefix, "r"))
		}
	case isDigit(c) || c == '.' && start+1 < len(l.src) && isDigit(l.src[start+1]):
		// Take the longest run that may belong to a number; numberValue
		// checks it. A sign belongs to the number after an exponent's e.
		hex := start+1 < len(l.src) && c == '0' && l.src[start+1]|0x20 == 'x'
		for l.pos++; l.pos < len(l.src); l.pos++ {
			c := l.src[l.pos]
			sign := (c == '+' || c == '-') && !hex && l.src[l.pos-1]|0x20 == 'e'
			if !isLetter(c) && !isDigit(c) && c != '_' && c != '.' && !sign {
				break
			}
		}
		t.kind, t.text = tNumber, l.src[start:l.pos]
	case c == '\'' || c == '"':
		return l.scanString(t, false)
	default:
		n := opLen(l.src[start:])
		if n == 0 {
			if l.hide {
				panic(syntaxError(t.line, "unexpected character"))
			}
			r, _ := utf8.DecodeRuneInString(l.src[start:])
			panic(syntaxError(t.line, "unexpected character %q", r))
		}

		l.pos += n
		t.kind, t.text = tOp, l.src[start:l.pos]
		switch t.text {
		case "(", "[", "{":
			l.depth++
		case ")", "]", "}":
			l.depth = max(l.depth-1, 0)
		}
	}

	return t
}

// scanString scans the quoted string at the current position, starting
// token t, and returns t with the decoded string.
func (l *lexer) scanString(t token, raw bool) token {
	delim := l.src[l.pos : l.pos+1]
	if triple := strings.Repeat(delim, 3); strings.HasPrefix(l.src[l.pos:], triple) {
		delim = triple
	}

	unterminated := "unterminated string"
	if len(delim) == 3 {
		unterminated = "unterminated triple-quoted string"
	}

	l.pos += len(delim)
	var b strings.Builder
	for {
		if l.pos == len(l.src) || l.src[l.pos] == '\n' && len(delim) == 1 {
			panic(syntaxError(t.line, "%s", unterminated))
		}
		switch c := l.src[l.pos]; {
		case strings.HasPrefix(l.src[l.pos:], delim):
			l.pos += len(delim)
			t.kind, t.text = tString, b.String()
			return t
		case c == '\\' && raw && l.pos+1 < len(l.src):
			// The backslash keeps the next byte from ending the string;
			// both stay in a raw string.
			b.WriteString(l.src[l.pos : l.pos+2])
			if l.src[l.pos+1] == '\n' {
				l.line++
			}
			l.pos += 2
		case c == '\\' && !raw:
			l.escape(&b)
		default:
			if c == '\n' {
				l.line++
			}
			b.WriteByte(c)
			l.pos++
		}
	}
}

// escape decodes the backslash escape at the current position into b.
func (l *lexer) escape(b *strings.Builder) {
	const from, to = `\'"abfnrtv`, "\\'\"\a\b\f\n\r\t\v"
	if l.pos+1 == len(l.src) {
		b.WriteByte('\\') // the string is unterminated
		l.pos++
		return
	}

	c := l.src[l.pos+1]
	l.pos += 2
	switch i := strings.IndexByte(from, c); {
	case c == '\n': // the string goes on on the next line
		l.line++
	case i >= 0:
		b.WriteByte(to[i])
	case c == 'x' || c == 'u' || c == 'U':
		n := 2 << strings.IndexByte("xuU", c) // 2, 4 or 8 hex digits
		if l.pos+n > len(l.src) {
			panic(syntaxError(l.line, `invalid \%c escape`, c))
		}
		v, err := strconv.ParseUint(l.src[l.pos:l.pos+n], 16, 32)
		if err != nil || v > utf8.MaxRune || 0xD800 <= v && v <= 0xDFFF {
			panic(syntaxError(l.line, `invalid \%c escape`, c))
		}
		b.WriteRune(rune(v))
		l.pos += n
	case c == 'N':
		panic(syntaxError(l.line, `\N{...} escapes are not supported`))
	case '0' <= c && c <= '7': // up to 3 octal digits
		v := rune(c - '0')
		for n := 1; n < 3 && l.pos < len(l.src) && '0' <= l.src[l.pos] && l.src[l.pos] <= '7'; n++ {
			v = v*8 + rune(l.src[l.pos]-'0')
			l.pos++
		}
		b.WriteRune(v)
	default: // Python keeps unknown escapes as they are
		b.WriteByte('\\')
		l.pos--
	}
}

// isStringPrefix tells whether s is a Python string prefix such as r or rb.
func isStringPrefix(s string) bool {
	switch strings.ToLower(s) {
	case "r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt":
		return true
	}
	return false
}

// opLen returns the length of the Python operator or delimiter at the start
// of s, or 0 if there is none.
func opLen(s string) int {
	for n := min(3, len(s)); n > 0; n-- {
		switch s[:n] {
		case "**=", "//=", ">>=", "<<=", "...", "==", "!=", "<=", ">=", "+=",
			"-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "**", "//", "<<",
			">>", "->", ":=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~",
			"<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "=":
			return n
		}
	}
	return 0
}

func isDigit(c byte) bool     { return '0' <= c && c <= '9' }
func isLetter(c byte) bool    { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isIdentChar(c byte) bool { return c == '_' || isLetter(c) || isDigit(c) }
