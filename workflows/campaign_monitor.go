package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// CampaignMonitorInput starts (or continues) a campaign's batched monitoring.
type CampaignMonitorInput struct {
	CampaignID string         `json:"campaign_id"`
	Brief      campaign.Brief `json:"brief"`
	Posts      []WatchedPost  `json:"posts"`
	// MaxRoundsPerRun bounds one run (0: DefaultMaxPullsPerRun); Continue-As-New after.
	MaxRoundsPerRun int `json:"max_rounds_per_run,omitempty"`
	Runs            int `json:"runs"`
	Rounds          int `json:"rounds"` // batch pulls over all runs
}

// WatchedPost is one post under batched monitoring and its progress.
type WatchedPost struct {
	WatchPost
	State MonitorState `json:"state"`
}

// CampaignMonitorStatus answers the campaign monitor's "status" query.
type CampaignMonitorStatus struct {
	Posts  []WatchedPost `json:"posts"`
	Rounds int           `json:"rounds"`
	Runs   int           `json:"runs"`
	NextAt time.Time     `json:"next_at,omitempty"`
}

// campaignMonitorIdle is how long the campaign monitor waits for another
// post once it has none left, before it ends.
const campaignMonitorIdle = 24 * time.Hour

// CampaignMonitorWorkflow pulls the metrics of a campaign's posts in batches:
// every post due within timing.batch_window of the earliest due post is pulled
// in one PullMetricsBatch at the window's end (one timer and one activity for
// all of them; YouTube and TikTok answer up to 50/20 posts a call). Posts
// arrive by the watch-post signal; each collaboration is signalled
// monitoring-done with its post's result. The alerts and the benchmark check
// are the per-post monitor's. It continues as new after MaxRoundsPerRun
// batches or when Temporal suggests it, draining pending signals first.
func CampaignMonitorWorkflow(ctx workflow.Context, in CampaignMonitorInput) error {
	watch := workflow.GetSignalChannel(ctx, SignalWatchPost)
	st := CampaignMonitorStatus{Posts: in.Posts, Rounds: in.Rounds, Runs: in.Runs}
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (CampaignMonitorStatus, error) { return st, nil }); err != nil {
		return err
	}
	sched := in.Brief.Timing.Monitoring
	add := func(w WatchPost) {
		for _, p := range st.Posts {
			if p.Creator.Handle == w.Creator.Handle {
				return // a repeated signal (a retried collaboration task)
			}
		}
		st.Posts = append(st.Posts, WatchedPost{WatchPost: w})
	}
	drain := func() {
		for {
			var w WatchPost
			if !watch.ReceiveAsync(&w) {
				return
			}
			add(w)
		}
	}
	maxRounds := in.MaxRoundsPerRun
	if maxRounds <= 0 {
		maxRounds = DefaultMaxPullsPerRun
	}
	for roundsThisRun := 0; ; {
		drain()
		if roundsThisRun >= maxRounds || roundsThisRun > 0 && workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
				return err
			}
			drain()
			next := in
			next.Posts, next.Rounds, next.Runs = st.Posts, st.Rounds, st.Runs+1
			return workflow.NewContinueAsNewError(ctx, CampaignMonitorWorkflowName, next)
		}
		// The earliest due pull among the posts still watched.
		var earliest time.Time
		for _, p := range st.Posts {
			if p.State.Next < len(sched) && !p.State.PostGone {
				if due := p.PublishedAt.Add(sched[p.State.Next].D()); earliest.IsZero() || due.Before(earliest) {
					earliest = due
				}
			}
		}
		wait, summary := campaignMonitorIdle, "another post to monitor"
		if !earliest.IsZero() {
			st.NextAt = earliest.Add(in.Brief.Timing.BatchWindow.D())
			wait, summary = st.NextAt.Sub(workflow.Now(ctx)), "batched metrics pull at "+st.NextAt.Format(time.RFC3339)
		}
		workflow.SetCurrentDetails(ctx, fmt.Sprintf("**monitoring** %d post(s) — waiting for %s", len(st.Posts), summary))
		if wait > 0 {
			tctx, cancel := workflow.WithCancel(ctx)
			timer := workflow.NewTimerWithOptions(tctx, wait, workflow.TimerOptions{Summary: summary})
			signalled, fired := false, false
			var timerErr error
			sel := workflow.NewSelector(ctx)
			sel.AddReceive(watch, func(ch workflow.ReceiveChannel, _ bool) {
				var w WatchPost
				ch.Receive(ctx, &w)
				add(w)
				signalled = true
			})
			sel.AddFuture(timer, func(f workflow.Future) { timerErr = f.Get(ctx, nil); fired = true })
			sel.Select(ctx)
			if signalled {
				cancel()
				continue // a new post may be due earlier
			}
			if fired && timerErr != nil {
				return timerErr
			}
			if earliest.IsZero() {
				drain()
				if len(st.Posts) == 0 || allDone(st.Posts, len(sched)) {
					return nil // idle: nothing left to watch
				}
				continue
			}
		}
		if err := pullBatch(ctx, in, &st, workflow.Now(ctx)); err != nil {
			return err
		}
		st.Rounds++
		roundsThisRun++
		// Tell collaborations whose monitoring is over, and forget their posts.
		var keep []WatchedPost
		for _, p := range st.Posts {
			if p.State.Next < len(sched) && !p.State.PostGone {
				keep = append(keep, p)
				continue
			}
			if err := workflow.SignalExternalWorkflow(ctx, p.Collaboration, "", SignalMonitoringDone, p.State).Get(ctx, nil); err != nil {
				workflow.GetLogger(ctx).Warn("collaboration not told that monitoring ended", "workflow", p.Collaboration, "error", err)
			}
		}
		st.Posts = keep
	}
}

