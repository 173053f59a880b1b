package workflows

import (
	"time"

	"github.com/creatorflow/creatorflow/campaign"
)

// Names of the publication and monitoring activities and workflow.
const (
	MonitorPostWorkflowName = "MonitorPostWorkflow"
	ActCheckPost            = "CheckPost"
	ActAlertOps             = "AlertOps"
	ActRecordManualMetrics  = "RecordManualMetrics"
	// Error types of platform failures that retrying cannot fix
	// (integrations/social names them the same).
	ErrPostGone      = "PostGone"
	ErrTokenRevoked  = "TokenRevoked"
	ErrTokenMissing  = "TokenMissing"
	ErrInvalidURL    = "InvalidPostURL"
	ErrMisconfigured = "ProviderMisconfigured"
)

// MonitorPostWorkflowID is the readable ID of a post's monitoring.
func MonitorPostWorkflowID(campaignID, handle string) string {
	return CollaborationWorkflowID(campaignID, handle) + "/monitor"
}

// PostCheckRequest asks CheckPost to validate a post link and look at the post.
type PostCheckRequest struct {
	CampaignID string           `json:"campaign_id"`
	Creator    campaign.Creator `json:"creator"`
	URL        string           `json:"url"`
	Disclosure string           `json:"disclosure"`
}

// Disclosure states what the check saw of the brief's disclosure.
const (
	DisclosureFound   = "found"
	DisclosureMissing = "missing"
	DisclosureUnknown = "unknown" // the platform API does not show the caption, or it could not be read
)

// PostCheck is CheckPost's answer. A link that is not a post, or a post that
// cannot be found, is Valid=false with the Problem for the creator and ops;
// anything else is Valid with what could be seen.
type PostCheck struct {
	Valid      bool   `json:"valid"`
	Problem    string `json:"problem,omitempty"`
	PostID     string `json:"post_id,omitempty"`
	URL        string `json:"url,omitempty"` // canonical link
	Disclosure string `json:"disclosure,omitempty"`
	Note       string `json:"note,omitempty"` // e.g. why the disclosure is unknown
}

// Alert is a message for ops. Key makes it idempotent: an alert already
// posted under its key is not posted again.
type Alert struct {
	Key        string `json:"key"`
	CampaignID string `json:"campaign_id"`
	Handle     string `json:"handle"`
	Kind       string `json:"kind"`
	Text       string `json:"text"`
}

// Alert kinds.
const (
	AlertMissingDisclosure = "missing_disclosure"
	AlertPostGone          = "post_gone"
	AlertReconnect         = "reconnect"
	AlertUnderPerformance  = "under_performance"
	AlertUsageRights       = "usage_rights"
)

// ManualMetrics are figures ops record by hand for a creator who will not
// connect an account; stored as a self-reported snapshot.
type ManualMetrics struct {
	CampaignID string    `json:"campaign_id"`
	Handle     string    `json:"handle"`
	Platform   string    `json:"platform"`
	PostURL    string    `json:"post_url"`
	TakenAt    time.Time `json:"taken_at"`
	Views      int64     `json:"views"`
	Likes      int64     `json:"likes"`
	Comments   int64     `json:"comments"`
	Shares     int64     `json:"shares"`
	Saves      int64     `json:"saves"`
	By         string    `json:"by"`
}

// Batched monitoring (CampaignMonitorWorkflow).
const (
	CampaignMonitorWorkflowName = "CampaignMonitorWorkflow"
	ActPullMetricsBatch         = "PullMetricsBatch"
	SignalWatchPost             = "watch-post"
	SignalMonitoringDone        = "monitoring-done"
)

// CampaignMonitorWorkflowID is the readable ID of a campaign's batched monitoring.
func CampaignMonitorWorkflowID(campaignID string) string {
	return "campaign/" + campaignID + "/monitor"
}

// WatchPost hands a published post to the campaign's batched monitoring.
type WatchPost struct {
	Creator       campaign.Creator `json:"creator"`
	PostURL       string           `json:"post_url"`
	PublishedAt   time.Time        `json:"published_at"`
	Collaboration string           `json:"collaboration"` // workflow ID told when monitoring ends
}

// PullOutcome is one post's answer in a batch: a snapshot, or the error type
// and message of a failure retrying cannot fix.
type PullOutcome struct {
	Snapshot campaign.Snapshot `json:"snapshot"`
	ErrType  string            `json:"err_type,omitempty"`
	Error    string            `json:"error,omitempty"`
}
