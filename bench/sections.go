package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/reply"
	"github.com/creatorflow/creatorflow/workflows"
)

const approver = "ops@bench.test"

func secs(d ...time.Duration) []campaign.Duration {
	out := make([]campaign.Duration, len(d))
	for i, x := range d {
		out[i] = campaign.Duration(x)
	}
	return out
}

// brief is a valid brief for n creators with the given waits.
func brief(id string, n int, replyWindow time.Duration, monitoring []campaign.Duration) campaign.Brief {
	fee := campaign.Money{Amount: 10000, Currency: "USD"}
	return campaign.Brief{
		ID: id, Name: "Bench " + id, Brand: "Bench", Platforms: []string{"instagram"}, Tiers: []campaign.Tier{campaign.Micro},
		CreatorsWanted: n, Budget: campaign.Money{Amount: fee.Amount * int64(n), Currency: "USD"},
		Offer: campaign.Offer{Fee: fee, Deliverables: []string{"1 reel"}, Disclosure: "#ad", UsageRights: "90 days organic"},
		Timing: campaign.Timing{FollowUps: secs(), ReplyWindow: campaign.Duration(replyWindow),
			DraftDue: campaign.Duration(24 * time.Hour), PublishDue: campaign.Duration(24 * time.Hour),
			Grace: campaign.Duration(24 * time.Hour), Monitoring: monitoring},
		Approvers: []string{approver}, MaxRevisions: 2,
	}
}

func creator(i int) campaign.Creator {
	h := fmt.Sprintf("c%05d", i)
	return campaign.Creator{Platform: "instagram", Handle: h, Name: "Creator " + h, Email: h + "@creators.test",
		Followers: int64(90_000 - i%50_000)}
}

var sixPulls = secs(time.Second, 2*time.Second, 3*time.Second, 4*time.Second, 5*time.Second, 6*time.Second)

func creatorSays(text string) campaign.Reply { return reply.Classify(text) }

