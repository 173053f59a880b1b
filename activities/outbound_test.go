package activities_test

import (
	"context"
	"errors"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/creatorflow/creatorflow/activities"
	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

type fixture struct {
	acts  *activities.Activities
	sink  *testenv.MailSink
	store *postgres.Store
	env   *testsuite.TestActivityEnvironment
	now   time.Time
}

func setupOutbound(t *testing.T, limits postgres.Limits) *fixture {
	t.Helper()
	st, err := postgres.Open(context.Background(), testenv.DatabaseURL(t))
	require.NoError(t, err)
	t.Cleanup(st.Close)
	sink := testenv.SMTP(t)
	host, port, _ := net.SplitHostPort(sink.Addr)
	p, _ := strconv.Atoi(port)
	sender, err := email.NewSender(email.SMTPConfig{Host: host, Port: p, TLS: "none"})
	require.NoError(t, err)
	tpl, err := email.NewTemplates("")
	require.NoError(t, err)
	f := &fixture{sink: sink, store: st, now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	f.acts = &activities.Activities{Store: st, Mail: sender, Templates: tpl, From: "Lumen <partnerships@lumen.test>",
		Domain: "lumen.test", ReplyKey: []byte("0123456789abcdef"), MailLimits: limits, Now: func() time.Time { return f.now }}
	var suite testsuite.WorkflowTestSuite
	f.env = suite.NewTestActivityEnvironment()
	f.env.RegisterActivityWithOptions(f.acts.SendEmail, activity.RegisterOptions{Name: workflows.ActSendEmail})
	return f
}

func request(handle, step string) workflows.EmailRequest {
	b := campaign.Brief{ID: "spring", Name: "Spring", Brand: "Lumen",
		Offer: campaign.Offer{Fee: campaign.Money{Amount: 80000, Currency: "USD"}, Deliverables: []string{"1 reel"}}}
	b.ApplyDefaults()
	return workflows.EmailRequest{CampaignID: "spring", Kind: workflows.EmailOutreach, Step: step, Brief: b,
		Creator: campaign.Creator{Handle: handle, Name: handle, Email: handle + "@creators.test", Platform: "instagram"}}
}

func (f *fixture) send(req workflows.EmailRequest) (workflows.EmailResult, error) {
	v, err := f.env.ExecuteActivity(workflows.ActSendEmail, req)
	if err != nil {
		return workflows.EmailResult{}, err
	}
	var res workflows.EmailResult
	return res, v.Get(&res)
}

func TestRetriedSendSendsOnce(t *testing.T) {
	f := setupOutbound(t, postgres.Limits{})
	res, err := f.send(request("jane", "outreach"))
	require.NoError(t, err)
	require.True(t, res.Sent)
	res, err = f.send(request("jane", "outreach")) // the activity retried after the send succeeded
	require.NoError(t, err)
	require.False(t, res.Sent)
	require.Len(t, f.sink.Messages(), 1)
}

func TestRefusedSendIsRetriedAndSentOnce(t *testing.T) {
	f := setupOutbound(t, postgres.Limits{})
	f.sink.SetRefusing(true)
	_, err := f.send(request("jane", "outreach"))
	require.Error(t, err, "the server refused: the activity fails and Temporal retries it")
	f.sink.SetRefusing(false)
	res, err := f.send(request("jane", "outreach"))
	require.NoError(t, err)
	require.True(t, res.Sent, "a refused email is safe to send again")
	require.Len(t, f.sink.Messages(), 1)
}

func TestSendInterruptedMidWayIsNeverSentTwice(t *testing.T) {
	f := setupOutbound(t, postgres.Limits{})
	req := request("jane", "outreach")
	id := email.MessageID([]byte("0123456789abcdef"), "lumen.test", "spring", "jane", "outreach")
	// An attempt reserved the send and died before recording the outcome
	// (worker killed while talking to the SMTP server).
	d, err := f.store.ReserveSend(context.Background(), postgres.OutboundEmail{MessageID: id, CampaignID: "spring", Handle: "jane",
		Step: "outreach", Recipient: "jane@creators.test", Subject: "x"}, postgres.Limits{Mailbox: "partnerships@lumen.test"}, f.now)
	require.NoError(t, err)
	require.Equal(t, postgres.SendNow, d.Action)
	res, err := f.send(req) // Temporal's retry of that attempt
	require.NoError(t, err)
	require.False(t, res.Sent)
	require.Empty(t, f.sink.Messages(), "it may have gone out: not sent again")
	out, err := f.store.OutboxForOps(context.Background())
	require.NoError(t, err)
	require.Len(t, out, 1)
	require.Equal(t, "uncertain", out[0].Status)
}

func TestDailyLimitQueuesUntilTheNextWindow(t *testing.T) {
	f := setupOutbound(t, postgres.Limits{DailyLimit: 2})
	for _, h := range []string{"a", "b"} {
		_, err := f.send(request(h, "outreach"))
		require.NoError(t, err)
	}
	_, err := f.send(request("c", "outreach"))
	var appErr *temporal.ApplicationError
	require.True(t, errors.As(err, &appErr), "got %v", err)
	require.Equal(t, activities.ErrMailQueued, appErr.Type())
	require.Equal(t, 15*time.Hour, appErr.NextRetryDelay(), "retried at midnight UTC")
	require.Contains(t, err.Error(), "daily limit of 2 emails from partnerships@lumen.test reached")
	require.Len(t, f.sink.Messages(), 2)
	out, err := f.store.OutboxForOps(context.Background())
	require.NoError(t, err)
	require.Len(t, out, 1)
	require.Equal(t, "queued", out[0].Status)

	f.now = f.now.Add(15 * time.Hour) // the next day
	res, err := f.send(request("c", "outreach"))
	require.NoError(t, err)
	require.True(t, res.Sent)
	require.Len(t, f.sink.Messages(), 3)
}

func TestPacingSpacesSends(t *testing.T) {
	f := setupOutbound(t, postgres.Limits{Pacing: 30 * time.Second})
	_, err := f.send(request("a", "outreach"))
	require.NoError(t, err)
	f.now = f.now.Add(10 * time.Second)
	_, err = f.send(request("b", "outreach"))
	var appErr *temporal.ApplicationError
	require.True(t, errors.As(err, &appErr), "got %v", err)
	require.Equal(t, 20*time.Second, appErr.NextRetryDelay())
	f.now = f.now.Add(20 * time.Second)
	res, err := f.send(request("b", "outreach"))
	require.NoError(t, err)
	require.True(t, res.Sent)
}

// A real SMTP server answering 550 for one recipient: that send fails at once,
// non-retryable, typed Undeliverable, naming the server's reply; the next
// recipient's mail still goes out.
func TestPermanentRefusalIsUndeliverableNotRetried(t *testing.T) {
	f := setupOutbound(t, postgres.Limits{})
	f.sink.RefuseRecipient("ghost@creators.test")
	_, err := f.send(request("ghost", "outreach"))
	require.Error(t, err)
	var app *temporal.ApplicationError
	require.True(t, errors.As(err, &app), "%v", err)
	require.Equal(t, workflows.ErrUndeliverable, app.Type())
	require.True(t, app.NonRetryable(), "retrying a 550 cannot help")
	require.Contains(t, app.Message(), "refused the outreach email to ghost@creators.test")
	require.Contains(t, app.Message(), "550")

	_, err = f.send(request("jane", "outreach"))
	require.NoError(t, err)
	require.Len(t, f.sink.Messages(), 1)

	// A temporary refusal stays retryable.
	f.sink.SetRefusing(true)
	_, err = f.send(request("omar", "outreach"))
	require.Error(t, err)
	require.False(t, errors.As(err, &app) && app.NonRetryable(), "451 is retried: %v", err)
}
