// Package literal parses configuration files written like Flask's Python
// configuration files: a sequence of NAME = value assignments whose values
// are Python (or JSON) literals. Nothing is ever evaluated; anything that is
// not a literal is refused. Error messages never show the contents of a
// string literal, which may be a secret.
package literal

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The lexer and the parser report errors by panicking with an *Error,
// which parse recovers, as text/template/parse does.

const (
	maxDepth = 64 // maximum bracket nesting
	exprMsg  = "expressions are not supported (only literal values)"
)

// A Setting is one "NAME = value" assignment of a configuration file.
type Setting struct {
	Name  string
	Value any // string, int64, float64, bool, nil, []any, map[string]any
	Line  int // line of NAME
}

// An Error reports why a source is not valid: where, and what is wrong.
// Msg never shows the contents of a string literal.
type Error struct {
	Source string // the name of the source, as given to ParseFile or ParseValue
	Line   int    // 1-based line of the problem; 0 for ParseValue
	Name   string // the setting whose value is wrong, when known
	Msg    string // what is wrong
}

// Error formats the error as "source:line: NAME: message", leaving out the
// line when it is 0 and the name when it is empty.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Source)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Name != "" {
		b.WriteString(e.Name)
		b.WriteString(": ")
	}

	b.WriteString(e.Msg)
	return b.String()
}

// ParseFile parses src, a whole configuration file, into its settings in
// the order they are given. source names src in errors. Blank lines,
// comments, line continuations and a leading byte order mark are allowed;
// a name given twice is an error. On failure it returns a nil slice and an
// *Error for the first problem found.
func ParseFile(source string, src []byte) ([]Setting, error) {
	var settings []Setting
	err := parse(source, string(src), false, func(p *parser) {
		seen := make(map[string]int) // setting name -> line
		for p.tok.kind != tEOF {
			settings = append(settings, p.parseSetting(seen))
		}
	})
	if err != nil {
		return nil, err
	}
	return settings, nil
}

