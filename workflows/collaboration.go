package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// Stage is where a collaboration stands; the Stage search attribute mirrors it.
type Stage string

const (
	StageOutreach            Stage = "outreach"
	StageAwaitingReply       Stage = "awaiting_reply"
	StageTerms               Stage = "terms"
	StageAwaitingDraft       Stage = "awaiting_draft"
	StageAwaitingApproval    Stage = "awaiting_approval"
	StageAwaitingPublication Stage = "awaiting_publication"
	StageMonitoring          Stage = "monitoring"
	StageDone                Stage = "done"
)

// Verdict is an approver's decision on a draft.
type Verdict string

const (
	VerdictApprove        Verdict = "approve"
	VerdictRequestChanges Verdict = "request_changes"
	VerdictReject         Verdict = "reject"
)

// Decision is the payload of the "decide" update, from Slack or the CLI.
type Decision struct {
	Verdict  Verdict `json:"verdict"`
	By       string  `json:"by"`
	Feedback string  `json:"feedback,omitempty"`
	// SlackUser is the clicker's Slack user ID when the decision came from
	// Slack; a brief may name approvers by it instead of by email (By).
	SlackUser string `json:"slack_user,omitempty"`
	// Revision is the draft the approver looked at; 0 means "the current one".
	// A click on an older draft's message is rejected.
	Revision int `json:"revision,omitempty"`
}

// DecisionResult tells the caller what the decision led to.
type DecisionResult struct {
	Revision int   `json:"revision"`
	Stage    Stage `json:"stage"`
}

// CollaborationInput starts one creator's collaboration.
type CollaborationInput struct {
	CampaignID string           `json:"campaign_id"`
	Brief      campaign.Brief   `json:"brief"`
	Creator    campaign.Creator `json:"creator"`
	// MonitorPullsPerRun bounds each run of the post's monitoring before it
	// continues as new (0: DefaultMaxPullsPerRun).
	MonitorPullsPerRun int `json:"monitor_pulls_per_run,omitempty"`
	// Wave is the invitation wave the creator was invited in (waves.go);
	// Vetting how they scored on the shortlist. Zero when a collaboration is
	// started on its own (tests).
	Wave    int             `json:"wave,omitempty"`
	Vetting *VettingSummary `json:"vetting,omitempty"`
}

// CollaborationStatus answers the "status" query.
type CollaborationStatus struct {
	Handle      string           `json:"handle"`
	Platform    string           `json:"platform"`
	Stage       Stage            `json:"stage"`
	WaitingFor  string           `json:"waiting_for,omitempty"`
	Since       time.Time        `json:"since"`
	Outcome     campaign.Outcome `json:"outcome,omitempty"`
	Revision    int              `json:"revision,omitempty"`
	DraftURL    string           `json:"draft_url,omitempty"`
	PostURL     string           `json:"post_url,omitempty"`
	EmailsSent  int              `json:"emails_sent"`
	Pulls       int              `json:"pulls"`
	LastMessage *campaign.Reply  `json:"last_unhandled_message,omitempty"`
	// Publication and monitoring (see publication.go).
	PostProblem    string    `json:"post_problem,omitempty"` // why the last post link was refused
	PostNote       string    `json:"post_note,omitempty"`
	Disclosure     string    `json:"disclosure,omitempty"` // found, missing or unknown
	Alerts         []string  `json:"alerts,omitempty"`     // alerts sent to ops
	PostGone       bool      `json:"post_gone,omitempty"`
	Monitor        string    `json:"monitor_workflow,omitempty"`
	UsageRightsEnd time.Time `json:"usage_rights_end,omitempty"`
	// Counter is the creator's counter-offer while it waits for ops; Fee is
	// the fee agreed when it differs from the offer.
	Counter  *campaign.Money `json:"counter_offer,omitempty"`
	Fee      *campaign.Money `json:"agreed_fee,omitempty"`
	Approval *ApprovalWait   `json:"approval,omitempty"` // the pending approval: who, since when
	// Proposal is our counter-proposal while the creator considers it;
	// Budget the campaign's budget as this creator's last commit saw it (agreement.go).
	Proposal *campaign.Money   `json:"counter_proposal,omitempty"`
	Budget   *BudgetCommitment `json:"budget,omitempty"`
}

type collaboration struct {
	in       CollaborationInput
	status   CollaborationStatus
	messages workflow.ReceiveChannel
	decision *Decision
	approval ApprovalMessage
	sla      approverSLA     // the pending approval's (approval_sla.go)
	lastMsg  string          // Message-ID of the last email, for threading
	seen     map[string]bool // Message-IDs of creator emails already received
	deal     dealState       // budget commitment and counter decisions (agreement.go, negotiation.go)
}

