package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/workflows"
)

func (a *app) campaignCmd() *cobra.Command {
	c := &cobra.Command{Use: "campaign", Short: "Start, follow, cancel and report on campaigns"}
	c.AddCommand(a.startCmd(), a.statusCmd(), a.reportCmd(), a.cancelCmd(), a.shortlistPreviewCmd(), a.listCmd())
	return c
}

func (a *app) startCmd() *cobra.Command {
	var file string
	c := &cobra.Command{
		Use:   "start -f BRIEF.yaml",
		Short: "Validate a brief and start its campaign",
		Long: "Validates the brief (every problem is named with its field; exit status 2, nothing started) and starts\n" +
			"CampaignWorkflow campaign/<id>. A campaign id can be used once: starting it again starts nothing.",
		Example: "  starter campaign start -f examples/spring-glow.yaml",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return UsageError{errors.New("give the brief with -f FILE")}
			}
			data, err := os.ReadFile(file)
			if err != nil {
				return UsageError{fmt.Errorf("cannot read the brief: %w", err)}
			}
			b, err := campaign.ParseBrief(data)
			if err != nil {
				return UsageError{fmt.Errorf("%s is not a valid brief; nothing was started:\n%w", file, err)}
			}
			ctx, tc, done, err := a.connect()
			if err != nil {
				return err
			}
			defer done()
			id := workflows.CampaignWorkflowID(b.ID)
			run, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
				ID:                                       id,
				TaskQueue:                                a.taskQueue,
				WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
				WorkflowExecutionErrorWhenAlreadyStarted: true,
				TypedSearchAttributes:                    temporal.NewSearchAttributes(workflows.SACampaignID.ValueSet(b.ID), workflows.SAStage.ValueSet("setup")),
				StaticSummary:                            fmt.Sprintf("%s — %s", b.Name, b.Brand),
				StaticDetails: fmt.Sprintf("Campaign %s for %s: %d creators on %v, budget %s, fee %s each.",
					b.ID, b.Brand, b.CreatorsWanted, b.Platforms, b.Budget, b.Offer.Fee),
			}, workflows.CampaignWorkflowName, workflows.CampaignInput{Brief: b})
			var already *serviceerror.WorkflowExecutionAlreadyStarted
			if errors.As(err, &already) {
				fmt.Fprintf(a.out, "Campaign %s already exists (run %s); nothing was started.\n  %s\n", b.ID, already.RunId, a.workflowLink(id, already.RunId))
				return fmt.Errorf("campaign %s already exists; use a new id in the brief to run another", b.ID)
			}
			if err != nil {
				return fmt.Errorf("starting campaign %s: %w", b.ID, err)
			}
			fmt.Fprintf(a.out, "Started campaign %s (%s)\n  workflow: %s\n  Temporal UI: %s\n  follow it: starter campaign status %s\n",
				b.ID, b.Name, id, a.workflowLink(id, run.GetRunID()), b.ID)
			return nil
		},
	}
	c.Flags().StringVarP(&file, "file", "f", "", "the brief (YAML)")
	return c
}

