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
	m := &campaignMonitor{in: in, watch: workflow.GetSignalChannel(ctx, SignalWatchPost),
		st: CampaignMonitorStatus{Posts: in.Posts, Rounds: in.Rounds, Runs: in.Runs}}
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (CampaignMonitorStatus, error) { return m.st, nil }); err != nil {
		return err
	}
	maxRounds := in.MaxRoundsPerRun
	if maxRounds <= 0 {
		maxRounds = DefaultMaxPullsPerRun
	}
	for roundsThisRun := 0; ; {
		m.drain()
		if roundsThisRun >= maxRounds || roundsThisRun > 0 && workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			return m.continueAsNew(ctx)
		}
		due, idle, err := m.waitForDue(ctx)
		if err != nil || idle {
			return err
		}
		if !due {
			continue // a new post may be due earlier, or one came in while idle
		}
		if err := pullBatch(ctx, in, &m.st, workflow.Now(ctx)); err != nil {
			return err
		}
		m.st.Rounds++
		roundsThisRun++
		m.release(ctx)
	}
}

// campaignMonitor is one run of CampaignMonitorWorkflow.
type campaignMonitor struct {
	in    CampaignMonitorInput
	watch workflow.ReceiveChannel
	st    CampaignMonitorStatus
}

// add watches w's post, once however often it is signalled (a retried
// collaboration task signals again).
func (m *campaignMonitor) add(w WatchPost) {
	for _, p := range m.st.Posts {
		if p.Creator.Handle == w.Creator.Handle {
			return
		}
	}
	m.st.Posts = append(m.st.Posts, WatchedPost{WatchPost: w})
}

// drain adds every post signalled so far.
func (m *campaignMonitor) drain() {
	for {
		var w WatchPost
		if !m.watch.ReceiveAsync(&w) {
			return
		}
		m.add(w)
	}
}

// continueAsNew hands the posts to a fresh run once handlers are done and
// no signal is pending (one would be lost).
func (m *campaignMonitor) continueAsNew(ctx workflow.Context) error {
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return err
	}
	m.drain()
	next := m.in
	next.Posts, next.Rounds, next.Runs = m.st.Posts, m.st.Rounds, m.st.Runs+1
	return workflow.NewContinueAsNewError(ctx, CampaignMonitorWorkflowName, next)
}

// earliest is the earliest due pull among the posts still watched (zero: none).
func (m *campaignMonitor) earliest() time.Time {
	sched := m.in.Brief.Timing.Monitoring
	var earliest time.Time
	for _, p := range m.st.Posts {
		if p.State.Next < len(sched) && !p.State.PostGone {
			if due := p.PublishedAt.Add(sched[p.State.Next].D()); earliest.IsZero() || due.Before(earliest) {
				earliest = due
			}
		}
	}
	return earliest
}

// waitForDue waits for the end of the next batch window (due), or for
// another post (neither due nor idle), or — with nothing left to watch for
// campaignMonitorIdle — ends the monitor (idle).
func (m *campaignMonitor) waitForDue(ctx workflow.Context) (due, idle bool, err error) {
	earliest := m.earliest()
	wait, summary := campaignMonitorIdle, "another post to monitor"
	if !earliest.IsZero() {
		m.st.NextAt = earliest.Add(m.in.Brief.Timing.BatchWindow.D())
		wait, summary = m.st.NextAt.Sub(workflow.Now(ctx)), "batched metrics pull at "+m.st.NextAt.Format(time.RFC3339)
	}
	workflow.SetCurrentDetails(ctx, fmt.Sprintf("**monitoring** %d post(s) — waiting for %s", len(m.st.Posts), summary))
	if wait <= 0 {
		return true, false, nil
	}
	tctx, cancel := workflow.WithCancel(ctx)
	timer := workflow.NewTimerWithOptions(tctx, wait, workflow.TimerOptions{Summary: summary})
	signalled, fired := false, false
	var timerErr error
	sel := workflow.NewSelector(ctx)
	sel.AddReceive(m.watch, func(ch workflow.ReceiveChannel, _ bool) {
		var w WatchPost
		ch.Receive(ctx, &w)
		m.add(w)
		signalled = true
	})
	sel.AddFuture(timer, func(f workflow.Future) { timerErr = f.Get(ctx, nil); fired = true })
	sel.Select(ctx)
	switch {
	case signalled:
		cancel()
		return false, false, nil
	case fired && timerErr != nil:
		return false, false, timerErr
	case earliest.IsZero():
		m.drain()
		return false, len(m.st.Posts) == 0 || allDone(m.st.Posts, len(m.in.Brief.Timing.Monitoring)), nil
	}
	return true, false, nil
}

// release tells collaborations whose monitoring is over, and forgets their posts.
func (m *campaignMonitor) release(ctx workflow.Context) {
	sched := m.in.Brief.Timing.Monitoring
	var keep []WatchedPost
	for _, p := range m.st.Posts {
		if p.State.Next < len(sched) && !p.State.PostGone {
			keep = append(keep, p)
			continue
		}
		if err := workflow.SignalExternalWorkflow(ctx, p.Collaboration, "", SignalMonitoringDone, p.State).Get(ctx, nil); err != nil {
			workflow.GetLogger(ctx).Warn("collaboration not told that monitoring ended", "workflow", p.Collaboration, "error", err)
		}
	}
	m.st.Posts = keep
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
