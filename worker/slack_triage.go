package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/slack"
)

// triageDecider settles a held reply from its Slack card: Approve confirms
// the reading, Correct… delivers the meaning typed, Reject delivers it as
// not actionable. The pipeline claims the row first, so of two clicks one acts.
type triageDecider struct{ p *inbox.Pipeline }

func (t triageDecider) Decide(ctx context.Context, d slack.Decision) error {
	id, err := strconv.ParseInt(d.Target, 10, 64)
	if err != nil {
		return &slack.Refusal{Reason: "This card does not name a stored email; nothing was delivered."}
	}
	by := d.Email
	if by == "" {
		return &slack.Refusal{Reason: "Slack did not tell who you are (the app needs users:read.email); nothing was delivered."}
	}
	if ok, err := t.p.MayDecide(ctx, id, by); err != nil {
		return err
	} else if !ok {
		return &slack.Refusal{Reason: by + " is not an approver of this campaign; nothing was delivered."}
	}
	switch d.Verdict {
	case slack.ActionApprove:
		_, err = t.p.Confirm(ctx, id, by)
	case slack.ActionReject:
		_, err = t.p.Correct(ctx, id, by, inbox.Correction{Intent: campaign.IntentUnclear})
	case slack.ActionRequestChanges:
		c, perr := inbox.ParseCorrection(d.Feedback, t.p.Fee(ctx, id))
		if perr != nil {
			return &slack.Refusal{Reason: perr.Error()}
		}
		_, err = t.p.Correct(ctx, id, by, c)
	default:
		return &slack.Refusal{Reason: "Unknown button; nothing was delivered."}
	}
	if errors.Is(err, inbox.ErrSettled) {
		return &slack.Refusal{Reason: "This reply was settled already; nothing was delivered again."}
	}
	return err
}

// postTriage puts a held reply on the approvers' channel.
func postTriage(n *slack.Notifier) func(ctx context.Context, h inbox.Held) error {
	return func(ctx context.Context, h inbox.Held) error {
		reading := string(h.Reading.Intent)
		if h.Reading.Ask != nil {
			reading += " " + h.Reading.Ask.String()
			if h.Reading.Range != "" {
				reading += " (asked " + h.Reading.Range + ")"
			}
		}
		if u := h.Reading.Link(string(h.Reading.Intent)); u != "" {
			reading += " " + u
		}
		_, _, err := n.PostTriage(ctx, slack.TriageFacts{ID: h.ID, Collaboration: fmt.Sprintf("%s/%s", h.CampaignID, h.Handle),
			From: h.From, Subject: h.Subject, Reading: reading, Confidence: h.Reading.Confidence, Why: h.Reason,
			Words: h.Reading.Words})
		return err
	}
}
