package api

import (
	"github.com/bettermode-go/bettermode"
)

// Client is Bettermode's API as typed calls over a *bettermode.Client. It
// holds no state of its own and is safe for concurrent use.
type Client struct {
	c *bettermode.Client
}

// New returns the typed API over c, which must not be nil. Every call uses
// c's endpoint, credentials, retries, rate budget and errors.
func New(c *bettermode.Client) *Client {
	return &Client{c: c}
}

// Raw returns the client the calls go through.
func (c *Client) Raw() *bettermode.Client { return c.c }
