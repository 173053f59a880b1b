package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/workflows"
)

// counterCmd decides a creator's counter-offer above the auto-accept ceiling
// with the same Update as the Slack buttons.
func (a *app) counterCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "counter",
		Short: "Approve or reject a creator's counter-offer above the auto-accept ceiling",
		Long: "A counter-offer above the brief's auto_accept_up_to waits for a person (stage awaiting_counter_decision in\n" +
			"`starter campaign status`). These commands send the same Temporal Update as the Slack buttons; a decision\n" +
			"the workflow cannot take is refused with the reason, and nothing changes.",
	}
	c.AddCommand(a.counterDecisionCmd(workflows.VerdictApprove), a.counterDecisionCmd(workflows.VerdictReject))
	return c
}

func (a *app) counterDecisionCmd(verdict workflows.Verdict) *cobra.Command {
	var by, reason, propose, counter string
	c := &cobra.Command{Args: exactArgs(2)}
	if verdict == workflows.VerdictApprove {
		c.Use = "approve CAMPAIGN_ID HANDLE"
		c.Short = "Approve the counter-offer: its fee is committed against the budget and the terms go out"
		c.Long = c.Short + ".\nIf the budget cannot take it, the approval is refused naming what is committed and left; the\n" +
			"counter still waits, and `starter counter reject --propose` can offer less."
		c.Example = "  starter counter approve spring-glow-2027 jane --by ops@lumen.example"
	} else {
		c.Use = "reject CAMPAIGN_ID HANDLE"
		c.Short = "Reject the counter-offer, with a counter-proposal (--propose) or without (the collaboration ends as declined)"
		c.Long = c.Short + ".\nWith --propose the creator is emailed the proposed fee and the collaboration waits for their answer\n" +
			"(accept, decline, or a new counter); without it the creator is thanked and told no. --reason goes to\n" +
			"the creator in that email."
		c.Example = "  starter counter reject spring-glow-2027 jane --by ops@lumen.example --propose \"1200.00 USD\" --reason \"our cap for one reel\"\n" +
			"  starter counter reject spring-glow-2027 jane --by ops@lumen.example --reason \"beyond this campaign's budget\""
	}
	c.RunE = func(cmd *cobra.Command, args []string) error {
		name := "counter " + string(verdict)
		d := workflows.CounterDecision{Verdict: verdict, By: strings.TrimSpace(by), Reason: reason}
		if d.By == "" {
			return UsageError{errors.New("--by must name who decides (an approver of the campaign)")}
		}
		if propose != "" {
			p, err := campaign.ParseMoney(propose)
			if err != nil {
				return UsageError{fmt.Errorf("--propose: %w", err)}
			}
			d.Propose = &p
		}
		if counter != "" {
			m, err := campaign.ParseMoney(counter)
			if err != nil {
				return UsageError{fmt.Errorf("--counter: %w", err)}
			}
			d.Counter = m
		}
		ctx, tc, done, err := a.connect()
		if err != nil {
			return err
		}
		defer done()
		id := workflows.CollaborationWorkflowID(args[0], args[1])
		h, err := tc.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: workflows.UpdateCounterDecision,
			WaitForStage: client.WorkflowUpdateStageCompleted, Args: []any{d}})
		var res workflows.CounterDecisionResult
		if err == nil {
			err = h.Get(ctx, &res)
		}
		if err != nil {
			var nf *serviceerror.NotFound
			if errors.As(err, &nf) {
				return fmt.Errorf("%s refused: no collaboration %s: check the campaign id and creator handle", name, id)
			}
			return fmt.Errorf("%s refused: %w", name, err)
		}
		switch {
		case verdict == workflows.VerdictApprove:
			fee := "the counter-offer"
			if res.Fee != nil {
				fee = res.Fee.String()
			}
			fmt.Fprintf(a.out, "Counter-offer of %s approved by %s: agreed fee %s, committed against the budget; next: %s (the terms email).\n",
				args[1], d.By, fee, res.Stage)
		case d.Propose != nil:
			fmt.Fprintf(a.out, "Counter-offer of %s rejected by %s; counter-proposal of %s emailed to the creator; next: %s (their answer).\n",
				args[1], d.By, d.Propose, res.Stage)
		default:
			fmt.Fprintf(a.out, "Counter-offer of %s rejected by %s; the creator is told by email and the collaboration ends as declined.\n",
				args[1], d.By)
		}
		return nil
	}
	c.Flags().StringVar(&by, "by", currentUser(), "who decides (must be one of the brief's approvers if it lists any; env CREATORFLOW_APPROVER)")
	c.Flags().StringVar(&reason, "reason", "", "why, for the creator (goes into the email that answers the counter)")
	c.Flags().StringVar(&counter, "counter", "", "the counter-offer decided on, e.g. \"1500.00 USD\" (default: the current one; refused if it changed)")
	if verdict == workflows.VerdictReject {
		c.Flags().StringVar(&propose, "propose", "", "a counter-proposal such as \"1200.00 USD\", in the budget's currency and below the counter")
	}
	return c
}

