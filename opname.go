package bettermode

import "bytes"

// maxOpName bounds the operation names handed to an Observer.
const maxOpName = 64

// operationOf reads, from a GraphQL request body as gqlRequest encodes it
// (the query first, then operationName), the type of the operation it runs
// and its name: the operation named by operationName, else the first one;
// its name, else the root field it selects first (not an alias). It reads
// the JSON string in place; a body it cannot read gives "" and "".
func operationOf(body []byte) (typ, name string) {
	const prefix = `{"query":"`
	if !bytes.HasPrefix(body, []byte(prefix)) {
		return "", ""
	}
	end := len(prefix)
	for end < len(body) && body[end] != '"' {
		if body[end] == '\\' {
			end++
		}
		end++
	}
	want := ""
	if end < len(body) {
		const opField = `,"operationName":"`
		if rest := body[end+1:]; bytes.HasPrefix(rest, []byte(opField)) {
			rest = rest[len(opField):]
			if i := bytes.IndexByte(rest, '"'); i > 0 {
				want = string(rest[:i])
			}
		}
	}
	l := docLexer{b: body[:min(end, len(body))], i: len(prefix)}
	var firstTyp, firstName string
	for {
		t := l.next()
		switch {
		case t.kind == 0:
			return firstTyp, firstName
		case t.kind == '{': // the query shorthand
			n := l.firstField()
			if want == "" {
				return "query", n
			}
			if firstTyp == "" {
				firstTyp, firstName = "query", n
			}
		case t.kind == 'n':
			word := l.text(t)
			switch word {
			case "query", "mutation", "subscription":
			case "fragment":
				l.skipDefinition()
				continue
			default:
				continue
			}
			opName := ""
			if t2 := l.next(); t2.kind == 'n' {
				opName = l.text(t2)
				l.skipTo('{')
			} else if t2.kind != '{' {
				l.skipTo('{')
			}
			n := l.firstField()
			if opName != "" && (want == "" || opName == want) {
				return word, bounded(opName)
			}
			if opName == "" && want == "" {
				return word, n
			}
			if firstTyp == "" {
				firstTyp, firstName = word, bounded(opName)
				if firstName == "" {
					firstName = n
				}
			}
		}
	}
}

// bounded cuts a name to maxOpName bytes.
func bounded(name string) string { return name[:min(len(name), maxOpName)] }

// docLexer reads the tokens of a GraphQL document held in a JSON string,
// decoding its escapes on the fly: names, and punctuators that matter.
type docLexer struct {
	b     []byte
	i     int
	depth int // selection sets open
}

// token is a name ('n', b[s:e]), a punctuator, or the end (kind 0).
type token struct {
	kind byte
	s, e int
}

func (l *docLexer) text(t token) string { return string(l.b[t.s:t.e]) }

// char returns the next decoded character, or 0 at the end.
func (l *docLexer) char() byte {
	if l.i >= len(l.b) {
		return 0
	}
	ch := l.b[l.i]
	l.i++
	if ch != '\\' || l.i >= len(l.b) {
		return ch
	}
	ch = l.b[l.i]
	l.i++
	switch ch {
	case 'n', 'r':
		return '\n'
	case 't', 'b', 'f':
		return ' '
	case 'u':
		l.i = min(l.i+4, len(l.b))
		return '?' // never part of a name
	}
	return ch
}

// next returns the next token, skipping white space, commas, comments and
// strings, and tracking the depth of selection sets.
func (l *docLexer) next() token {
	for {
		start := l.i
		ch := l.char()
		switch {
		case ch == 0:
			return token{}
		case ch == '#':
			for ch != 0 && ch != '\n' {
				ch = l.char()
			}
		case ch == '"':
			for ch = l.char(); ch != 0 && ch != '"'; ch = l.char() {
				if ch == '\\' {
					l.char()
				}
			}
		case isNameByte(ch):
			for l.i < len(l.b) && (isNameByte(l.b[l.i]) || (l.b[l.i] >= '0' && l.b[l.i] <= '9')) {
				l.i++
			}
			return token{kind: 'n', s: start, e: l.i}
		case ch == '{':
			l.depth++
			return token{kind: ch}
		case ch == '}':
			l.depth = max(l.depth-1, 0)
			return token{kind: ch}
		case ch == '(' || ch == ')' || ch == ':' || ch == '.' || ch == '@':
			return token{kind: ch}
		}
	}
}

// skipTo reads up to the first kind outside parentheses, or the end.
func (l *docLexer) skipTo(kind byte) {
	parens := 0
	for t := l.next(); t.kind != 0; t = l.next() {
		switch t.kind {
		case '(':
			parens++
		case ')':
			parens = max(parens-1, 0)
		case kind:
			if parens == 0 {
				return
			}
		}
	}
}

// skipDefinition reads to the end of a definition's selection set.
func (l *docLexer) skipDefinition() {
	l.skipTo('{')
	l.skipSet()
}

// skipSet reads to the end of the selection set open.
func (l *docLexer) skipSet() {
	for l.depth > 0 {
		if l.next().kind == 0 {
			return
		}
	}
}

// firstField reads the selection set just opened and returns the name of
// its first field (skipping aliases, spreads and arguments).
func (l *docLexer) firstField() string {
	defer l.skipSet()
	parens, dots, skip, top := 0, 0, 0, l.depth
	for t := l.next(); t.kind != 0 && l.depth >= top; t = l.next() {
		if t.kind != '.' {
			dots = 0
		}
		switch t.kind {
		case '(':
			parens++
		case ')':
			parens = max(parens-1, 0)
		case '@':
			skip = 1
		case '.':
			if dots++; dots == 3 {
				skip = 1
			}
		case 'n':
			if parens > 0 {
				continue
			}
			if skip > 0 {
				skip--
				if l.text(t) == "on" {
					skip = 1
				}
				continue
			}
			save, depth := l.i, l.depth
			if l.next().kind == ':' { // an alias: the field follows
				continue
			}
			l.i, l.depth = save, depth
			return bounded(l.text(t))
		}
	}
	return ""
}
