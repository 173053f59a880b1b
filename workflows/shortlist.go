package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// StageShortlistApproval is the campaign's stage while a person decides on the shortlist.
const StageShortlistApproval = "shortlist_approval"

type shortlisting struct {
	brief    campaign.Brief
	state    ShortlistState
	decision *ShortlistDecision
	status   *CampaignStatus // the campaign's, for its Approval (shortlist_sla.go)
	sla      approverSLA     // its approval SLA (shortlist_sla.go)
}

// shortlist runs discovery and vetting: the ShortlistCreators activity, then,
// if the brief asks, a wait for a person's decision (the "shortlist-decision"
// update). It returns the whole ranked shortlist less the dropped handles,
// best first (the campaign invites the top creators_wanted, the rest are the
// reserve of its waves), or the rejection.
func shortlist(ctx workflow.Context, b campaign.Brief, stage func(s, details string), st *CampaignStatus) ([]Invitee, *ShortlistDecision, error) {
	s := &shortlisting{brief: b, state: ShortlistState{Brief: b}, status: st}
	if err := workflow.SetQueryHandler(ctx, QueryShortlist, func() (ShortlistState, error) { return s.state, nil }); err != nil {
		return nil, nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateShortlist, s.decide,
		workflow.UpdateHandlerOptions{Validator: s.validate}); err != nil {
		return nil, nil, err
	}
	actx := workflow.WithActivityOptions(ctx, storeOptions("Vet the roster and rank the shortlist"))
	if err := workflow.ExecuteActivity(actx, ActShortlistCreators, ShortlistRequest{Brief: b}).Get(ctx, &s.state.Shortlist); err != nil {
		return nil, nil, err
	}
	sl := s.state.Shortlist
	if !b.Shortlist.Approval || len(sl.Ranked) == 0 {
		return s.ranked(nil), nil, nil
	}
	s.state.Awaiting = true
	stage(StageShortlistApproval, s.waitingFor())
	if err := s.awaitInSlack(ctx); err != nil { // shortlist_slack.go
		return nil, nil, err
	}
	s.state.Awaiting = false
	if s.decision.Verdict == VerdictReject {
		return nil, s.decision, nil
	}
	return s.ranked(s.decision.Drop), nil, nil
}

func top(sl campaign.Shortlist, n int) string {
	var hs []string
	for i, a := range sl.Ranked {
		if i == n {
			hs = append(hs, "…")
			break
		}
		hs = append(hs, fmt.Sprintf("%s %.0f", a.Creator.Handle, a.Score))
	}
	return strings.Join(hs, ", ")
}

// invite is the top creators_wanted of the shortlist, leaving out dropped handles.
func (s *shortlisting) invite(drop []string) []campaign.Creator {
	var out []campaign.Creator
	for _, a := range s.state.Shortlist.Ranked {
		if len(out) == s.brief.CreatorsWanted {
			break
		}
		if contains(drop, a.Creator.Handle) {
			continue
		}
		out = append(out, a.Creator)
	}
	return out
}

// ranked is the whole shortlist, best first, leaving out dropped handles.
func (s *shortlisting) ranked(drop []string) []Invitee {
	var out []Invitee
	for i, a := range s.state.Shortlist.Ranked {
		if !contains(drop, a.Creator.Handle) {
			out = append(out, Invitee{Creator: a.Creator, Rank: i + 1, Vetting: &VettingSummary{Score: a.Score, Flags: a.Flags, Rate: a.Rate}})
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (s *shortlisting) validate(d ShortlistDecision) error {
	switch {
	case s.decision != nil: // also while the Slack card is being rewritten
		return fmt.Errorf("the shortlist of %s was already %sd by %s", s.brief.ID, s.decision.Verdict, s.decision.By)
	case !s.state.Awaiting && !s.brief.Shortlist.Approval:
		return fmt.Errorf("the shortlist of %s does not wait for approval (the brief does not ask for it)", s.brief.ID)
	case !s.state.Awaiting:
		return fmt.Errorf("the shortlist of %s is not ready yet; try again in a moment", s.brief.ID)
	case d.Verdict != VerdictApprove && d.Verdict != VerdictReject:
		return fmt.Errorf("a shortlist decision is approve or reject (got %q)", d.Verdict)
	case strings.TrimSpace(d.By) == "":
		return fmt.Errorf("say who decides")
	case !s.allowsApprover(d): // shortlist_sla.go: backup approvers once escalated
		return s.notApprover(d)
	case d.Verdict == VerdictReject && strings.TrimSpace(d.Reason) == "":
		return fmt.Errorf("rejecting the shortlist needs a reason")
	}
	for _, h := range d.Drop {
		found := false
		for _, a := range s.state.Shortlist.Ranked {
			found = found || a.Creator.Handle == h
		}
		if !found {
			return fmt.Errorf("%s is not on the shortlist of %s; nothing was decided", h, s.brief.ID)
		}
	}
	if d.Verdict == VerdictApprove && len(s.invite(d.Drop)) == 0 {
		return fmt.Errorf("approving leaves nobody to invite; reject the shortlist instead")
	}
	return nil
}

func (s *shortlisting) decide(ctx workflow.Context, d ShortlistDecision) (ShortlistDecisionResult, error) {
	if s.decision != nil { // a second decision accepted in the same workflow task as the first
		return ShortlistDecisionResult{}, fmt.Errorf("the shortlist of %s was already %sd by %s", s.brief.ID, s.decision.Verdict, s.decision.By)
	}
	s.decision = &d
	s.state.Decision = &d
	s.state.DecidedAt = workflow.Now(ctx)
	res := ShortlistDecisionResult{Verdict: d.Verdict}
	if d.Verdict == VerdictApprove {
		for _, c := range s.invite(d.Drop) {
			res.Invite = append(res.Invite, c.Handle)
		}
	}
	return res, nil
}
