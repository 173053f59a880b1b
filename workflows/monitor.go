package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
)

// DefaultMaxPullsPerRun bounds one run of MonitorPostWorkflow: after that
// many pulls (or earlier, when Temporal suggests it) the workflow continues
// as new with its state, so a post watched for months keeps a short history.
const DefaultMaxPullsPerRun = 25

// MonitorInput starts (or continues) the monitoring of one published post.
type MonitorInput struct {
	CampaignID  string           `json:"campaign_id"`
	Brief       campaign.Brief   `json:"brief"` // as fixed at launch: schedule and benchmark
	Creator     campaign.Creator `json:"creator"`
	PostURL     string           `json:"post_url"`
	PublishedAt time.Time        `json:"published_at"`
	// MaxPullsPerRun overrides DefaultMaxPullsPerRun (tests use a small one).
	MaxPullsPerRun int          `json:"max_pulls_per_run,omitempty"`
	State          MonitorState `json:"state"`
}

// MonitorState is what a run hands to the next one on Continue-As-New.
type MonitorState struct {
	Next     int                `json:"next"` // index into the brief's monitoring schedule
	Pulls    int                `json:"pulls"`
	Missed   []string           `json:"missed,omitempty"` // why a pull gave no figures
	Alerts   []string           `json:"alerts,omitempty"` // alert kinds sent (each at most once)
	PostGone bool               `json:"post_gone,omitempty"`
	Checked  bool               `json:"checked,omitempty"` // compared with the benchmark already
	Last     *campaign.Snapshot `json:"last,omitempty"`
	Runs     int                `json:"runs"` // runs before this one
}

// MonitorResult is what the collaboration gets back after the last pull.
type MonitorResult = MonitorState

// MonitorStatus answers the monitor's "status" query.
type MonitorStatus struct {
	MonitorState
	Scheduled  int       `json:"scheduled"`
	NextPullAt time.Time `json:"next_pull_at,omitempty"`
	WaitingFor string    `json:"waiting_for"`
}

type monitor struct {
	in     MonitorInput
	st     *MonitorState
	status MonitorStatus
}

// MonitorPostWorkflow pulls a post's metrics on the brief's schedule, counted
// from publication; alerts ops once when the post under-performs against the
// benchmark fixed at launch, when it is deleted, or when the creator's token
// stops working; and continues as new to keep its history bounded.
func MonitorPostWorkflow(ctx workflow.Context, in MonitorInput) (MonitorResult, error) {
	m := &monitor{in: in, st: &in.State}
	sched := in.Brief.Timing.Monitoring
	m.status.Scheduled = len(sched)
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (MonitorStatus, error) {
		m.status.MonitorState = *m.st
		return m.status, nil
	}); err != nil {
		return *m.st, err
	}
	maxRun := in.MaxPullsPerRun
	if maxRun <= 0 {
		maxRun = DefaultMaxPullsPerRun
	}
	for pulledThisRun := 0; m.st.Next < len(sched) && !m.st.PostGone; pulledThisRun++ {
		// A fresh run always makes progress first, so a suggestion can never loop.
		if pulledThisRun >= maxRun || pulledThisRun > 0 && workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			return m.continueAsNew(ctx)
		}
		i := m.st.Next
		off := sched[i]
		dueAt := in.PublishedAt.Add(off.D())
		m.status.NextPullAt = dueAt
		m.status.WaitingFor = fmt.Sprintf("metrics pull %d of %d at +%s", i+1, len(sched), off)
		workflow.SetCurrentDetails(ctx, fmt.Sprintf("**monitoring** @%s — waiting for %s (%s)", in.Creator.Handle, m.status.WaitingFor, dueAt.Format(time.RFC3339)))
		if wait := dueAt.Sub(workflow.Now(ctx)); wait > 0 {
			timer := workflow.NewTimerWithOptions(ctx, wait, workflow.TimerOptions{
				Summary: fmt.Sprintf("metrics pull %d of %d (+%s)", i+1, len(sched), off)})
			if err := timer.Get(ctx, nil); err != nil {
				return *m.st, err
			}
		}
		if err := m.pull(ctx, i, dueAt); err != nil {
			return *m.st, err
		}
		m.st.Next++
	}
	m.status.WaitingFor = "nothing: monitoring is over"
	return *m.st, nil
}

