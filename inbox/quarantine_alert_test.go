package inbox_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/email"
)

// A quarantined email is told to ops once (Slack, when configured), with
// where to read it; the next good one is not.
func TestQuarantinedEmailIsToldToOps(t *testing.T) {
	p, _, _ := setupB(t)
	var alerts []string
	p.Alert = func(_ context.Context, text string) error { alerts = append(alerts, text); return nil }
	ctx := context.Background()
	res, err := p.Deliver(ctx, "imap", []byte("Message-ID: <nul@creator.example>\r\nFrom: jane@creator.example\r\n"+
		"Subject: hi\r\nContent-Type: text/plain\r\n\r\nYes\x00 I am in\r\n"))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusQuarantined, res.Status)
	require.Len(t, alerts, 1)
	require.Contains(t, alerts[0], "quarantined")
	require.Contains(t, alerts[0], fmt.Sprintf("starter inbox show %d", res.ID))
	_, err = p.Deliver(ctx, "imap", []byte("Message-ID: <fine@creator.example>\r\nFrom: who@nowhere.example\r\n"+
		"Subject: hello\r\nContent-Type: text/plain\r\n\r\nAre you hiring?\r\n"))
	require.NoError(t, err)
	require.Len(t, alerts, 1, "only the quarantined one is told")
}

// An away notice a person's client typed into the body, with no auto-reply
// header and a normal "Re:" subject, is recorded as an auto-reply and never
// reaches the workflow.
func TestAwayNoticeWithoutHeadersIsRecordedNotSignalled(t *testing.T) {
	p, sig, _ := setupB(t)
	ctx := context.Background()
	outreach := email.MessageID(key, domain, "spring", "jane", "outreach")
	res, err := p.Deliver(ctx, "imap", raw("away@creator.example", "jane@creator.example", "partnerships@lumen.example",
		"In-Reply-To: <"+outreach+">\r\n", "Thanks for your email. I am out of the office until 4 January with limited access to email."))
	require.NoError(t, err)
	require.Equal(t, inbox.StatusAutoReply, res.Status, res.Note)
	require.Empty(t, sig.to("spring", "jane"), "an away notice is not acted on")
}
