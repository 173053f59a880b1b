// Package activities is the seam between the workflows and the outside world:
// thin Temporal activities over the store, email, Slack and metric providers.
// Each is registered under the name workflows.Act* gives it.
package activities

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/integrations/social"
	"github.com/creatorflow/creatorflow/workflows"
)

// Activities holds the integrations the activities use.
type Activities struct {
	Store     *postgres.Store
	Mail      *email.Sender
	Templates *email.Templates
	From      string          // "Name <address>"
	Domain    string          // for Message-IDs and reply addresses
	ReplyKey  []byte          // signs reply addresses
	Slack     *slack.Notifier // nil: approvals wait for the CLI
	Metrics   social.Provider
	Now       func() time.Time
	// MailLimits bound sending per mailbox (MAIL_DAILY_LIMIT, MAIL_PACING);
	// the zero value sends without bounds.
	MailLimits postgres.Limits
	// Mailbox polls the partnerships mailbox (nil: not on this worker).
	Mailbox *Mailbox
	// Measurement (measurement.go): exchange rates for reports; the public base
	// URL of the worker's tracking-link redirects (e.g. https://go.brand.example).
	Rates           campaign.Rates
	TrackingBaseURL string
}

// Register puts every activity on a registry (a worker) under its contract name.
func (a *Activities) Register(r interface {
	RegisterActivityWithOptions(any, activity.RegisterOptions)
}) {
	for name, fn := range map[string]any{
		workflows.ActSaveCampaign:          a.SaveCampaign,
		workflows.ActShortlistCreators:     a.ShortlistCreators,
		workflows.ActSendEmail:             a.SendEmail,
		workflows.ActRecordCollaboration:   a.RecordCollaboration,
		workflows.ActPostApprovalRequest:   a.PostApprovalRequest,
		workflows.ActUpdateApprovalMessage: a.UpdateApprovalMessage,
		workflows.ActNudgeApprovers:        a.NudgeApprovers,
		workflows.ActPullMetrics:           a.PullMetrics,
		workflows.ActBuildReport:           a.BuildReport,
		workflows.ActCheckPost:             a.CheckPost,
		workflows.ActAlertOps:              a.AlertOps,
		workflows.ActRecordManualMetrics:   a.RecordManualMetrics,
		workflows.ActPullMetricsBatch:      a.PullMetricsBatch,
		workflows.ActPollMailbox:           a.PollMailbox,
		workflows.ActPostReportSummary:     a.PostReportSummary,
		workflows.ActCommitBudget:          a.CommitBudget,
		workflows.ActReleaseBudget:         a.ReleaseBudget,
	} {
		r.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name})
	}
}

func (a *Activities) now() time.Time {
	if a.Now != nil {
		return a.Now().UTC()
	}
	return time.Now().UTC()
}

// SaveCampaign stores the campaign and its brief.
func (a *Activities) SaveCampaign(ctx context.Context, b campaign.Brief) error {
	return a.Store.SaveCampaign(ctx, b)
}