func (m *monitor) pull(ctx workflow.Context, i int, dueAt time.Time) error {
	in, sched := m.in, m.in.Brief.Timing.Monitoring
	req := MetricsPull{CampaignID: in.CampaignID, Creator: in.Creator, PostURL: in.PostURL,
		Pull: i, PublishedAt: in.PublishedAt, DueAt: dueAt}
	summary := fmt.Sprintf("Pull metrics %d/%d for %s", i+1, len(sched), in.Creator.Handle)
	var snap campaign.Snapshot
	var err error
	for { // a local activity needs a ScheduleToClose: after it, go on trying as an activity would
		err = workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, metricsLocalOptions(summary)), ActPullMetrics, req).Get(ctx, &snap)
		if !temporal.IsTimeoutError(err) || ctx.Err() != nil {
			break
		}
	}
	return m.handle(ctx, i, snap, err)
}

// handle records a pull's outcome: figures are checked against the
// benchmark; a failure that retrying could not fix is alerted once.
func (m *monitor) handle(ctx workflow.Context, i int, snap campaign.Snapshot, err error) error {
	in, sched := m.in, m.in.Brief.Timing.Monitoring
	var ae *temporal.ApplicationError
	switch {
	case err == nil:
		m.st.Pulls++
		m.st.Last = &snap
		return m.checkPerformance(ctx, i, snap)
	case !errors.As(err, &ae):
		return err
	}
	m.st.Missed = append(m.st.Missed, fmt.Sprintf("pull %d (+%s): %s", i+1, sched[i], ae.Error()))
	switch ae.Type() {
	case ErrPostGone:
		m.st.PostGone = true
		return m.alert(ctx, AlertPostGone, fmt.Sprintf(":warning: The post of @%s (%s, campaign %s) is gone: deleted or made private. "+
			"Monitoring stopped after %d pull(s). Check with the creator.\n> %s", in.Creator.Handle, in.PostURL, in.CampaignID, m.st.Pulls, ae.Error()))
	case ErrTokenRevoked, ErrTokenMissing:
		return m.alert(ctx, AlertReconnect, fmt.Sprintf(":electric_plug: Metrics of @%s (%s, campaign %s) cannot be read: ask the creator to reconnect their %s account, "+
			"or record figures with `starter metrics add %s %s --views N --likes N`. Later pulls will try again.\n> %s",
			in.Creator.Handle, in.PostURL, in.CampaignID, in.Creator.Platform, in.CampaignID, in.Creator.Handle, ae.Error()))
	case ErrInvalidURL, ErrMisconfigured:
		return m.alert(ctx, "metrics_failed", fmt.Sprintf(":x: Metrics of @%s (campaign %s) cannot be read: %s", in.Creator.Handle, in.CampaignID, ae.Error()))
	}
	return err
}

// checkPerformance compares the first pull with figures at or after the
// check age with the benchmark fixed at launch, once.
func (m *monitor) checkPerformance(ctx workflow.Context, i int, s campaign.Snapshot) error {
	k, sched := m.in.Brief.KPIs, m.in.Brief.Timing.Monitoring
	floor, ok := k.UnderperformanceFloor()
	if !ok || sched[i].D() < k.UnderperformanceAt() || m.st.Checked {
		return nil
	}
	m.st.Checked = true
	followers := m.in.Creator.Followers
	if followers <= 0 {
		return nil
	}
	rate := float64(s.Engagements()) / float64(followers)
	if rate >= floor {
		return nil
	}
	return m.alert(ctx, AlertUnderPerformance, fmt.Sprintf(":chart_with_downwards_trend: @%s's post (%s, campaign %s) is under-performing at +%s: "+
		"engagement rate %.2f%% (%d engagements / %d followers; %d views), below %.2f%% — %.0f%% of the %.2f%% benchmark fixed at launch.%s",
		m.in.Creator.Handle, m.in.PostURL, m.in.CampaignID, sched[i], rate*100, s.Engagements(), followers, s.Views,
		floor*100, floor / *k.EngagementRate * 100, *k.EngagementRate*100, sourceNote(s.Source)))
}

func sourceNote(src string) string {
	if src == "api" {
		return ""
	}
	return " (figures: " + src + ")"
}

func (m *monitor) alerted(kind string) bool {
	for _, a := range m.st.Alerts {
		if a == kind {
			return true
		}
	}
	return false
}

