package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/inbox"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/safetext"
)

// triageCmds are `starter inbox show|confirm|correct`: read what the reader
// made of a held email, then deliver it as read, or as a person says.
func (a *app) triageCmds(open func(*cobra.Command) (*postgres.Store, error)) []*cobra.Command {
	idArg := func(s string) (int64, error) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return 0, UsageError{fmt.Errorf("ID must be the number `starter inbox` shows (got %q)", s)}
		}
		return id, nil
	}
	show := &cobra.Command{
		Use:   "show ID",
		Short: "Show one inbound email: who sent it, the creator's own words, and what the reader made of them",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := idArg(args[0])
			if err != nil {
				return err
			}
			st, err := open(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			row, err := st.Inbound(cmd.Context(), id)
			if err != nil {
				return err
			}
			offer := campaign.Money{}
			if row.CampaignID != "" {
				if b, err := st.Campaign(cmd.Context(), row.CampaignID); err == nil {
					offer = b.Offer.Fee
				}
			}
			a.printInbound(row, offer)
			return nil
		},
	}
	var by string
	settle := func(cmd *cobra.Command, id int64, c *inbox.Correction) error {
		ctx, p, done, err := a.inboxPipeline(cmd, open)
		if err != nil {
			return err
		}
		defer done()
		var res inbox.Result
		if c == nil {
			res, err = p.Confirm(ctx, id, by)
		} else {
			res, err = p.Correct(ctx, id, by, *c)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(a.out, "Delivered inbound #%d to %s/%s: %s.\n", res.ID, res.CampaignID, res.Handle, res.Note)
		return nil
	}
	confirm := &cobra.Command{
		Use:     "confirm ID",
		Short:   "Deliver a held email to its collaboration as the reader read it",
		Example: "  starter inbox confirm 42 --by ops@lumen.example",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := idArg(args[0])
			if err != nil {
				return err
			}
			return settle(cmd, id, nil)
		},
	}
	var intent, amount, url, kind string
	correct := &cobra.Command{
		Use:   "correct ID --intent accept|decline|counter|link|unclear",
		Short: "Deliver a held email with the meaning you give it",
		Example: "  starter inbox correct 42 --intent decline\n  starter inbox correct 43 --intent counter --amount \"1500 EUR\"\n" +
			"  starter inbox correct 44 --intent link --url https://drive.example/d/1 --kind draft",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := idArg(args[0])
			if err != nil {
				return err
			}
			c := inbox.Correction{Intent: campaign.Intent(intent), URL: url, Kind: kind}
			if amount != "" {
				m, err := campaign.ParseMoney(amount)
				if err != nil {
					return UsageError{fmt.Errorf("--amount: %w", err)}
				}
				c.Amount = &m
			}
			if kind != "" && kind != campaign.LinkDraft && kind != campaign.LinkPublished {
				return UsageError{fmt.Errorf("--kind must be draft or published (got %q)", kind)}
			}
			if intent == "" {
				return UsageError{errors.New("say what the email means with --intent")}
			}
			return settle(cmd, id, &c)
		},
	}
	for _, c := range []*cobra.Command{confirm, correct} {
		c.Flags().StringVar(&by, "by", currentUser(), "who settles it (env CREATORFLOW_APPROVER)")
	}
	correct.Flags().StringVar(&intent, "intent", "", "accept, decline, counter, link or unclear")
	correct.Flags().StringVar(&amount, "amount", "", "a counter's amount, e.g. \"1500 EUR\"")
	correct.Flags().StringVar(&url, "url", "", "a link's address")
	correct.Flags().StringVar(&kind, "kind", "", "a link's kind: draft or published (default draft)")
	return []*cobra.Command{show, confirm, correct}
}

// inboxPipeline opens the store and Temporal for a command that delivers a
// stored email; done closes both.
func (a *app) inboxPipeline(cmd *cobra.Command, open func(*cobra.Command) (*postgres.Store, error)) (
	context.Context, *inbox.Pipeline, func(), error) {
	st, err := open(cmd)
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, tc, done, err := a.connect()
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return ctx, &inbox.Pipeline{Store: st, Signal: tc, Logger: discardLogger()}, func() { done(); st.Close() }, nil
}

// printInbound shows a stored email; its amounts are read knowing the
// campaign's offer, as the pipeline read them.
func (a *app) printInbound(row postgres.InboundEmail, offer campaign.Money) {
	t := safetext.Terminal
	fmt.Fprintf(a.out, "Inbound #%d  %s  from %s\n", row.ID, row.ReceivedAt.UTC().Format("2006-01-02 15:04 MST"), t(row.Sender))
	fmt.Fprintf(a.out, "Subject:   %s\n", t(row.Subject))
	fmt.Fprintf(a.out, "Status:    %s\n", row.Status)
	if row.CampaignID != "" {
		fmt.Fprintf(a.out, "For:       %s/%s (matched by %s)\n", row.CampaignID, row.Handle, row.MatchedBy)
	}
	if row.Note != "" {
		fmt.Fprintf(a.out, "Why:       %s\n", t(row.Note))
	}
	if in, err := email.ParseInbound(row.Raw); err == nil {
		in.Read(offer)
		r := in.Reading
		fmt.Fprintf(a.out, "Language:  %s\n", r.Language)
		for _, l := range r.Links {
			fmt.Fprintf(a.out, "Link:      %s (%s)\n", t(l.URL), l.Role)
		}
		for _, m := range r.Amounts {
			line := m.Money.String()
			if m.High > 0 {
				line = campaign.FormatMinor(m.Money.Amount) + "–" + campaign.FormatMinor(m.High) + " " + m.Money.Currency
			}
			if m.For != "" {
				line += " for " + m.For
			}
			fmt.Fprintf(a.out, "Amount:    %s (written %q)\n", line, t(m.Text))
		}
	}
	var r campaign.Reply
	if json.Unmarshal(row.Reply, &r) == nil && r.Intent != "" {
		reading := string(r.Intent)
		if r.Counter != nil {
			reading += " " + r.Counter.String()
		}
		if r.CounterRange != "" {
			reading += " (range " + r.CounterRange + ")"
		}
		if r.URL != "" {
			reading += " " + t(r.URL) + " (" + r.LinkKind + ")"
		}
		if r.Question {
			reading += " (asks a question)"
		}
		fmt.Fprintf(a.out, "Reading:   %s, confidence %.2f\n", reading, r.Confidence)
	}
	fmt.Fprintln(a.out, "Their words:")
	for _, l := range strings.Split(t(row.Body), "\n") {
		fmt.Fprintln(a.out, "  "+l)
	}
	if row.Status == inbox.StatusHeld {
		fmt.Fprintf(a.out, "\nSettle it: starter inbox confirm %d   or   starter inbox correct %d --intent …\n", row.ID, row.ID)
	}
}
