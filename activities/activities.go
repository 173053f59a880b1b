// Package activities is the seam between the workflows and the outside world:
// thin Temporal activities over the store, email, Slack and metric providers.
// Each is registered under the name workflows.Act* gives it.
package activities

import (
	"context"
	"fmt"
	"net/mail"
	"time"

	"go.temporal.io/sdk/activity"

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
}

// Register puts every activity on a registry (a worker) under its contract name.
func (a *Activities) Register(r interface {
	RegisterActivityWithOptions(any, activity.RegisterOptions)
}) {
	for name, fn := range map[string]any{
		workflows.ActSaveCampaign:          a.SaveCampaign,
		workflows.ActSelectCreators:        a.SelectCreators,
		workflows.ActSendEmail:             a.SendEmail,
		workflows.ActRecordCollaboration:   a.RecordCollaboration,
		workflows.ActPostApprovalRequest:   a.PostApprovalRequest,
		workflows.ActUpdateApprovalMessage: a.UpdateApprovalMessage,
		workflows.ActPullMetrics:           a.PullMetrics,
		workflows.ActBuildReport:           a.BuildReport,
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

// SelectCreators picks the campaign's creators from the roster.
func (a *Activities) SelectCreators(ctx context.Context, b campaign.Brief) ([]campaign.Creator, error) {
	cs, err := a.Store.SelectCreators(ctx, b)
	if err != nil {
		return nil, err
	}
	activity.GetLogger(ctx).Info("creators selected", "campaign", b.ID, "count", len(cs))
	return cs, nil
}

// SendEmail renders and sends one email of a collaboration, at most once per
// Message-ID: a retry of an email already sent sends nothing.
func (a *Activities) SendEmail(ctx context.Context, req workflows.EmailRequest) (workflows.EmailResult, error) {
	id := email.MessageID(a.Domain, req.CampaignID, req.Creator.Handle, req.Step)
	b := req.Brief
	d := email.Data{
		CreatorName: firstNonEmpty(req.Creator.Name, "@"+req.Creator.Handle), Brand: b.Brand, CampaignName: b.Name,
		Fee: b.Offer.Fee.String(), Deliverables: b.Offer.Deliverables, PostingDate: b.Offer.PostingDate,
		UsageRights: b.Offer.UsageRights, Disclosure: b.Offer.Disclosure, Pitch: b.Offer.Pitch, Feedback: req.Feedback,
	}
	if !req.DueBy.IsZero() {
		d.DueBy = req.DueBy.UTC().Format("Monday 2 January 2006, 15:04 MST")
	}
	r, err := a.Templates.Render(string(req.Kind), d)
	if err != nil {
		return workflows.EmailResult{}, fmt.Errorf("rendering %s email: %w", req.Kind, err)
	}
	to := (&mail.Address{Name: req.Creator.Name, Address: req.Creator.Email}).String()
	fresh, err := a.Store.BeginSend(ctx, postgres.OutboundEmail{MessageID: id, CampaignID: req.CampaignID,
		Handle: req.Creator.Handle, Step: req.Step, Recipient: req.Creator.Email, Subject: r.Subject})
	if err != nil {
		return workflows.EmailResult{}, err
	}
	if !fresh {
		activity.GetMetricsHandler(ctx).WithTags(map[string]string{"kind": string(req.Kind)}).Counter(MetricEmailsDeduplicated).Inc(1)
		activity.GetLogger(ctx).Info("email already sent; not sending again", "message_id", id)
		return workflows.EmailResult{MessageID: id}, nil
	}
	m := email.Message{ID: id, From: a.From, To: to, Rendered: r,
		ReplyTo: email.ReplyAddress(a.ReplyKey, a.Domain, req.CampaignID, req.Creator.Handle)}
	if req.Step != "outreach" { // every later email answers the outreach, so clients thread them
		root := email.MessageID(a.Domain, req.CampaignID, req.Creator.Handle, "outreach")
		m.InReplyTo, m.References = root, []string{root}
	}
	if err := a.Mail.Send(ctx, m); err != nil {
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
		Fee: r.Fee, DraftURL: r.DraftURL, PostURL: r.PostURL})
}

func card(r workflows.ApprovalRequest) slack.Card {
	return slack.Card{
		Title:    fmt.Sprintf("Draft %d from @%s needs a decision", r.Revision, r.Creator.Handle),
		Campaign: r.Brief.Name + " (" + r.CampaignID + ")", Creator: fmt.Sprintf("%s (@%s)", r.Creator.Name, r.Creator.Handle),
		Platform: r.Creator.Platform, Tier: string(r.Creator.Tier()), Followers: r.Creator.Followers,
		Fee: r.Fee.String(), Budget: r.Brief.Budget.String(), DraftURL: r.DraftURL, Revision: r.Revision,
		Deliverables: r.Brief.Offer.Deliverables, Disclosure: r.Brief.Offer.Disclosure, Target: r.WorkflowID,
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
	ch, ts, err := a.Slack.Post(ctx, card(r))
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
	verdict := map[workflows.Verdict]string{workflows.VerdictApprove: "✅ Approved",
		workflows.VerdictRequestChanges: "✏️ Changes requested", workflows.VerdictReject: "❌ Rejected"}[o.Decision.Verdict]
	return a.Slack.Outcome(ctx, o.Message.Channel, o.Message.TS, card(o.Request), o.Decision.By, verdict, o.Decision.Feedback, o.At)
}

// PullMetrics fetches a post's figures and stores them as a snapshot.
func (a *Activities) PullMetrics(ctx context.Context, p workflows.MetricsPull) (campaign.Snapshot, error) {
	at := a.now()
	m, err := a.Metrics.Fetch(ctx, social.Post{Platform: p.Creator.Platform, URL: p.PostURL,
		Followers: p.Creator.Followers, PublishedAt: p.PublishedAt}, at)
	if err != nil {
		activity.GetMetricsHandler(ctx).WithTags(map[string]string{"platform": p.Creator.Platform}).Counter(MetricPullsFailed).Inc(1)
		return campaign.Snapshot{}, err
	}
	s := campaign.Snapshot{CampaignID: p.CampaignID, Handle: p.Creator.Handle, Platform: p.Creator.Platform,
		PostURL: p.PostURL, Pull: p.Pull, TakenAt: at, Views: m.Views, Likes: m.Likes, Comments: m.Comments,
		Shares: m.Shares, Saves: m.Saves, Source: m.Source}
	return s, a.Store.SaveSnapshot(ctx, s)
}

// BuildReport computes the campaign's report from results and latest snapshots, and stores it.
func (a *Activities) BuildReport(ctx context.Context, r workflows.ReportRequest) (campaign.Report, error) {
	latest, err := a.Store.LatestSnapshots(ctx, r.Brief.ID)
	if err != nil {
		return campaign.Report{}, err
	}
	rep := campaign.BuildReport(r.Brief, r.Results, latest, a.now())
	return rep, a.Store.SaveReport(ctx, rep)
}
