package workflows

import (
	"time"

	"github.com/creatorflow/creatorflow/campaign"
)

// ActNudgeApprovers reminds the approvers of a pending approval, or escalates
// it to the backup approvers, when the brief's approval SLA runs out.
const ActNudgeApprovers = "NudgeApprovers"

// Nudge kinds.
const (
	NudgeReminder   = "reminder"
	NudgeEscalation = "escalation"
)

// ApprovalNudge asks NudgeApprovers to tell To that a decision is overdue.
// Key is unique per approval and kind: a retried nudge is posted once.
type ApprovalNudge struct {
	Key     string          `json:"key"`
	Kind    string          `json:"kind"` // NudgeReminder or NudgeEscalation
	To      []string        `json:"to"`   // emails or Slack user IDs, as the brief names them
	Since   time.Time       `json:"since"`
	Message ApprovalMessage `json:"message"`
	Request ApprovalRequest `json:"request"`
}

// ApprovalWait is who a pending approval waits on, since when, and how far
// the SLA has gone: `starter campaign status` shows it.
type ApprovalWait struct {
	Draft int `json:"draft"` // the draft's revision (a draft's approval)
	// Kind is ApprovalDraft (empty) or ApprovalCounter: a counter-offer above
	// the auto-accept ceiling, Counter, in counter round Round.
	Kind        string          `json:"kind,omitempty"`
	Counter     *campaign.Money `json:"counter,omitempty"`
	Round       int             `json:"round,omitempty"`
	WaitingOn   []string        `json:"waiting_on"` // empty: anyone who can reach the request
	Since       time.Time       `json:"since"`
	DecideBy    time.Time       `json:"decide_by,omitempty"` // zero: the brief sets no SLA
	RemindedAt  time.Time       `json:"reminded_at,omitempty"`
	EscalatedAt time.Time       `json:"escalated_at,omitempty"`
}
