package activities

import (
	"context"
	"fmt"
	"strings"

	"go.temporal.io/sdk/activity"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/slack"
	"github.com/creatorflow/creatorflow/workflows"
)

// Approval cards besides drafts: a counter-offer above the auto-accept
// ceiling, and a campaign's shortlist (see integrations/slack/cards.go).

func vettingOf(v *workflows.VettingSummary) *slack.Vetting {
	if v == nil {
		return nil
	}
	return &slack.Vetting{Score: v.Score, Flags: v.Flags}
}

// counterCard: the creator, their vetting, the counter against the offer,
// the rate card and the ceiling; the budget left is filled by fillCounterBudget.
func counterCard(r workflows.ApprovalRequest) slack.Card {
	var counter campaign.Money
	if r.Counter != nil {
		counter = *r.Counter
	}
	ceiling := r.Brief.Offer.AutoAcceptUpTo
	if ceiling.Currency == "" {
		ceiling = r.Brief.Offer.Fee
	}
	facts := &slack.CounterFacts{Counter: counter, Offer: r.Brief.Offer.Fee, Ceiling: ceiling, RateCard: r.Creator.RateCard}
	if a := r.Asked; a != nil {
		facts.Range, facts.Items, facts.Words = a.CounterRange, a.CounterItems, a.Text
	}
	if rate, ok := campaign.CreatorRate(r.Brief, r.Creator); ok {
		facts.Rate = &rate
	} else if r.Vetting != nil && r.Vetting.Rate != nil {
		facts.Rate = r.Vetting.Rate // creators past the top of a compact shortlist carry no rate card
	}
	return slack.Card{
		Title:    fmt.Sprintf("Counter-offer from @%s: %s needs a decision", r.Creator.Handle, counter),
		Campaign: r.Brief.Name + " (" + r.CampaignID + ")", Creator: fmt.Sprintf("%s (@%s)", r.Creator.Name, r.Creator.Handle),
		Platform: r.Creator.Platform, Tier: string(r.Creator.Tier()), Followers: r.Creator.Followers,
		Fee: counter.String(), Budget: r.Brief.Budget.String(), Deliverables: r.Brief.Offer.Deliverables,
		PostingDate: r.Brief.Offer.PostingDate, DecideBy: r.DecideBy, Target: r.WorkflowID, Revision: r.Revision,
		Kind: slack.KindCounter, Vetting: vettingOf(r.Vetting), Counter: facts,
	}
}

// shortlistCard: the top of the ranked shortlist and what was considered.
func shortlistCard(r workflows.ApprovalRequest) slack.Card {
	var sl campaign.Shortlist
	if r.Shortlist != nil {
		sl = *r.Shortlist
	}
	budget := r.Brief.Budget.String()
	if r.Brief.CreatorsWanted > 1 {
		budget += fmt.Sprintf(" for %d creators (%s each)", r.Brief.CreatorsWanted, r.Brief.BudgetPerCreator())
	}
	budget += " · offer " + r.Brief.Offer.Fee.String()
	return slack.Card{
		Title:    fmt.Sprintf("Shortlist of %d for %s needs a decision", len(sl.Ranked), r.Brief.Name),
		Campaign: r.Brief.Name + " (" + r.CampaignID + ")", Budget: budget, Target: r.WorkflowID,
		Kind: slack.KindShortlist, DecideBy: r.DecideBy,
		Shortlist: &slack.ShortlistFacts{Shortlist: sl, CreatorsWanted: r.Brief.CreatorsWanted, BriefID: r.CampaignID},
	}
}

// fillCardBudget shows what is left of the budget: after the committed fees
// and this draft's fee, or after the committed fees and this counter-offer.
func (a *Activities) fillCardBudget(ctx context.Context, c *slack.Card, r workflows.ApprovalRequest) {
	switch r.Kind {
	case workflows.ApprovalDraft:
		a.fillBudget(ctx, c, r)
	case workflows.ApprovalCounter:
		a.fillCounterBudget(ctx, c, r)
	}
}

