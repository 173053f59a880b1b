package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/creatorflow/creatorflow/campaign"
)

// TaskQueue is where the worker polls for workflows and activities.
const TaskQueue = "creatorflow"

// Workflow, signal, update and query names: the stable surface that the CLI,
// the inbound mail handler and the Slack handler address.
const (
	CampaignWorkflowName      = "CampaignWorkflow"
	CollaborationWorkflowName = "CollaborationWorkflow"
	SignalCreatorMessage      = "creator-message"
	UpdateDecide              = "decide"
	QueryStatus               = "status"
)

// Activity names, registered by the worker under exactly these names.
const (
	ActSaveCampaign          = "SaveCampaign"
	ActSendEmail             = "SendEmail"
	ActRecordCollaboration   = "RecordCollaboration"
	ActPostApprovalRequest   = "PostApprovalRequest"
	ActUpdateApprovalMessage = "UpdateApprovalMessage"
	ActPullMetrics           = "PullMetrics"
	ActBuildReport           = "BuildReport"
)

// Search attributes the Temporal UI filters on (registered by make run and the tests).
var (
	SACampaignID    = temporal.NewSearchAttributeKeyKeyword("CampaignId")
	SACreatorHandle = temporal.NewSearchAttributeKeyKeyword("CreatorHandle")
	SAStage         = temporal.NewSearchAttributeKeyKeyword("Stage")
)

// CampaignWorkflowID is the readable ID of a campaign's workflow.
func CampaignWorkflowID(campaignID string) string { return "campaign/" + campaignID }

// CollaborationWorkflowID is the readable ID of one creator's collaboration.
func CollaborationWorkflowID(campaignID, handle string) string {
	return "campaign/" + campaignID + "/creator/" + handle
}

// EmailKind selects the template of an outgoing email.
type EmailKind string

const (
	EmailOutreach        EmailKind = "outreach"
	EmailFollowUp        EmailKind = "follow_up"
	EmailTerms           EmailKind = "terms"
	EmailDraftReminder   EmailKind = "draft_reminder"
	EmailChanges         EmailKind = "changes"
	EmailGoAhead         EmailKind = "go_ahead"
	EmailPublishReminder EmailKind = "publish_reminder"
	EmailRejected        EmailKind = "rejected"
)

// EmailRequest asks SendEmail to render and send one email of a collaboration.
// Step is unique within the collaboration ("outreach", "follow-up-1",
// "changes-2"): the Message-ID derives from it, so a retried send is recognised.
type EmailRequest struct {
	CampaignID string            `json:"campaign_id"`
	Kind       EmailKind         `json:"kind"`
	Step       string            `json:"step"`
	Creator    campaign.Creator  `json:"creator"`
	Brief      campaign.Brief    `json:"brief"`
	Feedback   string            `json:"feedback,omitempty"`
	DueBy      time.Time         `json:"due_by,omitempty"`
	Extra      map[string]string `json:"extra,omitempty"`
}

// EmailResult says which Message-ID went out and whether this call sent it
// (false: it had been sent before, by an earlier attempt).
type EmailResult struct {
	MessageID string `json:"message_id"`
	Sent      bool   `json:"sent"`
}

// CollaborationRecord is a collaboration's state as stored for ops and reports.
type CollaborationRecord struct {
	CampaignID string           `json:"campaign_id"`
	Creator    campaign.Creator `json:"creator"`
	Stage      Stage            `json:"stage"`
	Outcome    campaign.Outcome `json:"outcome,omitempty"`
	Fee        campaign.Money   `json:"fee"`
	DraftURL   string           `json:"draft_url,omitempty"`
	PostURL    string           `json:"post_url,omitempty"`
	Revision   int              `json:"revision,omitempty"` // drafts received
}

// ApprovalRequest asks approvers to decide on a draft.
type ApprovalRequest struct {
	Key        string           `json:"key"` // unique per draft revision: posting twice is recognised
	WorkflowID string           `json:"workflow_id"`
	CampaignID string           `json:"campaign_id"`
	Creator    campaign.Creator `json:"creator"`
	Fee        campaign.Money   `json:"fee"`
	Brief      campaign.Brief   `json:"brief"`
	DraftURL   string           `json:"draft_url"`
	Revision   int              `json:"revision"`
	DecideBy   time.Time        `json:"decide_by,omitempty"` // the approval SLA; zero: none
	// Kind is what is to be decided: ApprovalDraft (empty), ApprovalCounter or ApprovalShortlist.
	Kind string `json:"kind,omitempty"`
	// Counter is the creator's counter-offer (ApprovalCounter); Asked is
	// the reply it came in, so the approver sees a range, per-item prices
	// and the creator's own words.
	Counter *campaign.Money `json:"counter,omitempty"`
	Asked   *campaign.Reply `json:"asked,omitempty"`
	// Shortlist is the ranked shortlist (ApprovalShortlist); the card shows its top.
	Shortlist *campaign.Shortlist `json:"shortlist,omitempty"`
	// Vetting is how the creator scored when shortlisted; nil for creators
	// picked before vetting existed.
	Vetting *VettingSummary `json:"vetting,omitempty"`
}

// Approval kinds (ApprovalRequest.Kind); each has its own Update.
const (
	ApprovalDraft     = ""          // UpdateDecide on the collaboration
	ApprovalCounter   = "counter"   // UpdateCounterDecision on the collaboration
	ApprovalShortlist = "shortlist" // UpdateShortlist on the campaign
)

// VettingSummary is what an approver needs of a creator's vetting: the
// 0–100 score and the red flags (warnings; severe flags exclude).
type VettingSummary struct {
	Score float64         `json:"score"`
	Flags []campaign.Flag `json:"flags,omitempty"`
	// Rate is the creator's rate for the brief's formats as vetting read it
	// from the rate card (a compact shortlist row carries no rate card).
	Rate *campaign.Money `json:"rate,omitempty"`
}

// ApprovalMessage locates a posted approval request; empty when Slack is not configured.
type ApprovalMessage struct {
	Channel string `json:"channel,omitempty"`
	TS      string `json:"ts,omitempty"`
}

// ApprovalOutcome rewrites a posted request with the decision, without buttons.
type ApprovalOutcome struct {
	Message  ApprovalMessage `json:"message"`
	Request  ApprovalRequest `json:"request"`
	Decision Decision        `json:"decision"`
	At       time.Time       `json:"at"`
	// Propose is the amount offered instead of a rejected counter-offer;
	// Drop the handles a shortlist was approved without.
	Propose *campaign.Money `json:"propose,omitempty"`
	Drop    []string        `json:"drop,omitempty"`
}

// MetricsPull asks for one scheduled pull of a post's metrics.
type MetricsPull struct {
	CampaignID  string           `json:"campaign_id"`
	Creator     campaign.Creator `json:"creator"`
	PostURL     string           `json:"post_url"`
	Pull        int              `json:"pull"`
	PublishedAt time.Time        `json:"published_at"`
	DueAt       time.Time        `json:"due_at"`
}

// ReportRequest asks for the campaign's report to be computed and stored.
type ReportRequest struct {
	Brief   campaign.Brief                 `json:"brief"`
	Results []campaign.CollaborationResult `json:"results"`
	// Waves sums up the invitation waves (waves.go).
	Waves *campaign.WaveSummary `json:"waves,omitempty"`
}
