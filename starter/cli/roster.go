package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
)

// dbFlag adds --database-url (env DATABASE_URL) to a command that reads or writes the roster.
func dbFlag(c *cobra.Command) *string {
	v := new(string)
	c.Flags().StringVar(v, "database-url", os.Getenv("DATABASE_URL"), "PostgreSQL URL of creatorflow's store (env DATABASE_URL)")
	return v
}

func (a *app) openStore(ctx contextT, url string) (*postgres.Store, error) {
	if strings.TrimSpace(url) == "" {
		return nil, UsageError{errors.New("this command reads the roster in PostgreSQL: set --database-url or DATABASE_URL, " +
			"e.g. postgres://creatorflow:creatorflow@127.0.0.1:5432/creatorflow (make run prints it)")}
	}
	return postgres.Open(ctx, url)
}

func (a *app) rosterCmd() *cobra.Command {
	c := &cobra.Command{Use: "roster", Short: "Import, list and show the creator roster (PostgreSQL)"}
	c.AddCommand(a.rosterImportCmd(), a.rosterListCmd(), a.rosterShowCmd())
	return c
}

func (a *app) rosterImportCmd() *cobra.Command {
	var format string
	var skipInvalid bool
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Add or update creators from a CSV or JSON file (by platform + handle, in one transaction)",
		Long: "Reads FILE (CSV or JSON, from the extension or --format), checks every row, and upserts the creators by\n" +
			"platform + handle in one transaction. It reports rows added, updated and rejected, each rejection with its\n" +
			"line number and reason. A file with any rejected row changes nothing unless --skip-invalid is given.\n\n" +
			"CSV columns (header row, any order; platform, handle, email, followers required):\n  " +
			strings.Join(campaign.CSVColumns, ",") + "\n" +
			"Lists use \";\"; breakdowns and rate cards key=value: US=60;GB=25  reel=1200.00 USD;story=300.00 USD\n" +
			"follower_history: 2026-01-01=40000;2026-02-01=45000 (or =45000/1900 with average engagements).\n" +
			"JSON: an array of objects with the same fields (see examples/roster.json).",
		Example: "  starter roster import examples/roster.json\n  starter roster import creators.csv --skip-invalid",
		Args:    exactArgs(1),
	}
	dbURL := dbFlag(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		return a.importRoster(cmd.Context(), args[0], format, *dbURL, skipInvalid)
	}
	c.Flags().StringVar(&format, "format", "", "csv or json (default: from the file's extension)")
	c.Flags().BoolVar(&skipInvalid, "skip-invalid", false, "import the valid rows even when some are rejected")
	return c
}

func (a *app) rosterListCmd() *cobra.Command {
	var f postgres.RosterFilter
	var tier, format string
	c := &cobra.Command{
		Use:     "list",
		Short:   "List creators, largest first, filtered by platform, tier, category or country",
		Example: "  starter roster list --platform instagram --tier micro --category skincare --country US",
		Args:    exactArgs(0),
	}
	dbURL := dbFlag(c)
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		if tier != "" {
			t, err := campaign.ParseTier(tier)
			if err != nil {
				return UsageError{fmt.Errorf("--tier: %w", err)}
			}
			f.Tier = t
		}
		if format != "table" && format != "json" {
			return UsageError{fmt.Errorf("--format must be table or json (got %q)", format)}
		}
		ctx, cancel := a.ctx()
		defer cancel()
		store, err := a.openStore(ctx, *dbURL)
		if err != nil {
			return err
		}
		defer store.Close()
		cs, err := store.ListCreators(ctx, f)
		if err != nil {
			return err
		}
		if format == "json" {
			return writeJSON(a, cs)
		}
		if len(cs) == 0 {
			fmt.Fprintln(a.out, "No creators match.")
			return nil
		}
		tw := tabwriter.NewWriter(a.out, 0, 2, 2, ' ', 0)
		fmt.Fprintln(tw, "PLATFORM/HANDLE\tNAME\tTIER\tFOLLOWERS\tENG. RATE\tCOUNTRY\tCATEGORIES\tFLAGS")
		for _, cr := range cs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%.2f%%\t%s\t%s\t%s\n", cr.Key(), cr.Name, cr.Tier(), cr.Followers,
				cr.EngagementRate()*100, cr.Country, strings.Join(cr.Categories, ", "), strings.Join(cr.BrandSafety, ", "))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(a.out, "%d creator(s).\n", len(cs))
		return nil
	}
	c.Flags().StringVar(&f.Platform, "platform", "", "instagram, tiktok or youtube")
	c.Flags().StringVar(&tier, "tier", "", "nano, micro, macro or mega")
	c.Flags().StringVar(&f.Category, "category", "", "a content category, e.g. skincare")
	c.Flags().StringVar(&f.Country, "country", "", "home country or audience country, e.g. US")
	c.Flags().IntVar(&f.Limit, "limit", 100, "at most this many (0: all)")
	c.Flags().StringVar(&format, "format", "table", "table or json")
	return c
}

