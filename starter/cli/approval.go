package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/creatorflow/creatorflow/workflows"
)

// approvalLine says who a pending approval waits on, since when, and how far
// its SLA has gone.
func approvalLine(w *workflows.ApprovalWait, now time.Time) string {
	who := "anyone in the approval channel"
	if len(w.WaitingOn) > 0 {
		who = strings.Join(w.WaitingOn, ", ")
	}
	what := fmt.Sprintf("draft %d", w.Draft)
	if w.Kind == workflows.ApprovalCounter && w.Counter != nil {
		what = "counter-offer of " + w.Counter.String()
	}
	if w.Kind == workflows.ApprovalShortlist {
		what = "the shortlist"
	}
	s := fmt.Sprintf("%s waits on %s since %s (%s)", what, who, w.Since.Local().Format("2006-01-02 15:04"),
		now.Sub(w.Since).Round(time.Minute))
	if !w.DecideBy.IsZero() {
		s += "; due " + w.DecideBy.Local().Format("2006-01-02 15:04")
	}
	if !w.RemindedAt.IsZero() {
		s += "; reminded " + w.RemindedAt.Local().Format("2006-01-02 15:04")
	}
	if !w.EscalatedAt.IsZero() {
		s += "; escalated to the backup approvers " + w.EscalatedAt.Local().Format("2006-01-02 15:04")
	}
	return s
}
