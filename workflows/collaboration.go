package workflows

import (
	"errors"
	"fmt"
	"strings"
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
	// Wave is the invitation wave the creator was invited in (waves.go; 0:
	// before waves); Vetting how they scored on the shortlist (nil before it).
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
	// Budget the campaign's budget as this creator's last commit saw it (budget.go).
	Proposal *campaign.Money   `json:"counter_proposal,omitempty"`
	Budget   *BudgetCommitment `json:"budget,omitempty"`
}

type collaboration struct {
	in       CollaborationInput
	status   CollaborationStatus
	messages workflow.ReceiveChannel
	decision *Decision
	approval ApprovalMessage
	sla      approvalSLA
	lastMsg  string          // Message-ID of the last email, for threading
	seen     map[string]bool // Message-IDs of creator emails already received
	lean     bool            // VersionLeanCollaboration is on (see lean.go)
	deal     dealState       // budget commitment and counter decisions (budget.go)
	baseline bool            // VersionCollaborationBaseline is on (see lean.go)
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

	c.startLean(ctx)
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

func (c *collaboration) run(ctx workflow.Context) (campaign.Outcome, error) {
	t := c.in.Brief.Timing

	// 1. Outreach, then follow-ups until a yes or a no.
	c.setStage(ctx, StageOutreach, "the outreach email to be sent")
	if err := c.email(ctx, EmailOutreach, "outreach", ""); err != nil {
		return "", err
	}
	var answer campaign.Reply
	want := []campaign.Intent{campaign.IntentAccept, campaign.IntentDecline}
	counters := c.version(ctx, counterOffersChange, 1) >= 1
	if counters {
		want = append(want, campaign.IntentCounter)
	}
	for i := 0; ; i++ {
		wait, next := t.ReplyWindow.D(), "then unresponsive"
		if i < len(t.FollowUps) {
			wait, next = t.FollowUps[i].D(), fmt.Sprintf("then follow-up %d of %d", i+1, len(t.FollowUps))
		}
		c.setStage(ctx, StageAwaitingReply, "the creator's reply to the outreach ("+next+")")
		r, ok, err := c.waitFor(ctx, wait, fmt.Sprintf("reply, %s after %s", next, campaign.Duration(wait)), want...)
		if err != nil {
			return "", err
		}
		if ok {
			answer = r
			break
		}
		if i == len(t.FollowUps) {
			return campaign.OutcomeUnresponsive, nil
		}
		if err := c.email(ctx, EmailFollowUp, fmt.Sprintf("follow-up-%d", i+1), ""); err != nil {
			return "", err
		}
	}
	if answer.Intent == campaign.IntentCounter {
		var err error
		if c.counterDecisionsOn(ctx) {
			var out campaign.Outcome
			if answer, out, err = c.settleCounter(ctx, answer); err != nil || out != "" {
				return out, err
			}
		} else if answer, err = c.negotiate(ctx, answer); err != nil {
			return "", err
		}
	}
	if answer.Intent == campaign.IntentDecline {
		return campaign.OutcomeDeclined, nil
	}
	if out, err := c.commitAgreement(ctx); err != nil || out != "" {
		return out, err
	}

	// 2. Agreement at the offered fee: recorded, then the terms email.
	c.setStage(ctx, StageTerms, "the terms email to be sent")
	if err := c.record(ctx); err != nil {
		return "", err
	}
	if err := c.email(ctx, EmailTerms, "terms", ""); err != nil {
		return "", err
	}

	// 3. Drafts and their approval, with bounded revisions.
	for {
		due := workflow.Now(ctx).Add(t.DraftDue.D())
		c.setStage(ctx, StageAwaitingDraft, fmt.Sprintf("draft %d from the creator (due %s)", c.status.Revision+1, due.Format(time.RFC3339)))
		draft, ok, err := c.waitWithReminder(ctx, t.DraftDue.D(), t.Grace.D(), EmailDraftReminder,
			fmt.Sprintf("draft-reminder-%d", c.status.Revision+1), "draft link")
		if err != nil {
			return "", err
		}
		if !ok {
			return campaign.OutcomeMissedDraft, nil
		}
		c.status.Revision++
		c.status.DraftURL = draft.URL
		c.decision = nil
		c.beginApproval(ctx)
		if err := c.requestApproval(ctx); err != nil {
			return "", err
		}
		if err := c.awaitDecision(ctx); err != nil {
			return "", err
		}
		d := *c.decision
		c.status.Approval = nil
		if err := c.closeApproval(ctx, d); err != nil {
			return "", err
		}
		switch d.Verdict {
		case VerdictReject:
			if err := c.email(ctx, EmailRejected, fmt.Sprintf("rejected-%d", c.status.Revision), d.Feedback); err != nil {
				return "", err
			}
			return campaign.OutcomeRejected, nil
		case VerdictRequestChanges:
			if err := c.email(ctx, EmailChanges, fmt.Sprintf("changes-%d", c.status.Revision), d.Feedback); err != nil {
				return "", err
			}
			continue
		}
		break
	}

	// 4. Publication.
	c.setStage(ctx, StageAwaitingPublication, "the live post's link")
	if c.version(ctx, ChangeRecordApprovedDraft, 1) >= 1 {
		if err := c.record(ctx); err != nil {
			return "", err
		}
	}
	if err := c.email(ctx, EmailGoAhead, "go-ahead", ""); err != nil {
		return "", err
	}
	if c.version(ctx, versionPostCheck, 1) == 1 {
		return c.publishAndMonitor(ctx)
	}
	post, ok, err := c.waitWithReminder(ctx, t.PublishDue.D(), t.Grace.D(), EmailPublishReminder, "publish-reminder", "live post link")
	if err != nil {
		return "", err
	}
	if !ok {
		return campaign.OutcomeNotPublished, nil
	}
	c.status.PostURL = post.URL
	publishedAt := workflow.Now(ctx)
	if err := c.record(ctx); err != nil {
		return "", err
	}

	// 5. Monitoring on the brief's schedule, counted from publication.
	for i, off := range t.Monitoring {
		dueAt := publishedAt.Add(off.D())
		c.setStage(ctx, StageMonitoring, fmt.Sprintf("metrics pull %d of %d at +%s", i+1, len(t.Monitoring), off))
		if wait := dueAt.Sub(workflow.Now(ctx)); wait > 0 {
			timer := workflow.NewTimerWithOptions(ctx, wait, workflow.TimerOptions{
				Summary: fmt.Sprintf("metrics pull %d of %d (+%s)", i+1, len(t.Monitoring), off)})
			if err := timer.Get(ctx, nil); err != nil {
				return "", err
			}
		}
		pull := MetricsPull{CampaignID: c.in.CampaignID, Creator: c.in.Creator, PostURL: post.URL,
			Pull: i, PublishedAt: publishedAt, DueAt: dueAt}
		actx := workflow.WithActivityOptions(ctx, metricsOptions(fmt.Sprintf("Pull metrics %d/%d for %s", i+1, len(t.Monitoring), c.in.Creator.Handle)))
		if err := workflow.ExecuteActivity(actx, ActPullMetrics, pull).Get(ctx, nil); err != nil {
			return "", err
		}
		c.status.Pulls++
	}
	return campaign.OutcomeCompleted, nil
}

// waitFor waits up to d for a creator message whose intent is one of want.
// Other messages are kept in the status (ops can read them) and waiting goes on
// for the time that is left.
func (c *collaboration) waitFor(ctx workflow.Context, d time.Duration, summary string, want ...campaign.Intent) (campaign.Reply, bool, error) {
	deadline := workflow.Now(ctx).Add(d)
	for {
		left := deadline.Sub(workflow.Now(ctx))
		if left <= 0 {
			return campaign.Reply{}, false, nil
		}
		tctx, cancelTimer := workflow.WithCancel(ctx)
		timer := workflow.NewTimerWithOptions(tctx, left, workflow.TimerOptions{Summary: summary})
		var (
			msg      campaign.Reply
			got      bool
			timerErr error
		)
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(c.messages, func(ch workflow.ReceiveChannel, _ bool) { ch.Receive(ctx, &msg); got = true })
		sel.AddFuture(timer, func(f workflow.Future) { timerErr = f.Get(ctx, nil) })
		sel.Select(ctx)
		if !got {
			if timerErr != nil {
				return campaign.Reply{}, false, timerErr
			}
			return campaign.Reply{}, false, nil
		}
		cancelTimer()
		if c.duplicate(ctx, msg) {
			continue
		}
		workflow.GetMetricsHandler(ctx).WithTags(map[string]string{"intent": string(msg.Intent)}).Counter(MetricRepliesReceived).Inc(1)
		for _, w := range want {
			if msg.Intent == w {
				c.status.LastMessage = nil
				return msg, true, nil
			}
		}
		m := msg
		c.status.LastMessage = &m
		workflow.GetMetricsHandler(ctx).WithTags(map[string]string{"stage": string(c.status.Stage)}).Counter(MetricRepliesNotActedOn).Inc(1)
		workflow.GetLogger(ctx).Info("creator message not acted on at this stage",
			"stage", c.status.Stage, "intent", msg.Intent)
	}
}

// waitWithReminder waits for a link until due, sends a reminder, then waits grace more.
func (c *collaboration) waitWithReminder(ctx workflow.Context, due, grace time.Duration, reminder EmailKind, step, what string) (campaign.Reply, bool, error) {
	r, ok, err := c.waitFor(ctx, due, what+", reminder when due", campaign.IntentLink)
	if err != nil || ok {
		return r, ok, err
	}
	if err := c.email(ctx, reminder, step, ""); err != nil {
		return campaign.Reply{}, false, err
	}
	c.status.WaitingFor += " — reminded, last chance"
	return c.waitFor(ctx, grace, what+" after the reminder", campaign.IntentLink)
}

func (c *collaboration) validateDecision(ctx workflow.Context, d Decision) error {
	if c.status.Stage != StageAwaitingApproval || c.decision != nil {
		return fmt.Errorf("no draft of %s is waiting for a decision (stage: %s)", c.in.Creator.Handle, c.status.Stage)
	}
	if d.Revision != 0 && d.Revision != c.status.Revision {
		return fmt.Errorf("this request was for draft %d, but draft %d is the current one", d.Revision, c.status.Revision)
	}
	if strings.TrimSpace(d.By) == "" {
		return errors.New("the decision must say who decided")
	}
	if !c.allowsApprover(d) {
		return fmt.Errorf("%s is not an approver of campaign %s", d.By, c.in.CampaignID)
	}
	switch d.Verdict {
	case VerdictApprove, VerdictReject:
	case VerdictRequestChanges:
		if strings.TrimSpace(d.Feedback) == "" {
			return errors.New("requesting changes needs feedback for the creator")
		}
		if c.status.Revision > c.in.Brief.MaxRevisions {
			return fmt.Errorf("draft %d was the last revision the brief allows (max_revisions %d): approve or reject it",
				c.status.Revision, c.in.Brief.MaxRevisions)
		}
	default:
		return fmt.Errorf("verdict must be approve, request_changes or reject (got %q)", d.Verdict)
	}
	return nil
}

func (c *collaboration) decide(ctx workflow.Context, d Decision) (DecisionResult, error) {
	c.decision = &d
	next := map[Verdict]Stage{VerdictApprove: StageAwaitingPublication, VerdictRequestChanges: StageAwaitingDraft, VerdictReject: StageDone}[d.Verdict]
	return DecisionResult{Revision: c.status.Revision, Stage: next}, nil
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

func (c *collaboration) email(ctx workflow.Context, kind EmailKind, step, feedback string) error {
	req := EmailRequest{CampaignID: c.in.CampaignID, Kind: kind, Step: step, Creator: c.in.Creator,
		Brief: c.in.Brief, Feedback: feedback}
	req.Brief.Offer.Fee = c.fee() // the terms name the agreed fee
	if kind == EmailTerms || kind == EmailChanges {
		req.DueBy = workflow.Now(ctx).Add(c.in.Brief.Timing.DraftDue.D())
	}
	actx := workflow.WithActivityOptions(ctx, emailOptions(fmt.Sprintf("Email %s to %s", step, c.in.Creator.Handle)))
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
	return c.recordFuture(ctx, rec).Get(ctx, nil)
}

func (c *collaboration) approvalRequest() ApprovalRequest {
	r := ApprovalRequest{
		Key:        fmt.Sprintf("%s/draft-%d", CollaborationWorkflowID(c.in.CampaignID, c.in.Creator.Handle), c.status.Revision),
		WorkflowID: CollaborationWorkflowID(c.in.CampaignID, c.in.Creator.Handle),
		CampaignID: c.in.CampaignID, Creator: c.in.Creator, Fee: c.fee(), Brief: c.in.Brief,
		DraftURL: c.status.DraftURL, Revision: c.status.Revision, Vetting: c.in.Vetting,
	}
	if c.status.Approval != nil {
		r.DecideBy = c.status.Approval.DecideBy
	}
	return r
}

func (c *collaboration) requestApproval(ctx workflow.Context) error {
	actx := workflow.WithActivityOptions(ctx, slackOptions(fmt.Sprintf("Ask approvers about draft %d of %s", c.status.Revision, c.in.Creator.Handle)))
	c.approval = ApprovalMessage{}
	return workflow.ExecuteActivity(actx, ActPostApprovalRequest, c.approvalRequest()).Get(ctx, &c.approval)
}

func (c *collaboration) closeApproval(ctx workflow.Context, d Decision) error {
	if c.approval.TS == "" {
		return nil // Slack not configured: the decision came from the CLI
	}
	actx := workflow.WithActivityOptions(ctx, slackOptions("Show the decision in Slack"))
	out := ApprovalOutcome{Message: c.approval, Request: c.approvalRequest(), Decision: d, At: workflow.Now(ctx)}
	return workflow.ExecuteActivity(actx, ActUpdateApprovalMessage, out).Get(ctx, nil)
}
