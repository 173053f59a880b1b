package cli

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/workflows"
)

func TestApprovalLineSaysWhoWaitsOnWhomSinceWhen(t *testing.T) {
	since := time.Date(2027, 3, 1, 9, 0, 0, 0, time.Local)
	w := &workflows.ApprovalWait{Draft: 2, WaitingOn: []string{"ops@lumen.test", "lead@lumen.test"}, Since: since,
		DecideBy: since.Add(24 * time.Hour), RemindedAt: since.Add(24 * time.Hour), EscalatedAt: since.Add(48 * time.Hour)}
	require.Equal(t, "draft 2 waits on ops@lumen.test, lead@lumen.test since 2027-03-01 09:00 (50h0m0s); due 2027-03-02 09:00; "+
		"reminded 2027-03-02 09:00; escalated to the backup approvers 2027-03-03 09:00", approvalLine(w, since.Add(50*time.Hour)))
	require.Equal(t, "draft 1 waits on anyone in the approval channel since 2027-03-01 09:00 (5m0s)",
		approvalLine(&workflows.ApprovalWait{Draft: 1, Since: since}, since.Add(5*time.Minute)))
	fee := campaign.Money{Amount: 150000, Currency: "USD"}
	require.Equal(t, "counter-offer of 1,500.00 USD waits on ops@lumen.test since 2027-03-01 09:00 (1h0m0s); due 2027-03-02 09:00",
		approvalLine(&workflows.ApprovalWait{Kind: workflows.ApprovalCounter, Counter: &fee, Round: 1, WaitingOn: []string{"ops@lumen.test"},
			Since: since, DecideBy: since.Add(24 * time.Hour)}, since.Add(time.Hour)))
}
