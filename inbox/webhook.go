package inbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// WebhookPath is where the worker's HTTP server receives inbound mail.
const WebhookPath = "/inbound/email"

// SignatureHeader carries "sha256=<hex>": the HMAC-SHA256 of the request body
// under INBOUND_WEBHOOK_SECRET.
const SignatureHeader = "X-Creatorflow-Signature"

// DefaultWebhookConcurrency is how many webhook requests are read and
// handled at once (INBOUND_WEBHOOK_CONCURRENCY); more get 429.
const DefaultWebhookConcurrency = 8

// Sign computes the signature header value a provider (or a relay script) sends.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// signature decodes a SignatureHeader value; ok is false when it is not
// "sha256=" and 64 hex digits (either case).
func signature(v string) (mac []byte, ok bool) {
	hexMAC, found := strings.CutPrefix(strings.TrimSpace(v), "sha256=")
	if !found || len(hexMAC) != 2*sha256.Size {
		return nil, false
	}
	mac, err := hex.DecodeString(hexMAC)
	return mac, err == nil
}

// WebhookOptions bound the webhook door; zero values take the defaults.
type WebhookOptions struct {
	Concurrency int // DefaultWebhookConcurrency
}

// Webhook is the provider door: POST the raw MIME message as the body,
// signed in SignatureHeader. 200 means stored (even if it matched nothing:
// ops will see it); 401 a missing or bad signature; 413 larger than the
// pipeline's MaxBytes; 429 too many requests at once (Retry-After says
// when); 503 not stored, send it again.
//
// Nothing is read before it can be refused cheaply: the signature header
// must be well-formed and the declared length within the limit, or the
// body is never read; the body is read through http.MaxBytesReader and its
// HMAC checked before anything parses it.
func (p *Pipeline) Webhook(secret []byte, opts ...WebhookOptions) http.Handler {
	var o WebhookOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultWebhookConcurrency
	}
	slots := make(chan struct{}, o.Concurrency)
	limit := p.maxBytes()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST the raw message (message/rfc822)", http.StatusMethodNotAllowed)
			return
		}
		// Refused before reading: "Connection: close" also stops net/http
		// from reading up to 256 KB of the body to keep the connection alive.
		refuse := func(code int, msg string) {
			w.Header().Set("Connection", "close")
			http.Error(w, msg, code)
		}
		mac, ok := signature(r.Header.Get(SignatureHeader))
		if !ok {
			p.log().Warn("inbound webhook without a well-formed signature rejected", "remote", r.RemoteAddr)
			refuse(http.StatusUnauthorized, "missing or malformed "+SignatureHeader+` (want "sha256=<64 hex digits>")`)
			return
		}
		if r.ContentLength > limit {
			refuse(http.StatusRequestEntityTooLarge,
				fmt.Sprintf("message of %d bytes is over the %d-byte limit (INBOUND_MAX_BYTES)", r.ContentLength, limit))
			return
		}
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		default:
			w.Header().Set("Retry-After", "5")
			refuse(http.StatusTooManyRequests, "too many inbound messages at once; retry in a few seconds")
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, fmt.Sprintf("message over the %d-byte limit (INBOUND_MAX_BYTES)", limit), http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "reading the body: "+err.Error(), http.StatusBadRequest)
			return
		}
		m := hmac.New(sha256.New, secret)
		m.Write(body)
		if !hmac.Equal(mac, m.Sum(nil)) {
			p.log().Warn("inbound webhook with a bad signature rejected", "remote", r.RemoteAddr)
			http.Error(w, "bad "+SignatureHeader, http.StatusUnauthorized)
			return
		}
		if len(body) == 0 {
			http.Error(w, "empty message", http.StatusBadRequest)
			return
		}
		res, err := p.Deliver(r.Context(), "webhook", body)
		if err != nil {
			p.log().Error("inbound webhook message not stored", "error", err)
			http.Error(w, "not stored, retry later", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"id": res.ID, "message_id": res.MessageID, "status": res.Status,
			"campaign_id": res.CampaignID, "handle": res.Handle, "matched_by": res.MatchedBy})
	})
}
