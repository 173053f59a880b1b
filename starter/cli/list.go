package cli

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/converter"

	"github.com/creatorflow/creatorflow/workflows"
)

// visibilityQuery builds the Temporal visibility query of `campaign list`.
func visibilityQuery(campaignID, creator, stage string, all bool) (string, error) {
	var parts []string
	for _, f := range []struct{ flag, attr, value string }{
		{"--campaign", workflows.SACampaignID.GetName(), campaignID},
		{"--creator", workflows.SACreatorHandle.GetName(), creator},
		{"--stage", workflows.SAStage.GetName(), stage},
	} {
		if f.value == "" {
			continue
		}
		if strings.ContainsAny(f.value, `'"\`) {
			return "", UsageError{fmt.Errorf("%s must not contain quotes or backslashes (got %q)", f.flag, f.value)}
		}
		parts = append(parts, fmt.Sprintf("%s = '%s'", f.attr, f.value))
	}
	parts = append(parts, fmt.Sprintf("WorkflowType IN ('%s', '%s')", workflows.CampaignWorkflowName, workflows.CollaborationWorkflowName))
	if !all {
		parts = append(parts, "ExecutionStatus = 'Running'")
	}
	return strings.Join(parts, " AND "), nil
}

func (a *app) listCmd() *cobra.Command {
	var campaignID, creator, stage string
	var all bool
	c := &cobra.Command{
		Use:   "list [--stage STAGE] [--campaign ID] [--creator HANDLE] [--all]",
		Short: "List campaigns and collaborations, filtered on the CampaignId, CreatorHandle and Stage search attributes",
		Long: "Lists running campaign and collaboration workflows (--all: finished ones too) through a Temporal\n" +
			"visibility query; the same query works in the Temporal UI's search box (printed with the results).\n" +
			"Stages: setup, collaborating, reporting, done (campaigns); outreach, awaiting_reply, terms, awaiting_draft,\n" +
			"awaiting_approval, awaiting_publication, monitoring, done (collaborations).",
		Example: "  starter campaign list --stage awaiting_approval\n  starter campaign list --campaign spring-glow-2027 --all\n  starter campaign list --creator jane.glows",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			q, err := visibilityQuery(campaignID, creator, stage, all)
			if err != nil {
				return err
			}
			ctx, tc, done, err := a.connect()
			if err != nil {
				return err
			}
			defer done()
			tw := tabwriter.NewWriter(a.out, 0, 2, 2, ' ', 0)
			fmt.Fprintln(tw, "WORKFLOW ID\tCAMPAIGN\tCREATOR\tSTAGE\tSTATUS\tSTARTED")
			n := 0
			var token []byte
			for {
				resp, err := tc.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: q, NextPageToken: token})
				if err != nil {
					var ue UsageError
					if errors.As(err, &ue) {
						return err
					}
					return fmt.Errorf("listing workflows (query %q): %w", q, err)
				}
				for _, e := range resp.Executions {
					sa := e.GetSearchAttributes().GetIndexedFields()
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.GetExecution().GetWorkflowId(), keyword(sa, workflows.SACampaignID.GetName()),
						keyword(sa, workflows.SACreatorHandle.GetName()), keyword(sa, workflows.SAStage.GetName()),
						strings.ToLower(strings.TrimPrefix(e.GetStatus().String(), "WORKFLOW_EXECUTION_STATUS_")),
						e.GetStartTime().AsTime().Format("2006-01-02 15:04:05"))
					n++
				}
				if token = resp.NextPageToken; len(token) == 0 {
					break
				}
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "%d workflow(s); query: %s\n", n, q)
			return nil
		},
	}
	c.Flags().StringVar(&campaignID, "campaign", "", "only this campaign id")
	c.Flags().StringVar(&creator, "creator", "", "only this creator handle")
	c.Flags().StringVar(&stage, "stage", "", "only workflows at this stage")
	c.Flags().BoolVar(&all, "all", false, "include finished workflows")
	return c
}

func keyword(sa map[string]*commonpb.Payload, name string) string {
	p := sa[name]
	if p == nil {
		return "-"
	}
	var v string
	if err := converter.GetDefaultDataConverter().FromPayload(p, &v); err != nil {
		return "?"
	}
	return v
}
