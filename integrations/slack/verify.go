package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxSkew is how far a request's X-Slack-Request-Timestamp may be from now:
// Slack's documented five minutes. Older (or future) requests are refused, so
// a captured request cannot be replayed later.
const MaxSkew = 5 * time.Minute

// ErrBadSignature is wrapped by every verification failure.
var ErrBadSignature = errors.New("slack: request not verified")

// Verify checks a request's X-Slack-Signature (v0, HMAC-SHA256 of
// "v0:<timestamp>:<body>" under the signing secret) and that its timestamp is
// within MaxSkew of now.
func Verify(secret string, h http.Header, body []byte, now time.Time) error {
	if secret == "" {
		return fmt.Errorf("%w: no signing secret configured", ErrBadSignature)
	}
	tsHeader, sig := h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature")
	if tsHeader == "" || sig == "" {
		return fmt.Errorf("%w: X-Slack-Request-Timestamp and X-Slack-Signature are required", ErrBadSignature)
	}
	ts, err := strconv.ParseInt(tsHeader, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: X-Slack-Request-Timestamp is not a Unix time (%q)", ErrBadSignature, tsHeader)
	}
	if skew := now.Sub(time.Unix(ts, 0)); skew > MaxSkew || skew < -MaxSkew {
		return fmt.Errorf("%w: timestamp %s is outside the five-minute window", ErrBadSignature, time.Unix(ts, 0).UTC().Format(time.RFC3339))
	}
	got, ok := strings.CutPrefix(sig, "v0=")
	if !ok {
		return fmt.Errorf("%w: unknown signature version", ErrBadSignature)
	}
	gotBytes, err := hex.DecodeString(got)
	if err != nil || !hmac.Equal(gotBytes, sign(secret, tsHeader, body)) {
		return fmt.Errorf("%w: signature does not match", ErrBadSignature)
	}
	return nil
}

// Sign returns the X-Slack-Signature value Slack would send (tests and tools).
func Sign(secret, timestamp string, body []byte) string {
	return "v0=" + hex.EncodeToString(sign(secret, timestamp, body))
}

func sign(secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + timestamp + ":"))
	m.Write(body)
	return m.Sum(nil)
}

// replayGuard remembers the signatures of verified requests for the skew
// window, so the very same request sent twice is refused the second time.
type replayGuard struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

// fresh records sig and reports whether it had not been seen within the window.
func (g *replayGuard) fresh(sig string, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = map[string]time.Time{}
	}
	for s, at := range g.seen {
		if now.Sub(at) > 2*MaxSkew {
			delete(g.seen, s)
		}
	}
	if _, dup := g.seen[sig]; dup {
		return false
	}
	g.seen[sig] = now
	return true
}