// budgetView is a campaign's budget as `campaign status` shows it.
type budgetView struct {
	postgres.BudgetState
	Commitments []commitmentView `json:"commitments"`
}

type commitmentView struct {
	Handle  string         `json:"handle"`
	Fee     campaign.Money `json:"fee"`
	Status  string         `json:"status"` // committed or released
	Reason  string         `json:"reason,omitempty"`
	By      string         `json:"by,omitempty"`
	Outcome string         `json:"outcome,omitempty"` // why it was released
}

// campaignBudget reads the committed and remaining budget from the
// commitments table; a campaign that committed nothing yet has its whole
// budget (from the stored brief) left.
func campaignBudget(ctx context.Context, databaseURL, campaignID string) (*budgetView, error) {
	if databaseURL == "" {
		return nil, errors.New("give --database-url or set DATABASE_URL to see the committed and remaining budget")
	}
	store, err := postgres.Open(ctx, databaseURL)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	st, ok, err := store.Budget(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	if !ok {
		b, err := store.Campaign(ctx, campaignID)
		if err != nil {
			return nil, err
		}
		st = postgres.BudgetState{Budget: b.Budget, Committed: campaign.Money{Currency: b.Budget.Currency}, Remaining: b.Budget}
	}
	rows, err := store.Commitments(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	v := &budgetView{BudgetState: st, Commitments: []commitmentView{}}
	for _, r := range rows {
		v.Commitments = append(v.Commitments, commitmentView{Handle: r.Handle, Fee: r.Fee, Status: r.Status, Reason: r.Reason, By: r.By, Outcome: r.Outcome})
	}
	return v, nil
}

// printBudget writes the budget line of `campaign status`.
func printBudget(w io.Writer, v *budgetView, err error) {
	if err != nil {
		fmt.Fprintf(w, "Budget: unknown (%v)\n", err)
		return
	}
	s := "s"
	if v.Agreements == 1 {
		s = ""
	}
	fmt.Fprintf(w, "Budget: %s committed of %s (%d agreement%s); %s left\n", v.Committed, v.Budget, v.Agreements, s, v.Remaining)
}

// dealLine is a creator's counter-proposal waiting for an answer, or the
// agreement the budget refused; empty when there is neither.
func dealLine(s *workflows.CollaborationStatus) string {
	switch b := s.Budget; {
	case s.Proposal != nil:
		return fmt.Sprintf("our counter-proposal of %s waits for the creator's answer", s.Proposal)
	case b != nil && !b.Granted:
		return fmt.Sprintf("refused by the budget: %s would overspend it (%s of %s committed, %s left)", b.Fee, b.Committed, b.Budget, b.Remaining)
	}
	return ""
}
