package main

import (
	"strings"
	"unicode"
)

// initialisms are the words Go spells in capitals (golint's list, with the
// ones Bettermode's schema uses: SSO, JWT, OTP).
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true, "EOF": true,
	"GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true, "IP": true, "JSON": true,
	"JWT": true, "LHS": true, "OTP": true, "QPS": true, "RAM": true, "RHS": true, "RPC": true,
	"SLA": true, "SMTP": true, "SQL": true, "SSH": true, "SSO": true, "TCP": true, "TLS": true,
	"TTL": true, "UDP": true, "UI": true, "UID": true, "URI": true, "URL": true, "UTF8": true,
	"UUID": true, "VM": true, "XML": true, "XMPP": true, "XSRF": true, "XSS": true,
}

// words splits a GraphQL name into words: at underscores, before an upper
// case letter that follows a lower case letter or a digit, before the last
// capital of a run followed by a lower case letter ("HTMLParser"), and
// between letters and digits ("html1").
func words(name string) []string {
	var out []string
	for _, part := range strings.Split(name, "_") {
		rs := []rune(part)
		start := 0
		for i := 1; i < len(rs); i++ {
			prev, cur := rs[i-1], rs[i]
			var next rune
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			split := (unicode.IsUpper(cur) && (unicode.IsLower(prev) || unicode.IsDigit(prev))) ||
				(unicode.IsUpper(prev) && unicode.IsUpper(cur) && unicode.IsLower(next)) ||
				(unicode.IsDigit(cur) && unicode.IsLetter(prev)) ||
				(unicode.IsLetter(cur) && unicode.IsDigit(prev))
			if split {
				out = append(out, string(rs[start:i]))
				start = i
			}
		}
		if start < len(rs) {
			out = append(out, string(rs[start:]))
		}
	}
	return out
}

// goName turns a GraphQL name into an exported Go identifier: each word
// capitalised, initialisms in capitals ("redirect_uri" is RedirectURI,
// "tagIds" TagIDs, "CREATED_AT" CreatedAt), other letters kept as they are.
func goName(name string) string {
	var b strings.Builder
	for _, w := range words(name) {
		up := strings.ToUpper(w)
		switch {
		case initialisms[up]:
			b.WriteString(up)
		case len(w) > 1 && w[len(w)-1] == 's' && initialisms[strings.ToUpper(w[:len(w)-1])]:
			b.WriteString(strings.ToUpper(w[:len(w)-1]) + "s") // "Ids" is IDs
		case up == w: // a word in capitals, such as CREATED
			b.WriteString(w[:1] + strings.ToLower(w[1:]))
		default:
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	s := b.String()
	if s == "" || !unicode.IsLetter([]rune(s)[0]) {
		s = "X" + s
	}
	return s
}

// typeName is the Go name of a GraphQL type: the same name, capitalised
// when it is not ("subscriptionInput" is SubscriptionInput, which declares
// its GraphQL name with a GetGraphQLType method).
func typeName(name string) string {
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}