// SendEmail renders and sends one email of a collaboration, at most once per
// Message-ID: a retry of an email already sent sends nothing.
func (a *Activities) SendEmail(ctx context.Context, req workflows.EmailRequest) (workflows.EmailResult, error) {
	id := email.MessageID(a.ReplyKey, a.Domain, req.CampaignID, req.Creator.Handle, req.Step)
	b := req.Brief
	d := email.Data{
		CreatorName: firstNonEmpty(req.Creator.Name, "@"+req.Creator.Handle), Brand: b.Brand, CampaignName: b.Name,
		Fee: b.Offer.Fee.String(), Deliverables: b.Offer.Deliverables, PostingDate: b.Offer.PostingDate,
		UsageRights: b.Offer.UsageRights, Disclosure: b.Offer.Disclosure, Pitch: b.Offer.Pitch, Feedback: req.Feedback,
		Counter: req.Extra[workflows.EmailExtraCounter],
	}
	if !req.DueBy.IsZero() {
		d.DueBy = req.DueBy.UTC().Format("Monday 2 January 2006, 15:04 MST")
	}
	if req.Kind == workflows.EmailTerms {
		if err := a.addTracking(ctx, req, &d); err != nil {
			return workflows.EmailResult{}, err
		}
	}
	r, err := a.Templates.Render(string(req.Kind), d)
	if err != nil {
		return workflows.EmailResult{}, fmt.Errorf("rendering %s email: %w", req.Kind, err)
	}
	to := (&mail.Address{Name: req.Creator.Name, Address: req.Creator.Email}).String()
	if done, res, err := a.reserveSend(ctx, postgres.OutboundEmail{MessageID: id, CampaignID: req.CampaignID,
		Handle: req.Creator.Handle, Step: req.Step, Recipient: req.Creator.Email, Subject: r.Subject}); done || err != nil {
		return res, err
	}
	m := email.Message{ID: id, From: a.From, To: to, Rendered: r,
		ReplyTo: email.ReplyAddress(a.ReplyKey, a.Domain, req.CampaignID, req.Creator.Handle)}
	if req.Step != "outreach" { // every later email answers the outreach, so clients thread them
		root := email.MessageID(a.ReplyKey, a.Domain, req.CampaignID, req.Creator.Handle, "outreach")
		m.InReplyTo, m.References = root, []string{root}
	}
	if err := a.Mail.Send(ctx, m); err != nil {
		if ferr := a.Store.FailSend(ctx, id); ferr != nil {
			return workflows.EmailResult{}, errors.Join(err, ferr)
		}
		if reply, refused := email.Refused(err); refused { // 5xx: retrying cannot help; the collaboration ends undeliverable
			activity.GetLogger(ctx).Warn("email refused permanently", "campaign", req.CampaignID, "creator", req.Creator.Handle,
				"step", req.Step, "error", err)
			return workflows.EmailResult{}, temporal.NewNonRetryableApplicationError(
				fmt.Sprintf("the mail server refused the %s email to %s: %s", req.Step, req.Creator.Email, reply),
				workflows.ErrUndeliverable, nil)
		}
		return workflows.EmailResult{}, err
	}
	activity.GetMetricsHandler(ctx).WithTags(map[string]string{"kind": string(req.Kind)}).Counter(MetricEmailsSent).Inc(1)
	if err := a.Store.FinishSend(ctx, id); err != nil {
		return workflows.EmailResult{}, err
	}
	activity.GetLogger(ctx).Info("email sent", "campaign", req.CampaignID, "creator", req.Creator.Handle, "step", req.Step)
	return workflows.EmailResult{MessageID: id, Sent: true}, nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// RecordCollaboration stores a collaboration's state.
func (a *Activities) RecordCollaboration(ctx context.Context, r workflows.CollaborationRecord) error {
	return a.Store.RecordCollaboration(ctx, postgres.CollaborationRow{CampaignID: r.CampaignID, Handle: r.Creator.Handle,
		Platform: r.Creator.Platform, Email: r.Creator.Email, Stage: string(r.Stage), Outcome: string(r.Outcome),
		Fee: r.Fee, DraftURL: r.DraftURL, PostURL: r.PostURL, Revisions: max(r.Revision-1, 0)})
}

func card(r workflows.ApprovalRequest) slack.Card {
	switch r.Kind { // approval_cards.go
	case workflows.ApprovalCounter:
		return counterCard(r)
	case workflows.ApprovalShortlist:
		return shortlistCard(r)
	}
	return slack.Card{
		Title:    fmt.Sprintf("Draft %d from @%s needs a decision", r.Revision, r.Creator.Handle),
		Campaign: r.Brief.Name + " (" + r.CampaignID + ")", Creator: fmt.Sprintf("%s (@%s)", r.Creator.Name, r.Creator.Handle),
		Platform: r.Creator.Platform, Tier: string(r.Creator.Tier()), Followers: r.Creator.Followers,
		Fee: r.Fee.String(), Budget: r.Brief.Budget.String(), DraftURL: r.DraftURL, Revision: r.Revision,
		Deliverables: r.Brief.Offer.Deliverables, Disclosure: r.Brief.Offer.Disclosure, Target: r.WorkflowID,
		MaxRevisions: r.Brief.MaxRevisions, PostingDate: r.Brief.Offer.PostingDate, Kind: slack.KindDraft, DecideBy: r.DecideBy,
		Vetting: vettingOf(r.Vetting),
	}
}

// PostApprovalRequest posts the request to Slack once per approval key; with
// Slack off it posts nothing and approvals come from the CLI.
func (a *Activities) PostApprovalRequest(ctx context.Context, r workflows.ApprovalRequest) (workflows.ApprovalMessage, error) {
	if a.Slack == nil {
		activity.GetLogger(ctx).Info("slack not configured; approval waits for the CLI", "workflow", r.WorkflowID)
		return workflows.ApprovalMessage{}, nil
	}
	if ch, ts, ok, err := a.Store.ApprovalMessage(ctx, r.Key); err != nil || ok {
		return workflows.ApprovalMessage{Channel: ch, TS: ts}, err
	}
	c := card(r)
	a.fillCardBudget(ctx, &c, r)
	ch, ts, err := a.Slack.Post(ctx, c)
	if err != nil {
		return workflows.ApprovalMessage{}, err
	}
	return workflows.ApprovalMessage{Channel: ch, TS: ts}, a.Store.SaveApprovalMessage(ctx, r.Key, ch, ts)
}

// UpdateApprovalMessage rewrites the request with the decision.
func (a *Activities) UpdateApprovalMessage(ctx context.Context, o workflows.ApprovalOutcome) error {
	if a.Slack == nil || o.Message.TS == "" {
		return nil
	}
	verdict := outcomeVerdict(o) // approval_cards.go
	who := o.Decision.By
	if o.Decision.SlackUser != "" {
		who = "<@" + o.Decision.SlackUser + ">" // Slack shows the approver's name
		if o.Decision.By != "" && o.Decision.By != o.Decision.SlackUser {
			who += " (" + o.Decision.By + ")"
		}
	}
	return a.Slack.Outcome(ctx, o.Message.Channel, o.Message.TS, card(o.Request), who, verdict, o.Decision.Feedback, o.At)
}

// PullMetrics fetches a post's figures and stores them as a snapshot
// (see monitoring.go: platform errors become retryable or not by kind).
func (a *Activities) PullMetrics(ctx context.Context, p workflows.MetricsPull) (campaign.Snapshot, error) {
	return a.pullMetrics(ctx, p)
}

// BuildReport computes the campaign's report, stores it, and writes each
// creator's outcome back to the roster (measurement.go). It returns the
// report, or above ReportPayloadThreshold its compact copy (report_compact.go).
func (a *Activities) BuildReport(ctx context.Context, r workflows.ReportRequest) (campaign.Report, error) {
	return a.buildReport(ctx, r)
}