func (m *monitor) alert(ctx workflow.Context, kind, text string) error {
	if m.alerted(kind) {
		return nil
	}
	m.st.Alerts = append(m.st.Alerts, kind)
	workflow.GetLogger(ctx).Warn("alerting ops", "kind", kind, "creator", m.in.Creator.Handle)
	return sendAlert(ctx, Alert{Key: MonitorPostWorkflowID(m.in.CampaignID, m.in.Creator.Handle) + "/" + kind,
		CampaignID: m.in.CampaignID, Handle: m.in.Creator.Handle, Kind: kind, Text: text})
}

func sendAlert(ctx workflow.Context, a Alert) error {
	actx := workflow.WithActivityOptions(ctx, slackOptions("Alert ops: "+a.Kind+" for "+a.Handle))
	return workflow.ExecuteActivity(actx, ActAlertOps, a).Get(ctx, nil)
}

// continueAsNew hands the state to a fresh run once every update and query
// handler is done. The monitor takes no signals, so none can be lost.
func (m *monitor) continueAsNew(ctx workflow.Context) (MonitorResult, error) {
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return *m.st, err
	}
	next := m.in
	next.State = *m.st
	next.State.Runs++
	workflow.GetLogger(ctx).Info("monitoring continues as new", "next_pull", next.State.Next, "runs", next.State.Runs)
	return MonitorResult{}, workflow.NewContinueAsNewError(ctx, MonitorPostWorkflowName, next)
}

// UsageRightsInput starts the usage-rights timers of a published post.
type UsageRightsInput struct {
	CampaignID  string           `json:"campaign_id"`
	Brand       string           `json:"brand"`
	Creator     campaign.Creator `json:"creator"`
	PostURL     string           `json:"post_url"`
	PublishedAt time.Time        `json:"published_at"`
	Rights      time.Duration    `json:"rights"`
	Lead        time.Duration    `json:"lead"`
	Terms       string           `json:"terms,omitempty"` // the offer's usage_rights text
}

// UsageRightsWorkflowID is the readable ID of a post's usage-rights timers.
func UsageRightsWorkflowID(campaignID, handle string) string {
	return CollaborationWorkflowID(campaignID, handle) + "/usage-rights"
}

// UsageRightsWorkflowName is the registered name of UsageRightsWorkflow.
const UsageRightsWorkflowName = "UsageRightsWorkflow"

// UsageRightsWorkflow reminds ops before the brand's right to use a post ends
// and tells them when it has ended. It outlives the campaign on purpose
// (started with ParentClosePolicy abandon): the rights run out whether the
// campaign is over or not.
func UsageRightsWorkflow(ctx workflow.Context, in UsageRightsInput) error {
	end := in.PublishedAt.Add(in.Rights)
	steps := []struct {
		at         time.Time
		kind, text string
	}{
		{end.Add(-in.Lead), "usage_rights_reminder", fmt.Sprintf(":hourglass: Usage rights for @%s's post (%s, campaign %s) end on %s (in %s). "+
			"Extend them with the creator, or plan to stop using the content by then.%s",
			in.Creator.Handle, in.PostURL, in.CampaignID, end.Format("2006-01-02 15:04 MST"), campaign.Duration(in.Lead), terms(in.Terms))},
		{end, "usage_rights_expired", fmt.Sprintf(":no_entry: Usage rights for @%s's post (%s, campaign %s) ended on %s: "+
			"%s must stop using the content now (ads, reposts, site).%s",
			in.Creator.Handle, in.PostURL, in.CampaignID, end.Format("2006-01-02 15:04 MST"), in.Brand, terms(in.Terms))},
	}
	for _, s := range steps {
		if in.Lead <= 0 && s.kind == "usage_rights_reminder" {
			continue
		}
		workflow.SetCurrentDetails(ctx, "waiting until "+s.at.Format(time.RFC3339)+" for the "+s.kind+" notice")
		if wait := s.at.Sub(workflow.Now(ctx)); wait > 0 {
			if err := workflow.NewTimerWithOptions(ctx, wait, workflow.TimerOptions{Summary: s.kind}).Get(ctx, nil); err != nil {
				return err
			}
		}
		if err := sendAlert(ctx, Alert{Key: UsageRightsWorkflowID(in.CampaignID, in.Creator.Handle) + "/" + s.kind,
			CampaignID: in.CampaignID, Handle: in.Creator.Handle, Kind: AlertUsageRights, Text: s.text}); err != nil {
			return err
		}
	}
	return nil
}

func terms(t string) string {
	if t == "" {
		return ""
	}
	return " Terms: " + t + "."
}
