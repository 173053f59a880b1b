package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
)

// triageStack is a worker on the real stack with the inbound webhook on and
// one campaign (inboundBrief under campaignID) past its outreach to jane.
type triageStack struct {
	dsn, addr, httpAddr string
	replyTo             string // the outreach's signed Reply-To
	store               *postgres.Store
	tc                  client.Client
}

const triageWebhookSecret = "webhook-secret-for-tests-0123456789abcdef"

func newTriageStack(t *testing.T, campaignID string, env map[string]string) triageStack {
	t.Helper()
	ctx := context.Background()
	st := triageStack{dsn: testenv.DatabaseURL(t), addr: testenv.TemporalAddress(t), httpAddr: freeAddr(t)}
	var err error
	st.store, err = postgres.Open(ctx, st.dsn)
	require.NoError(t, err)
	t.Cleanup(st.store.Close)
	_, _, err = st.store.UpsertCreators(ctx, []campaign.Creator{
		{Platform: "instagram", Handle: "jane", Name: "Jane Ito", Email: "jane@creators.test", Followers: 48_200}})
	require.NoError(t, err)
	all := map[string]string{"TEMPORAL_ADDRESS": st.addr, "DATABASE_URL": st.dsn, "WORKER_HTTP_ADDR": st.httpAddr,
		"INBOUND_WEBHOOK_SECRET": triageWebhookSecret}
	for k, v := range env {
		all[k] = v
	}
	sink := runWorker(t, all)
	brief := filepath.Join(t.TempDir(), "brief.yaml")
	require.NoError(t, os.WriteFile(brief, []byte(strings.Replace(inboundBrief, "id: inbound-e2e", "id: "+campaignID, 1)), 0o644))
	out, code := starter(t, st.addr, "campaign", "start", "-f", brief)
	require.Equal(t, 0, code, out)
	eventually(t, "the outreach email", func() bool {
		for _, m := range sink.Messages() {
			st.replyTo = strings.Trim(m.Header.Get("Reply-To"), "<>")
			return st.replyTo != ""
		}
		return false
	})
	st.tc, err = client.Dial(client.Options{HostPort: st.addr})
	require.NoError(t, err)
	t.Cleanup(st.tc.Close)
	return st
}

// reply posts jane's reply through the signed webhook and returns its status.
func (st triageStack) reply(t *testing.T, messageID, text string) string {
	t.Helper()
	msg := []byte("Message-ID: <" + messageID + ">\r\nFrom: Jane Ito <jane@creators.test>\r\nTo: " + st.replyTo +
		"\r\nSubject: Re: Inbound\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n")
	req, _ := http.NewRequest(http.MethodPost, "http://"+st.httpAddr+inbox.WebhookPath, bytes.NewReader(msg))
	req.Header.Set(inbox.SignatureHeader, inbox.Sign([]byte(triageWebhookSecret), msg))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var res map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&res))
	s, _ := res["status"].(string)
	return s
}
