package campaign

import (
	"fmt"
	"net/mail"
	"strings"
)

// CheckAddress accepts a bare addr-spec only — "jane@studio.example" — and
// says why anything else is refused. A roster or brief address is put in a
// To: header as it is, so a display name, a comment, CR/LF (header
// injection) or a domain the mail server will refuse permanently would only
// fail later, at every send.
func CheckAddress(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("is empty; want an address such as jane@studio.example")
	case strings.ContainsAny(s, "\r\n"):
		return fmt.Errorf("must be on one line, without CR or LF (got %q)", s)
	case strings.ContainsAny(s, " \t"):
		return fmt.Errorf("must be a bare address without spaces or a display name, such as jane@studio.example (got %q)", s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("must not contain control characters (got %q)", s)
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return fmt.Errorf("must be an address (got %q)", s)
	}
	if a.Name != "" || a.Address != s {
		return fmt.Errorf("must be a bare address without a display name or <>, such as %s (got %q)", a.Address, s)
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.HasPrefix(domain, "[") {
		return fmt.Errorf("must have a domain with a dot, such as studio.example (got %q)", s)
	}
	return nil
}
