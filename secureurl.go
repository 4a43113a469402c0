package bettermode

import "net/url"

// SecureURL reports whether u may carry a secret at all: it is https, or
// plain http to a loopback host (localhost, 127.0.0.0/8, ::1). It is the
// rule every request of the SDK follows, offered to packages that send
// secrets of their own (a signed upload URL and its policy) so that none of
// them needs a second copy.
func SecureURL(u *url.URL) bool { return secureURL(u) }