// parallel runs fn(i) for i in [0,n) with at most k in flight; the first error wins.
func parallel(ctx context.Context, n, k int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		next  atomic.Int64
		once  sync.Once
		first error
	)
	for w := 0; w < min(k, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := fn(ctx, i); err != nil {
					once.Do(func() { first = err; cancel() })
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// saveCampaign stores the campaign row that standalone collaborations record against.
func (b *bench) saveCampaign(ctx context.Context, br campaign.Brief) error {
	store, err := postgres.Open(ctx, b.st.pg.DSN)
	if err != nil {
		return err
	}
	defer store.Close()
	return store.SaveCampaign(ctx, br)
}

func (b *bench) startCollab(ctx context.Context, campaignID string, br campaign.Brief, cr campaign.Creator, accept bool) error {
	id := workflows.CollaborationWorkflowID(campaignID, cr.Handle)
	opts := client.StartWorkflowOptions{ID: id, TaskQueue: workflows.TaskQueue,
		TypedSearchAttributes: collabSearchAttributes(campaignID, cr.Handle)}
	in := workflows.CollaborationInput{CampaignID: campaignID, Brief: br, Creator: cr}
	var err error
	if accept {
		_, err = b.tc.SignalWithStartWorkflow(ctx, id, workflows.SignalCreatorMessage, creatorSays("Yes, count me in!"), opts,
			workflows.CollaborationWorkflowName, in)
	} else {
		err = b.startRetrying(ctx, opts, workflows.CollaborationWorkflowName, in)
	}
	return err
}

// happyPath drives one started collaboration from the creator's yes to the
// last pull: accept and draft at once, approve once the request is in Slack,
// then the live link.
func (b *bench) happyPath(ctx context.Context, campaignID, handle string) error {
	id := workflows.CollaborationWorkflowID(campaignID, handle)
	if err := b.st.smtp.waitFor(ctx, "outreach."+handle+"."+campaignID, 1, 3*time.Minute); err != nil {
		return err
	}
	for _, text := range []string{"Yes, count me in!", "Draft: https://drive.example/" + handle} {
		if err := b.tc.SignalWorkflow(ctx, id, "", workflows.SignalCreatorMessage, creatorSays(text)); err != nil {
			return err
		}
	}
	if _, err := b.waitRequest(ctx, id); err != nil {
		return err
	}
	if _, err := b.approve(ctx, id); err != nil {
		return err
	}
	if err := b.st.smtp.waitFor(ctx, "go-ahead."+handle+"."+campaignID, 1, 3*time.Minute); err != nil {
		return err
	}
	return b.tc.SignalWorkflow(ctx, id, "", workflows.SignalCreatorMessage, creatorSays("Live: https://www.instagram.com/p/Cb"+strings.NewReplacer(".", "_").Replace(handle)+"001/"))
}

func (b *bench) waitRequest(ctx context.Context, workflowID string) (string, error) {
	deadline := time.Now().Add(3 * time.Minute)
	for {
		if ts, ok := b.st.slack.requestTS(workflowID); ok {
			return ts, nil
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("no approval request for %s in Slack after 3m", workflowID)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// approve sends the approval the way Slack's handler and the CLI do.
func (b *bench) approve(ctx context.Context, workflowID string) (workflows.DecisionResult, error) {
	var res workflows.DecisionResult
	h, err := b.tc.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: workflowID, UpdateName: workflows.UpdateDecide,
		WaitForStage: client.WorkflowUpdateStageCompleted,
		Args:         []any{workflows.Decision{Verdict: workflows.VerdictApprove, By: approver}}})
	if err != nil {
		return res, err
	}
	return res, h.Get(ctx, &res)
}

func (b *bench) wait(ctx context.Context, workflowID string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return b.tc.GetWorkflow(ctx, workflowID, "").Get(ctx, nil)
}

func kinds(c cost) string {
	keys := make([]string, 0, len(c.ByKind))
	for k := range c.ByKind {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ""
	for _, k := range keys {
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("%s %d", k, c.ByKind[k])
	}
	return s
}

// costCollaboration: one collaboration alone, happy path with six pulls.
func (b *bench) costCollaboration(ctx context.Context) error {
	br := brief("cost-single", b.cfg.collabs, time.Hour, sixPulls)
	if err := b.saveCampaign(ctx, br); err != nil {
		return err
	}
	var total cost
	for i := 0; i < b.cfg.collabs; i++ {
		cr := creator(i)
		if err := b.startCollab(ctx, br.ID, br, cr, false); err != nil {
			return err
		}
		if err := b.happyPath(ctx, br.ID, cr.Handle); err != nil {
			return err
		}
		id := workflows.CollaborationWorkflowID(br.ID, cr.Handle)
		if err := b.wait(ctx, id, 2*time.Minute); err != nil {
			return err
		}
		c, parts, err := b.creatorCost(ctx, br.ID, cr.Handle)
		if err != nil {
			return err
		}
		progress("  collaboration %s: %d events, %d actions (%s); %s", cr.Handle, c.Events, c.Actions, kinds(c), parts)
		total.add(c)
	}
	n := b.cfg.collabs
	b.add("cost", "history events per collaboration", fmt.Sprintf("%.0f", float64(total.Events)/float64(n)), "happy path, six pulls; the collaboration and its monitor workflow; target ≤ 150")
	per := cost{Events: total.Events / n, Actions: total.Actions / n, ByKind: map[string]int{}}
	for k, v := range total.ByKind {
		per.ByKind[k] = v / n
	}
	b.add("cost", "billable actions per collaboration", fmt.Sprintf("%.0f", float64(total.Actions)/float64(n)), "target ≤ 40; "+kinds(per))
	return nil
}

// seedRoster makes sure creators 0..n-1 are in the roster.
func (b *bench) seedRoster(ctx context.Context, n int) error {
	store, err := postgres.Open(ctx, b.st.pg.DSN)
	if err != nil {
		return err
	}
	defer store.Close()
	cs := make([]campaign.Creator, n)
	for i := range cs {
		cs[i] = creator(i)
	}
	_, _, err = store.UpsertCreators(ctx, cs)
	return err
}

// campaignCost sums the histories of a campaign, its cohorts (if any) and its collaborations.
func (b *bench) campaignCost(ctx context.Context, id string) (parent, children cost, err error) {
	parent, err = historyCost(ctx, b.tc, workflows.CampaignWorkflowID(id), "")
	if err != nil {
		return
	}
	children = cost{ByKind: map[string]int{}}
	var token []byte
	for {
		resp, lerr := b.tc.ListWorkflow(ctx, &listRequest{Query: fmt.Sprintf("CampaignId = %q", id), NextPageToken: token})
		if lerr != nil {
			return parent, children, lerr
		}
		for _, e := range resp.Executions {
			if e.Execution.WorkflowId == workflows.CampaignWorkflowID(id) {
				continue
			}
			c, herr := historyCost(ctx, b.tc, e.Execution.WorkflowId, e.Execution.RunId)
			if herr != nil {
				return parent, children, herr
			}
			children.add(c)
		}
		if token = resp.NextPageToken; len(token) == 0 {
			return
		}
	}
}

func (b *bench) costCampaign(ctx context.Context) error {
	n := b.cfg.campaign
	if err := b.seedRoster(ctx, n); err != nil {
		return err
	}
	br := brief("cost-campaign", n, time.Hour, sixPulls)
	start := time.Now()
	if _, err := b.tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.CampaignWorkflowID(br.ID), TaskQueue: workflows.TaskQueue},
		workflows.CampaignWorkflowName, workflows.CampaignInput{Brief: br}); err != nil {
		return err
	}
	progress("  campaign of %d started; driving every creator through the happy path", n)
	var done atomic.Int64
	err := parallel(ctx, n, b.cfg.concurrency, func(ctx context.Context, i int) error {
		if err := b.happyPath(ctx, br.ID, creator(i).Handle); err != nil {
			return err
		}
		if d := done.Add(1); d%25 == 0 {
			progress("  %d/%d creators driven", d, n)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := b.wait(ctx, workflows.CampaignWorkflowID(br.ID), 10*time.Minute); err != nil {
		return err
	}
	elapsed := time.Since(start)
	parent, children, err := b.campaignCost(ctx, br.ID)
	if err != nil {
		return err
	}
	all := cost{}
	all.add(parent)
	all.add(children)
	b.add("cost", fmt.Sprintf("history events per campaign of %d", n), fmt.Sprint(all.Events), fmt.Sprintf("parent %d + children %d", parent.Events, children.Events))
	b.add("cost", fmt.Sprintf("billable actions per campaign of %d", n), fmt.Sprint(all.Actions), fmt.Sprintf("parent %d (%s) + children %d (%s); ran %s", parent.Actions, kinds(parent), children.Actions, kinds(children), elapsed.Round(time.Second)))
	return nil
}

// largeCampaign: a campaign whose creators never answer, to see the parent's history.
func (b *bench) largeCampaign(ctx context.Context) error {
	n := b.cfg.largeCampaign
	if n == 0 {
		return nil
	}
	if err := b.seedRoster(ctx, n); err != nil {
		return err
	}
	br := brief("large-campaign", n, 5*time.Second, sixPulls)
	start := time.Now()
	if _, err := b.tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.CampaignWorkflowID(br.ID), TaskQueue: workflows.TaskQueue},
		workflows.CampaignWorkflowName, workflows.CampaignInput{Brief: br}); err != nil {
		return err
	}
	progress("  campaign of %d started; no creator answers (reply window 5s)", n)
	outreach := func() int { return len(b.st.smtp.arrivals("outreach.", ".large-campaign")) }
	stopTick := b.tick(ctx, "large campaign outreach emails", outreach, n)
	err := b.waitWatching(ctx, workflows.CampaignWorkflowID(br.ID), 60*time.Minute, "large campaign outreach emails", outreach, n)
	stopTick()
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	parent, children, err := b.campaignCost(ctx, br.ID)
	if err != nil {
		return err
	}
	b.add("large campaign", fmt.Sprintf("parent history events, %d creators", n), fmt.Sprint(parent.Events),
		fmt.Sprintf("target < 10,000 at 5,000 creators; %s; largest activity result %.0f KB (shortlist or report; the limit is 2 MB)", kinds(parent), float64(parent.LargestResult)/1024))
	b.add("large campaign", fmt.Sprintf("all events / actions, %d creators", n), fmt.Sprintf("%d / %d", parent.Events+children.Events, parent.Actions+children.Actions),
		fmt.Sprintf("everyone unresponsive; ran %s", elapsed.Round(time.Second)))
	return nil
}

// tick prints how far a count has got every 5 seconds until stopped.
func (b *bench) tick(ctx context.Context, what string, count func() int, of int) func() {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(5 * time.Second):
				progress("  %s: %d/%d", what, count(), of)
			}
		}
	}()
	return cancel
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// latencies: the approval click (Update, then the Slack rewrite) and the reply signal.
func (b *bench) latencies(ctx context.Context) error {
	n := b.cfg.latency
	br := brief("latency", n, time.Hour, sixPulls)
	if err := b.saveCampaign(ctx, br); err != nil {
		return err
	}
	// Click: n collaborations waiting on a decision.
	err := parallel(ctx, n, b.cfg.concurrency, func(ctx context.Context, i int) error {
		cr := creator(i)
		if err := b.startCollab(ctx, br.ID, br, cr, false); err != nil {
			return err
		}
		id := workflows.CollaborationWorkflowID(br.ID, cr.Handle)
		for _, text := range []string{"Yes!", "Draft: https://drive.example/" + cr.Handle} {
			if err := b.tc.SignalWorkflow(ctx, id, "", workflows.SignalCreatorMessage, creatorSays(text)); err != nil {
				return err
			}
		}
		_, err := b.waitRequest(ctx, id)
		return err
	})
	if err != nil {
		return err
	}
	progress("  %d collaborations wait for a decision; clicking one at a time", n)
	var update, rewrite []time.Duration
	for i := 0; i < n; i++ {
		id := workflows.CollaborationWorkflowID(br.ID, creator(i).Handle)
		ts, _ := b.st.slack.requestTS(id)
		t0 := time.Now()
		if _, err := b.approve(ctx, id); err != nil {
			return err
		}
		update = append(update, time.Since(t0))
		for {
			if at, ok := b.st.slack.rewrittenAt(ts); ok {
				rewrite = append(rewrite, at.Sub(t0))
				break
			}
			if time.Since(t0) > time.Minute {
				return fmt.Errorf("approval message of %s not rewritten within a minute", id)
			}
			time.Sleep(200 * time.Microsecond)
		}
	}
	b.add("latency", "approval Update completed p50 / p99", ms(pct(update, 50))+" / "+ms(pct(update, 99)), fmt.Sprintf("%d clicks, UpdateWorkflow WaitForStage completed", n))
	b.add("latency", "click to Slack message rewritten p50 / p99", ms(pct(rewrite, 50))+" / "+ms(pct(rewrite, 99)), "target p99 < 300 ms; UpdateApprovalMessage against slacktest")

	// Signal: n collaborations waiting for the creator's reply.
	br = brief("signal", n, time.Hour, sixPulls)
	if err := b.saveCampaign(ctx, br); err != nil {
		return err
	}
	err = parallel(ctx, n, b.cfg.concurrency, func(ctx context.Context, i int) error {
		return b.startCollab(ctx, br.ID, br, creator(i), false)
	})
	if err != nil {
		return err
	}
	if err := b.st.smtp.waitFor(ctx, "outreach.", 0, time.Second); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := b.st.smtp.waitFor(ctx, "outreach."+creator(i).Handle+".signal", 1, 2*time.Minute); err != nil {
			return err
		}
	}
	time.Sleep(time.Second) // let the outreach activities complete and the workflows wait
	progress("  %d collaborations wait for a reply; replying one at a time", n)
	var signal, terms []time.Duration
	for i := 0; i < n; i++ {
		h := creator(i).Handle
		id := workflows.CollaborationWorkflowID(br.ID, h)
		t0 := time.Now()
		if err := b.tc.SignalWorkflow(ctx, id, "", workflows.SignalCreatorMessage, creatorSays("Yes, count me in!")); err != nil {
			return err
		}
		if err := b.st.smtp.waitFor(ctx, "terms."+h+".signal", 1, time.Minute); err != nil {
			return err
		}
		terms = append(terms, b.st.smtp.arrivals("terms."+h+".", "signal")[0].Sub(t0))
		at, err := signalHandled(ctx, b.tc, id)
		if err != nil {
			return err
		}
		signal = append(signal, at.Sub(t0))
	}
	b.add("latency", "reply signal to workflow acted p50 / p99", ms(pct(signal, 50))+" / "+ms(pct(signal, 99)),
		"signal sent → the workflow task that handled it completed (stand-in for inbound email)")
	b.add("latency", "reply signal to terms email received p50 / p99", ms(pct(terms, 50))+" / "+ms(pct(terms, 99)), "includes the record and send activities")
	return nil
}

