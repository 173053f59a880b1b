package activities

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/slack-go/slack/slacktest"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/integrations/social"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

func setup(t *testing.T) (*Activities, *testenv.MailSink, *atomic.Int32) {
	t.Helper()
	store, err := postgres.Open(context.Background(), testenv.DatabaseURL(t))
	require.NoError(t, err)
	t.Cleanup(store.Close)
	sink := testenv.SMTP(t)
	host, port, _ := net.SplitHostPort(sink.Addr)
	p, _ := strconv.Atoi(port)
	sender, err := email.NewSender(email.SMTPConfig{Host: host, Port: p, TLS: "none"})
	require.NoError(t, err)
	tpl, err := email.NewTemplates("")
	require.NoError(t, err)
	var posts atomic.Int32
	srv := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			n := posts.Add(1)
			fmt.Fprintf(w, `{"ok":true,"channel":"C1","ts":"1.%d"}`, n)
		})
	})
	srv.Start()
	t.Cleanup(srv.Stop)
	return &Activities{Store: store, Mail: sender, Templates: tpl, From: "Lumen <p@lumen.test>", Domain: "lumen.test",
		ReplyKey: []byte("0123456789abcdef"), Slack: slack.New(slack.Config{BotToken: "x", Channel: "C1", APIURL: srv.GetAPIURL()}),
		Metrics: social.Simulated{}}, sink, &posts
}

var (
	jane  = campaign.Creator{Platform: "instagram", Handle: "jane", Name: "Jane", Email: "jane@creators.test", Followers: 50_000}
	brief = campaign.Brief{ID: "c1", Name: "Spring", Brand: "Lumen", Budget: campaign.Money{Amount: 100000, Currency: "USD"},
		Offer: campaign.Offer{Fee: campaign.Money{Amount: 50000, Currency: "USD"}, Deliverables: []string{"1 reel"}, Disclosure: "#ad"}}
)

// A retried activity (after a crash or a timeout) must not send the same email twice.
func TestSendEmailRetryDoesNotSendTwice(t *testing.T) {
	a, sink, _ := setup(t)
	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.SendEmail)
	req := workflows.EmailRequest{CampaignID: "c1", Kind: workflows.EmailOutreach, Step: "outreach", Creator: jane, Brief: brief}

	v, err := aenv.ExecuteActivity(a.SendEmail, req)
	require.NoError(t, err)
	var first workflows.EmailResult
	require.NoError(t, v.Get(&first))
	require.True(t, first.Sent)
	v, err = aenv.ExecuteActivity(a.SendEmail, req)
	require.NoError(t, err)
	var second workflows.EmailResult
	require.NoError(t, v.Get(&second))
	require.False(t, second.Sent)
	require.Equal(t, first.MessageID, second.MessageID)
	require.Len(t, sink.Messages(), 1)

	// SMTP refusing: the activity fails (Temporal retries it) and nothing is recorded as sent.
	sink.SetRefusing(true)
	req.Step, req.Kind = "follow-up-1", workflows.EmailFollowUp
	_, err = aenv.ExecuteActivity(a.SendEmail, req)
	require.Error(t, err)
	sink.SetRefusing(false)
	_, err = aenv.ExecuteActivity(a.SendEmail, req)
	require.NoError(t, err)
	msgs := sink.Messages()
	require.Len(t, msgs, 2)
	require.Equal(t, "<"+first.MessageID+">", msgs[1].Header.Get("In-Reply-To"), "a follow-up threads under the outreach")
}

func TestApprovalRequestIsPostedOncePerKey(t *testing.T) {
	a, _, posts := setup(t)
	var env testsuite.WorkflowTestSuite
	aenv := env.NewTestActivityEnvironment()
	aenv.RegisterActivity(a.PostApprovalRequest)
	req := workflows.ApprovalRequest{Key: "campaign/c1/creator/jane/draft-1", WorkflowID: "campaign/c1/creator/jane",
		CampaignID: "c1", Creator: jane, Fee: brief.Offer.Fee, Brief: brief, DraftURL: "https://d/1", Revision: 1}
	var msgs [2]workflows.ApprovalMessage
	for i := range msgs {
		v, err := aenv.ExecuteActivity(a.PostApprovalRequest, req)
		require.NoError(t, err)
		require.NoError(t, v.Get(&msgs[i]))
	}
	require.Equal(t, int32(1), posts.Load())
	require.Equal(t, msgs[0], msgs[1])
	req.Key, req.Revision = "campaign/c1/creator/jane/draft-2", 2
	_, err := aenv.ExecuteActivity(a.PostApprovalRequest, req)
	require.NoError(t, err)
	require.Equal(t, int32(2), posts.Load())
}
