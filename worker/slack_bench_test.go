package main

import (
	"context"
	"net/url"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/reply"
	"github.com/creatorflow/creatorflow/workflows"
)

// BenchmarkSlackClickToMessageRewritten measures, on loopback with a real dev
// server, PostgreSQL and the real worker, the time from a signed click on
// Approve to Slack receiving the chat.update that rewrites the request.
// Reports p50 and p99 (ms). Run: go test ./worker -run '^$' -bench SlackClick -benchtime 30x
func BenchmarkSlackClickToMessageRewritten(b *testing.B) {
	ctx := context.Background()
	dsn := testenv.DatabaseURL(b)
	addr := testenv.TemporalAddress(b)
	ws := newSlackWorkspace(b, map[string]string{"U-OPS": "ops@lumen.test"})
	ws.updates = make(chan url.Values, b.N+1)
	httpAddr := freeAddr(b)
	const secret = "bench-signing-secret-0123456789abcdef"
	store, err := postgres.Open(ctx, dsn)
	require.NoError(b, err)
	defer store.Close()
	brief, err := campaign.ParseBrief([]byte(slackBrief))
	require.NoError(b, err)
	brief.ID = "bench-" + strconv.FormatInt(time.Now().UnixNano(), 36) // the dev server outlives one run
	cid := brief.ID
	require.NoError(b, store.SaveCampaign(ctx, brief))
	runWorker(b, map[string]string{"TEMPORAL_ADDRESS": addr, "DATABASE_URL": dsn, "WORKER_HTTP_ADDR": httpAddr,
		"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_CHANNEL": "C-APPROVALS", "SLACK_API_URL": ws.srv.GetAPIURL(),
		"SLACK_SIGNING_SECRET": secret})
	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(b, err)
	defer tc.Close()

	// Setup, untimed: b.N collaborations waiting for a decision on draft 1.
	for i := 0; i < b.N; i++ {
		cr := campaign.Creator{Platform: "instagram", Handle: "c" + strconv.Itoa(i), Name: "C", Email: "c@creators.test", Followers: 20_000}
		id := workflows.CollaborationWorkflowID(cid, cr.Handle)
		_, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: workflows.TaskQueue},
			workflows.CollaborationWorkflowName, workflows.CollaborationInput{CampaignID: cid, Brief: brief, Creator: cr})
		require.NoError(b, err)
		require.NoError(b, tc.SignalWorkflow(ctx, id, "", workflows.SignalCreatorMessage, reply.Classify("yes")))
		require.NoError(b, tc.SignalWorkflow(ctx, id, "", workflows.SignalCreatorMessage, reply.Classify("https://drive.example/"+cr.Handle)))
	}
	deadline := time.Now().Add(10 * time.Minute)
	for len(ws.got("chat.postMessage")) < b.N {
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d approval requests posted", len(ws.got("chat.postMessage")), b.N)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var values []string
	for _, p := range ws.got("chat.postMessage") {
		values = append(values, buttonValue(b, p.Get("blocks"), "approve"))
	}
	clicks := clickSender{t: b, url: "http://" + httpAddr + SlackInteractionsPath, secret: secret}

	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if res := clicks.send(clickPayload("U-OPS", "approve", values[i], "1700000000.000001")); res.StatusCode != 200 {
			b.Fatalf("click answered %d", res.StatusCode)
		}
		select {
		case <-ws.updates:
		case <-time.After(30 * time.Second):
			b.Fatalf("click %d: the message was not rewritten", i)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