// signalHandled finds when the workflow task that handled the first signal completed.
func signalHandled(ctx context.Context, tc client.Client, id string) (time.Time, error) {
	it := tc.GetWorkflowHistory(ctx, id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	signalled := false
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			return time.Time{}, err
		}
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
			signalled = true
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			if signalled {
				return ev.GetEventTime().AsTime(), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%s: no workflow task completed after the signal", id)
}

// EmptyWorkflow is the ceiling: a workflow that does nothing.
func EmptyWorkflow(ctx workflow.Context) error { return nil }

const emptyQueue = "bench-empty"

func (b *bench) throughput(ctx context.Context) error {
	n := b.cfg.throughput
	// Ceiling first: an empty workflow, start to completion, on its own worker in this process.
	w := worker.New(b.tc, emptyQueue, worker.Options{})
	w.RegisterWorkflowWithOptions(EmptyWorkflow, workflow.RegisterOptions{Name: "EmptyWorkflow"})
	if err := w.Start(); err != nil {
		return err
	}
	t0 := time.Now()
	err := parallel(ctx, n, b.cfg.concurrency, func(ctx context.Context, i int) error {
		run, err := b.tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("bench/empty/%d", i), TaskQueue: emptyQueue}, "EmptyWorkflow")
		if err != nil {
			return err
		}
		return run.Get(ctx, nil)
	})
	ceilingTime := time.Since(t0)
	w.Stop()
	if err != nil {
		return err
	}
	ceiling := float64(n) / ceilingTime.Seconds()
	progress("  ceiling: %d empty workflows in %s", n, ceilingTime.Round(time.Millisecond))

	br := brief("throughput", n, time.Hour, sixPulls)
	if err := b.saveCampaign(ctx, br); err != nil {
		return err
	}
	cpu0, _ := b.st.worker.stats()
	t0 = time.Now()
	err = parallel(ctx, n, b.cfg.concurrency, func(ctx context.Context, i int) error {
		return b.startCollab(ctx, br.ID, br, creator(i), true)
	})
	if err != nil {
		return err
	}
	stopTick := b.tick(ctx, "agreements (terms emails)", func() int { return len(b.st.smtp.arrivals("terms.", ".throughput")) }, n)
	err = b.st.smtp.waitFor(ctx, "terms.", n+b.termsBefore(), 10*time.Minute)
	stopTick()
	if err != nil {
		return err
	}
	var last time.Time
	for _, t := range b.st.smtp.arrivals("terms.", ".throughput") {
		if t.After(last) {
			last = t
		}
	}
	elapsed := last.Sub(t0)
	cpu1, _ := b.st.worker.stats()
	rate := float64(n) / elapsed.Seconds()
	b.add("throughput", "empty workflow start→completion", fmt.Sprintf("%.0f /s", ceiling), fmt.Sprintf("%d workflows, %d in flight", n, b.cfg.concurrency))
	b.add("throughput", "collaboration start→agreement", fmt.Sprintf("%.0f /s", rate), fmt.Sprintf("%d collaborations, creator accepts at once (SignalWithStart); agreement = terms email received; worker CPU %.1fs", n, (cpu1.CPU-cpu0.CPU).Seconds()))
	b.add("throughput", "ratio to the ceiling", fmt.Sprintf("%.2f", rate/ceiling), "target ≥ 0.5")
	return nil
}

