package postgres_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/integrations/postgres"
	islack "github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/internal/testenv"
)

type countingDecider struct {
	mu  sync.Mutex
	got []islack.Decision
}

func (c *countingDecider) Decide(_ context.Context, d islack.Decision) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, d)
	return nil
}

func (c *countingDecider) n() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.got)
}

// A captured Slack click replayed at a second worker (its own handler, its
// own pool, the same database) — or at the first after a restart — is refused
// by the shared replay guard, in any case of hex; only one decision is taken.
func TestSlackReplayIsRefusedByEveryWorker(t *testing.T) {
	const secret = "8f742231b10e8888abcd99yyyzzz85a5"
	srv := slacktest.NewTestServer()
	srv.Start()
	t.Cleanup(srv.Stop)

	dec := &countingDecider{}
	dsn := testenv.DatabaseURL(t) // one database, a pool per worker
	worker := func() (*islack.HTTPHandler, *islack.Interactions) {
		store, err := postgres.Open(context.Background(), dsn)
		require.NoError(t, err)
		t.Cleanup(store.Close)
		ix := islack.NewInteractions(islack.New(islack.Config{BotToken: "xoxb-test", Channel: "C1", APIURL: srv.GetAPIURL()}), nil)
		ix.Register(islack.KindDraft, dec)
		return &islack.HTTPHandler{Secret: secret, Interactions: ix, Replays: store}, ix
	}
	first, ix1 := worker()
	second, ix2 := worker()

	val, _ := json.Marshal(islack.ButtonValue{Target: "campaign/c1/creator/jane", Revision: 1})
	payload, _ := json.Marshal(map[string]any{"type": "block_actions", "user": map[string]any{"id": "U-OPS"},
		"channel": map[string]any{"id": "C1"},
		"actions": []map[string]any{{"action_id": islack.ActionApprove, "block_id": "approval", "type": "button", "value": string(val)}}})
	body := url.Values{"payload": {string(payload)}}.Encode()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := islack.Sign(secret, ts, []byte(body))
	send := func(h http.Handler, sig string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/slack/interactions", strings.NewReader(body))
		r.Header.Set("X-Slack-Request-Timestamp", ts)
		r.Header.Set("X-Slack-Signature", sig)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}

	w := send(first, sig)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	for name, replay := range map[string]struct {
		h   http.Handler
		sig string
	}{
		"second worker, same signature":      {second, sig},
		"second worker, upper-case hex":      {second, "v0=" + strings.ToUpper(strings.TrimPrefix(sig, "v0="))},
		"first worker, upper-case hex":       {first, "v0=" + strings.ToUpper(strings.TrimPrefix(sig, "v0="))},
		"a restarted worker, same signature": {func() http.Handler { h, _ := worker(); return h }(), sig},
	} {
		w := send(replay.h, replay.sig)
		require.Equal(t, http.StatusUnauthorized, w.Code, name)
		require.Contains(t, w.Body.String(), "replayed", name)
	}
	ix1.Wait()
	ix2.Wait()
	require.Equal(t, 1, dec.n(), "one click, one decision")
}

func TestSlackReplayGuardForgetsPastTheWindow(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	digest := make([]byte, 32)
	digest[0] = 7
	late := time.Now().Add(-8 * time.Minute) // accepted by a verifier whose clock is 3 minutes behind
	fresh, err := s.RecordSlackRequest(ctx, digest, late)
	require.NoError(t, err)
	require.True(t, fresh)
	fresh, err = s.RecordSlackRequest(ctx, digest, late)
	require.NoError(t, err)
	require.False(t, fresh, "seen")
	_, err = s.Pool().Exec(ctx, `UPDATE slack_requests SET request_ts = now() - interval '1 hour'`)
	require.NoError(t, err)
	other := make([]byte, 32)
	_, err = s.RecordSlackRequest(ctx, other, time.Now())
	require.NoError(t, err)
	var n int
	require.NoError(t, s.Pool().QueryRow(ctx, `SELECT count(*) FROM slack_requests WHERE digest = $1`, digest).Scan(&n))
	require.Equal(t, 0, n, "a request past the window is pruned: the verifier refuses it by its timestamp anyway")
}
