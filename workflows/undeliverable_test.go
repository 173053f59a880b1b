package workflows

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/creatorflow/creatorflow/campaign"
)

// A creator whose address the mail server refuses for good ends undeliverable
// at once (no retries, no follow-ups), ops are alerted, the next creator on
// the shortlist is invited in their place, and the campaign finishes.
func (s *WorkflowSuite) TestRefusedAddressEndsUndeliverableAndIsReplaced() {
	s.captureCollaborations()
	s.rec.roster = wavesRoster()
	attempts := map[string]int{}
	// Overrides the recorder's SendEmail (registered last wins).
	s.env.RegisterActivityWithOptions(func(ctx context.Context, e EmailRequest) (EmailResult, error) {
		s.rec.mu.Lock()
		defer s.rec.mu.Unlock()
		if e.Creator.Handle == "ana" {
			attempts[e.Step]++
			return EmailResult{}, temporal.NewNonRetryableApplicationError(
				"the mail server refused the outreach email to ana@creators.test: 550 5.1.1 no such user", ErrUndeliverable, nil)
		}
		s.rec.emails = append(s.rec.emails, e)
		return EmailResult{MessageID: "<" + e.Step + "@test>", Sent: true}, nil
	}, activity.RegisterOptions{Name: ActSendEmail})
	s.sayTo("ben", time.Hour, "Yes, sounds good!")
	s.sayTo("cai", 2*time.Hour, "Yes! I'm in")
	s.runCampaign(testBrief())

	s.Equal(map[string]int{"outreach": 1}, attempts, "refused once, not retried, no follow-ups")
	lines, _ := s.reported()
	s.Equal([]string{"ana undeliverable 1", "ben missed_draft 1", "cai missed_draft 2 for ana"}, lines)
	var told []Alert
	for _, a := range s.rec.alerts {
		if a.Kind == AlertUndeliverable {
			told = append(told, a)
		}
	}
	s.Require().Len(told, 1, "ops are told once")
	s.Equal("ana", told[0].Handle)
	s.Contains(told[0].Text, "550 5.1.1 no such user")
	s.Contains(told[0].Text, "undeliverable")
	var anaEnd CollaborationRecord
	for _, r := range s.rec.records {
		if r.Creator.Handle == "ana" {
			anaEnd = r
		}
	}
	s.Equal(campaign.OutcomeUndeliverable, anaEnd.Outcome, "the end is recorded")
}

// Refused at the terms email, after the creator agreed: the fee committed for
// them is released, and the next creator is invited in their place.
func (s *WorkflowSuite) TestRefusedTermsReleaseTheFeeAndAreReplaced() {
	s.captureCollaborations()
	s.rec.roster = wavesRoster()
	s.env.RegisterActivityWithOptions(func(ctx context.Context, e EmailRequest) (EmailResult, error) {
		s.rec.mu.Lock()
		defer s.rec.mu.Unlock()
		if e.Creator.Handle == "ana" && e.Kind == EmailTerms {
			return EmailResult{}, temporal.NewNonRetryableApplicationError("550 mailbox disabled", ErrUndeliverable, nil)
		}
		s.rec.emails = append(s.rec.emails, e)
		return EmailResult{MessageID: "<" + e.Step + "@test>", Sent: true}, nil
	}, activity.RegisterOptions{Name: ActSendEmail})
	s.sayTo("ana", time.Hour, "Yes, I'm in")
	s.sayTo("ben", time.Hour, "Yes, sounds good!")
	s.sayTo("cai", 2*time.Hour, "Yes! I'm in")
	s.runCampaign(testBrief())

	lines, _ := s.reported()
	s.Equal([]string{"ana undeliverable 1", "ben missed_draft 1", "cai missed_draft 2 for ana"}, lines)
	var released []string
	for _, r := range s.rec.ledger.releases {
		if r.Outcome == campaign.OutcomeUndeliverable {
			released = append(released, r.Creator.Handle)
		}
	}
	s.Equal([]string{"ana"}, released, "ana's committed fee goes back to the budget")
}
