package workflows

import (
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// publishAndMonitor waits for a valid live post link, checks the post and
// its disclosure, starts the usage-rights timers, and monitors the post in
// MonitorPostWorkflow.
func (c *collaboration) publishAndMonitor(ctx workflow.Context) (campaign.Outcome, error) {
	check, ok, err := c.waitForPost(ctx)
	if err != nil {
		return "", err
	}
	if !ok {
		return campaign.OutcomeNotPublished, nil
	}
	c.status.PostURL = check.URL
	c.status.PostNote = check.Note
	c.status.Disclosure = check.Disclosure
	publishedAt := workflow.Now(ctx)
	if err := c.record(ctx); err != nil {
		return "", err
	}
	if check.Disclosure == DisclosureMissing {
		if err := c.alert(ctx, AlertMissingDisclosure, fmt.Sprintf(":rotating_light: @%s's live post %s (campaign %s) does not carry the disclosure %q the brief requires. "+
			"Ask the creator to edit the caption or mark it as a paid partnership.", c.in.Creator.Handle, check.URL, c.in.CampaignID, c.in.Brief.Offer.Disclosure)); err != nil {
			return "", err
		}
	}
	if err := c.startUsageRights(ctx, check.URL, publishedAt); err != nil {
		return "", err
	}

	id := MonitorPostWorkflowID(c.in.CampaignID, c.in.Creator.Handle)
	c.status.Monitor = id
	if c.in.Brief.Timing.BatchWindow > 0 {
		c.status.Monitor = CampaignMonitorWorkflowID(c.in.CampaignID)
	}
	waiting := fmt.Sprintf("the %d metrics pulls of workflow %s", len(c.in.Brief.Timing.Monitoring), c.status.Monitor)
	if len(c.status.Alerts) > 0 {
		waiting += fmt.Sprintf(" (ops alerted: %v)", c.status.Alerts)
	}
	c.setStage(ctx, StageMonitoring, waiting)
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID: id,
		// The monitor ends with its collaboration (a cancelled campaign stops watching).
		ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
		StaticSummary:         fmt.Sprintf("Metrics of @%s's post", c.in.Creator.Handle),
		StaticDetails:         fmt.Sprintf("Campaign %s · %s · %d pulls from publication", c.in.CampaignID, check.URL, len(c.in.Brief.Timing.Monitoring)),
		TypedSearchAttributes: temporalSearchAttributes(c.in.CampaignID, c.in.Creator.Handle),
	})
	var res MonitorResult
	if c.in.Brief.Timing.BatchWindow > 0 {
		res, err = c.monitorBatched(ctx, WatchPost{Creator: c.in.Creator, PostURL: check.URL, PublishedAt: publishedAt,
			Collaboration: CollaborationWorkflowID(c.in.CampaignID, c.in.Creator.Handle)})
	} else {
		err = workflow.ExecuteChildWorkflow(cctx, MonitorPostWorkflowName, MonitorInput{CampaignID: c.in.CampaignID, Brief: c.in.Brief,
			Creator: c.in.Creator, PostURL: check.URL, PublishedAt: publishedAt, MaxPullsPerRun: c.in.MonitorPullsPerRun}).Get(ctx, &res)
	}
	if err != nil {
		return "", err
	}
	c.status.Pulls = res.Pulls
	c.status.Alerts = append(c.status.Alerts, res.Alerts...)
	c.status.PostGone = res.PostGone
	return campaign.OutcomeCompleted, nil
}

// waitForPost waits for the creator's link until the publish date, reminds
// them, then waits the grace period. Each link is checked: one that is not a
// post of the creator's platform, or a post that cannot be found, is refused
// (the status says why) and waiting goes on.
func (c *collaboration) waitForPost(ctx workflow.Context) (PostCheck, bool, error) {
	t := c.in.Brief.Timing
	phases := []struct {
		d       time.Duration
		summary string
	}{{t.PublishDue.D(), "live post link, reminder when due"}, {t.Grace.D(), "live post link after the reminder"}}
	for n, ph := range phases {
		if n == 1 {
			if err := c.email(ctx, EmailPublishReminder, "publish-reminder", ""); err != nil {
				return PostCheck{}, false, err
			}
			c.status.WaitingFor += " — reminded, last chance"
		}
		deadline := workflow.Now(ctx).Add(ph.d)
		for {
			left := deadline.Sub(workflow.Now(ctx))
			if left <= 0 {
				break
			}
			r, ok, err := c.waitFor(ctx, left, ph.summary, campaign.IntentLink)
			if err != nil {
				return PostCheck{}, false, err
			}
			if !ok {
				break
			}
			var pc PostCheck
			actx := workflow.WithActivityOptions(ctx, metricsOptions("Check the live post of "+c.in.Creator.Handle))
			if err := workflow.ExecuteActivity(actx, ActCheckPost, PostCheckRequest{CampaignID: c.in.CampaignID,
				Creator: c.in.Creator, URL: r.URL, Disclosure: c.in.Brief.Offer.Disclosure}).Get(ctx, &pc); err != nil {
				return PostCheck{}, false, err
			}
			if pc.Valid {
				c.status.PostProblem = ""
				return pc, true, nil
			}
			c.status.PostProblem = pc.Problem
			c.setStage(ctx, StageAwaitingPublication, "a valid live post link — the last one was refused: "+pc.Problem)
			workflow.GetLogger(ctx).Warn("post link refused", "creator", c.in.Creator.Handle, "url", r.URL, "problem", pc.Problem)
		}
	}
	return PostCheck{}, false, nil
}

func (c *collaboration) alert(ctx workflow.Context, kind, text string) error {
	c.status.Alerts = append(c.status.Alerts, kind)
	return sendAlert(ctx, Alert{Key: CollaborationWorkflowID(c.in.CampaignID, c.in.Creator.Handle) + "/" + kind,
		CampaignID: c.in.CampaignID, Handle: c.in.Creator.Handle, Kind: kind, Text: text})
}

// startUsageRights starts the usage-rights timers in their own workflow,
// abandoned on purpose: they run past the campaign's end.
func (c *collaboration) startUsageRights(ctx workflow.Context, postURL string, publishedAt time.Time) error {
	t := c.in.Brief.Timing
	if t.UsageRights <= 0 {
		return nil
	}
	id := UsageRightsWorkflowID(c.in.CampaignID, c.in.Creator.Handle)
	end := publishedAt.Add(t.UsageRights.D())
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:            id,
		ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_ABANDON,
		StaticSummary:         fmt.Sprintf("Usage rights of @%s's post end %s", c.in.Creator.Handle, end.Format("2006-01-02")),
		TypedSearchAttributes: temporalSearchAttributes(c.in.CampaignID, c.in.Creator.Handle),
	})
	f := workflow.ExecuteChildWorkflow(cctx, UsageRightsWorkflowName, UsageRightsInput{CampaignID: c.in.CampaignID, Brand: c.in.Brief.Brand,
		Creator: c.in.Creator, PostURL: postURL, PublishedAt: publishedAt, Rights: t.UsageRights.D(),
		Lead: t.UsageRightsReminderLead(), Terms: c.in.Brief.Offer.UsageRights})
	if err := f.GetChildWorkflowExecution().Get(ctx, nil); err != nil {
		return err
	}
	c.status.UsageRightsEnd = end
	return nil
}

func temporalSearchAttributes(campaignID, handle string) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(SACampaignID.ValueSet(campaignID), SACreatorHandle.ValueSet(handle),
		SAStage.ValueSet(string(StageMonitoring)))
}

const enumsAbandon = enumspb.PARENT_CLOSE_POLICY_ABANDON