// termsBefore counts terms emails from earlier sections (the sink counts by prefix).
func (b *bench) termsBefore() int {
	return len(b.st.smtp.arrivals("terms.", "")) - len(b.st.smtp.arrivals("terms.", ".throughput"))
}

func (b *bench) storage(ctx context.Context) error {
	store, err := postgres.Open(ctx, b.st.pg.DSN)
	if err != nil {
		return err
	}
	defer store.Close()
	n := b.cfg.snapshots
	snap := func(campaignID string, i int) campaign.Snapshot {
		return campaign.Snapshot{CampaignID: campaignID, Handle: fmt.Sprintf("c%05d", i/6), Pull: i % 6, Platform: "instagram",
			PostURL: "https://www.instagram.com/p/x", TakenAt: time.Now().UTC(), Views: int64(i), Likes: 1, Comments: 1, Shares: 1, Saves: 1, Source: "simulated"}
	}
	t0 := time.Now()
	for i := 0; i < n; i++ {
		if err := store.SaveSnapshot(ctx, snap("storage-single", i)); err != nil {
			return err
		}
	}
	single := time.Since(t0)
	b.add("storage", "snapshot rows/s, one INSERT each", fmt.Sprintf("%.0f", float64(n)/single.Seconds()), fmt.Sprintf("%d rows, sequential, as the PullMetrics activity does", n))
	t0 = time.Now()
	for i := 0; i < n; i += b.cfg.batch {
		batch := make([]campaign.Snapshot, 0, b.cfg.batch)
		for j := i; j < min(n, i+b.cfg.batch); j++ {
			batch = append(batch, snap("storage-copy", j))
		}
		if _, err := store.SaveSnapshots(ctx, batch); err != nil {
			return err
		}
	}
	copyTime := time.Since(t0)
	b.add("storage", "snapshot rows/s, CopyFrom batches", fmt.Sprintf("%.0f", float64(n)/copyTime.Seconds()), fmt.Sprintf("%d rows in batches of %d (COPY into a temporary table, then INSERT … ON CONFLICT DO NOTHING)", n, b.cfg.batch))
	return nil
}

