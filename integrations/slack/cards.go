package slack

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/slack-go/slack"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/internal/safetext"
)

// Kinds of approval besides drafts (ButtonValue.Kind); the worker registers
// a Decider for each.
const (
	KindCounter   = "counter"   // a creator's counter-offer above the auto-accept ceiling
	KindShortlist = "shortlist" // a campaign's ranked shortlist
)

// Slack's limits on a message (Block Kit): blocks per message, characters
// per section text and per field, the header's plain text, a button's value.
const (
	maxBlocks      = 50
	maxSectionText = 3000
	maxFieldText   = 2000
	maxHeaderText  = 150
	maxButtonValue = 2000
	// ShortlistRows is how many of the ranked creators a shortlist card lists.
	ShortlistRows = 10
)

// Vetting is a creator's vetting score (0–100) and red flags.
type Vetting struct {
	Score float64
	Flags []campaign.Flag
}

// CounterFacts is what a counter-offer card shows beside the creator.
type CounterFacts struct {
	Counter  campaign.Money // what the creator asks
	Offer    campaign.Money // the brief's offer
	Ceiling  campaign.Money // the auto-accept ceiling: above it a person decides
	Rate     *campaign.Money
	RateCard map[string]campaign.Money
	// How the creator asked: a range (Counter is its lower bound), per-item
	// prices (Counter is their sum), their own words.
	Range string
	Items []string
	Words string
}

// ShortlistFacts is what a shortlist card shows.
type ShortlistFacts struct {
	Shortlist      campaign.Shortlist
	CreatorsWanted int
	// BriefID names the campaign in the CLI hint (`starter shortlist show <id>`).
	BriefID string
}

func md(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func field(label, value string) *slack.TextBlockObject {
	return md(clip("*"+label+"*\n"+value, maxFieldText))
}

func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(md(clip(text, maxSectionText)), nil, nil)
}

func header(title string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(plain(clip(title, maxHeaderText)))
}

func button(id, label, style string, v ButtonValue) *slack.ButtonBlockElement {
	val, _ := json.Marshal(v)
	b := slack.NewButtonBlockElement(id, string(val), plain(label))
	b.Style = slack.Style(style)
	return b
}

// vettingText is the score and the red flags, one line each (at most five listed).
func vettingText(v *Vetting) string {
	if v == nil {
		return "*Vetting:* no vetting on record for this creator"
	}
	s := fmt.Sprintf("*Vetting score:* %.0f/100", v.Score)
	if len(v.Flags) == 0 {
		return s + " · no red flags"
	}
	return s + "\n" + flagLines(v.Flags, 5, 280)
}

// flagLines lists at most n flags, each clipped to width characters.
func flagLines(flags []campaign.Flag, n, width int) string {
	var out []string
	for i, f := range flags {
		if i == n {
			out = append(out, fmt.Sprintf("…and %d more flag(s)", len(flags)-n))
			break
		}
		icon := ":warning:"
		if f.Severity == campaign.Severe {
			icon = ":no_entry:"
		}
		out = append(out, clip(fmt.Sprintf("%s %s (%s): %s", icon, strings.ReplaceAll(f.Kind, "_", " "), f.Severity, safetext.SlackLine(f.Evidence)), width))
	}
	return strings.Join(out, "\n")
}

func deadlineText(c Card) string {
	deadline := "post by " + orNone(c.PostingDate, "no posting date set")
	if !c.DecideBy.IsZero() {
		deadline = "decide by " + c.DecideBy.UTC().Format("Mon 2 Jan 15:04 MST") + "\n" + deadline
	}
	return deadline
}

