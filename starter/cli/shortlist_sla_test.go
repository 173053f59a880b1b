package cli

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/workflows"
)

// `starter campaign status` and `starter shortlist show` say who the
// shortlist waits on and how far its SLA went.
func TestApprovalLineNamesTheShortlistAndItsSLA(t *testing.T) {
	since := time.Date(2027, 3, 1, 9, 0, 0, 0, time.Local)
	w := &workflows.ApprovalWait{Kind: workflows.ApprovalShortlist, WaitingOn: []string{"ops@lumen.test", "lead@lumen.test"}, Since: since,
		DecideBy: since.Add(24 * time.Hour), RemindedAt: since.Add(24 * time.Hour), EscalatedAt: since.Add(48 * time.Hour)}
	require.Equal(t, "the shortlist waits on ops@lumen.test, lead@lumen.test since 2027-03-01 09:00 (50h0m0s); due 2027-03-02 09:00; "+
		"reminded 2027-03-02 09:00; escalated to the backup approvers 2027-03-03 09:00", approvalLine(w, since.Add(50*time.Hour)))
}
