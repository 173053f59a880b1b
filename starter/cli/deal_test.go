package cli

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/workflows"
)

func TestDealLineShowsAProposalOrABudgetRefusal(t *testing.T) {
	usd := func(minor int64) campaign.Money { return campaign.Money{Amount: minor, Currency: "USD"} }
	p := usd(90000)
	require.Equal(t, "our counter-proposal of 900.00 USD waits for the creator's answer",
		dealLine(&workflows.CollaborationStatus{Proposal: &p}))
	require.Equal(t, "refused by the budget: 800.00 USD would overspend it (1,500.00 USD of 2,000.00 USD committed, 500.00 USD left)",
		dealLine(&workflows.CollaborationStatus{Budget: &workflows.BudgetCommitment{Fee: usd(80000), Budget: usd(200000),
			Committed: usd(150000), Remaining: usd(50000)}}))
	require.Empty(t, dealLine(&workflows.CollaborationStatus{Budget: &workflows.BudgetCommitment{Granted: true}}))
}
