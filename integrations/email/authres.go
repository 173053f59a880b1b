package email

import (
	"strings"

	"github.com/emersion/go-msgauth/authres"
)

// AuthFailure reads Authentication-Results (RFC 8601) for the From domain of
// from and says why the sender is not authenticated: DMARC failed for it, or
// a DKIM signature aligned with it failed and none passed. Empty means nothing
// failed (which includes: no results at all). Only a failure is acted on, so a
// forged "pass" gains nothing; with trusted set, only results stamped by those
// authentication services (the receiving mail server's authserv-id) count.
func AuthFailure(results []string, from string, trusted []string) string {
	_, domain, ok := strings.Cut(strings.ToLower(from), "@")
	if !ok || domain == "" {
		return ""
	}
	dkimFail, dkimPass := "", false
	for _, v := range results {
		id, rs, _ := authres.Parse(v) // a result list cut short by a bad entry still counts as far as it goes
		if len(trusted) > 0 && !containsFold(trusted, id) {
			continue
		}
		for _, r := range rs {
			switch r := r.(type) {
			case *authres.DMARCResult:
				if r.Value == authres.ResultFail && (r.From == "" || aligned(r.From, domain)) {
					return "Authentication-Results: dmarc=fail for " + domain
				}
			case *authres.DKIMResult:
				if r.Domain == "" || !aligned(r.Domain, domain) {
					continue
				}
				switch r.Value {
				case authres.ResultPass:
					dkimPass = true
				case authres.ResultFail, authres.ResultPermError:
					dkimFail = "Authentication-Results: dkim=" + string(r.Value) + " for " + strings.ToLower(r.Domain)
				}
			}
		}
	}
	if dkimFail != "" && !dkimPass {
		return dkimFail
	}
	return ""
}

// aligned is DMARC's relaxed alignment: the same domain, or one a subdomain
// of the other.
func aligned(a, b string) bool {
	a, b = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(a)), "."), strings.TrimSuffix(b, ".")
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
