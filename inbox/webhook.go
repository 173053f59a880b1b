package inbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

// WebhookPath is where the worker's HTTP server receives inbound mail.
const WebhookPath = "/inbound/email"

// SignatureHeader carries "sha256=<hex>": the HMAC-SHA256 of the request body
// under INBOUND_WEBHOOK_SECRET.
const SignatureHeader = "X-Creatorflow-Signature"

// maxWebhookBody bounds one message (attachments included).
const maxWebhookBody = 25 << 20

// Sign computes the signature header value a provider (or a relay script) sends.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Webhook is the provider door: POST the raw MIME message as the body,
// signed in SignatureHeader. 200 means stored (even if it matched nothing:
// ops will see it); 401 a bad signature; 503 not stored, send it again.
func (p *Pipeline) Webhook(secret []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST the raw message (message/rfc822)", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "message larger than 25 MB", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "reading the body: "+err.Error(), http.StatusBadRequest)
			return
		}
		got := strings.TrimSpace(r.Header.Get(SignatureHeader))
		if got == "" || !hmac.Equal([]byte(got), []byte(Sign(secret, body))) {
			p.log().Warn("inbound webhook with a missing or bad signature rejected", "remote", r.RemoteAddr)
			http.Error(w, "missing or bad "+SignatureHeader, http.StatusUnauthorized)
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
