package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/workflows"
)

func (a *app) metricsCmd() *cobra.Command {
	c := &cobra.Command{Use: "metrics", Short: "Post metrics recorded by hand"}
	var m workflows.ManualMetrics
	var postURL string
	add := &cobra.Command{
		Use:   "add CAMPAIGN_ID HANDLE --views N --likes N [--comments N --shares N --saves N]",
		Short: "Record a post's figures by hand (self-reported), for a creator who will not connect an account",
		Long: "Records the figures a creator reported (e.g. from a screenshot of their insights) as a snapshot\n" +
			"marked self-reported; every report shows them as such.",
		Example: "  starter metrics add spring-glow-2027 jane --views 12000 --likes 640 --comments 31",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("views") && !cmd.Flags().Changed("likes") {
				return UsageError{errors.New("give at least --views or --likes (figures the creator reported)")}
			}
			for name, v := range map[string]int64{"views": m.Views, "likes": m.Likes, "comments": m.Comments, "shares": m.Shares, "saves": m.Saves} {
				if v < 0 {
					return UsageError{fmt.Errorf("--%s must be >= 0 (got %d)", name, v)}
				}
			}
			m.CampaignID, m.Handle = args[0], strings.TrimPrefix(strings.ToLower(args[1]), "@")
			m.PostURL = postURL
			ctx, tc, done, err := a.connect()
			if err != nil {
				return err
			}
			defer done()
			id := workflows.ManualMetricsWorkflowID(m.CampaignID, m.Handle, time.Now().UTC().Format("20060102T150405.000Z"))
			run, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
				ID: id, TaskQueue: a.taskQueue,
				WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
				WorkflowRunTimeout:    time.Minute,
				TypedSearchAttributes: temporal.NewSearchAttributes(workflows.SACampaignID.ValueSet(m.CampaignID), workflows.SACreatorHandle.ValueSet(m.Handle)),
				StaticSummary:         fmt.Sprintf("Self-reported metrics of @%s by %s", m.Handle, m.By),
			}, workflows.ManualMetricsWorkflowName, m)
			if err != nil {
				return fmt.Errorf("recording the metrics: %w", err)
			}
			var s campaign.Snapshot
			if err := run.Get(ctx, &s); err != nil {
				return fmt.Errorf("recording the metrics: %w", err)
			}
			fmt.Fprintf(a.out, "Recorded for @%s in %s (SELF-REPORTED): %d views, %d likes, %d comments, %d shares, %d saves (%d engagements).\n",
				s.Handle, s.CampaignID, s.Views, s.Likes, s.Comments, s.Shares, s.Saves, s.Engagements())
			return nil
		},
	}
	f := add.Flags()
	f.Int64Var(&m.Views, "views", 0, "views (plays) the creator reported")
	f.Int64Var(&m.Likes, "likes", 0, "likes")
	f.Int64Var(&m.Comments, "comments", 0, "comments")
	f.Int64Var(&m.Shares, "shares", 0, "shares")
	f.Int64Var(&m.Saves, "saves", 0, "saves")
	f.StringVar(&postURL, "post-url", "", "the post's link (default: the one the collaboration recorded)")
	f.StringVar(&m.By, "by", currentUser(), "who records the figures (env CREATORFLOW_APPROVER)")
	c.AddCommand(add)
	return c
}
