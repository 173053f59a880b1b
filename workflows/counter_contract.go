package workflows

import "github.com/creatorflow/creatorflow/campaign"

// UpdateCounterDecision carries a person's decision (CounterDecision) on a
// creator's counter-offer above the brief's auto-accept ceiling — from a
// Slack click or `starter counter approve|reject`.
const UpdateCounterDecision = "counter-decision"

// CounterDecision approves or rejects the creator's counter-offer.
//   - VerdictApprove: the counter becomes the agreed fee (if the budget allows).
//   - VerdictReject with Propose: the creator is offered Propose instead and
//     the collaboration waits for their answer.
//   - VerdictReject without Propose: the creator is thanked and the
//     collaboration ends as declined (a later wave may invite someone else).
type CounterDecision struct {
	Verdict   Verdict `json:"verdict"`
	By        string  `json:"by"`
	SlackUser string  `json:"slack_user,omitempty"`
	// Reason goes to the creator in the email that answers the counter.
	Reason  string          `json:"reason,omitempty"`
	Propose *campaign.Money `json:"propose,omitempty"`
	// Counter is the counter-offer the person looked at; zero means "the
	// current one". A click on an older counter's message is refused.
	Counter campaign.Money `json:"counter,omitzero"`
	// Round is the counter-offer round the person looked at (a card carries
	// it); 0 means "the current one". A decision on an older round is refused,
	// even when the new counter asks the same amount.
	Round int `json:"round,omitempty"`
}

// CounterDecisionResult tells the decider what the decision led to.
type CounterDecisionResult struct {
	Stage Stage           `json:"stage"`
	Fee   *campaign.Money `json:"agreed_fee,omitempty"`
}
