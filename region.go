package bettermode

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Region is a Bettermode deployment: a name, its aliases and its GraphQL endpoint.
type Region struct {
	// Name is the canonical short name, such as "us".
	Name string
	// ID is the cloud region id, such as "us-east-1"; empty for the legacy host.
	ID string
	// Endpoint is the GraphQL endpoint URL.
	Endpoint string
}

// The regions Bettermode serves.
var (
	// US is Bettermode's US deployment (us-east-1). It is the default.
	US = Region{Name: "us", ID: "us-east-1", Endpoint: "https://api.bettermode.com"}
	// EU is Bettermode's EU deployment (eu-central-1).
	EU = Region{Name: "eu", ID: "eu-central-1", Endpoint: "https://api.bettermode.de"}
	// Tribe is the legacy Tribe endpoint.
	Tribe = Region{Name: "tribe", Endpoint: "https://app.tribe.so/graphql"}
)

// Regions lists every known region, in the order ParseRegion names them.
var Regions = []Region{US, EU, Tribe}

// String returns r's name.
func (r Region) String() string { return r.Name }

// ParseRegion returns the region named s: "us", "eu", "us-east-1",
// "eu-central-1" or "tribe", in any case. Any other name fails with
// ErrInvalidInput and a message that lists the valid names.
func ParseRegion(s string) (Region, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for _, r := range Regions {
		if name != "" && (name == r.Name || name == r.ID) {
			return r, nil
		}
	}
	var valid []string
	for _, r := range Regions {
		valid = append(valid, r.Name)
		if r.ID != "" {
			valid = append(valid, r.ID)
		}
	}
	return Region{}, &Error{Operation: "ParseRegion", Field: "region", Message: fmt.Sprintf("unknown region %q", truncate(s, 64)),
		kind: ErrInvalidInput, hint: "use one of " + strings.Join(valid, ", ")}
}

// endpoint is a validated endpoint: its URL without userinfo, and the
// userinfo's credentials, if any.
type endpoint struct {
	url          *url.URL
	clientID     string
	clientSecret string
}

// parseEndpoint validates raw as a GraphQL endpoint: an absolute http or https
// URL with a host, no query or fragment, and plain http only to a loopback
// host. Userinfo (the legacy https://id:secret@host form) is split off as
// Basic credentials. Its errors never repeat any part of raw, which may hold
// a secret even when it is malformed (https:/id:secret@host): each says
// what is wrong in fixed words.
func parseEndpoint(raw string) (endpoint, error) {
	fail := func(why, hint string) (endpoint, error) {
		return endpoint{}, &Error{Operation: "endpoint", Field: "endpoint", Message: why, kind: ErrInvalidInput, hint: hint}
	}
	if strings.TrimSpace(raw) == "" {
		return fail("endpoint is empty", "pass a URL such as "+US.Endpoint+", or use WithRegion")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fail("endpoint is not a valid URL", "pass an absolute URL such as "+US.Endpoint)
	}
	var ep endpoint
	if u.User != nil {
		ep.clientID = u.User.Username()
		ep.clientSecret, _ = u.User.Password()
		u.User = nil
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fail("endpoint is not an http or https URL", "pass an absolute URL such as "+US.Endpoint)
	case u.Host == "" || u.Hostname() == "":
		return fail("endpoint has no host", "pass an absolute URL such as "+US.Endpoint)
	case u.Fragment != "" || u.RawFragment != "":
		return fail("endpoint has a fragment", "remove the #fragment")
	case u.RawQuery != "" || u.ForceQuery:
		return fail("endpoint has a query string", "remove it; credentials belong in WithCredentials, never in the URL")
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return fail("endpoint uses plain http to a host that is not loopback, which would send credentials in the clear",
			"use https; plain http is allowed only to localhost or a loopback address")
	}
	ep.url = u
	return ep, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