// scale restarts the worker and holds open collaborations waiting on timers.
func (b *bench) scale(ctx context.Context) error {
	if len(b.cfg.scale) == 0 {
		return nil
	}
	if err := b.st.startWorker(b.cfg.worker, b.cfg.workerEnv); err != nil {
		return err
	}
	idle, err := b.st.worker.stats()
	if err != nil {
		return err
	}
	b.add("scale", "worker RSS, idle after restart", mb(idle.RSS), "")
	br := brief("scale", b.cfg.scale[len(b.cfg.scale)-1], 30*24*time.Hour, sixPulls)
	if err := b.saveCampaign(ctx, br); err != nil {
		return err
	}
	have := 0
	for _, target := range b.cfg.scale {
		cpu0, _ := b.st.worker.stats()
		t0 := time.Now()
		from := have
		err := parallel(ctx, target-from, b.cfg.concurrency, func(ctx context.Context, i int) error {
			err := b.startCollab(ctx, br.ID, br, creator(from+i), false)
			if err != nil && errors.Is(ctx.Err(), context.Canceled) {
				return ctx.Err()
			}
			return err
		})
		if err != nil {
			return err
		}
		started := time.Since(t0)
		progress("  %d started in %s; waiting for every outreach email", target, started.Round(time.Millisecond))
		stopTick := b.tick(ctx, "scale outreach emails", func() int { return len(b.st.smtp.arrivals("outreach.", ".scale")) }, target)
		err = b.waitArrivals(ctx, "outreach.", ".scale", target, 60*time.Minute)
		stopTick()
		if err != nil {
			return err
		}
		waiting := time.Since(t0)
		cpu1, _ := b.st.worker.stats()
		time.Sleep(5 * time.Second)
		s0, _ := b.st.worker.stats()
		time.Sleep(10 * time.Second)
		s1, _ := b.st.worker.stats()
		have = target
		b.add("scale", fmt.Sprintf("time to start %d (client calls)", target-from), started.Round(time.Millisecond).String(),
			fmt.Sprintf("%.0f starts/s; all outreach sent and waiting after %s; worker CPU %.1fs for it", float64(target-from)/started.Seconds(), waiting.Round(time.Second), (cpu1.CPU-cpu0.CPU).Seconds()))
		b.add("scale", fmt.Sprintf("worker RSS with %d open", target), mb(s1.RSS), "target < 500 MB at 10,000; waiting on 30-day reply timers")
		b.add("scale", fmt.Sprintf("worker CPU idle with %d open", target), fmt.Sprintf("%.1f %%", 100*(s1.CPU-s0.CPU).Seconds()/10), "of one core, over 10 s")
	}
	return nil
}

func (b *bench) waitArrivals(ctx context.Context, prefix, suffix string, n int, timeout time.Duration) error {
	return b.waitProgress(ctx, fmt.Sprintf("%s*%s emails", prefix, suffix),
		func() int { return len(b.st.smtp.arrivals(prefix, suffix)) }, n, timeout)
}

func mb(b uint64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }
