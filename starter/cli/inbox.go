package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/safetext"
)

// inboxCmd lists what the inbound pipeline could not settle by itself, and
// lets a person deliver a message to the right collaboration.
func (a *app) inboxCmd() *cobra.Command {
	var dsn string
	open := func(cmd *cobra.Command) (*postgres.Store, error) {
		if dsn == "" {
			return nil, UsageError{errors.New("the inbox lives in PostgreSQL: set --database-url or DATABASE_URL")}
		}
		return postgres.Open(cmd.Context(), dsn)
	}
	c := &cobra.Command{
		Use:   "inbox",
		Short: "List creator emails that need a person, and emails held back by the sending limits",
		Long: "inbox lists inbound emails a person must settle: held (matched, but the reading is not sure or the sender\n" +
			"is not authenticated), unmatched, forged (a reply token that does not verify), quarantined (unreadable),\n" +
			"dead (delivery kept failing) or still retrying, and replies that were not understood; and outgoing\n" +
			"emails that are queued by the daily limit or whose send was interrupted.\n" +
			"Read one with `starter inbox show ID`; deliver a held one with `starter inbox confirm` or `correct`,\n" +
			"an unmatched one with `starter inbox assign`.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := open(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			in, err := st.InboxForOps(cmd.Context(), 200)
			if err != nil {
				return err
			}
			out, err := st.OutboxForOps(cmd.Context())
			if err != nil {
				return err
			}
			if len(in) == 0 && len(out) == 0 {
				fmt.Fprintln(a.out, "Nothing needs a person.")
				return nil
			}
			if len(in) > 0 {
				fmt.Fprintf(a.out, "Inbound emails needing a person (%d):\n", len(in))
				w := tabwriter.NewWriter(a.out, 2, 4, 2, ' ', 0)
				fmt.Fprintln(w, "ID\tRECEIVED\tFROM\tSTATUS\tINTENT\tCOLLABORATION\tSUBJECT / WHY")
				for _, e := range in {
					collab := "-"
					if e.CampaignID != "" {
						collab = e.CampaignID + "/" + e.Handle
					}
					why := e.Subject
					if e.Note != "" {
						why += " — " + e.Note
					}
					fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.ReceivedAt.UTC().Format("2006-01-02 15:04"), safetext.TerminalLine(e.Sender),
						e.Status, e.Intent, collab, safetext.TerminalLine(why))
					if body := strings.TrimSpace(e.Body); body != "" {
						fmt.Fprintf(w, "\t\t\t\t\t\t“%s”\n", safetext.TerminalLine(strings.ReplaceAll(truncate(body, 140), "\n", " ")))
					}
				}
				_ = w.Flush()
			}
			if len(out) > 0 {
				fmt.Fprintf(a.out, "Outgoing emails not sent yet (%d):\n", len(out))
				w := tabwriter.NewWriter(a.out, 2, 4, 2, ' ', 0)
				fmt.Fprintln(w, "STATUS\tCOLLABORATION\tSTEP\tTO\tWHEN")
				for _, o := range out {
					when := "-"
					switch {
					case o.Status == "queued" && o.NotBefore != nil:
						when = "after " + o.NotBefore.UTC().Format("2006-01-02 15:04 MST")
					case o.Status == "uncertain":
						when = "interrupted mid-send: check the Sent folder; it is not sent again automatically"
					case o.Status == "failed":
						when = "refused by the SMTP server; retrying"
					}
					fmt.Fprintf(w, "%s\t%s/%s\t%s\t%s\t%s\n", o.Status, o.CampaignID, o.Handle, o.Step, o.Recipient, when)
				}
				_ = w.Flush()
			}
			return nil
		},
	}
	c.PersistentFlags().StringVar(&dsn, "database-url", envOr("DATABASE_URL", ""), "PostgreSQL URL (env DATABASE_URL)")

	var intent, url string
	assign := &cobra.Command{
		Use:     "assign ID CAMPAIGN_ID HANDLE",
		Short:   "Deliver a stored email to a collaboration, optionally saying what it means",
		Example: "  starter inbox assign 42 spring-glow-2027 jane\n  starter inbox assign 43 spring-glow-2027 jane --intent link --url https://drive.example/d/1",
		Args:    exactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return UsageError{fmt.Errorf("ID must be the number `starter inbox` shows (got %q)", args[0])}
			}
			switch campaign.Intent(intent) {
			case "", campaign.IntentAccept, campaign.IntentDecline, campaign.IntentLink, campaign.IntentUnclear:
			default:
				return UsageError{fmt.Errorf("--intent must be accept, decline, link or unclear (got %q)", intent)}
			}
			ctx, p, done, err := a.inboxPipeline(cmd, open)
			if err != nil {
				return err
			}
			defer done()
			res, err := p.Assign(ctx, id, args[1], args[2], campaign.Intent(intent), url)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Delivered inbound #%d to %s/%s as %s.\n", res.ID, res.CampaignID, res.Handle, res.Intent)
			return nil
		},
	}
	assign.Flags().StringVar(&intent, "intent", "", "what the email means: accept, decline, link or unclear (default: the classifier's reading)")
	assign.Flags().StringVar(&url, "url", "", "the link, with --intent link")
	c.AddCommand(assign)
	c.AddCommand(a.triageCmds(open)...)
	return c
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
