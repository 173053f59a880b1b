package campaign

import "time"

// Snapshot is one metrics pull of one post.
type Snapshot struct {
	CampaignID string    `json:"campaign_id"`
	Handle     string    `json:"handle"`
	Platform   string    `json:"platform"`
	PostURL    string    `json:"post_url"`
	Pull       int       `json:"pull"` // index into the brief's monitoring schedule
	TakenAt    time.Time `json:"taken_at"`
	Views      int64     `json:"views"`
	Likes      int64     `json:"likes"`
	Comments   int64     `json:"comments"`
	Shares     int64     `json:"shares"`
	Saves      int64     `json:"saves"`
	Reach      *int64    `json:"reach,omitempty"` // unique accounts reached, where the platform gives it
	// Source says where the figures came from: "simulated", "api" or "self-reported".
	Source string `json:"source"`
}

// Engagements = likes + comments + shares + saves.
func (s Snapshot) Engagements() int64 { return s.Likes + s.Comments + s.Shares + s.Saves }

// Outcome is how a collaboration ended.
type Outcome string

const (
	OutcomeCompleted    Outcome = "completed"
	OutcomeDeclined     Outcome = "declined"
	OutcomeUnresponsive Outcome = "unresponsive"
	OutcomeRejected     Outcome = "rejected"
	OutcomeMissedDraft  Outcome = "missed_draft"
	OutcomeNotPublished Outcome = "not_published"
	OutcomeCancelled    Outcome = "cancelled"
	OutcomeFailed       Outcome = "failed" // the workflow failed; see its history
	// OutcomeOverBudget: the creator would have agreed, but the fee would have
	// overspent the campaign's budget, so no agreement was made.
	OutcomeOverBudget Outcome = "over_budget"
	// OutcomeUndeliverable: the mail server refused an email to the creator's
	// address for good (SMTP 5xx); ops were told.
	OutcomeUndeliverable Outcome = "undeliverable"
)

// Replaceable reports whether a later invitation wave may invite another
// creator in this one's place: the creator said no, never answered, or could
// not be reached at their address, so no agreement stands.
func (o Outcome) Replaceable() bool {
	return o == OutcomeDeclined || o == OutcomeUnresponsive || o == OutcomeUndeliverable
}

// Paid reports whether the outcome owes the creator the fee (an agreement was
// reached and not ended by the brand before publication).
func (o Outcome) Paid() bool { return o == OutcomeCompleted || o == OutcomeInProgress }

// CollaborationResult is what a collaboration hands back to its campaign.
type CollaborationResult struct {
	Handle    string  `json:"handle"`
	Platform  string  `json:"platform"`
	Followers int64   `json:"followers"`
	Outcome   Outcome `json:"outcome"`
	Fee       Money   `json:"fee"`
	PostURL   string  `json:"post_url,omitempty"`
	// Wave is the invitation wave the creator was invited in (1: the top of
	// the shortlist; 0: the campaign predates waves). Replaces names the
	// creator whose decline or silence this one was invited for.
	Wave     int    `json:"wave,omitempty"`
	Replaces string `json:"replaces,omitempty"`
}