func allDone(posts []WatchedPost, n int) bool {
	for _, p := range posts {
		if p.State.Next < n && !p.State.PostGone {
			return false
		}
	}
	return true
}

// pullBatch pulls every post due by now in one activity and applies each
// outcome with the per-post monitor's rules.
func pullBatch(ctx workflow.Context, in CampaignMonitorInput, st *CampaignMonitorStatus, now time.Time) error {
	sched := in.Brief.Timing.Monitoring
	var reqs []MetricsPull
	var idx []int
	for k, p := range st.Posts {
		if p.State.Next >= len(sched) || p.State.PostGone {
			continue
		}
		due := p.PublishedAt.Add(sched[p.State.Next].D())
		if due.After(now) {
			continue
		}
		reqs = append(reqs, MetricsPull{CampaignID: in.CampaignID, Creator: p.Creator, PostURL: p.PostURL,
			Pull: p.State.Next, PublishedAt: p.PublishedAt, DueAt: due})
		idx = append(idx, k)
	}
	if len(reqs) == 0 {
		return nil
	}
	actx := workflow.WithActivityOptions(ctx, metricsOptions(fmt.Sprintf("Pull metrics of %d post(s) in one batch", len(reqs))))
	var outs []PullOutcome
	if err := workflow.ExecuteActivity(actx, ActPullMetricsBatch, reqs).Get(ctx, &outs); err != nil {
		return err
	}
	if len(outs) != len(reqs) {
		return fmt.Errorf("PullMetricsBatch answered %d outcomes for %d posts", len(outs), len(reqs))
	}
	for j, k := range idx {
		p := &st.Posts[k]
		m := &monitor{in: MonitorInput{CampaignID: in.CampaignID, Brief: in.Brief, Creator: p.Creator, PostURL: p.PostURL,
			PublishedAt: p.PublishedAt}, st: &p.State}
		var err error
		if o := outs[j]; o.ErrType != "" {
			err = temporal.NewNonRetryableApplicationError(o.Error, o.ErrType, nil)
		}
		if err := m.handle(ctx, reqs[j].Pull, outs[j].Snapshot, err); err != nil {
			return err
		}
		p.State.Next++
	}
	return nil
}

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