// ParseValue parses src as exactly one literal value, such as an environment
// variable's, and returns it as ParseFile returns a setting's value. source
// names src in errors. On failure it returns an *Error with neither line nor
// name (the caller knows which value it parsed); unlike file errors, its
// message shows no names and no characters of src, since a value that was
// meant as a plain string may well be a secret.
func ParseValue(source, src string) (any, error) {
	var v any
	err := parse(source, src, true, func(p *parser) {
		v = p.parseValue()
		p.endOfValue()
		if p.tok.kind == tNewline {
			p.advance()
		}
		if p.tok.kind != tEOF {
			panic(syntaxError(p.tok.line, "only one value is allowed"))
		}
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// parse prepares a parser on src, positioned on its first token, calls f
// with it and returns the error that stopped f, if any. value tells src is
// a single value, not a file.
func parse(source, src string, value bool, f func(*parser)) (err error) {
	p := &parser{}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			e.Source, e.Name = source, p.name
			if value {
				e.Line = 0 // a line inside a single value would mislead
			}
			err = e
		}
	}()

	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	if !value {
		src = strings.TrimPrefix(src, "\uFEFF")
	}

	if !utf8.ValidString(src) {
		line := 1
		for i, r := range src {
			if r == utf8.RuneError && !strings.HasPrefix(src[i:], "\uFFFD") {
				break
			}
			if r == '\n' {
				line++
			}
		}
		panic(syntaxError(line, "invalid UTF-8"))
	}

	p.lx = lexer{src: src, line: 1, atStart: true, hide: value}
	p.advance()
	f(p)
	return nil
}

// syntaxError returns an error at line; parse adds the source and the name.
func syntaxError(line int, format string, args ...any) *Error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// A parser parses settings and values from the tokens of a lexer.
type parser struct {
	lx      lexer
	name    string  // setting whose value is being parsed, for errors
	tok     token   // current token
	prevEnd int     // line where the previous token ends
	open    []token // brackets currently open, innermost last
}

// advance moves to the next token.
func (p *parser) advance() {
	p.prevEnd = p.lx.line
	p.tok = p.lx.next()
}

// isOp tells whether the current token is operator op.
func (p *parser) isOp(op string) bool {
	return p.tok.kind == tOp && p.tok.text == op
}

// parseSetting parses one NAME = value assignment and the end of its line.
// seen maps the names already given to their line.
func (p *parser) parseSetting(seen map[string]int) Setting {
	t := p.tok
	if t.pos > 0 && p.lx.src[t.pos-1] != '\n' {
		panic(syntaxError(t.line, "unexpected indentation"))
	}

	ok := t.kind == tName && !isKeyword(t.text)
	if ok {
		p.advance()
	}
	if !ok || !p.isOp("=") {
		panic(syntaxError(t.line, "expected an assignment NAME = value"))
	}

	p.name = t.text
	if first, dup := seen[t.text]; dup {
		panic(syntaxError(t.line, "given twice (first on line %d)", first))
	}
	seen[t.text] = t.line

	p.advance()
	v := p.parseValue()
	p.endOfValue()
	p.name = ""
	if p.tok.kind == tNewline {
		p.advance()
	}
	return Setting{Name: t.text, Value: v, Line: t.line}
}

// endOfValue checks that a top-level value ends its logical line.
func (p *parser) endOfValue() {
	t := p.tok
	switch {
	case t.kind == tNewline || t.kind == tEOF:
	case p.isOp(","):
		panic(syntaxError(t.line, "tuples need parentheses"))
	case p.isOp(";"):
		panic(syntaxError(t.line, "unexpected ';' (one setting per line)"))
	case t.kind == tOp && isCloser(t.text):
		panic(p.closeError())
	default:
		panic(syntaxError(t.line, exprMsg))
	}
}

// parseValue parses one literal value.
func (p *parser) parseValue() any {
	t := p.tok
	switch t.kind {
	case tString:
		var b strings.Builder
		for ; p.tok.kind == tString; p.advance() { // "ab" "cd" is "abcd"
			b.WriteString(p.tok.text)
		}
		return b.String()
	case tNumber:
		p.advance()
		return numberValue(t, false)
	case tName:
		if v, ok := literalName(t.text); ok {
			p.advance()
			return v
		}
		panic(p.nameError())
	case tOp:
		switch t.text {
		case "-", "+":
			p.advance()
			if n := p.tok; n.kind == tNumber {
				p.advance()
				return numberValue(n, t.text == "-")
			}
			if _, ok := literalName(p.tok.text); p.tok.kind == tName && !ok {
				panic(p.nameError())
			}
		case "[", "(":
			list := []any{}
			comma := p.parseItems(func() { list = append(list, p.parseValue()) })
			if t.text == "(" && len(list) == 1 && !comma {
				return list[0] // (x) is just x
			}
			return list
		case "{":
			return p.parseDict()
		case ")", "]", "}":
			if n := len(p.open); n == 0 || closerOf(p.open[n-1].text) != t.text {
				panic(p.closeError())
			}
			panic(syntaxError(t.line, "missing value"))
		case ",", ":", ";", "=":
			panic(syntaxError(t.line, "missing value"))
		}
	case tNewline, tEOF:
		if t.kind == tEOF && len(p.open) > 0 {
			panic(p.neverClosed())
		}
		panic(syntaxError(t.line, "missing value"))
	}

	panic(syntaxError(t.line, exprMsg))
}

// parseDict parses a dict whose opening brace is the current token.
func (p *parser) parseDict() map[string]any {
	dict := map[string]any{}
	p.parseItems(func() {
		kt := p.tok
		k := p.parseValue()
		if !p.isOp(":") {
			if p.isOp(",") || p.isOp("}") {
				panic(syntaxError(kt.line, "sets are not supported"))
			}
			panic(p.afterItem(":"))
		}

		key, ok := k.(string)
		if !ok {
			panic(syntaxError(kt.line, "dict keys must be strings"))
		}
		if _, dup := dict[key]; dup {
			panic(syntaxError(kt.line, "duplicate dict key"))
		}

		p.advance()
		dict[key] = p.parseValue()
	})
	return dict
}

// parseItems parses the comma-separated items between the bracket that is
// the current token and its closing bracket, calling item for each one. It
// reports whether a comma follows the last item.
func (p *parser) parseItems(item func()) (comma bool) {
	if len(p.open) == maxDepth {
		panic(syntaxError(p.tok.line, "nesting too deep"))
	}

	p.open = append(p.open, p.tok)
	closer := closerOf(p.tok.text)
	for p.advance(); !p.isOp(closer); {
		item()
		if comma = p.isOp(","); comma {
			p.advance()
		} else if !p.isOp(closer) {
			panic(p.afterItem(","))
		}
	}

	p.open = p.open[:len(p.open)-1]
	p.advance()
	return comma
}

// afterItem returns the error for the current token, which follows an item
// inside brackets but is neither sep nor the closing bracket.
func (p *parser) afterItem(sep string) *Error {
	t := p.tok
	switch {
	case t.kind == tEOF || p.startsAssignment():
		return p.neverClosed()
	case t.kind == tOp && isCloser(t.text):
		return p.closeError()
	case t.kind == tString || t.kind == tNumber || t.kind == tName && !isKeyword(t.text):
		return syntaxError(t.line, "missing '%s'", sep)
	}
	return syntaxError(t.line, exprMsg)
}

// startsAssignment tells whether the current token, inside brackets, looks
// like the start of the next setting, so that a bracket was left open.
func (p *parser) startsAssignment() bool {
	if len(p.open) == 0 || p.tok.kind != tName || p.tok.line <= p.prevEnd {
		return false
	}
	lx := p.lx // peek at the next token
	t := lx.next()
	return t.kind == tOp && t.text == "="
}

// nameError returns the error for the identifier that is the current token.
func (p *parser) nameError() *Error {
	t := p.tok
	switch {
	case p.startsAssignment():
		return p.neverClosed()
	case isKeyword(t.text):
		return syntaxError(t.line, exprMsg)
	case p.lx.hide:
		return syntaxError(t.line, "names are not supported (only literal values)")
	}
	return syntaxError(t.line, "names are not supported: %s (only literal values)", t.text)
}

// closeError returns the error for the closing bracket that is the current
// token and does not close the innermost open bracket.
func (p *parser) closeError() *Error {
	t := p.tok
	if len(p.open) == 0 {
		return syntaxError(t.line, "unmatched '%s'", t.text)
	}
	o := p.open[len(p.open)-1]
	return syntaxError(t.line, "'%s' does not match '%s' on line %d", t.text, o.text, o.line)
}

// neverClosed returns the error for the innermost open bracket, on its line.
func (p *parser) neverClosed() *Error {
	o := p.open[len(p.open)-1]
	return syntaxError(o.line, "'%s' was never closed", o.text)
}

// numberValue returns the value of number token t, negated if neg: an int64
// or a float64. Python and Go (with base 0) spell numbers alike, underscores
// included, except that Go reads 011 as octal and knows hexadecimal floats.
func numberValue(t token, neg bool) any {
	text, sign := t.text, ""
	if neg {
		sign = "-"
	}

	prefixed := len(text) > 1 && text[0] == '0' && strings.IndexByte("xXoObB", text[1]) >= 0
	float := !prefixed && strings.ContainsAny(text, ".eE")
	switch {
	case !prefixed && text[len(text)-1]|0x20 == 'j':
		panic(syntaxError(t.line, "complex numbers are not supported"))
	case !prefixed && !float && text[0] == '0' && strings.Trim(text, "0_") != "":
		panic(syntaxError(t.line, "leading zeros are not allowed (use 0o for octal)"))
	}

	var v any
	var err error
	if float {
		v, err = strconv.ParseFloat(sign+text, 64)
	} else {
		v, err = strconv.ParseInt(sign+text, 0, 64)
	}
	if errors.Is(err, strconv.ErrRange) {
		panic(syntaxError(t.line, "number out of range"))
	} else if err != nil {
		panic(syntaxError(t.line, "invalid number"))
	}
	return v
}

// literalName returns the value of True, False, None and of their JSON
// spellings true, false and null.
func literalName(s string) (any, bool) {
	switch s {
	case "True", "true":
		return true, true
	case "False", "false":
		return false, true
	case "None", "null":
		return nil, true
	}
	return nil, false
}

// isKeyword tells whether s is a Python keyword.
func isKeyword(s string) bool {
	switch s {
	case "False", "None", "True", "and", "as", "assert", "async", "await",
		"break", "class", "continue", "def", "del", "elif", "else", "except",
		"finally", "for", "from", "global", "if", "import", "in", "is",
		"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
		"while", "with", "yield":
		return true
	}
	return false
}

// closerOf returns the bracket that closes bracket open.
func closerOf(open string) string {
	return string(")]}"[strings.Index("([{", open)])
}

func isCloser(s string) bool { return s == ")" || s == "]" || s == "}" }

// TypeName names the type of a value the parser returns as a
// configuration file spells it, in Python's words: "str", "int", "float",
// "bool", "None", "list" or "dict"; another Go type by its Go name.
func TypeName(v any) string {
	switch v.(type) {
	case nil:
		return "None"
	case string:
		return "str"
	case int64:
		return "int"
	case float64:
		return "float"
	case bool:
		return "bool"
	case []any:
		return "list"
	case map[string]any:
		return "dict"
	}
	return fmt.Sprintf("%T", v)
}
