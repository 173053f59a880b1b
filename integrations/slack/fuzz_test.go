package slack

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
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
		w := x.postRaw(url.Values{"payload": {payload}}.Encode(), x.now, secret)
		x.ix.Wait()
		if w.Code >= 500 {
			t.Fatalf("payload %q: status %d", payload, w.Code)
		}
		if w.Code != 200 && strings.TrimSpace(w.Body.String()) == "" {
			t.Fatalf("payload %q refused (%d) without a reason", payload, w.Code)
		}
	})
}