// CollaborationWorkflow runs one creator from outreach to the last metrics pull.
func CollaborationWorkflow(ctx workflow.Context, in CollaborationInput) (campaign.CollaborationResult, error) {
	c := &collaboration{in: in, messages: workflow.GetSignalChannel(ctx, SignalCreatorMessage)}
	c.status = CollaborationStatus{Handle: in.Creator.Handle, Platform: in.Creator.Platform, Since: workflow.Now(ctx)}
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (CollaborationStatus, error) { return c.status, nil }); err != nil {
		return campaign.CollaborationResult{}, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateDecide, c.decide,
		workflow.UpdateHandlerOptions{Validator: c.validateDecision}); err != nil {
		return campaign.CollaborationResult{}, err
	}
	if err := c.registerCounterDecisions(ctx); err != nil {
		return campaign.CollaborationResult{}, err
	}

	// The campaign starts the child with Stage=outreach: adopting it saves
	// upserting the first stage a second time.
	if s, ok := workflow.GetTypedSearchAttributes(ctx).GetKeyword(SAStage); ok {
		c.status.Stage = Stage(s)
	}
	outcome, err := c.run(ctx)
	if o, ok, uerr := c.undeliverable(ctx, err); ok { // undeliverable.go
		outcome, err = o, uerr
	}
	if temporal.IsCanceledError(err) || errors.Is(ctx.Err(), workflow.ErrCanceled) {
		outcome, err = campaign.OutcomeCancelled, temporal.NewCanceledError("campaign cancelled")
	} else if err != nil {
		return c.result(""), err
	}
	c.status.Outcome = outcome
	c.setStage(ctx, StageDone, "nothing: "+string(outcome))
	// A disconnected context records the end even when the campaign was cancelled.
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	if rerr := c.record(dctx); rerr != nil && err == nil {
		err = rerr
	}
	if rerr := c.releaseUnpaid(dctx, outcome); rerr != nil && err == nil {
		err = rerr
	}
	return c.result(outcome), err
}

func (c *collaboration) result(o campaign.Outcome) campaign.CollaborationResult {
	return campaign.CollaborationResult{Handle: c.in.Creator.Handle, Platform: c.in.Creator.Platform,
		Followers: c.in.Creator.Followers, Outcome: o, Fee: c.fee(), PostURL: c.status.PostURL}
}

// run is the collaboration's stages, in order, each in its own file; a
// stage that ends the collaboration returns its outcome.
func (c *collaboration) run(ctx workflow.Context) (campaign.Outcome, error) {
	answer, out, err := c.outreach(ctx) // outreach.go
	if err != nil || out != "" {
		return out, err
	}
	if out, err := c.negotiate(ctx, answer); err != nil || out != "" { // negotiation.go
		return out, err
	}
	if out, err := c.agree(ctx); err != nil || out != "" { // agreement.go
		return out, err
	}
	if out, err := c.content(ctx); err != nil || out != "" { // content.go
		return out, err
	}
	return c.publish(ctx) // publication.go, then monitoring.go
}

func (c *collaboration) setStage(ctx workflow.Context, s Stage, waitingFor string) {
	if c.status.Stage != s {
		c.status.Since = workflow.Now(ctx)
		if err := workflow.UpsertTypedSearchAttributes(ctx, SAStage.ValueSet(string(s))); err != nil {
			workflow.GetLogger(ctx).Warn("stage search attribute not updated", "error", err)
		}
	}
	c.status.Stage, c.status.WaitingFor = s, waitingFor
	workflow.SetCurrentDetails(ctx, fmt.Sprintf("**%s** — waiting for %s (since %s)", s, waitingFor, c.status.Since.Format(time.RFC3339)))
}

// email sends the creator an email of kind naming the agreed fee.
func (c *collaboration) email(ctx workflow.Context, kind EmailKind, step, feedback string) error {
	req := c.emailRequest(kind, step, c.fee(), feedback) // the terms name the agreed fee
	if kind == EmailTerms || kind == EmailChanges {
		req.DueBy = workflow.Now(ctx).Add(c.in.Brief.Timing.DraftDue.D())
	}
	return c.send(ctx, req)
}

func (c *collaboration) emailRequest(kind EmailKind, step string, fee campaign.Money, feedback string) EmailRequest {
	req := EmailRequest{CampaignID: c.in.CampaignID, Kind: kind, Step: step, Creator: c.in.Creator,
		Brief: c.in.Brief, Feedback: feedback}
	req.Brief.Offer.Fee = fee
	return req
}

// send is the one way a collaboration emails its creator: the SendEmail
// activity, then the count and the Message-ID the next email threads under.
func (c *collaboration) send(ctx workflow.Context, req EmailRequest) error {
	actx := workflow.WithActivityOptions(ctx, emailOptions(fmt.Sprintf("Email %s to %s", req.Step, c.in.Creator.Handle)))
	var res EmailResult
	if err := workflow.ExecuteActivity(actx, ActSendEmail, req).Get(ctx, &res); err != nil {
		return err
	}
	c.status.EmailsSent++
	c.lastMsg = res.MessageID
	return nil
}

func (c *collaboration) record(ctx workflow.Context) error {
	rec := CollaborationRecord{CampaignID: c.in.CampaignID, Creator: c.in.Creator, Stage: c.status.Stage,
		Outcome: c.status.Outcome, Fee: c.fee(), DraftURL: c.status.DraftURL, PostURL: c.status.PostURL,
		Revision: c.status.Revision}
	lctx := workflow.WithLocalActivityOptions(ctx, storeLocalOptions("Record "+c.in.Creator.Handle+" as "+string(c.status.Stage)))
	return workflow.ExecuteLocalActivity(lctx, ActRecordCollaboration, rec).Get(ctx, nil)
}
