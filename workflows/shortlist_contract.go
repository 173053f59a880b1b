package workflows

import (
	"time"

	"github.com/creatorflow/creatorflow/campaign"
)

// Discovery and vetting: the campaign's shortlist and its optional approval.
const (
	// ActShortlistCreators vets the roster against the brief (ShortlistRequest → campaign.Shortlist).
	ActShortlistCreators = "ShortlistCreators"
	// UpdateShortlist carries a person's decision on the shortlist (ShortlistDecision).
	UpdateShortlist = "shortlist-decision"
	// QueryShortlist answers with the campaign's ShortlistState.
	QueryShortlist = "shortlist"
)

// ShortlistRequest asks for the brief's ranked shortlist.
type ShortlistRequest struct {
	Brief campaign.Brief `json:"brief"`
}

// ShortlistDecision approves or rejects the shortlist (VerdictApprove or VerdictReject).
// Drop lists handles to leave out when approving.
type ShortlistDecision struct {
	Verdict Verdict `json:"verdict"`
	By      string  `json:"by"`
	// SlackUser is the clicker's Slack user ID when the decision came from
	// Slack; the brief may name approvers by it instead of by email (By).
	SlackUser string   `json:"slack_user,omitempty"`
	Reason    string   `json:"reason,omitempty"`
	Drop      []string `json:"drop,omitempty"`
}

// ShortlistDecisionResult tells the decider what follows.
type ShortlistDecisionResult struct {
	Verdict Verdict  `json:"verdict"`
	Invite  []string `json:"invite,omitempty"` // handles invited first
}

// ShortlistState answers the "shortlist" query.
type ShortlistState struct {
	Brief     campaign.Brief     `json:"brief"`
	Shortlist campaign.Shortlist `json:"shortlist"`
	// Awaiting: the campaign waits for a person to approve or reject it.
	Awaiting  bool               `json:"awaiting"`
	Decision  *ShortlistDecision `json:"decision,omitempty"`
	DecidedAt time.Time          `json:"decided_at,omitzero"`
	// Approval: while it awaits a decision, who it waits on, since when, when
	// it is due and whether it was reminded or escalated (shortlist_sla.go).
	Approval *ApprovalWait `json:"approval,omitempty"`
}
