package inbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/email"
)

// A held reply is delivered once however it is settled: two people at once
// (one wins, the other is told), and a claimant that died between claiming
// and signalling blocks others only for the lease, after which the reply can
// still be settled (the workflow drops a repeat of a signal that arrived).
func TestHeldReplySettledOnceEvenAfterAClaimantDied(t *testing.T) {
	p, sig, st := setupB(t)
	p.SettleLease = time.Second
	ctx := context.Background()
	outreach := email.MessageID(key, domain, "spring", "jane", "outreach")
	res, err := p.Deliver(ctx, "imap", raw("held@creator.example", "jane@creator.example", "partnerships@lumen.example",
		"In-Reply-To: <"+outreach+">\r\n", "Count me in! When would the reel go live?"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusHeld, res.Status, res.Note)
	require.Empty(t, sig.to("spring", "jane"), "held: not acted on")

	// A claimant that dies after claiming: nobody may settle it for the lease…
	ok, err := st.ClaimToSettle(ctx, res.ID, inbox.Settleable, inbox.StatusAssigned, "being settled by crashed@lumen.example", time.Second)
	require.NoError(t, err)
	require.True(t, ok)
	_, err = p.Confirm(ctx, res.ID, "ops@lumen.example")
	require.ErrorIs(t, err, inbox.ErrSettled)
	require.Empty(t, sig.to("spring", "jane"))

	// …then the reply is settled, and only once.
	time.Sleep(1500 * time.Millisecond)
	out, err := p.Correct(ctx, res.ID, "ops@lumen.example", inbox.Correction{Intent: campaign.IntentAccept})
	require.NoError(t, err)
	require.Equal(t, inbox.StatusAssigned, out.Status)
	_, err = p.Confirm(ctx, res.ID, "lead@lumen.example")
	require.ErrorIs(t, err, inbox.ErrSettled, "a second settlement is refused")
	got := sig.to("spring", "jane")
	require.Len(t, got, 1)
	require.Equal(t, campaign.IntentAccept, got[0].Intent)
	require.Equal(t, "ops@lumen.example", got[0].ConfirmedBy)
	row, err := st.Inbound(ctx, res.ID)
	require.NoError(t, err)
	require.Contains(t, row.Note, "settled by ops@lumen.example as accept")
}