// counterBlocks renders a counter-offer card: the counter against the offer,
// the rate card and the ceiling, the budget left if approved, the deadline.
func (c Card) counterBlocks() []slack.Block {
	f := c.Counter
	if f == nil {
		f = &CounterFacts{}
	}
	counter := fmt.Sprintf("*%s* asked\nagainst the offer of %s%s", f.Counter, f.Offer, percentAbove(f.Counter, f.Offer))
	if f.Range != "" {
		counter += "\n_they gave a range, " + safetext.SlackLine(f.Range) + "; its lower bound is the ask_"
	}
	if len(f.Items) > 0 {
		counter += "\n_the sum of " + safetext.SlackLine(strings.Join(f.Items, " + ")) + "_"
	}
	ceiling := f.Ceiling.String()
	if f.Ceiling.Currency == f.Counter.Currency && f.Counter.Amount > f.Ceiling.Amount {
		ceiling += fmt.Sprintf("\n_the counter is %s above it_", campaign.Money{Amount: f.Counter.Amount - f.Ceiling.Amount, Currency: f.Counter.Currency})
	} else if f.Ceiling.Currency != f.Counter.Currency {
		ceiling += "\n_the counter is in another currency_"
	}
	rate := "no rate card on record"
	if f.Rate != nil {
		rate = f.Rate.String() + " for the brief's formats"
	}
	if len(f.RateCard) > 0 {
		var formats []string
		for k := range f.RateCard {
			formats = append(formats, k)
		}
		sort.Strings(formats)
		var lines []string
		for _, k := range formats {
			lines = append(lines, fmt.Sprintf("%s %s", k, f.RateCard[k]))
		}
		rate += "\n" + strings.Join(lines, " · ")
	}
	budget := c.Budget
	if c.BudgetLeft != "" {
		budget = fmt.Sprintf("%s left of %s if approved\n_after %d committed fee(s) and this counter_", c.BudgetLeft, c.Budget, c.Committed)
	}
	fields := []*slack.TextBlockObject{
		field("Creator", safetext.Slack(c.Creator)),
		field("Platform", fmt.Sprintf("%s · %s · %s followers", c.Platform, c.Tier, thousands(c.Followers))),
		field("Counter-offer", counter),
		field("Auto-accept ceiling", ceiling),
		field("Rate card", rate),
		field("Budget", budget),
		field("Deadline", deadlineText(c)),
	}
	var deliverables []string
	for _, d := range c.Deliverables {
		deliverables = append(deliverables, "• "+safetext.SlackLine(d))
	}
	v := ButtonValue{Kind: KindCounter, Target: c.Target, Revision: c.Revision, Counter: &f.Counter}
	blocks := []slack.Block{
		header(c.Title),
		slack.NewSectionBlock(md(clip("Campaign *"+safetext.SlackLine(c.Campaign)+"*", maxSectionText)), fields, nil),
		section(vettingText(c.Vetting)),
		section("*For*\n" + orNone(strings.Join(deliverables, "\n"), "• no deliverables listed")),
	}
	if w := strings.TrimSpace(f.Words); w != "" {
		blocks = append(blocks, section("*In their words*\n> "+strings.ReplaceAll(safetext.Slack(clip(w, 1500)), "\n", "\n> ")))
	}
	return append(blocks,
		slack.NewActionBlock("approval",
			button(ActionApprove, "Approve "+f.Counter.String(), "primary", v),
			button(ActionRequestChanges, "Counter-propose", "", v),
			button(ActionReject, "Reject", "danger", v)))
}

// percentAbove says how far a is above b: " (+25%)"; empty when not comparable.
func percentAbove(a, b campaign.Money) string {
	if a.Currency != b.Currency || b.Amount <= 0 {
		return ""
	}
	return fmt.Sprintf(" (%+.0f%%)", float64(a.Amount-b.Amount)*100/float64(b.Amount))
}

