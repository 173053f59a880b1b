package campaign

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const approvalBrief = `
id: sla
name: SLA
brand: Lumen
platforms: [instagram]
creators_wanted: 1
budget: "5000.00 USD"
offer:
  fee: "1000.00 USD"
  deliverables: ["1 reel"]
approvers: [ops@lumen.test]
`

func TestBriefApprovalPolicy(t *testing.T) {
	b, err := ParseBrief([]byte(approvalBrief + "approval:\n  sla: 1d\n  backup_approvers: [lead@lumen.test, U0LEAD]\n"))
	require.NoError(t, err)
	require.Equal(t, 24*time.Hour, b.Approval.SLA.D())
	require.True(t, b.AllowsBackupApprover("u0lead"))
	require.False(t, b.AllowsBackupApprover("ops@lumen.test"))

	b, err = ParseBrief([]byte(approvalBrief))
	require.NoError(t, err)
	require.Zero(t, b.Approval.SLA, "no SLA unless the brief sets one")

	_, err = ParseBrief([]byte(approvalBrief + "approval:\n  backup_approvers: [\"not an address\"]\n"))
	require.Error(t, err)
	for _, want := range []string{"approval.backup_approvers need approval.sla", "approval.backup_approvers[0] must be an email address or a Slack user ID"} {
		require.True(t, strings.Contains(err.Error(), want), "%q lacks %q", err, want)
	}
	_, err = ParseBrief([]byte(approvalBrief + "approval:\n  sla: 1d\n  escalate_to: [x]\n"))
	require.ErrorContains(t, err, "escalate_to")
}
