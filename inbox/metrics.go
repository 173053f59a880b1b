package inbox

// MetricInboundEmails counts inbound emails by what became of them (label
// "outcome", one of the Outcome* values); the worker exports it on /metrics.
const MetricInboundEmails = "creatorflow_inbound_emails"

// Outcomes of an inbound email, as counted by Pipeline.Count.
const (
	OutcomeMatched   = "matched"   // signalled to its collaboration
	OutcomeUnmatched = "unmatched" // stored for ops: no collaboration found, or it is not running
	OutcomeForged    = "forged"    // reply token does not verify
	OutcomeAutoReply = "auto_reply"
	OutcomeDuplicate = "duplicate" // a message already stored, delivered again
	OutcomeAssigned  = "assigned"  // delivered by an operator (Assign)
	// Settled without acting, for a person: held (matched, sender not
	// authenticated, or not sure enough), quarantined (unreadable), dead
	// (retries ended).
	OutcomeHeld        = "held"
	OutcomeQuarantined = "quarantined"
	OutcomeDead        = "dead"
)

// outcomeOf maps a stored status to its counted outcome.
func outcomeOf(status string) string {
	switch status {
	case StatusSignalled:
		return OutcomeMatched
	case StatusUnmatched:
		return OutcomeUnmatched
	case StatusForged:
		return OutcomeForged
	case StatusAutoReply:
		return OutcomeAutoReply
	case StatusDuplicate:
		return OutcomeDuplicate
	case StatusAssigned:
		return OutcomeAssigned
	case StatusHeld:
		return OutcomeHeld
	case StatusQuarantined:
		return OutcomeQuarantined
	case StatusDead:
		return OutcomeDead
	}
	return status
}

// count records one settled message; a Pipeline without Count counts nothing.
func (p *Pipeline) count(status string) {
	if p.Count != nil {
		p.Count(outcomeOf(status))
	}
}