func (a *app) statusCmd() *cobra.Command {
	var asJSON bool
	var mf measureFlags
	c := &cobra.Command{
		Use:   "status CAMPAIGN_ID",
		Short: "Show each creator's stage and what it waits for",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, tc, done, err := a.connect()
			if err != nil {
				return err
			}
			defer done()
			var st workflows.CampaignStatus
			if err := query(ctx, tc, workflows.CampaignWorkflowID(args[0]), &st); err != nil {
				return err
			}
			cohortWaves(ctx, tc, &st)
			type row struct {
				workflows.CreatorSummary
				Status *workflows.CollaborationStatus `json:"status,omitempty"`
				Error  string                         `json:"error,omitempty"`
				Queued *QueuedEmail                   `json:"queued_email,omitempty"`
			}
			rows := make([]row, len(st.Creators))
			for i, cr := range st.Creators {
				rows[i].CreatorSummary = cr
				var cs workflows.CollaborationStatus
				if err := query(ctx, tc, cr.WorkflowID, &cs); err != nil {
					rows[i].Error = err.Error()
				} else {
					rows[i].Status = &cs
				}
				rows[i].Queued = queuedEmail(ctx, tc, cr.WorkflowID)
			}
			budget, berr := campaignBudget(ctx, mf.databaseURL, args[0]) // counter.go
			if asJSON {
				enc := json.NewEncoder(a.out)
				enc.SetIndent("", "  ")
				out := map[string]any{"campaign": st, "creators": rows, "budget": budget}
				if berr != nil {
					out["budget_error"] = berr.Error()
				}
				return enc.Encode(out)
			}
			fmt.Fprintf(a.out, "Campaign %s: %s since %s\n", st.CampaignID, st.Stage, st.Since.Format(time.RFC3339))
			if st.Approval != nil { // the shortlist's approval and its SLA
				fmt.Fprintf(a.out, "↳ %s\n", approvalLine(st.Approval, time.Now()))
			}
			printBudget(a.out, budget, berr)
			if len(rows) == 0 {
				fmt.Fprintln(a.out, "No collaborations yet.")
				return nil
			}
			defer a.kpisSoFar(ctx, mf, args[0])
			tw := tabwriter.NewWriter(a.out, 0, 2, 2, ' ', 0)
			waves := hasWaves(st)
			if waves {
				fmt.Fprintf(a.out, "In reserve: %d more on the shortlist, invited one by one when a creator declines or stays silent\n", st.Reserve)
			}
			header := "CREATOR\tPLATFORM\tSTAGE\tSINCE\tWAITING FOR\tOUTCOME"
			if waves {
				header += "\tWAVE"
			}
			fmt.Fprintln(tw, header)
			for _, r := range rows {
				wave := ""
				if waves {
					wave = "\t" + waveLabel(r.CreatorSummary)
				}
				if r.Status == nil {
					fmt.Fprintf(tw, "%s\t%s\t?\t\t%s\t%s%s\n", r.Handle, r.Platform, r.Error, r.Outcome, wave)
					continue
				}
				s := r.Status
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s%s\n", r.Handle, r.Platform, s.Stage, s.Since.Format("2006-01-02 15:04:05"), s.WaitingFor, s.Outcome, wave)
				if s.LastMessage != nil {
					fmt.Fprintf(tw, "\t\t\t\t↳ unhandled message: %q\t\n", s.LastMessage.Text)
				}
				if s.Approval != nil {
					fmt.Fprintf(tw, "\t\t\t\t↳ %s\t\n", approvalLine(s.Approval, time.Now()))
				}
				if l := dealLine(s); l != "" { // counter.go
					fmt.Fprintf(tw, "\t\t\t\t↳ %s\t\n", l)
				}
				if r.Queued != nil {
					fmt.Fprintf(tw, "\t\t\t\t↳ %s\t\n", r.Queued.line())
				}
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	mf.add(c)
	return c
}

func query(ctx contextT, tc client.Client, workflowID string, into any) error {
	v, err := tc.QueryWorkflow(ctx, workflowID, "", workflows.QueryStatus)
	if err != nil {
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return fmt.Errorf("no workflow %s: check the campaign id and creator handle", workflowID)
		}
		return fmt.Errorf("querying %s: %w", workflowID, err)
	}
	return v.Get(into)
}

func (a *app) reportCmd() *cobra.Command {
	var format, output string
	var mf measureFlags
	c := &cobra.Command{
		Use:   "report CAMPAIGN_ID",
		Short: "Print a finished campaign's report: cost, views, reach, engagements, rates, clicks, conversions, revenue, CPM, CPE, CPC, CPA, EMV, ROI, ROAS against the launch benchmarks",
		Long: "Prints the report the finished campaign stored: as a table, JSON, CSV, or one self-contained HTML file\n" +
			"with charts (-o report.html). With --database-url it is read from PostgreSQL, otherwise from the\n" +
			"campaign workflow's result. A large campaign's result carries only its totals: its report is then read\n" +
			"from PostgreSQL (--database-url or DATABASE_URL).",
		Example: "  starter campaign report spring-glow-2027\n  starter campaign report spring-glow-2027 --format html -o spring.html",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(campaign.ReportFormats, format) {
				return UsageError{fmt.Errorf("--format must be one of %s (got %q)", strings.Join(campaign.ReportFormats, ", "), format)}
			}
			ctx, cancel := a.ctx()
			defer cancel()
			if mf.databaseURL != "" {
				return a.storedReport(ctx, mf, args[0], format, output)
			}
			tc, err := a.dial(ctx)
			if err != nil {
				return err
			}
			defer tc.Close()
			id := workflows.CampaignWorkflowID(args[0])
			desc, err := tc.DescribeWorkflowExecution(ctx, id, "")
			if err != nil {
				var nf *serviceerror.NotFound
				if errors.As(err, &nf) {
					return fmt.Errorf("no campaign %s", args[0])
				}
				return err
			}
			if s := desc.WorkflowExecutionInfo.Status; s == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
				var st workflows.CampaignStatus
				_ = query(ctx, tc, id, &st)
				return fmt.Errorf("campaign %s is still running (%s); the report is made when every collaboration has ended — see `starter campaign status %s`", args[0], st.Stage, args[0])
			} else if s != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
				return fmt.Errorf("campaign %s ended %s, without a report", args[0], s)
			}
			var res workflows.CampaignResult
			if err := tc.GetWorkflow(ctx, id, "").Get(ctx, &res); err != nil {
				return err
			}
			if r := res.ShortlistRejected; r != nil {
				fmt.Fprintf(a.out, "Campaign %s ended before outreach: its shortlist was rejected by %s (%s).\n", args[0], r.By, r.Reason)
				return nil
			}
			if res.Report.Compact { // report_compact.go: the creator lines are only in the store
				return a.compactReport(ctx, mf, res.Report, format, output)
			}
			return a.writeReport(res.Report, format, output)
		},
	}
	c.Flags().StringVar(&format, "format", "table", strings.Join(campaign.ReportFormats, ", "))
	c.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	c.Flags().StringVar(&mf.databaseURL, "database-url", "", "read the stored report from this PostgreSQL instead of Temporal")
	return c
}

func (a *app) cancelCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "cancel CAMPAIGN_ID",
		Short: "Cancel a campaign: its collaborations stop and record that they were cancelled",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, tc, done, err := a.connect()
			if err != nil {
				return err
			}
			defer done()
			if err := tc.CancelWorkflow(ctx, workflows.CampaignWorkflowID(args[0]), ""); err != nil {
				return fmt.Errorf("cancelling campaign %s: %w", args[0], err)
			}
			fmt.Fprintf(a.out, "Cancellation requested for campaign %s.\n", args[0])
			return nil
		},
	}
}
