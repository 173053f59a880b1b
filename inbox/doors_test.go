package inbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/email"
)

// imapServer starts an in-process IMAP server with one mailbox user.
func imapServer(t testing.TB, rev2 bool) string {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser("partnerships", "secret")
	require.NoError(t, u.Create("INBOX", nil))
	mem.AddUser(u)
	caps := imap.CapSet{imap.CapIMAP4rev1: {}}
	if rev2 {
		caps[imap.CapIMAP4rev2] = struct{}{}
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps: caps, InsecureAuth: true,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

func appendMail(t testing.TB, addr string, raw []byte) {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, nil)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.Login("partnerships", "secret").Wait())
	cmd := c.Append("INBOX", int64(len(raw)), nil)
	_, err = cmd.Write(raw)
	require.NoError(t, err)
	require.NoError(t, cmd.Close())
	_, err = cmd.Wait()
	require.NoError(t, err)
}

func startPoller(t testing.TB, p *inbox.Pipeline, addr string, idle bool) *email.Poller {
	t.Helper()
	poller := &email.Poller{
		Config: email.IMAPConfig{Addr: addr, Username: "partnerships", Password: "secret", TLS: "none",
			PollInterval: 200 * time.Millisecond, NoIdle: !idle},
		Handle: func(ctx context.Context, raw []byte) error { _, err := p.Deliver(ctx, "imap", raw); return err },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = poller.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return poller
}

func TestIMAPPollerStoresAndSignals(t *testing.T) {
	// The in-process server always offers IDLE; polling is exercised by
	// switching IDLE off on the client side (IMAP_IDLE=false).
	for _, idle := range []bool{true, false} {
		name := map[bool]string{true: "idle", false: "polling"}[idle]
		t.Run(name, func(t *testing.T) {
			p, sig, st := setup(t)
			addr := imapServer(t, idle)
			// One message already waiting when the poller starts, one arriving later.
			appendMail(t, addr, raw("i1-"+name+"@creator.example", "jane@creator.example", email.ReplyAddress(key, domain, "spring", "jane"), "", "Yes, I'm in!"))
			poller := startPoller(t, p, addr, idle)
			require.Eventually(t, func() bool { return len(sig.to("spring", "jane")) == 1 }, 20*time.Second, 20*time.Millisecond)
			appendMail(t, addr, raw("i2-"+name+"@creator.example", "jane@creator.example", email.ReplyAddress(key, domain, "spring", "jane"), "", "Draft: https://drive.example/d/7"))
			require.Eventually(t, func() bool { return len(sig.to("spring", "jane")) == 2 }, 20*time.Second, 20*time.Millisecond)
			require.Equal(t, idle, poller.Idle)
			got := sig.to("spring", "jane")
			require.Equal(t, campaign.IntentAccept, got[0].Intent)
			require.Equal(t, "https://drive.example/d/7", got[1].URL)

			// A forged token through the same door: stored, never signalled.
			good := email.ReplyAddress(key, domain, "spring", "jane")
			at := len(good) - len("@lumen.example") - 1
			flip := map[bool]string{true: "b", false: "a"}[good[at] == 'a']
			appendMail(t, addr, raw("i3-"+name+"@creator.example", "x@evil.example", good[:at]+flip+good[at+1:], "", "yes"))
			require.Eventually(t, func() bool {
				row, err := st.InboundByMessageID(context.Background(), "i3-"+name+"@creator.example")
				return err == nil && row.Status == inbox.StatusForged
			}, 20*time.Second, 20*time.Millisecond)
			require.Len(t, sig.to("spring", "jane"), 2)
		})
	}
}

func TestWebhookVerifiesAndDelivers(t *testing.T) {
	p, sig, _ := setup(t)
	secret := []byte("webhook-secret-0123")
	srv := httptest.NewServer(p.Webhook(secret))
	defer srv.Close()
	post := func(body []byte, signature string) (*http.Response, map[string]any) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		if signature != "" {
			req.Header.Set(inbox.SignatureHeader, signature)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp, out
	}
	msg := raw("w1@creator.example", "jane@creator.example", email.ReplyAddress(key, domain, "spring", "jane"), "", "It's live: https://www.tiktok.com/@jane/video/1")

	resp, _ := post(msg, "")
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	resp, _ = post(msg, inbox.Sign([]byte("wrong-secret"), msg))
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	require.Empty(t, sig.got, "nothing unsigned gets through")

	resp, out := post(msg, inbox.Sign(secret, msg))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "signalled", out["status"])
	require.Equal(t, "token", out["matched_by"])
	resp, out = post(msg, inbox.Sign(secret, msg)) // the provider retries
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "duplicate", out["status"])
	got := sig.to("spring", "jane")
	require.Len(t, got, 1)
	require.Equal(t, campaign.LinkPublished, got[0].LinkKind)
}

// BenchmarkIMAPArrivalToSignal measures how long a message appended to the
// mailbox takes to reach the workflow's signal through IDLE.
func BenchmarkIMAPArrivalToSignal(b *testing.B) {
	p, sig, _ := setupB(b)
	addr := imapServer(b, true)
	startPoller(b, p, addr, true)
	b.ResetTimer()
	for i := range b.N {
		id := "bench-" + time.Now().Format("150405.000000000") + "@creator.example"
		appendMail(b, addr, raw(id, "jane@creator.example", email.ReplyAddress(key, domain, "spring", "jane"), "", "Yes"))
		for len(sig.to("spring", "jane")) < i+1 {
			time.Sleep(time.Millisecond)
		}
	}
}
