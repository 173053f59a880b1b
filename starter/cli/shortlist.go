package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/workflows"
)

// shortlistPreviewCmd is `starter campaign shortlist -f BRIEF`: the ranked
// shortlist the campaign would start from, without starting anything.
func (a *app) shortlistPreviewCmd() *cobra.Command {
	var file, format, who string
	c := &cobra.Command{
		Use:   "shortlist -f BRIEF.yaml",
		Short: "Preview a brief's ranked shortlist (score, components, reasons, flags) without starting anything",
		Long: "Vets the roster in PostgreSQL against the brief exactly as the campaign would, and prints the ranked\n" +
			"shortlist: each creator's score (0-100), its components with their points and reasons, red flags with\n" +
			"their evidence, and the creators excluded by a severe flag with why. Nothing is started or stored.",
		Example: "  starter campaign shortlist -f examples/spring-glow.yaml\n  starter campaign shortlist -f brief.yaml --format csv > shortlist.csv",
		Args:    exactArgs(0),
	}
	dbURL := dbFlag(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		if file == "" {
			return UsageError{errors.New("give the brief with -f FILE")}
		}
		if format != "table" && format != "json" && format != "csv" {
			return UsageError{fmt.Errorf("--format must be table, json or csv (got %q)", format)}
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return UsageError{fmt.Errorf("cannot read the brief: %w", err)}
		}
		b, err := campaign.ParseBrief(data)
		if err != nil {
			return UsageError{fmt.Errorf("%s is not a valid brief:\n%w", file, err)}
		}
		ctx, cancel := a.ctx()
		defer cancel()
		store, err := a.openStore(ctx, *dbURL)
		if err != nil {
			return err
		}
		defer store.Close()
		sl, err := store.Shortlist(ctx, b)
		if err != nil {
			return err
		}
		if who != "" {
			return explainCreator(a.out, b, sl, who, func(platform, handle string) (campaign.Creator, error) {
				return store.Creator(ctx, platform, handle)
			})
		}
		return writeShortlist(a.out, format, b, sl)
	}
	c.Flags().StringVar(&who, "explain", "", "explain one creator's place (HANDLE or PLATFORM/HANDLE): each score part with its weight and reason, "+
		"flags, and what separates it from the creator ranked above")
	c.Flags().StringVarP(&file, "file", "f", "", "the brief (YAML)")
	c.Flags().StringVar(&format, "format", "table", "table, json or csv")
	return c
}

var componentOrder = campaign.ComponentOrder

func points(as campaign.Assessment, name string) (campaign.Component, bool) {
	for _, c := range as.Components {
		if c.Name == name {
			return c, true
		}
	}
	return campaign.Component{}, false
}

func writeShortlist(w io.Writer, format string, b campaign.Brief, sl campaign.Shortlist) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sl)
	case "csv":
		return writeShortlistCSV(w, sl)
	}
	fmt.Fprintf(w, "Shortlist for %s: %d ranked of %d creators on %s in tiers %v; %d excluded, %d below the cut (size %d).\n",
		b.ID, len(sl.Ranked), sl.Considered, strings.Join(b.Platforms, "/"), b.Tiers, len(sl.Excluded)+sl.ExcludedNotListed, sl.BeyondSize, b.Shortlist.Size)
	if sl.Prefiltered > 0 {
		fmt.Fprintf(w, "%d more on those platforms and tiers left out before scoring (excluded by the brief, rate above the whole budget, "+
			"no audience in the target countries, or categories outside the brand's).\n", sl.Prefiltered)
	}
	fmt.Fprintf(w, "Weights: %s. The campaign invites the top %d.\n\n", weightsLine(b), b.CreatorsWanted)
	if len(sl.Ranked) == 0 {
		fmt.Fprintln(w, "No creator on the roster fits this brief.")
	} else {
		tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
		fmt.Fprintln(tw, "#\tCREATOR\tTIER\tFOLLOWERS\tSCORE\tAUDIENCE\tENGAGEMENT\tALIGNMENT\tPAST\tAUTHENTICITY\tVALUE\tRATE\tFLAGS")
		for i, as := range sl.Ranked {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%.1f", i+1, as.Creator.Key(), as.Tier, as.Creator.Followers, as.Score)
			for _, n := range componentOrder {
				c, _ := points(as, n)
				fmt.Fprintf(tw, "\t%.1f", c.Points)
			}
			rate := "n/a"
			if as.Rate != nil {
				rate = as.Rate.String()
			}
			fmt.Fprintf(tw, "\t%s\t%d\n", rate, len(as.Flags))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w, "\nWhy:")
		for i, as := range sl.Ranked {
			explain(w, strconv.Itoa(i+1)+". ", as)
		}
	}
	if len(sl.Excluded) > 0 {
		fmt.Fprintln(w, "\nExcluded:")
		for _, as := range sl.Excluded {
			fmt.Fprintf(w, "  ✗ %s (score %.1f): %s\n", as.Creator.Key(), as.Score, as.Excluded)
		}
		if sl.ExcludedNotListed > 0 {
			fmt.Fprintf(w, "  … and %d more excluded, not listed.\n", sl.ExcludedNotListed)
		}
	}
	return nil
}

// weightsLine names each component's weight: "audience 25, engagement 20, …".
func weightsLine(b campaign.Brief) string {
	parts := make([]string, len(componentOrder))
	for i, n := range componentOrder {
		parts[i] = fmt.Sprintf("%s %g", strings.ReplaceAll(n, "_", " "), b.Weights.Of(n))
	}
	return strings.Join(parts, ", ")
}

