package inbox_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

var key = []byte("0123456789abcdef-test-key")

const domain = "lumen.example"

// signals records what the pipeline delivered; fail makes the next calls fail.
type signals struct {
	mu   sync.Mutex
	got  map[string][]campaign.Reply
	fail error
}

func (s *signals) SignalWorkflow(_ context.Context, id, _, name string, arg any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	if name != workflows.SignalCreatorMessage {
		return fmt.Errorf("unexpected signal %s", name)
	}
	if s.got == nil {
		s.got = map[string][]campaign.Reply{}
	}
	s.got[id] = append(s.got[id], arg.(campaign.Reply))
	return nil
}

func (s *signals) to(campaignID, handle string) []campaign.Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.got[workflows.CollaborationWorkflowID(campaignID, handle)]
}

func setup(t *testing.T) (*inbox.Pipeline, *signals, *postgres.Store) { return setupB(t) }

func setupB(t testing.TB) (*inbox.Pipeline, *signals, *postgres.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := postgres.Open(ctx, testenv.DatabaseURL(t))
	require.NoError(t, err)
	t.Cleanup(st.Close)
	for _, o := range []postgres.OutboundEmail{
		{CampaignID: "spring", Handle: "jane", Recipient: "jane@creator.example"},
		{CampaignID: "spring", Handle: "tom", Recipient: "twin@creator.example"},
		{CampaignID: "autumn", Handle: "tom2", Recipient: "twin@creator.example"},
	} {
		o.Step, o.Subject = "outreach", "Hello"
		o.MessageID = email.MessageID(key, domain, o.CampaignID, o.Handle, o.Step)
		_, err := st.BeginSend(ctx, o)
		require.NoError(t, err)
		require.NoError(t, st.FinishSend(ctx, o.MessageID))
	}
	// The campaigns, so replies are read knowing the offer (an amount equal
	// to it is not a counter).
	for _, id := range []string{"spring", "autumn"} {
		require.NoError(t, st.SaveCampaign(ctx, campaign.Brief{ID: id, Name: id, Brand: "Lumen",
			Offer: campaign.Offer{Fee: campaign.Money{Amount: 100000, Currency: "USD"}}}))
	}
	sig := &signals{}
	return &inbox.Pipeline{Store: st, Key: key, Signal: sig, Logger: slog.New(slog.DiscardHandler)}, sig, st
}

// later moves the pipeline's clock forward (retries back off on it).
func later(p *inbox.Pipeline, d time.Duration) {
	now := p.Now
	if now == nil {
		now = time.Now
	}
	p.Now = func() time.Time { return now().Add(d) }
}

