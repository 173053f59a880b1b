package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/integrations/tracking"
	"github.com/creatorflow/creatorflow/workflows"
)

// measureFlags are the PostgreSQL and exchange-rate settings of the commands
// that read the store directly (reports, KPIs so far, conversions).
type measureFlags struct {
	databaseURL string
	fxRates     string
}

func (m *measureFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&m.databaseURL, "database-url", os.Getenv("DATABASE_URL"), "PostgreSQL of the worker (env DATABASE_URL)")
	c.Flags().StringVar(&m.fxRates, "fx-rates", os.Getenv("FX_RATES"), "exchange rates such as EUR/USD=1.08,GBP/USD=1.27 (env FX_RATES)")
}

func (m *measureFlags) open(ctx context.Context) (*postgres.Store, campaign.Rates, error) {
	rates, err := campaign.ParseRates(m.fxRates)
	if err != nil {
		return nil, nil, UsageError{err}
	}
	if m.databaseURL == "" {
		return nil, nil, UsageError{errors.New("this needs the worker's PostgreSQL: set --database-url or DATABASE_URL")}
	}
	s, err := postgres.Open(ctx, m.databaseURL)
	return s, rates, err
}

func (a *app) conversionsCmd() *cobra.Command {
	c := &cobra.Command{Use: "conversions", Short: "Import the shop's orders for attribution"}
	var mf measureFlags
	imp := &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Import orders from a CSV export; each is credited to a creator by promo code, then tracking link",
		Long: "The CSV has a header row with order_id, revenue, currency, time (RFC 3339) and optionally promo_code,\n" +
			"utm (a query string or the landing URL), utm_campaign, utm_content. An order id already seen is skipped\n" +
			"(duplicate); orders no creator can be credited with are kept and listed with the reason. Bad rows are\n" +
			"named by line and skipped; the good rows are imported and the exit status is 1.",
		Example: "  starter conversions import orders-2027-03.csv --database-url postgres://…",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return UsageError{fmt.Errorf("cannot read the orders: %w", err)}
			}
			defer f.Close()
			convs, problems, err := tracking.ReadCSV(f)
			if err != nil {
				return UsageError{fmt.Errorf("%s: %w", args[0], err)}
			}
			ctx, cancel := a.ctx()
			defer cancel()
			store, rates, err := mf.open(ctx)
			if err != nil {
				return err
			}
			defer store.Close()
			svc := &tracking.Service{Store: store, Rates: rates}
			counts := map[string]int{}
			for _, c := range convs {
				res, err := svc.Ingest(ctx, c, "csv")
				if err != nil {
					problems = append(problems, err.Error())
					continue
				}
				counts[res.Status()]++
				switch res.Status() {
				case "attributed":
					fmt.Fprintf(a.out, "%-14s %s → %s (%s, by %s)\n", "attributed", c.OrderID, res.Conversion.Handle, res.Conversion.CampaignID, res.Conversion.Via)
				case "duplicate":
					fmt.Fprintf(a.out, "%-14s %s (already imported; not counted again)\n", "duplicate", c.OrderID)
				default:
					fmt.Fprintf(a.out, "%-14s %s %s: %s\n", "UNATTRIBUTED", c.OrderID, c.Revenue, res.Conversion.Reason)
				}
			}
			fmt.Fprintf(a.out, "%d attributed, %d unattributed (kept), %d duplicates, %d rejected\n",
				counts["attributed"], counts["unattributed"], counts["duplicate"], len(problems))
			if len(problems) > 0 {
				return fmt.Errorf("%d order(s) not imported:\n  %s", len(problems), strings.Join(problems, "\n  "))
			}
			return nil
		},
	}
	mf.add(imp)
	c.AddCommand(imp)
	return c
}

// liveReport computes the report so far from the store: collaborations that
// reached an agreement count their fee as committed cost.
func liveReport(ctx context.Context, store *postgres.Store, rates campaign.Rates, campaignID string) (campaign.Report, error) {
	b, err := store.Campaign(ctx, campaignID)
	if err != nil {
		return campaign.Report{}, err
	}
	rows, err := store.Collaborations(ctx, campaignID)
	if err != nil {
		return campaign.Report{}, err
	}
	var results []campaign.CollaborationResult
	for _, r := range rows {
		out := campaign.Outcome(r.Outcome)
		if out == "" {
			out = campaign.Outcome(r.Stage) // still talking: not agreed, not paid
			if r.Stage != string(workflows.StageOutreach) && r.Stage != string(workflows.StageAwaitingReply) {
				out = campaign.OutcomeInProgress
			}
		}
		results = append(results, campaign.CollaborationResult{Handle: r.Handle, Platform: r.Platform, Outcome: out, Fee: r.Fee, PostURL: r.PostURL})
		if c, ok, err := store.RosterCreator(ctx, r.Platform, r.Handle); err == nil && ok {
			results[len(results)-1].Followers = c.Followers
		}
	}
	in, err := store.ReportInput(ctx, b, results, nowUTC())
	if err != nil {
		return campaign.Report{}, err
	}
	for _, r := range rows { // past the outreach stage: the outreach went out
		if r.Stage != string(workflows.StageOutreach) {
			in.Contacted = append(in.Contacted, r.Handle)
		}
	}
	return campaign.BuildReport(in, campaign.ReportOptions{Rates: rates})
}

// printKPIs writes the campaign's KPIs so far.
func printKPIs(ctx context.Context, w io.Writer, mf measureFlags, campaignID string) error {
	store, rates, err := mf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	r, err := liveReport(ctx, store, rates, campaignID)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nKPIs so far (committed fees, latest metrics, orders received):")
	return r.WriteSummary(w)
}

// writeReport renders a report to stdout or to a file.
func (a *app) writeReport(r campaign.Report, format, file string) error {
	var buf bytes.Buffer
	if err := r.Write(&buf, format); err != nil {
		return err
	}
	if file == "" || file == "-" {
		_, err := a.out.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		return err
	}
	abs, _ := filepath.Abs(file)
	fmt.Fprintf(a.errOut, "Report written to %s\n", abs)
	return nil
}

func nowUTC() time.Time { return time.Now().UTC() }

// kpisSoFar appends the KPIs so far to `campaign status` when the store is reachable.
func (a *app) kpisSoFar(ctx context.Context, mf measureFlags, campaignID string) {
	if mf.databaseURL == "" {
		fmt.Fprintln(a.out, "\n(KPIs so far: give --database-url or set DATABASE_URL)")
		return
	}
	if err := printKPIs(ctx, a.out, mf, campaignID); err != nil {
		fmt.Fprintf(a.errOut, "KPIs so far not available: %v\n", err)
	}
}

// storedReport prints the report stored in PostgreSQL.
func (a *app) storedReport(ctx context.Context, mf measureFlags, campaignID, format, output string) error {
	store, _, err := mf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	r, err := store.Report(ctx, campaignID)
	if errors.Is(err, postgres.ErrNoReport) {
		return fmt.Errorf("campaign %s has no stored report yet: it is made when every collaboration has ended — see `starter campaign status %s`", campaignID, campaignID)
	}
	if err != nil {
		return err
	}
	return a.writeReport(r, format, output)
}
