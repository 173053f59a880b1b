package workflows

// Stage 5, publication: the go-ahead email, then the creator's live post
// link (a reply), a reminder when late; each link is checked (a post of the
// creator's platform that exists) and so is the brief's disclosure.

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// publish stores the approved draft (so ops see it before the post is
// live), sends the go-ahead, waits for a valid live post link, checks the
// post and its disclosure, then monitors it (monitoring.go).
func (c *collaboration) publish(ctx workflow.Context) (campaign.Outcome, error) {
	c.setStage(ctx, StageAwaitingPublication, "the live post's link")
	if err := c.record(ctx); err != nil {
		return "", err
	}
	if err := c.email(ctx, EmailGoAhead, "go-ahead", ""); err != nil {
		return "", err
	}
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
	return c.monitor(ctx, check.URL, publishedAt)
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
