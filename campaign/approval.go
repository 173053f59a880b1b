package campaign

import (
	"fmt"
	"regexp"
	"strings"
)

// ApprovalPolicy is the brief's `approval:` block: how long approvers have
// before they are reminded, and who takes over after that.
//
//	approval:
//	  sla: 24h                         # reminder after 24h, escalation after 48h
//	  backup_approvers: [lead@lumen.example, U0LEAD]
//
// No SLA (the default) means approvals wait without reminders.
type ApprovalPolicy struct {
	SLA             Duration `yaml:"sla" json:"sla,omitempty"`
	BackupApprovers []string `yaml:"backup_approvers" json:"backup_approvers,omitempty"`
}

// validate adds the policy's problems through bad.
func (a ApprovalPolicy) validate(bad func(field, format string, args ...any)) {
	if a.SLA < 0 {
		bad("approval.sla", "must not be negative (got %s)", a.SLA)
	}
	if len(a.BackupApprovers) > 0 && a.SLA == 0 {
		bad("approval.backup_approvers", "need approval.sla: the time after which, reminded once, the approvers are escalated to them")
	}
	for i, who := range a.BackupApprovers {
		if !validApprover(who) {
			bad(fmt.Sprintf("approval.backup_approvers[%d]", i), "must be an email address or a Slack user ID (got %q)", who)
		}
	}
}

func validApprover(who string) bool {
	if strings.TrimSpace(who) == "" {
		return false
	}
	if strings.Contains(who, "@") {
		return CheckAddress(who) == nil
	}
	return slackIDRE.MatchString(who)
}

// slackIDRE accepts what a Slack user ID looks like (U0123ABCD), loosely.
var slackIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// AllowsBackupApprover reports whether who is one of the backup approvers.
func (b Brief) AllowsBackupApprover(who string) bool {
	for _, a := range b.Approval.BackupApprovers {
		if strings.EqualFold(a, who) {
			return true
		}
	}
	return false
}
