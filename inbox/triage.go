package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"go.temporal.io/api/serviceerror"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/email"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/reply"
	"github.com/creatorflow/creatorflow/workflows"
)

// Held is a matched reply waiting for a person: what the reader made of it
// and why it is not sure. Triage posts it (Slack), `starter inbox` lists it.
type Held struct {
	ID         int64
	CampaignID string
	Handle     string
	From       string
	Subject    string
	Reading    reply.Reading
	Reason     string
}

// readFor reads the reply again knowing the fee the campaign offered, so an
// amount that only repeats our offer is not taken for a counter. false: the
// offer could not be read (the caller holds what it would act on).
func (p *Pipeline) readFor(ctx context.Context, in *email.Inbound, campaignID string) bool {
	b, err := p.Store.Campaign(ctx, campaignID)
	if err != nil {
		p.log().Warn("inbound email: campaign not found; read without its offer", "campaign", campaignID, "error", err)
		return false
	}
	in.Read(b.Offer.Fee)
	return true
}

// unsure says why a reading must not be acted on without a person ("" if it may).
func unsure(r reply.Reading) string {
	if r.Sure() {
		return ""
	}
	what := string(r.Intent)
	if r.Ask != nil {
		what += " " + r.Ask.String()
	}
	reason := fmt.Sprintf("read as %s with confidence %.2f (below %.2f)", what, r.Confidence, reply.Threshold)
	if r.Problem != "" {
		reason = "read as " + what + ", but " + r.Problem
	}
	if len(r.Why) > 0 {
		reason += ": " + strings.Join(r.Why, "; ")
	}
	return reason
}

// triage tells the triage hook (Slack) of a held reply; the row is held
// whether or not that works: `starter inbox` shows it.
func (p *Pipeline) triage(ctx context.Context, res Result, in email.Inbound, reason string) {
	if p.Triage == nil {
		return
	}
	h := Held{ID: res.ID, CampaignID: res.CampaignID, Handle: res.Handle, From: in.From, Subject: in.Subject,
		Reading: in.Reading, Reason: reason}
	if err := p.Triage(ctx, h); err != nil {
		p.log().Warn("triage card not posted; the email waits in `starter inbox`", "id", res.ID, "error", err)
	}
}

// Settleable: the statuses a person may settle an email from.
var Settleable = []string{StatusHeld, StatusUnmatched, StatusQuarantined, StatusDead, StatusForged}

// ErrSettled means someone settled the email already: nothing was sent again.
var ErrSettled = errors.New("inbox: this email was settled already (see `starter inbox show`)")

// Confirm delivers a held email as it was read, once.
func (p *Pipeline) Confirm(ctx context.Context, id int64, by string) (Result, error) {
	return p.settle(ctx, id, by, nil)
}

// Correction is what a person says a held email means.
type Correction struct {
	Intent campaign.Intent
	Amount *campaign.Money // for a counter
	URL    string          // for a link
	Kind   string          // campaign.LinkDraft or LinkPublished
}

// Correct delivers a held email with the meaning a person gave it, once.
func (p *Pipeline) Correct(ctx context.Context, id int64, by string, c Correction) (Result, error) {
	switch c.Intent {
	case campaign.IntentCounter:
		if c.Amount == nil || c.Amount.Amount <= 0 {
			return Result{}, errors.New("a counter needs its amount, e.g. --amount \"1500 USD\"")
		}
	case campaign.IntentLink:
		if !webLink(c.URL) {
			return Result{}, fmt.Errorf("a link needs an http(s) address with a host, e.g. --url https://drive.example/d/1 (got %q)", c.URL)
		}
	case campaign.IntentAccept, campaign.IntentDecline, campaign.IntentUnclear:
	default:
		return Result{}, fmt.Errorf("the meaning must be accept, decline, counter, link or unclear (got %q)", c.Intent)
	}
	return p.settle(ctx, id, by, &c)
}

// settle claims the row first, so two confirmations signal the workflow
// once; a signal that fails gives the row back.
func (p *Pipeline) settle(ctx context.Context, id int64, by string, c *Correction) (Result, error) {
	if strings.TrimSpace(by) == "" {
		return Result{}, errors.New("say who settles it (--by)")
	}
	row, err := p.Store.Inbound(ctx, id)
	if err != nil {
		return Result{}, err
	}
	if row.CampaignID == "" || row.Handle == "" {
		return Result{}, fmt.Errorf("inbound #%d matched no collaboration: use `starter inbox assign %d CAMPAIGN HANDLE`", id, id)
	}
	var r campaign.Reply
	if len(row.Reply) > 0 && string(row.Reply) != "null" {
		if err := json.Unmarshal(row.Reply, &r); err != nil {
			return Result{}, fmt.Errorf("inbound #%d: stored reading unreadable: %w", id, err)
		}
	}
	if c != nil {
		r.Intent, r.Counter, r.URL, r.LinkKind, r.Question = c.Intent, c.Amount, c.URL, c.Kind, false
		if c.Intent == campaign.IntentLink && c.Kind == "" {
			r.LinkKind = campaign.LinkDraft
		}
	}
	return p.claimAndDeliver(ctx, row, r, by)
}

// DefaultSettleLease is how long a claim whose claimant died before it was
// recorded blocks others: after it, the email may be settled again (the
// workflow drops a repeat of a signal that did arrive).
const DefaultSettleLease = 2 * time.Minute

