package slack

import (
	"context"
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

	"github.com/slack-go/slack"
)

// MaxSkew is how far a request's X-Slack-Request-Timestamp may be from now:
// Slack's documented five minutes, which slack-go's SecretsVerifier enforces.
// A replay guard must remember a request at least this long after its
// timestamp.
const MaxSkew = 5 * time.Minute

// ErrBadSignature is wrapped by every verification failure.
var ErrBadSignature = errors.New("slack: request not verified")

// Verify checks a request's X-Slack-Signature and X-Slack-Request-Timestamp
// with slack-go's own SecretsVerifier (v0 HMAC-SHA256, five-minute window
// against the local clock), and words its errors for the log and the 401.
func Verify(secret string, h http.Header, body []byte) error {
	if secret == "" {
		return fmt.Errorf("%w: no signing secret configured", ErrBadSignature)
	}
	sv, err := slack.NewSecretsVerifier(h, secret)
	if err == nil {
		_, _ = sv.Write(body) // an hmac's Write never fails
		err = sv.Ensure()
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, slack.ErrMissingHeaders):
		return fmt.Errorf("%w: X-Slack-Request-Timestamp and X-Slack-Signature are required", ErrBadSignature)
	case errors.Is(err, slack.ErrExpiredTimestamp):
		return fmt.Errorf("%w: timestamp %q is outside the five-minute window", ErrBadSignature, h.Get("X-Slack-Request-Timestamp"))
	case !strings.HasPrefix(h.Get("X-Slack-Signature"), "v0="):
		return fmt.Errorf("%w: unknown signature version", ErrBadSignature)
	case errors.Is(err, slack.ErrInvalidSignature):
		return fmt.Errorf("%w: signature does not match", ErrBadSignature)
	default: // a signature that is not hex, a timestamp that is not a number
		return fmt.Errorf("%w: malformed X-Slack-Signature or X-Slack-Request-Timestamp", ErrBadSignature)
	}
}

// Sign returns the X-Slack-Signature value Slack would send (tests and tools;
// slack-go has a verifier but no signer).
func Sign(secret, timestamp string, body []byte) string {
	m := hmacSHA256([]byte(secret), []byte("v0:"+timestamp+":"), body)
	return "v0=" + hex.EncodeToString(m)
}

// ReplayGuard remembers verified requests for the signature window, so the
// very same request sent twice is refused the second time — by any worker
// replica when the guard is shared (postgres.Store is one).
type ReplayGuard interface {
	// RecordSlackRequest stores the digest of a verified request's signature
	// with its timestamp and reports whether it was new; digests older than
	// the window may be forgotten.
	RecordSlackRequest(ctx context.Context, digest []byte, timestamp time.Time) (fresh bool, err error)
}

// RequestDigest is what a replay guard keys a request on: SHA-256 of the
// decoded signature bytes. Decoding first makes every spelling of one
// signature (upper-case hex, mixed case) the same request; hashing means the
// guard never stores a signature that could be replayed. Verify first: ok is
// false for a signature that is not v0 hex.
func RequestDigest(h http.Header) (digest []byte, timestamp time.Time, ok bool) {
	sig, found := strings.CutPrefix(h.Get("X-Slack-Signature"), "v0=")
	raw, err := hex.DecodeString(sig)
	ts, terr := strconv.ParseInt(h.Get("X-Slack-Request-Timestamp"), 10, 64)
	if !found || err != nil || terr != nil {
		return nil, time.Time{}, false
	}
	d := sha256.Sum256(raw)
	return d[:], time.Unix(ts, 0), true
}

// MemoryReplays is a ReplayGuard in one process's memory: for tests and a
// single worker. A second replica or a restart does not see what it saw.
type MemoryReplays struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

// RecordSlackRequest implements ReplayGuard.
func (g *MemoryReplays) RecordSlackRequest(_ context.Context, digest []byte, ts time.Time) (bool, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = map[string]time.Time{}
	}
	now := time.Now()
	for s, at := range g.seen {
		if now.Sub(at) > 2*MaxSkew {
			delete(g.seen, s)
		}
	}
	if _, dup := g.seen[string(digest)]; dup {
		return false, nil
	}
	g.seen[string(digest)] = ts
	return true, nil
}

func hmacSHA256(key []byte, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}
