package workflows

// Stage 6, monitoring: the usage-rights timers start in their own workflow,
// and the post is handed to MonitorPostWorkflow (a child: metric pulls on the
// brief's schedule, alerts) or, with timing.batch_window, to the campaign's
// batched CampaignMonitorWorkflow; the collaboration ends after the last pull.

import (
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// monitor watches the published post until its last metrics pull.
func (c *collaboration) monitor(ctx workflow.Context, postURL string, publishedAt time.Time) (campaign.Outcome, error) {
	if err := c.startUsageRights(ctx, postURL, publishedAt); err != nil {
		return "", err
	}
	id := MonitorPostWorkflowID(c.in.CampaignID, c.in.Creator.Handle)
	batched := c.in.Brief.Timing.BatchWindow > 0
	c.status.Monitor = id
	if batched {
		c.status.Monitor = CampaignMonitorWorkflowID(c.in.CampaignID)
	}
	waiting := fmt.Sprintf("the %d metrics pulls of workflow %s", len(c.in.Brief.Timing.Monitoring), c.status.Monitor)
	if len(c.status.Alerts) > 0 {
		waiting += fmt.Sprintf(" (ops alerted: %v)", c.status.Alerts)
	}
	c.setStage(ctx, StageMonitoring, waiting)
	var (
		res MonitorResult
		err error
	)
	if batched {
		res, err = c.monitorBatched(ctx, WatchPost{Creator: c.in.Creator, PostURL: postURL, PublishedAt: publishedAt,
			Collaboration: CollaborationWorkflowID(c.in.CampaignID, c.in.Creator.Handle)})
	} else {
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID: id,
			// The monitor ends with its collaboration (a cancelled campaign stops watching).
			ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
			StaticSummary:         fmt.Sprintf("Metrics of @%s's post", c.in.Creator.Handle),
			StaticDetails:         fmt.Sprintf("Campaign %s · %s · %d pulls from publication", c.in.CampaignID, postURL, len(c.in.Brief.Timing.Monitoring)),
			TypedSearchAttributes: temporalSearchAttributes(c.in.CampaignID, c.in.Creator.Handle),
		})
		err = workflow.ExecuteChildWorkflow(cctx, MonitorPostWorkflowName, MonitorInput{CampaignID: c.in.CampaignID, Brief: c.in.Brief,
			Creator: c.in.Creator, PostURL: postURL, PublishedAt: publishedAt, MaxPullsPerRun: c.in.MonitorPullsPerRun}).Get(ctx, &res)
	}
	if err != nil {
		return "", err
	}
	c.status.Pulls = res.Pulls
	c.status.Alerts = append(c.status.Alerts, res.Alerts...)
	c.status.PostGone = res.PostGone
	return campaign.OutcomeCompleted, nil
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

// monitorBatched hands the post to the campaign's batched monitoring (starting
// it if no post of the campaign is being watched) and waits until it is done.
func (c *collaboration) monitorBatched(ctx workflow.Context, w WatchPost) (MonitorResult, error) {
	id := CampaignMonitorWorkflowID(c.in.CampaignID)
	done := workflow.GetSignalChannel(ctx, SignalMonitoringDone)
	for attempt := 0; ; attempt++ {
		err := workflow.SignalExternalWorkflow(ctx, id, "", SignalWatchPost, w).Get(ctx, nil)
		if err == nil {
			break
		}
		if attempt == 3 {
			return MonitorResult{}, fmt.Errorf("handing the post to %s: %w", id, err)
		}
		// Not running: start it with this post. Abandoned on purpose: it
		// watches every post of the campaign, not only this collaboration's.
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID:            id,
			ParentClosePolicy:     enumsAbandon,
			StaticSummary:         "Batched metrics pulls of campaign " + c.in.CampaignID,
			TypedSearchAttributes: temporal.NewSearchAttributes(SACampaignID.ValueSet(c.in.CampaignID), SAStage.ValueSet(string(StageMonitoring))),
		})
		f := workflow.ExecuteChildWorkflow(cctx, CampaignMonitorWorkflowName, CampaignMonitorInput{CampaignID: c.in.CampaignID,
			Brief: c.in.Brief, Posts: []WatchedPost{{WatchPost: w}}})
		if err := f.GetChildWorkflowExecution().Get(ctx, nil); err == nil {
			break
		}
		// Started by another collaboration meanwhile: signal it.
	}
	var res MonitorResult
	done.Receive(ctx, &res)
	if err := ctx.Err(); err != nil {
		return MonitorResult{}, temporal.NewCanceledError("campaign cancelled")
	}
	return res, nil
}
