package cli_test

import (
	"context"
	"encoding/json"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/activities"
	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/workflows"
)

// TestCounterDecisionsThroughTheCLI runs a campaign on the real Temporal dev
// server, PostgreSQL and SMTP: the creator counters above the ceiling, the
// CLI's refusals say why, an approval the budget cannot take is refused with
// the figures and changes nothing, and once budget is freed the approval
// commits the counter; `campaign status` shows committed and remaining.
func TestCounterDecisionsThroughTheCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the Temporal dev server")
	}
	ctx := context.Background()
	url := testenv.DatabaseURL(t)
	addr := testenv.TemporalAddress(t)
	code, _, errOut := run(t, "roster", "import", write(t, "creators.csv", rosterCSV), "--database-url", url, "--skip-invalid")
	require.Equal(t, 0, code, errOut)

	store, err := postgres.Open(ctx, url)
	require.NoError(t, err)
	defer store.Close()
	sink := testenv.SMTP(t)
	host, port, _ := net.SplitHostPort(sink.Addr)
	p, _ := strconv.Atoi(port)
	sender, err := email.NewSender(email.SMTPConfig{Host: host, Port: p, TLS: "none"})
	require.NoError(t, err)
	tpl, err := email.NewTemplates("")
	require.NoError(t, err)
	queue := "counter-cli-test"
	tc := startCampaignWorker(t, addr, queue, &activities.Activities{Store: store, Mail: sender, Templates: tpl, From: "Lumen <p@lumen.test>", Domain: "lumen.test",
		ReplyKey: []byte("0123456789abcdef")})

	brief := write(t, "brief.yaml", `id: cli-counter
name: CLI counter
brand: Lumen
platforms: [instagram]
tiers: [micro]
creators_wanted: 1
budget: "5000.00 USD"
offer:
  fee: "1000.00 USD"
  auto_accept_up_to: "1200.00 USD"
  deliverables: [1 reel]
approvers: [ops@lumen.test]
target_audience: {countries: [US]}
`)
	cli := func(args ...string) (int, string, string) {
		return run(t, append([]string{"--address", addr, "--task-queue", queue}, args...)...)
	}
	code, out, errOut := cli("campaign", "start", "-f", brief)
	require.Equal(t, 0, code, out+errOut)
	id := workflows.CollaborationWorkflowID("cli-counter", "jane.glows")
	status := func() workflows.CollaborationStatus {
		var st workflows.CollaborationStatus
		if v, err := tc.QueryWorkflow(ctx, id, "", workflows.QueryStatus); err == nil {
			_ = v.Get(&st)
		}
		return st
	}
	require.Eventually(t, func() bool { return status().EmailsSent == 1 }, 60*time.Second, 200*time.Millisecond, "outreach sent")

	code, _, errOut = cli("counter", "approve", "cli-counter", "jane.glows", "--by", "ops@lumen.test")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no counter-offer of jane.glows is waiting for a decision")

	code, out, errOut = cli("creator", "reply", "cli-counter", "jane.glows", "I'd need $1,500 for this.")
	require.Equal(t, 0, code, out+errOut)
	require.Eventually(t, func() bool { return status().Stage == workflows.StageAwaitingCounterDecision }, 30*time.Second, 200*time.Millisecond)

	code, _, errOut = cli("counter", "approve", "cli-counter", "jane.glows", "--by", "mallory@evil.test")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "mallory@evil.test is not an approver of campaign cli-counter")
	code, _, errOut = cli("counter", "reject", "cli-counter", "jane.glows", "--by", "ops@lumen.test", "--propose", "1100 EUR")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "the counter-proposal must be in the budget's currency USD (got 1,100.00 EUR)")
	code, _, errOut = cli("counter", "approve", "cli-counter", "jane.glows", "--by", "ops@lumen.test", "--counter", "1400 USD")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "this decision was for the counter-offer of 1,400.00 USD, but the current one is 1,500.00 USD")
	code, _, errOut = cli("counter", "reject", "cli-counter", "jane.glows", "--by", "ops@lumen.test", "--propose", "lots")
	assert.Equal(t, 2, code, "a malformed amount is a usage error")
	assert.Contains(t, errOut, "--propose: want an amount and a currency")
	code, _, errOut = cli("counter", "approve", "cli-counter", "jane.glows", "--by", "ops@lumen.test", "--propose", "900 USD")
	assert.Equal(t, 2, code, "approve has no --propose")
	assert.Contains(t, errOut, "unknown flag: --propose")
	code, _, errOut = cli("counter", "approve", "cli-counter", "nobody", "--by", "ops@lumen.test")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no collaboration campaign/cli-counter/creator/nobody")

	// Another collaboration has taken 4,000 of the 5,000: the approval is refused with the figures.
	_, err = store.CommitBudget(ctx, postgres.BudgetCommit{CampaignID: "cli-counter", Handle: "someone", Fee: usdMoney(400000), Budget: usdMoney(500000)})
	require.NoError(t, err)
	code, _, errOut = cli("counter", "approve", "cli-counter", "jane.glows", "--by", "ops@lumen.test")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "the budget cannot take the counter-offer of 1,500.00 USD: 4,000.00 USD of 5,000.00 USD is committed, 1,000.00 USD left")
	assert.Equal(t, workflows.StageAwaitingCounterDecision, status().Stage, "nothing changed")

	code, out, errOut = cli("campaign", "status", "cli-counter", "--database-url", url)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Budget: 4,000.00 USD committed of 5,000.00 USD (1 agreement); 1,000.00 USD left")
	assert.Contains(t, out, "awaiting_counter_decision")

	// That collaboration ends unpaid; the same approval now goes through.
	_, _, err = store.ReleaseBudget(ctx, "cli-counter", "someone", "rejected")
	require.NoError(t, err)
	code, out, errOut = cli("counter", "approve", "cli-counter", "jane.glows", "--by", "ops@lumen.test")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Counter-offer of jane.glows approved by ops@lumen.test: agreed fee 1,500.00 USD")
	code, _, errOut = cli("counter", "approve", "cli-counter", "jane.glows", "--by", "ops@lumen.test")
	assert.Equal(t, 1, code, "a second decision is refused")
	assert.Contains(t, errOut, "no counter-offer of jane.glows is waiting")

	require.Eventually(t, func() bool { return status().Stage == workflows.StageAwaitingDraft }, 30*time.Second, 200*time.Millisecond)
	var terms string
	for _, m := range sink.Messages() {
		if strings.Contains(m.Header.Get("Subject"), "terms") || strings.Contains(m.Text(), "Fee: 1,500.00 USD") {
			terms = m.Text()
		}
	}
	assert.Contains(t, terms, "1,500.00 USD", "the terms email names the approved counter")

	code, out, errOut = cli("campaign", "status", "cli-counter", "--database-url", url, "--json")
	require.Equal(t, 0, code, errOut)
	var js struct {
		Budget struct {
			Committed   struct{ Amount int64 } `json:"committed"`
			Remaining   struct{ Amount int64 } `json:"remaining"`
			Agreements  int                    `json:"agreements"`
			Commitments []struct {
				Handle, Status, Reason, By string
			} `json:"commitments"`
		} `json:"budget"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &js), out)
	assert.Equal(t, int64(150000), js.Budget.Committed.Amount)
	assert.Equal(t, int64(350000), js.Budget.Remaining.Amount)
	assert.Equal(t, 1, js.Budget.Agreements)
	require.Len(t, js.Budget.Commitments, 2)
	byHandle := map[string]string{}
	for _, c := range js.Budget.Commitments {
		byHandle[c.Handle] = c.Status + "/" + c.Reason + "/" + c.By
	}
	assert.Equal(t, "committed/counter_approved/ops@lumen.test", byHandle["jane.glows"])
	assert.Equal(t, "released//", byHandle["someone"])

	require.NoError(t, tc.CancelWorkflow(ctx, workflows.CampaignWorkflowID("cli-counter"), ""))
}

func usdMoney(minor int64) campaign.Money { return campaign.Money{Amount: minor, Currency: "USD"} }
