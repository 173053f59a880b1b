package workflows

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// ErrUndeliverable is the error type of a SendEmail the mail server refused
// permanently (SMTP 5xx: no such mailbox, domain refuses mail). The activity
// returns it non-retryable: sending again cannot succeed.
const ErrUndeliverable = "Undeliverable"

// AlertUndeliverable tells ops a creator's address refused our mail.
const AlertUndeliverable = "undeliverable"

// undeliverable turns a permanently refused email into the collaboration's
// end: ops are told (once, by key) and the outcome is
// campaign.OutcomeUndeliverable, which the campaign's waves replace with the
// next creator. ok is false for any other error, which is returned as it was.
func (c *collaboration) undeliverable(ctx workflow.Context, err error) (campaign.Outcome, bool, error) {
	var app *temporal.ApplicationError
	if !errors.As(err, &app) || app.Type() != ErrUndeliverable {
		return "", false, err
	}
	cr := c.in.Creator
	c.status.Alerts = append(c.status.Alerts, AlertUndeliverable)
	aerr := sendAlert(ctx, Alert{Key: CollaborationWorkflowID(c.in.CampaignID, cr.Handle) + "/" + AlertUndeliverable,
		CampaignID: c.in.CampaignID, Handle: cr.Handle, Kind: AlertUndeliverable,
		Text: fmt.Sprintf(":no_entry: Email to @%s (%s, campaign %s) was refused by the mail server for good: %s. "+
			"The collaboration ended as undeliverable and the next creator on the shortlist may be invited; "+
			"correct the address with `starter roster import` before inviting them again.",
			cr.Handle, cr.Platform, c.in.CampaignID, app.Message())})
	return campaign.OutcomeUndeliverable, true, aerr
}
