package bettermodetest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// Example fetches a guest token with a raw HTTP POST of the tokens query.
func Example() {
	srv := bettermodetest.NewServer()
	defer srv.Close()

	body := `{"query":"query($domain: String) { tokens(networkDomain: $domain) { accessToken role { name } member { name } } }",
	          "variables":{"domain":"fake-community.example.com"}}`
	resp, err := http.Post(srv.URL, "application/json", strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()

	var answer struct {
		Data struct {
			Tokens struct {
				AccessToken string
				Role        struct{ Name string }
				Member      struct{ Name string }
			}
		}
		Extensions struct{ Complexity int }
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		panic(err)
	}
	tok := answer.Data.Tokens
	fmt.Println("status:", resp.StatusCode)
	fmt.Println("role:", tok.Role.Name)
	fmt.Println("member:", tok.Member.Name)
	fmt.Println("JWT:", strings.Count(tok.AccessToken, ".") == 2)
	fmt.Println("complexity:", answer.Extensions.Complexity)
	fmt.Println("guest tokens minted:", srv.Minted(bettermodetest.KindGuest))
	// Output:
	// status: 200
	// role: Guest
	// member: Guest
	// JWT: true
	// complexity: 6
	// guest tokens minted: 1
}