func raw(id, from, to, extra, body string) []byte {
	return []byte("Message-ID: <" + id + ">\r\nFrom: " + from + "\r\nTo: " + to + "\r\nSubject: Re: Spring\r\n" + extra +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n\r\nOn Tue, 3 Nov 2026, Lumen <p@lumen.example> wrote:\r\n> fee $500, not interested?\r\n")
}

func TestTokenMatchDeliversOnceDespiteDuplicates(t *testing.T) {
	ctx := context.Background()
	p, sig, _ := setup(t)
	msg := raw("a1@creator.example", "Jane <jane@creator.example>", email.ReplyAddress(key, domain, "spring", "jane"), "", "Yes, I'm in!")
	res, err := p.Deliver(ctx, "imap", msg)
	require.NoError(t, err)
	require.Equal(t, inbox.StatusSignalled, res.Status)
	require.Equal(t, inbox.ByToken, res.MatchedBy)
	again, err := p.Deliver(ctx, "webhook", msg) // the same message through the other door
	require.NoError(t, err)
	require.Equal(t, inbox.StatusDuplicate, again.Status)
	got := sig.to("spring", "jane")
	require.Len(t, got, 1, "a duplicate delivery signals nothing")
	require.Equal(t, campaign.IntentAccept, got[0].Intent)
	require.Equal(t, "Yes, I'm in!", got[0].Text)
	require.Equal(t, "a1@creator.example", got[0].MessageID)
}

func TestForgedTokenIsRejectedNeverMatched(t *testing.T) {
	ctx := context.Background()
	p, sig, st := setup(t)
	good := email.ReplyAddress(key, domain, "spring", "jane")
	forged := "reply+spring.tom." + good[len("reply+spring.jane."):] // jane's MAC on tom's name
	// Even with a thread header that would match, a bad token is never matched.
	res, err := p.Deliver(ctx, "imap", raw("f1@evil.example", "x@evil.example", forged,
		"In-Reply-To: <"+email.MessageID(key, domain, "spring", "jane", "outreach")+">\r\n", "https://evil.example/post"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusForged, res.Status)
	require.Empty(t, sig.got)
	ops, err := st.InboxForOps(ctx, 10)
	require.NoError(t, err)
	require.Len(t, ops, 1)
	require.Contains(t, ops[0].Note, "does not verify")
}

func TestThreadThenSenderCorrelation(t *testing.T) {
	ctx := context.Background()
	p, sig, st := setup(t)
	outreach := email.MessageID(key, domain, "spring", "jane", "outreach")
	// No token (sent to the plain mailbox), but References names our
	// outreach and it comes from the creator's address: acted on.
	res, err := p.Deliver(ctx, "imap", raw("t1@creator.example", "Jane <JANE@creator.example>", "partnerships@lumen.example",
		"In-Reply-To: <unknown@x>\r\nReferences: <"+outreach+">\r\n", "My rate is $1,200."))
	require.NoError(t, err)
	require.Equal(t, inbox.ByThread, res.MatchedBy)
	require.Equal(t, inbox.StatusSignalled, res.Status)
	got := sig.to("spring", "jane")
	require.Len(t, got, 1)
	require.Equal(t, campaign.IntentCounter, got[0].Intent)
	require.Equal(t, &campaign.Money{Amount: 120000, Currency: "USD"}, got[0].Counter)

	// No token, no thread: the sender has exactly one open collaboration.
	// A From alone proves nothing: held for a person, collaboration named.
	res, err = p.Deliver(ctx, "imap", raw("s1@creator.example", "JANE@creator.example", "partnerships@lumen.example", "", "Draft: https://drive.example/d/1"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusHeld, res.Status)
	require.Equal(t, inbox.HoldSender, res.HoldKind)
	require.Equal(t, inbox.BySender, res.MatchedBy)
	require.Equal(t, "spring/jane", res.CampaignID+"/"+res.Handle)
	require.Contains(t, res.Note, "easy to forge")
	require.Len(t, sig.to("spring", "jane"), 1, "a held message is not acted on")

	// A sender with two open collaborations is not guessed: ops decide.
	res, err = p.Deliver(ctx, "imap", raw("s2@creator.example", "twin@creator.example", "partnerships@lumen.example", "", "Yes!"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusUnmatched, res.Status)
	require.Contains(t, res.Note, "2 open collaborations")

	// A stranger: unmatched, kept, listed.
	res, err = p.Deliver(ctx, "imap", raw("s3@x.example", "who@x.example", "partnerships@lumen.example", "", "Hello?"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusUnmatched, res.Status)
	ops, err := st.InboxForOps(ctx, 10)
	require.NoError(t, err)
	require.Len(t, ops, 3)
	require.Equal(t, []string{"held", "unmatched", "unmatched"}, []string{ops[0].Status, ops[1].Status, ops[2].Status})
	require.Equal(t, inbox.HoldSender, ops[0].HoldKind)

	// Ops assign the twin's message; it reaches the chosen workflow.
	res, err = p.Assign(ctx, ops[1].ID, "autumn", "tom2", "", "")
	require.NoError(t, err)
	require.Equal(t, inbox.StatusAssigned, res.Status)
	require.Equal(t, campaign.IntentAccept, sig.to("autumn", "tom2")[0].Intent)
	ops, _ = st.InboxForOps(ctx, 10)
	require.Len(t, ops, 2)
}

func TestAutoReplyRecordedNotSignalled(t *testing.T) {
	ctx := context.Background()
	p, sig, st := setup(t)
	res, err := p.Deliver(ctx, "imap", raw("ooo@creator.example", "jane@creator.example",
		email.ReplyAddress(key, domain, "spring", "jane"), "Auto-Submitted: auto-replied\r\n", "Out of office. Yes, back Monday."))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusAutoReply, res.Status)
	require.Empty(t, sig.got)
	row, err := st.InboundByMessageID(ctx, "ooo@creator.example")
	require.NoError(t, err)
	require.Equal(t, "auto_reply", row.Status)
}

func TestCrashBetweenStoreAndSignalLosesNothing(t *testing.T) {
	ctx := context.Background()
	p, sig, st := setup(t)
	sig.fail = errors.New("temporal unreachable")
	msg := raw("c1@creator.example", "jane@creator.example", email.ReplyAddress(key, domain, "spring", "jane"), "", "Deal!")
	res, err := p.Deliver(ctx, "imap", msg)
	require.NoError(t, err, "stored: the door may acknowledge it")
	require.Equal(t, inbox.StatusReceived, res.Status)
	pending, err := st.PendingInbound(ctx, 10)
	require.NoError(t, err)
	require.Len(t, pending, 1)

	// A redelivery while it is still pending signals nothing by itself.
	again, err := p.Deliver(ctx, "imap", msg)
	require.NoError(t, err)
	require.Equal(t, inbox.StatusDuplicate, again.Status)

	sig.fail = nil
	n, err := p.Resume(ctx)
	require.NoError(t, err)
	require.Zero(t, n, "it backs off: not due yet")
	later(p, time.Minute)
	n, err = p.Resume(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Len(t, sig.to("spring", "jane"), 1)
	n, err = p.Resume(ctx)
	require.NoError(t, err)
	require.Zero(t, n, "nothing left to pick up")
	require.Len(t, sig.to("spring", "jane"), 1)
}

func TestClosedWorkflowGoesToOps(t *testing.T) {
	ctx := context.Background()
	p, sig, st := setup(t)
	sig.fail = serviceerror.NewNotFound("workflow not found")
	res, err := p.Deliver(ctx, "imap", raw("late@creator.example", "jane@creator.example", email.ReplyAddress(key, domain, "spring", "jane"), "", "yes"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusUnmatched, res.Status)
	require.Contains(t, res.Note, "not running")
	ops, _ := st.InboxForOps(ctx, 10)
	require.Len(t, ops, 1)
}