// shortlistBlocks renders a shortlist card: the top ShortlistRows of the
// ranked shortlist (score, tier, followers, rate, flags), what was
// considered and excluded, and the buttons.
func (c Card) shortlistBlocks() []slack.Block {
	f := c.Shortlist
	if f == nil {
		f = &ShortlistFacts{}
	}
	sl := f.Shortlist
	excluded := len(sl.Excluded) + sl.ExcludedNotListed
	summary := fmt.Sprintf("Campaign *%s*\nThe top *%d* of *%d* ranked creators are invited first; the rest wait in line.\n"+
		"%d considered (on the brief's platforms and tiers) · %d excluded · %d ranked below the shortlist's size",
		c.Campaign, min(f.CreatorsWanted, len(sl.Ranked)), len(sl.Ranked), sl.Considered, excluded, sl.BeyondSize)
	if c.Budget != "" {
		summary += "\n*Budget:* " + c.Budget
	}
	if !c.DecideBy.IsZero() {
		summary += "\n*Decide by:* " + c.DecideBy.UTC().Format("Mon 2 Jan 15:04 MST")
	}
	blocks := []slack.Block{header(c.Title), section(summary)}
	for i, a := range sl.Ranked {
		if i == ShortlistRows {
			break
		}
		blocks = append(blocks, section(shortlistRow(i, a, i < f.CreatorsWanted)))
	}
	var more []string
	if n := len(sl.Ranked) - ShortlistRows; n > 0 {
		more = append(more, fmt.Sprintf("…and %d more ranked below", n))
	}
	if len(sl.Excluded) > 0 {
		var ex []string
		for i, a := range sl.Excluded {
			if i == 3 {
				ex = append(ex, fmt.Sprintf("and %d more", excluded-3))
				break
			}
			ex = append(ex, clip(fmt.Sprintf("@%s (%s)", safetext.SlackLine(a.Creator.Handle), safetext.SlackLine(a.Excluded)), 200))
		}
		more = append(more, "Excluded: "+strings.Join(ex, "; "))
	}
	if f.BriefID != "" {
		more = append(more, fmt.Sprintf("Every score's reasons: `starter shortlist show %s`", f.BriefID))
	}
	if len(more) > 0 {
		blocks = append(blocks, slack.NewContextBlock("more", md(clip(strings.Join(more, "\n"), maxSectionText))))
	}
	v := ButtonValue{Kind: KindShortlist, Target: c.Target, Revision: c.Revision}
	changes := v
	changes.Options = dropOptions(v, sl.Ranked)
	blocks = append(blocks, slack.NewActionBlock("approval",
		button(ActionApprove, "Approve", "primary", v),
		button(ActionRequestChanges, "Request changes", "", changes),
		button(ActionReject, "Reject", "danger", v)))
	return blocks[:min(len(blocks), maxBlocks)]
}

func shortlistRow(i int, a campaign.Assessment, invited bool) string {
	who := "@" + clip(safetext.SlackLine(a.Creator.Handle), 60)
	if a.Creator.Name != "" {
		who = clip(safetext.SlackLine(a.Creator.Name), 80) + " (" + who + ")"
	}
	rate := "rate unknown"
	if a.Rate != nil {
		rate = "rate " + a.Rate.String()
	}
	tier := a.Tier
	if tier == "" {
		tier = a.Creator.Tier()
	}
	s := fmt.Sprintf("*%d. %s* — score *%.0f*", i+1, who, a.Score)
	if invited {
		s += " · _invited first_"
	}
	s += fmt.Sprintf("\n%s · %s · %s followers · %s", a.Creator.Platform, tier, thousands(a.Creator.Followers), rate)
	if len(a.Components) > 0 { // the score's parts: points of each part's weight
		parts := make([]string, len(a.Components))
		for j, c := range a.Components {
			parts[j] = fmt.Sprintf("%s %.0f/%g", strings.ReplaceAll(c.Name, "_", " "), c.Points, c.Weight)
		}
		s += "\n_" + clip(strings.Join(parts, " · "), 240) + "_"
	}
	if len(a.Flags) > 0 {
		s += "\n" + flagLines(a.Flags, 3, 240)
	}
	return s
}

// dropOptions are the handles the "request changes" modal offers to drop,
// best first, as many as fit in a button's value (and Slack's 100 options).
func dropOptions(v ButtonValue, ranked []campaign.Assessment) []string {
	var out []string
	for _, a := range ranked {
		if len(out) == 100 {
			break
		}
		if len(a.Creator.Handle) > 150 { // Slack's limit on an option's value
			continue
		}
		v.Options = append(out, a.Creator.Handle)
		if raw, _ := json.Marshal(v); len(raw) > maxButtonValue-50 {
			break
		}
		out = v.Options
	}
	return out
}
