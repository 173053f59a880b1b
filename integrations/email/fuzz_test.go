package email

import (
	"strings"
	"testing"
)

func FuzzParseReplyAddress(f *testing.F) {
	key := []byte("a-key-for-fuzzing-only")
	for _, s := range []string{ReplyAddress(key, "lumen.test", "spring-glow", "jane.glows"), "", "@", "reply+@x",
		"reply+a.b@x", "reply+a..@x", "reply+.b.c@x", "jane@x.test", "reply+spring.jane.glows.00@x",
		"reply+" + strings.Repeat(".", 300) + "@x", "REPLY+a.b.c@x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		c, h, err := ParseReplyAddress(key, addr)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "email: ") {
				t.Fatalf("rejection without a clear message: %q", err)
			}
			if c != "" || h != "" {
				t.Fatalf("rejected, yet returned %q/%q", c, h)
			}
			return
		}
		// Accepted: it must be exactly the address we would have signed.
		local, _, _ := strings.Cut(addr, "@")
		want, _, _ := strings.Cut(ReplyAddress(key, "d", c, h), "@")
		if local != want {
			t.Fatalf("accepted %q, but we sign %q for %s/%s", addr, want, c, h)
		}
	})
}
