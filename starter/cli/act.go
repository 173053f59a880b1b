package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/reply"
	"github.com/creatorflow/creatorflow/workflows"
)

type contextT = context.Context

func (a *app) creatorCmd() *cobra.Command {
	c := &cobra.Command{Use: "creator", Short: "Act as a creator (until their email replies arrive by themselves)"}
	c.AddCommand(&cobra.Command{
		Use:     "reply CAMPAIGN_ID HANDLE TEXT",
		Short:   "Deliver a creator's reply, exactly as the inbound email would",
		Example: "  starter creator reply spring-glow-2027 jane \"Yes, I'm in!\"\n  starter creator reply spring-glow-2027 jane \"Draft: https://drive.example/d/1\"",
		Args:    exactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(args[2]) == "" {
				return UsageError{errors.New("the reply text is empty")}
			}
			reply := reply.Classify(args[2])
			ctx, tc, done, err := a.connect()
			if err != nil {
				return err
			}
			defer done()
			id := workflows.CollaborationWorkflowID(args[0], args[1])
			if err := tc.SignalWorkflow(ctx, id, "", workflows.SignalCreatorMessage, reply); err != nil {
				return fmt.Errorf("delivering the reply to %s: %w", id, err)
			}
			fmt.Fprintf(a.out, "Delivered to %s, understood as %s", id, reply.Intent)
			if reply.URL != "" {
				fmt.Fprintf(a.out, " (%s)", reply.URL)
			}
			fmt.Fprintln(a.out, ".")
			return nil
		},
	})
	return c
}

func (a *app) decisionCmd(use, short, verdict string) *cobra.Command {
	var by, feedback string
	var revision int
	c := &cobra.Command{
		Use:   use + " CAMPAIGN_ID HANDLE",
		Short: short,
		Long:  short + ".\nThis sends the same Temporal Update as the Slack buttons; a decision the workflow cannot take is refused with the reason.",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if verdict == "request_changes" && strings.TrimSpace(feedback) == "" {
				return UsageError{errors.New("request-changes needs --feedback for the creator")}
			}
			ctx, tc, done, err := a.connect()
			if err != nil {
				return err
			}
			defer done()
			id := workflows.CollaborationWorkflowID(args[0], args[1])
			h, err := tc.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
				WorkflowID: id, UpdateName: workflows.UpdateDecide, WaitForStage: client.WorkflowUpdateStageCompleted,
				Args: []any{workflows.Decision{Verdict: workflows.Verdict(verdict), By: by, Feedback: feedback, Revision: revision}},
			})
			if err != nil {
				return fmt.Errorf("%s refused: %w", use, err)
			}
			var res workflows.DecisionResult
			if err := h.Get(ctx, &res); err != nil {
				return fmt.Errorf("%s refused: %w", use, err)
			}
			fmt.Fprintf(a.out, "Draft %d of %s: %s by %s; next: %s.\n", res.Revision, args[1], verdict, by, res.Stage)
			return nil
		},
	}
	c.Flags().StringVar(&by, "by", currentUser(), "who decides (must be one of the brief's approvers if it lists any; env CREATORFLOW_APPROVER)")
	c.Flags().StringVar(&feedback, "feedback", "", "what the creator should change (sent by email)")
	c.Flags().IntVar(&revision, "revision", 0, "the draft number decided on (default: the current draft)")
	return c
}