func writeJSON(a *app, v any) error {
	enc := json.NewEncoder(a.out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (a *app) rosterShowCmd() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     "show PLATFORM/HANDLE",
		Short:   "Show one creator's roster entry: audience, rates, follower history, flags",
		Example: "  starter roster show instagram/jane.glows",
		Args:    exactArgs(1),
	}
	dbURL := dbFlag(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		platform, handle, ok := strings.Cut(args[0], "/")
		if !ok || platform == "" || handle == "" {
			return UsageError{fmt.Errorf("want PLATFORM/HANDLE such as instagram/jane.glows (got %q)", args[0])}
		}
		ctx, cancel := a.ctx()
		defer cancel()
		store, err := a.openStore(ctx, *dbURL)
		if err != nil {
			return err
		}
		defer store.Close()
		cr, err := store.Creator(ctx, strings.ToLower(platform), strings.TrimPrefix(strings.ToLower(handle), "@"))
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(a, cr)
		}
		w := a.out
		fmt.Fprintf(w, "%s — %s <%s>\n", cr.Key(), cr.Name, cr.Email)
		fmt.Fprintf(w, "  tier %s, %d followers, country %s, categories %s\n", cr.Tier(), cr.Followers, orNA(cr.Country), orNA(strings.Join(cr.Categories, ", ")))
		fmt.Fprintf(w, "  per post: %d views, %d likes, %d comments, %d shares, %d saves; engagement rate %.2f%%\n",
			cr.AvgViews, cr.AvgLikes, cr.AvgComments, cr.AvgShares, cr.AvgSaves, cr.EngagementRate()*100)
		breakdown := func(name string, m map[string]float64) {
			if len(m) == 0 {
				fmt.Fprintf(w, "  audience %s: n/a\n", name)
				return
			}
			var parts []string
			for _, k := range sortedKeys(m) {
				parts = append(parts, fmt.Sprintf("%s %.0f%%", k, m[k]))
			}
			fmt.Fprintf(w, "  audience %s: %s\n", name, strings.Join(parts, ", "))
		}
		breakdown("countries", cr.Audience.Countries)
		breakdown("ages", cr.Audience.Ages)
		breakdown("genders", cr.Audience.Genders)
		if len(cr.RateCard) == 0 {
			fmt.Fprintln(w, "  rate card: n/a")
		} else {
			var parts []string
			for _, k := range sortedKeys(cr.RateCard) {
				parts = append(parts, k+" "+cr.RateCard[k].String())
			}
			fmt.Fprintf(w, "  rate card: %s\n", strings.Join(parts, ", "))
		}
		if len(cr.FollowerHistory) == 0 {
			fmt.Fprintln(w, "  follower history: n/a")
		} else {
			var parts []string
			for _, h := range cr.FollowerHistory {
				parts = append(parts, fmt.Sprintf("%s %d", h.Date, h.Followers))
			}
			fmt.Fprintf(w, "  follower history: %s\n", strings.Join(parts, ", "))
		}
		fmt.Fprintf(w, "  brand safety: %s\n", orNA(strings.Join(cr.BrandSafety, ", ")))
		return nil
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	return ks
}
