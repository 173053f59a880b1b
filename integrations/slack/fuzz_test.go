package slack

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzSlackPayload sends arbitrary (correctly signed) interaction payloads to
// the HTTP handler: it must never panic, and every refusal must say why.
func FuzzSlackPayload(f *testing.F) {
	valid, _ := json.Marshal(click(ActionApprove, "U-OPS", ButtonValue{Target: "campaign/c/creator/jane", Revision: 1}))
	for _, seed := range []string{
		string(valid), "", "{}", "null", "[1,2]", `{"type":"block_actions"}`,
		`{"type":"block_actions","actions":[{"action_id":"approve","value":"not json"}]}`,
		`{"type":"block_actions","actions":[{"action_id":"request_changes","value":"{\"kind\":\"nope\"}"}]}`,
		`{"type":"view_submission","view":{"callback_id":"feedback","private_metadata":"{{{"}}`,
		`{"type":"view_submission","view":{"callback_id":"feedback","private_metadata":"{}","state":{"values":{}}}}`,
		strings.Repeat("[", 1000),
	} {
		f.Add(seed)
	}
	// One harness (and one fake Slack server) for every input: a server per
	// input ran the machine out of ephemeral ports after ~50k inputs and
	// stalled the fuzzer. The same payload twice is refused as a replay,
	// which the checks below accept (a refusal with its reason).
	x := newHarness(f)
	f.Fuzz(func(t *testing.T, payload string) {
		w := x.postRaw(url.Values{"payload": {payload}}.Encode(), time.Now(), secret) // the verifier checks the real clock
		x.ix.Wait()
		if w.Code >= 500 {
			t.Fatalf("payload %q: status %d", payload, w.Code)
		}
		if w.Code != 200 && strings.TrimSpace(w.Body.String()) == "" {
			t.Fatalf("payload %q refused (%d) without a reason", payload, w.Code)
		}
	})
}

// FuzzSlackSignature: arbitrary signature and timestamp headers never panic
// the verifier, and nothing passes that is not the body's own signature
// within the window.
func FuzzSlackSignature(f *testing.F) {
	now := strconv.FormatInt(time.Now().Unix(), 10)
	f.Add(now, Sign(secret, now, []byte("payload=%7B%7D")), []byte("payload=%7B%7D"))
	f.Add(now, "v0=", []byte(""))
	f.Add("-1", "v0=zz", []byte("x"))
	f.Add("99999999999999999999", "v1=00", []byte("x"))
	f.Add(now, "V0="+strings.Repeat("A", 64), []byte("x"))
	f.Fuzz(func(t *testing.T, ts, sig string, body []byte) {
		h := http.Header{}
		h.Set("X-Slack-Request-Timestamp", ts)
		h.Set("X-Slack-Signature", sig)
		err := Verify(secret, h, body)
		if err == nil {
			want := Sign(secret, ts, body)
			if !strings.EqualFold(sig, want) || !strings.HasPrefix(sig, "v0=") {
				t.Fatalf("verified a signature that is not the body's: %q (want %q)", sig, want)
			}
			if _, _, ok := RequestDigest(h); !ok {
				t.Fatalf("verified but no digest for %q", sig)
			}
			return
		}
		if !errors.Is(err, ErrBadSignature) {
			t.Fatalf("refusal without ErrBadSignature: %v", err)
		}
	})
}