func (p *Pipeline) settleLease() time.Duration {
	if p.SettleLease > 0 {
		return p.SettleLease
	}
	return DefaultSettleLease
}

// claimAndDeliver is the one way a person's decision reaches a workflow:
// claim the row (of two at once, one wins), signal, record. Only a signal
// that certainly did not arrive gives the row back; one that may have (a
// timeout) stays claimed, and a repeat would be dropped by the workflow,
// which acts once per Message-ID.
func (p *Pipeline) claimAndDeliver(ctx context.Context, row postgres.InboundEmail, r campaign.Reply, by string) (Result, error) {
	r.MessageID, r.ConfirmedBy = row.MessageID, by
	if r.From == "" {
		r.From = row.Sender
	}
	prior := row.Status
	ok, err := p.Store.ClaimToSettle(ctx, row.ID, Settleable, StatusAssigned, "being settled by "+by, p.settleLease())
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return Result{}, ErrSettled
	}
	wid := workflows.CollaborationWorkflowID(row.CampaignID, row.Handle)
	if err := p.Signal.SignalWorkflow(ctx, wid, "", workflows.SignalCreatorMessage, r); err != nil {
		var nf *serviceerror.NotFound
		var bad *serviceerror.InvalidArgument
		if errors.As(err, &nf) || errors.As(err, &bad) || errors.Is(err, context.Canceled) {
			if rerr := p.Store.ReleaseClaim(context.WithoutCancel(ctx), row.ID, prior, row.Note); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
		return Result{}, fmt.Errorf("delivering inbound #%d to %s: %w", row.ID, wid, err)
	}
	replyJSON, _ := json.Marshal(r)
	note := "settled by " + by + " as " + string(r.Intent)
	if r.Counter != nil {
		note += " " + r.Counter.String()
	}
	if err := p.Store.SettleInbound(context.WithoutCancel(ctx), row.ID, StatusAssigned, string(r.Intent), replyJSON, row.CampaignID,
		row.Handle, ByOperator, note); err != nil {
		return Result{}, fmt.Errorf("inbound #%d was delivered, but recording it failed: %w", row.ID, err)
	}
	p.count(StatusAssigned)
	return Result{ID: row.ID, MessageID: row.MessageID, Status: StatusAssigned, CampaignID: row.CampaignID,
		Handle: row.Handle, MatchedBy: ByOperator, Intent: r.Intent, Note: note}, nil
}

// ParseCorrection reads a meaning a person typed: "accept", "decline",
// "unclear", "counter 1500 EUR", "draft https://…", "published https://…".
// A counter with a bare number takes the fee's currency.
func ParseCorrection(s string, fee campaign.Money) (Correction, error) {
	f := strings.Fields(strings.TrimSpace(s))
	if len(f) == 0 {
		return Correction{}, errors.New("say what the reply means, e.g. decline")
	}
	word := strings.ToLower(f[0])
	switch word {
	case "accept", "decline", "unclear":
		if len(f) > 1 {
			return Correction{}, fmt.Errorf("%q takes nothing after it", word)
		}
		return Correction{Intent: campaign.Intent(word)}, nil
	case "counter":
		amount := strings.Join(f[1:], " ")
		if len(f) == 2 && fee.Currency != "" {
			amount += " " + fee.Currency
		}
		m, err := campaign.ParseMoney(amount)
		if err != nil {
			return Correction{}, fmt.Errorf("a counter needs its amount, e.g. counter 1500 EUR: %w", err)
		}
		if m.Amount <= 0 {
			return Correction{}, fmt.Errorf("a counter's amount must be above zero (got %s)", m)
		}
		return Correction{Intent: campaign.IntentCounter, Amount: &m}, nil
	case "draft", "published", "link":
		if len(f) != 2 || !webLink(f[1]) {
			return Correction{}, fmt.Errorf("a %s needs its link, e.g. %s https://…", word, word)
		}
		kind := campaign.LinkDraft
		if word == "published" {
			kind = campaign.LinkPublished
		}
		return Correction{Intent: campaign.IntentLink, URL: f[1], Kind: kind}, nil
	}
	return Correction{}, fmt.Errorf("%q is not a meaning: say accept, decline, unclear, counter AMOUNT, draft URL or published URL", f[0])
}

// MayDecide says whether who may settle the held email: one of its
// campaign's approvers or backup approvers (anyone, when the brief lists
// none — as for every other decision).
func (p *Pipeline) MayDecide(ctx context.Context, id int64, who string) (bool, error) {
	b, ok, err := p.campaignOf(ctx, id)
	if err != nil || !ok {
		return false, err
	}
	return b.AllowsApprover(who) || b.AllowsBackupApprover(who), nil
}

// Fee is the fee the email's campaign offered (for a bare counter amount);
// zero when the email matched no campaign.
func (p *Pipeline) Fee(ctx context.Context, id int64) campaign.Money {
	b, _, _ := p.campaignOf(ctx, id)
	return b.Offer.Fee
}

// campaignOf loads the brief of the campaign a stored email matched; ok is
// false when it matched none.
func (p *Pipeline) campaignOf(ctx context.Context, id int64) (campaign.Brief, bool, error) {
	row, err := p.Store.Inbound(ctx, id)
	if err != nil || row.CampaignID == "" {
		return campaign.Brief{}, false, err
	}
	b, err := p.Store.Campaign(ctx, row.CampaignID)
	return b, err == nil, err
}

// webLink: an absolute http(s) URL with a host — what a draft or post is.
func webLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