func explain(w io.Writer, prefix string, as campaign.Assessment) {
	fmt.Fprintf(w, "%s%s — %.1f\n", prefix, as.Creator.Key(), as.Score)
	for _, n := range componentOrder {
		c, _ := points(as, n)
		fmt.Fprintf(w, "     %-16s %4.1f/%-4g %s\n", n, c.Points, c.Weight, c.Reason)
	}
	for _, f := range as.Flags {
		fmt.Fprintf(w, "     ⚑ %s\n", f)
	}
}

func (a *app) shortlistCmd() *cobra.Command {
	c := &cobra.Command{Use: "shortlist", Short: "See, approve or reject a running campaign's shortlist"}
	c.AddCommand(a.shortlistShowCmd(),
		a.shortlistDecisionCmd("approve", "Approve the shortlist: outreach starts with its top creators", workflows.VerdictApprove),
		a.shortlistDecisionCmd("reject", "Reject the shortlist: the campaign ends without contacting anyone", workflows.VerdictReject))
	return c
}

func (a *app) shortlistShowCmd() *cobra.Command {
	var format, who string
	var dbURL *string // the detail of a long shortlist is in PostgreSQL
	c := &cobra.Command{
		Use:   "show CAMPAIGN_ID",
		Short: "Show a running campaign's shortlist and whether it waits for approval",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" && format != "csv" {
				return UsageError{fmt.Errorf("--format must be table, json or csv (got %q)", format)}
			}
			ctx, tc, done, err := a.connect()
			if err != nil {
				return err
			}
			defer done()
			st, b, err := shortlistState(ctx, tc, args[0])
			if err != nil {
				return err
			}
			if st.Shortlist, err = a.shortlistDetail(ctx, *dbURL, st.Shortlist); err != nil {
				return err
			}
			if who != "" {
				return explainCreator(a.out, b, st.Shortlist, who, nil)
			}
			if format == "table" {
				switch {
				case st.Awaiting:
					fmt.Fprintf(a.out, "Waiting for approval: starter shortlist approve %s  (or reject)\n", args[0])
					if st.Approval != nil {
						fmt.Fprintf(a.out, "↳ %s\n", approvalLine(st.Approval, time.Now()))
					}
					fmt.Fprintln(a.out)
				case st.Decision != nil:
					fmt.Fprintf(a.out, "%s by %s at %s.\n\n", st.Decision.Verdict, st.Decision.By, st.DecidedAt.Format("2006-01-02 15:04:05"))
				}
			}
			return writeShortlist(a.out, format, b, st.Shortlist)
		},
	}
	c.Flags().StringVar(&format, "format", "table", "table, json or csv")
	c.Flags().StringVar(&who, "explain", "", "explain one creator's place (HANDLE or PLATFORM/HANDLE)")
	dbURL = dbFlag(c)
	return c
}

func shortlistState(ctx contextT, tc client.Client, campaignID string) (workflows.ShortlistState, campaign.Brief, error) {
	var st workflows.ShortlistState
	id := workflows.CampaignWorkflowID(campaignID)
	v, err := tc.QueryWorkflow(ctx, id, "", workflows.QueryShortlist)
	if err != nil {
		if strings.Contains(err.Error(), "unknown queryType") || strings.Contains(err.Error(), "unknown query") {
			return st, campaign.Brief{}, fmt.Errorf("campaign %s has no shortlist yet (or was started before shortlists existed)", campaignID)
		}
		return st, campaign.Brief{}, fmt.Errorf("querying %s: %w", id, err)
	}
	if err := v.Get(&st); err != nil {
		return st, campaign.Brief{}, err
	}
	return st, st.Brief, nil
}

func (a *app) shortlistDecisionCmd(use, short string, verdict workflows.Verdict) *cobra.Command {
	var by, reason string
	var drop []string
	c := &cobra.Command{
		Use:   use + " CAMPAIGN_ID",
		Short: short,
		Long: short + ".\nThis sends a Temporal Update to the campaign; a decision it cannot take (nothing waits, not an approver,\n" +
			"an unknown handle to drop) is refused with the reason and changes nothing.",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if verdict == workflows.VerdictReject && strings.TrimSpace(reason) == "" {
				return UsageError{errors.New("reject needs --reason, kept with the campaign")}
			}
			ctx, tc, done, err := a.connect()
			if err != nil {
				return err
			}
			defer done()
			h, err := tc.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
				WorkflowID: workflows.CampaignWorkflowID(args[0]), UpdateName: workflows.UpdateShortlist,
				WaitForStage: client.WorkflowUpdateStageCompleted,
				Args:         []any{workflows.ShortlistDecision{Verdict: verdict, By: by, Reason: reason, Drop: drop}},
			})
			if err != nil {
				return fmt.Errorf("%s refused: %w", use, err)
			}
			var res workflows.ShortlistDecisionResult
			if err := h.Get(ctx, &res); err != nil {
				return fmt.Errorf("%s refused: %w", use, err)
			}
			if verdict == workflows.VerdictReject {
				fmt.Fprintf(a.out, "Shortlist of %s rejected by %s; the campaign ends without outreach.\n", args[0], by)
				return nil
			}
			fmt.Fprintf(a.out, "Shortlist of %s approved by %s; inviting %s.\n", args[0], by, strings.Join(res.Invite, ", "))
			return nil
		},
	}
	c.Flags().StringVar(&by, "by", currentUser(), "who decides (must be one of the brief's approvers if it lists any; env CREATORFLOW_APPROVER)")
	c.Flags().StringVar(&reason, "reason", "", "why (required to reject)")
	if verdict == workflows.VerdictApprove {
		c.Flags().StringSliceVar(&drop, "drop", nil, "handles to leave out of the shortlist (comma-separated)")
	}
	return c
}