// fillCounterBudget: the budget less every fee committed by other creators'
// agreements, less the counter-offer if it were approved. Campaigns with no
// commitment yet fall back to the agreements recorded per collaboration.
func (a *Activities) fillCounterBudget(ctx context.Context, c *slack.Card, r workflows.ApprovalRequest) {
	if r.Counter == nil || r.Counter.Currency != r.Brief.Budget.Currency {
		return
	}
	// The commitments table is what Approve is checked against.
	if st, ok, err := a.Store.Budget(ctx, r.CampaignID); err == nil && ok {
		left, n := st.Remaining.Amount, st.Agreements
		if cs, err := a.Store.Commitments(ctx, r.CampaignID); err == nil {
			for _, cm := range cs {
				if cm.Handle == r.Creator.Handle && cm.Platform == r.Creator.Platform && cm.Status == "committed" {
					left, n = left+cm.Fee.Amount, n-1 // this creator's own hold: the counter replaces it
				}
			}
		}
		c.BudgetLeft = campaign.Money{Amount: left - r.Counter.Amount, Currency: r.Brief.Budget.Currency}.String()
		c.Committed = n
		return
	}
	rows, err := a.Store.Collaborations(ctx, r.CampaignID)
	if err != nil {
		activity.GetLogger(ctx).Warn("budget left unknown; the card shows the whole budget", "error", err)
		return
	}
	committed, n := int64(0), 0
	for _, row := range rows {
		if row.Handle == r.Creator.Handle && row.Platform == r.Creator.Platform {
			continue // this creator: the counter counts instead
		}
		switch workflows.Stage(row.Stage) {
		case workflows.StageOutreach, workflows.StageAwaitingReply, workflows.StageAwaitingCounterDecision:
			continue // no agreement yet
		}
		if row.Outcome != "" && !campaign.Outcome(row.Outcome).Paid() {
			continue
		}
		if row.Fee.Currency == r.Brief.Budget.Currency {
			committed += row.Fee.Amount
			n++
		}
	}
	c.BudgetLeft = campaign.Money{Amount: r.Brief.Budget.Amount - committed - r.Counter.Amount, Currency: r.Brief.Budget.Currency}.String()
	c.Committed = n
}

// outcomeVerdict is what the rewritten card says was decided.
func outcomeVerdict(o workflows.ApprovalOutcome) string {
	switch o.Request.Kind {
	case workflows.ApprovalCounter:
		switch {
		case o.Decision.Verdict == "":
			return "↪️ Settled by the creator" // their email answered before anyone decided
		case o.Decision.Verdict == workflows.VerdictApprove && o.Request.Counter != nil:
			return "✅ Approved at " + o.Request.Counter.String()
		case o.Decision.Verdict == workflows.VerdictReject && o.Propose != nil:
			return "↩️ Counter-proposed " + o.Propose.String()
		}
	case workflows.ApprovalShortlist:
		if o.Decision.Verdict == workflows.VerdictApprove && len(o.Drop) > 0 {
			return "✅ Approved without @" + strings.Join(o.Drop, ", @")
		}
	}
	return map[workflows.Verdict]string{workflows.VerdictApprove: "✅ Approved",
		workflows.VerdictRequestChanges: "✏️ Changes requested", workflows.VerdictReject: "❌ Rejected"}[o.Decision.Verdict]
}

// nudgeSubject names what a reminder is about.
func nudgeSubject(r workflows.ApprovalRequest) string {
	switch {
	case r.Kind == workflows.ApprovalCounter && r.Counter != nil:
		return fmt.Sprintf("the counter-offer of %s from @%s (%s)", r.Counter, r.Creator.Handle, r.Brief.Name)
	case r.Kind == workflows.ApprovalShortlist:
		return fmt.Sprintf("the shortlist of %s", r.Brief.Name)
	}
	return fmt.Sprintf("draft %d from @%s (%s)", r.Revision, r.Creator.Handle, r.Brief.Name)
}
