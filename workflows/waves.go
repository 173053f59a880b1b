package workflows

import (
	"fmt"
	"sort"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// Invitation waves (see campaign/waves.go for the rule).
//
// The campaign invites the top creators_wanted of its shortlist (wave 1,
// leaving out handles the approver dropped); the rest of the ranked shortlist
// is the reserve. When a collaboration ends declined or unresponsive
// (campaign.Outcome.Replaceable) and fewer than creators_wanted collaborations
// are running or reached an agreement, the best creator left in the reserve is
// invited in its place: wave = the replaced creator's wave + 1, Replaces = its
// handle. No other outcome is replaced; a cancelled campaign invites nobody
// more. The report lists creators by wave, then by rank on the shortlist.
//
// Campaigns above the cohort size (cohort.go) split the work: cohort k (from
// 1) gets wave 1's creators k·size-size+1 … k·size as before, and the reserve
// is dealt out in rank order like cards, reserve creator j (from 0) to cohort
// j mod cohorts + 1, so every cohort's reserve starts with a creator as good
// as the others'. A cohort replaces only from its own share, so a campaign
// may end short with creators left in another cohort's share; the report says
// so. The campaign's own history still grows with the number of cohorts, not
// of creators or replacements (each cohort keeps its waves in its history).

// Invitee is one creator of the ranked shortlist as the waves invite them.
type Invitee struct {
	Creator campaign.Creator `json:"creator"`
	Rank    int              `json:"rank"` // position on the shortlist, from 1
	Vetting *VettingSummary  `json:"vetting,omitempty"`
}

// waveRun invites creators in waves and waits until every collaboration it
// started has ended. One runs in the campaign (small campaigns) or in each
// cohort (large ones).
type waveRun struct {
	campaignID string
	brief      campaign.Brief
	wanted     int
	reserve    []Invitee
	next       int // the reserve's next creator
	unreplaced int // replaceable outcomes nobody was left to replace
	// budgetSpent: a collaboration ended over_budget, so no more replacements
	// are invited (they would be refused at agreement).
	budgetSpent bool
	slots       []waveSlot
	creators    []CreatorSummary // the status, in invitation order
	sel         workflow.Selector
	pending     int
	changed     func() // called after every invitation and every end
}

type waveSlot struct {
	rank   int
	ended  bool
	result campaign.CollaborationResult
}

func newWaveRun(ctx workflow.Context, campaignID string, b campaign.Brief, wanted int, reserve []Invitee) *waveRun {
	return &waveRun{campaignID: campaignID, brief: b, wanted: wanted, reserve: reserve, sel: workflow.NewSelector(ctx), changed: func() {}}
}

// run invites the first wave and waits for every collaboration, inviting
// replacements as creators decline or stay silent.
func (w *waveRun) run(ctx workflow.Context, first []Invitee) {
	for _, inv := range first {
		w.invite(ctx, inv, 1, "")
	}
	w.changed()
	for w.pending > 0 {
		w.sel.Select(ctx)
	}
}

func (w *waveRun) reserveLeft() int { return len(w.reserve) - w.next }

// inHand counts collaborations running or past an agreement.
func (w *waveRun) inHand() int {
	n := 0
	for _, s := range w.slots {
		if !s.ended || s.result.Outcome.Agreed() || s.result.PostURL != "" {
			n++
		}
	}
	return n
}

func (w *waveRun) invite(ctx workflow.Context, inv Invitee, wave int, replaces string) {
	i, cr := len(w.slots), inv.Creator
	w.slots = append(w.slots, waveSlot{rank: inv.Rank})
	w.creators = append(w.creators, CreatorSummary{Handle: cr.Handle, Platform: cr.Platform,
		WorkflowID: CollaborationWorkflowID(w.campaignID, cr.Handle), Wave: wave, Replaces: replaces})
	w.pending++
	cctx := collaborationChildOptions(ctx, w.brief, cr)
	if replaces != "" {
		cctx = workflow.WithChildOptions(cctx, withWave(workflow.GetChildWorkflowOptions(cctx), wave, replaces))
	}
	f := workflow.ExecuteChildWorkflow(cctx, CollaborationWorkflowName,
		CollaborationInput{CampaignID: w.campaignID, Brief: w.brief, Creator: cr, Wave: wave, Vetting: inv.Vetting})
	w.sel.AddFuture(f, func(f workflow.Future) {
		w.pending--
		r := childResult(ctx, f, cr, w.brief.Offer.Fee)
		r.Wave, r.Replaces = wave, replaces
		w.slots[i].ended, w.slots[i].result = true, r
		w.creators[i].Outcome = r.Outcome
		if r.Outcome == campaign.OutcomeOverBudget {
			w.budgetSpent = true // a replacement would be refused too
		}
		if r.Outcome.Replaceable() && ctx.Err() == nil && w.inHand() < w.wanted && !w.budgetSpent {
			if w.next < len(w.reserve) {
				nxt := w.reserve[w.next]
				w.next++
				w.invite(ctx, nxt, wave+1, cr.Handle)
			} else {
				w.unreplaced++
			}
		}
		w.changed()
	})
}

// withWave tells, in the Temporal UI, whom a replacement was invited for.
func withWave(o workflow.ChildWorkflowOptions, wave int, replaces string) workflow.ChildWorkflowOptions {
	o.StaticSummary += fmt.Sprintf(" (wave %d, in place of %s)", wave, replaces)
	return o
}

// results are the collaborations' results by wave, then by rank.
func (w *waveRun) results() []campaign.CollaborationResult {
	slots := append([]waveSlot(nil), w.slots...)
	sort.SliceStable(slots, func(i, j int) bool {
		if slots[i].result.Wave != slots[j].result.Wave {
			return slots[i].result.Wave < slots[j].result.Wave
		}
		return slots[i].rank < slots[j].rank
	})
	out := make([]campaign.CollaborationResult, len(slots))
	for i, s := range slots {
		out[i] = s.result
	}
	return out
}

// childResult is a collaboration's result; a failed one is reported as
// failed (or cancelled), it does not sink the campaign.
func childResult(ctx workflow.Context, f workflow.Future, cr campaign.Creator, fee campaign.Money) campaign.CollaborationResult {
	var r campaign.CollaborationResult
	if err := f.Get(ctx, &r); err != nil {
		if temporal.IsCanceledError(err) {
			return unfinished(cr, fee, campaign.OutcomeCancelled)
		}
		workflow.GetLogger(ctx).Error("collaboration failed", "creator", cr.Handle, "error", err)
		return unfinished(cr, fee, campaign.OutcomeFailed)
	}
	return r
}

// unfinished is the result of a collaboration whose own result is missing:
// it failed, was cancelled, or its cohort's results were lost.
func unfinished(cr campaign.Creator, fee campaign.Money, o campaign.Outcome) campaign.CollaborationResult {
	return campaign.CollaborationResult{Handle: cr.Handle, Platform: cr.Platform, Followers: cr.Followers, Outcome: o, Fee: fee}
}

// inviteInWaves runs the campaign's collaborations in waves, itself or through
// cohorts, and sums the waves up for the report. st is the campaign's status.
func inviteInWaves(ctx workflow.Context, in CampaignInput, ranked []Invitee, st *CampaignStatus) ([]campaign.CollaborationResult, *campaign.WaveSummary, error) {
	b := in.Brief
	first := ranked[:min(b.CreatorsWanted, len(ranked))]
	reserve := ranked[len(first):]
	if useCohorts(in, len(first)) {
		return cohortsInWaves(ctx, in, first, reserve, st)
	}
	w := newWaveRun(ctx, b.ID, b, len(first), reserve)
	w.changed = func() { st.Creators, st.Reserve = w.creators, w.reserveLeft() }
	w.run(ctx, first)
	results := w.results()
	sum := campaign.SummarizeWaves(results, b.CreatorsWanted, w.reserveLeft(), w.unreplaced)
	return results, &sum, nil
}
