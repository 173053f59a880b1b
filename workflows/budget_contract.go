package workflows

import "github.com/creatorflow/creatorflow/campaign"

// Budget commitment: every agreement commits its fee against the campaign's
// budget before the terms go out, and the budget is never overspent.
const (
	// ActCommitBudget commits a creator's fee (BudgetCommit → BudgetCommitment).
	ActCommitBudget = "CommitBudget"
	// ActReleaseBudget gives a committed fee back when the collaboration
	// ends unpaid (BudgetRelease → BudgetCommitment).
	ActReleaseBudget = "ReleaseBudget"
)

// How an agreement was reached (BudgetCommit.Reason).
const (
	AgreedOffer            = "offer_accepted"            // the creator accepted the brief's offer
	AgreedCounterAuto      = "counter_auto_accepted"     // a counter within the auto-accept ceiling
	AgreedCounterApproved  = "counter_approved"          // a person approved a counter above the ceiling
	AgreedProposalAccepted = "counter_proposal_accepted" // the creator accepted our counter-proposal
	AgreedProposalHeld     = "counter_proposal_held"     // our counter-proposal is out: its fee is held until the creator answers
)

// BudgetCommit asks CommitBudget to commit Fee for one creator. Committing
// the same creator's fee again (a retry) commits nothing more.
type BudgetCommit struct {
	CampaignID string           `json:"campaign_id"`
	Creator    campaign.Creator `json:"creator"`
	Fee        campaign.Money   `json:"fee"`
	Budget     campaign.Money   `json:"budget"` // the brief's whole budget
	Reason     string           `json:"reason"`
	By         string           `json:"by,omitempty"` // the person who approved, if one did
}

// BudgetCommitment is the campaign's budget after a commit or release.
// Granted is false when the fee would have overspent the budget; Committed
// and Remaining are then the figures that refused it.
type BudgetCommitment struct {
	Granted   bool           `json:"granted"`
	Fee       campaign.Money `json:"fee"`
	Budget    campaign.Money `json:"budget"`
	Committed campaign.Money `json:"committed"`
	Remaining campaign.Money `json:"remaining"`
	// Released: a ReleaseBudget that gave Fee back.
	Released bool `json:"released,omitempty"`
}

// BudgetRelease asks ReleaseBudget to give the creator's committed fee back.
type BudgetRelease struct {
	CampaignID string           `json:"campaign_id"`
	Creator    campaign.Creator `json:"creator"`
	Outcome    campaign.Outcome `json:"outcome"`
}

// Emails of the budget and the counter-offer decisions.
const (
	// EmailOverBudget: the creator agreed, but the budget is spent; no agreement.
	EmailOverBudget EmailKind = "over_budget"
	// EmailCounterProposal: a person answers the creator's counter with
	// another fee (Brief.Offer.Fee), Feedback the reason.
	EmailCounterProposal EmailKind = "counter_proposal"
	// EmailCounterDeclined: a person turned the counter down; the collaboration ends.
	EmailCounterDeclined EmailKind = "counter_declined"
)

// EmailExtraCounter is the EmailRequest.Extra key of the creator's counter-offer.
const EmailExtraCounter = "counter"
