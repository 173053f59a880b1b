//go:build faults

package faults

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/workflows"
)

// TestFaults runs every fault on one stack, one campaign per fault, in turn
// (each fault would disturb the others), and logs how long each took.
func TestFaults(t *testing.T) {
	s := newStack(t)
	s.startWorker()
	for _, f := range []struct {
		name string
		run  func(t *testing.T, s *stack)
	}{
		{"worker SIGKILLed at every stage", workerKilledAtEveryStage},
		{"PostgreSQL stopped for 30 seconds", postgresDown},
		{"SMTP down", smtpDown},
		{"Temporal server restarted", temporalRestarted},
	} {
		start := time.Now()
		s.t = t
		ok := t.Run(f.name, func(t *testing.T) { s.t = t; f.run(t, s) })
		t.Logf("%-36s %-4s %s", f.name, map[bool]string{true: "ok", false: "FAIL"}[ok], time.Since(start).Round(100*time.Millisecond))
		if !ok {
			return
		}
	}
}

// The creator's and approver's actions are sent while the worker is dead
// wherever the server alone can take them (signals); updates need a worker.
func workerKilledAtEveryStage(t *testing.T, s *stack) {
	const id = "kill"
	// campaign setup: killed right after the start, while it stores the campaign and picks creators.
	s.startCampaign(id)
	s.killWorker()
	s.startWorker()

	// outreach sent, awaiting_reply: killed; the creator answers meanwhile.
	s.waitMail(id, "outreach")
	s.waitStage(id, workflows.StageAwaitingReply)
	s.killWorker()
	s.say(id, "Yes, count me in!")
	s.startWorker()

	// terms: killed again as soon as the agreement is being recorded and the terms sent.
	// The terms stage can pass in milliseconds (RecordCollaboration is a local
	// activity), so the kill lands in it or just after it.
	s.eventually("kill to reach terms", 3*time.Minute, func() bool {
		st := s.stage(id)
		return st == string(workflows.StageTerms) || st == string(workflows.StageAwaitingDraft)
	})
	s.killWorker()
	s.startWorker()

	// awaiting_draft: killed; the draft arrives meanwhile.
	s.waitMail(id, "terms")
	s.waitStage(id, workflows.StageAwaitingDraft)
	s.killWorker()
	s.say(id, "Here's my draft: https://drive.example/d/1")
	s.startWorker()

	// awaiting_approval: killed after the Slack request; the decision needs a worker.
	s.waitStage(id, workflows.StageAwaitingApproval)
	s.eventually("the Slack approval request", time.Minute, func() bool { p, _ := s.slack.counts(id); return p == 1 })
	s.killWorker()
	s.startWorker()
	require.Contains(t, s.cli("approve", id, "jane.glows", "--by", "ops@lumen.test"), "next: awaiting_publication")

	// awaiting_publication: killed after the go-ahead; the post link arrives meanwhile.
	s.waitMail(id, "go-ahead")
	s.waitStage(id, workflows.StageAwaitingPublication)
	s.killWorker()
	s.say(id, "It's live! "+postURL(id))
	s.startWorker()

	// monitoring: killed between pulls.
	s.waitStage(id, workflows.StageMonitoring)
	s.killWorker()
	time.Sleep(3 * time.Second) // a pull falls due while no worker runs
	s.startWorker()

	s.checkCompletedOnce(id)
}

// PostgreSQL goes away while the agreement must be recorded and the terms sent
// (both touch the database): the activities retry; when it is back, nothing is
// missing and nothing is doubled.
func postgresDown(t *testing.T, s *stack) {
	const id = "pgdown"
	s.startCampaign(id)
	s.waitMail(id, "outreach")
	s.waitStage(id, workflows.StageAwaitingReply)

	s.pg.Stop()
	down := time.Now()
	s.say(id, "Yes, count me in!")
	// CommitBudget and RecordCollaboration retry against the stopped
	// database (the latter as a local activity, inside the workflow task): the
	// proof is that the terms wait, then go out once, after recovery.
	time.Sleep(30*time.Second - time.Since(down))
	// The fee is committed against the budget (a regular activity, retried)
	// before the terms stage; either way the agreement waits for the database.
	require.Contains(t, []string{string(workflows.StageAwaitingReply), string(workflows.StageTerms)}, s.stage(id), "the agreement waits for the database")
	require.Equal(t, []string{"outreach.jane.glows." + id + "@lumen.test"}, s.mails(id), "no terms email while the agreement cannot be stored")
	s.startPostgres()
	t.Logf("PostgreSQL was down for %s", time.Since(down).Round(100*time.Millisecond))

	s.waitMail(id, "terms")
	s.finish(id)
}

// The SMTP server refuses connections from before the first email: outreach
// waits (the send retries with backoff), then goes out once when SMTP is back.
func smtpDown(t *testing.T, s *stack) {
	const id = "smtpdown"
	s.gate.close()
	down := time.Now()
	s.startCampaign(id)
	s.eventually("the outreach send to fail and retry", time.Minute, func() bool {
		n, _ := s.pendingAttempt(id, workflows.ActSendEmail)
		return n >= 4 && time.Since(down) >= 10*time.Second
	})
	n, msg := s.pendingAttempt(id, workflows.ActSendEmail)
	t.Logf("while SMTP is down: SendEmail attempt %d, last failure: %s", n, msg)
	require.Empty(t, s.mails(id))
	require.Equal(t, string(workflows.StageOutreach), s.stage(id), "outreach waits")
	s.gate.open()
	t.Logf("SMTP was down for %s", time.Since(down).Round(100*time.Millisecond))

	s.waitMail(id, "outreach")
	s.waitStage(id, workflows.StageAwaitingReply)
	s.say(id, "Yes, count me in!")
	s.waitMail(id, "terms")
	s.finish(id)
}

// The Temporal dev server (file database) stops while the collaboration waits
// for a draft, and starts again on the same database: the waits, timers and
// the worker pick up where they were.
func temporalRestarted(t *testing.T, s *stack) {
	const id = "restart"
	s.startCampaign(id)
	s.waitMail(id, "outreach")
	s.waitStage(id, workflows.StageAwaitingReply)
	s.say(id, "Yes, count me in!")
	s.waitMail(id, "terms")
	s.waitStage(id, workflows.StageAwaitingDraft)

	s.temporal.Stop()
	time.Sleep(3 * time.Second)
	s.startTemporal()

	s.finish(id)
	// The worker process was never restarted: it reconnected by itself.
	select {
	case <-s.worker.Exited():
		t.Fatalf("the worker exited while Temporal restarted: %v", s.worker.Err())
	default:
	}
}

// finish takes a collaboration from awaiting_draft to the end and checks it.
func (s *stack) finish(id string) {
	s.t.Helper()
	s.waitStage(id, workflows.StageAwaitingDraft)
	s.say(id, "Here's my draft: https://drive.example/d/1")
	s.waitStage(id, workflows.StageAwaitingApproval)
	s.eventually("the Slack approval request", time.Minute, func() bool { p, _ := s.slack.counts(id); return p == 1 })
	require.Contains(s.t, s.cli("approve", id, "jane.glows", "--by", "ops@lumen.test"), "next: awaiting_publication")
	s.waitMail(id, "go-ahead")
	s.waitStage(id, workflows.StageAwaitingPublication)
	s.say(id, "It's live! "+postURL(id))
	s.checkCompletedOnce(id)
}

// postURL is a well-formed Instagram post link (shortcodes are 5+ characters).
func postURL(id string) string { return "https://www.instagram.com/p/Cq" + id + "001/" }
