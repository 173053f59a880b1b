package slack

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
)

func usd(amount int64) campaign.Money { return campaign.Money{Amount: amount, Currency: "USD"} }

// buttons returns the cards' buttons: action ID → label and value.
func buttons(t *testing.T, c Card) map[string]struct {
	Label string
	Value ButtonValue
} {
	raw, err := json.Marshal(c.Blocks())
	require.NoError(t, err)
	var blocks []struct {
		Elements []struct {
			ActionID string          `json:"action_id"`
			Text     json.RawMessage `json:"text"`
			Value    string          `json:"value"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(raw, &blocks))
	out := map[string]struct {
		Label string
		Value ButtonValue
	}{}
	for _, b := range blocks {
		for _, e := range b.Elements {
			if e.ActionID == "" {
				continue
			}
			require.LessOrEqual(t, len(e.Value), maxButtonValue, "Slack refuses longer button values")
			var v ButtonValue
			require.NoError(t, json.Unmarshal([]byte(e.Value), &v))
			var label struct {
				Text string `json:"text"`
			}
			require.NoError(t, json.Unmarshal(e.Text, &label))
			out[e.ActionID] = struct {
				Label string
				Value ButtonValue
			}{label.Text, v}
		}
	}
	return out
}

// withinLimits checks what Slack would refuse: more than 50 blocks, a section
// text over 3,000 characters, a field over 2,000, a header over 150.
func withinLimits(t *testing.T, c Card) {
	t.Helper()
	raw, err := json.Marshal(c.Blocks())
	require.NoError(t, err)
	var blocks []struct {
		Type string `json:"type"`
		Text *struct {
			Text string `json:"text"`
		} `json:"text"`
		Fields []struct {
			Text string `json:"text"`
		} `json:"fields"`
		Elements []struct {
			Text json.RawMessage `json:"text"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(raw, &blocks))
	require.LessOrEqual(t, len(blocks), 50)
	require.LessOrEqual(t, len(BlocksText(c.Blocks())), 50*maxSectionText)
	for _, b := range blocks {
		if b.Text != nil {
			limit := maxSectionText
			if b.Type == "header" {
				limit = maxHeaderText
			}
			require.LessOrEqual(t, len([]rune(b.Text.Text)), limit, b.Type)
		}
		require.LessOrEqual(t, len(b.Fields), 10)
		for _, f := range b.Fields {
			require.LessOrEqual(t, len([]rune(f.Text)), maxFieldText)
		}
		for _, e := range b.Elements {
			var s string
			if json.Unmarshal(e.Text, &s) == nil {
				require.LessOrEqual(t, len([]rune(s)), maxSectionText, "context text")
			}
		}
	}
}

func TestDraftCardShowsVettingScoreAndFlags(t *testing.T) {
	c := Card{Title: "Draft 1 from @jane needs a decision", Creator: "Jane Ito (@jane)", Kind: KindDraft, Target: "w",
		Vetting: &Vetting{Score: 71.6, Flags: []campaign.Flag{{Kind: campaign.FlagLikesComments, Severity: campaign.Warning,
			Evidence: "1 comment per 140 likes, tier norm 35"}}}}
	text := BlocksText(c.Blocks())
	require.Contains(t, text, "*Vetting score:* 72/100")
	require.Contains(t, text, ":warning: likes to comments (warning): 1 comment per 140 likes, tier norm 35")

	c.Vetting = &Vetting{Score: 88}
	require.Contains(t, BlocksText(c.Blocks()), "*Vetting score:* 88/100 · no red flags")
	c.Vetting = nil
	require.Contains(t, BlocksText(c.Blocks()), "no vetting on record for this creator")
}

func counterCardForTest() Card {
	return Card{Title: "Counter-offer from @jane: 1,500.00 USD needs a decision", Campaign: "Spring Glow (spring-glow)",
		Creator: "Jane Ito (@jane)", Platform: "instagram", Tier: "micro", Followers: 48200, Budget: "5,000.00 USD",
		BudgetLeft: "2,300.00 USD", Committed: 1, Deliverables: []string{"1 reel"}, PostingDate: "2027-03-15",
		DecideBy: time.Date(2027, 3, 2, 9, 0, 0, 0, time.UTC), Target: "campaign/spring-glow/creator/jane", Kind: KindCounter,
		Vetting: &Vetting{Score: 64, Flags: []campaign.Flag{{Kind: campaign.FlagRateAboveBudget, Severity: campaign.Warning,
			Evidence: "rate 1,400.00 USD is above the budget per creator 1,250.00 USD"}}},
		Counter: &CounterFacts{Counter: usd(150000), Offer: usd(100000), Ceiling: usd(120000), Rate: ptr(usd(140000)),
			RateCard: map[string]campaign.Money{"reel": usd(140000), "story": usd(40000)}}}
}

func ptr[T any](v T) *T { return &v }

func TestCounterCardShowsTheCounterAgainstOfferRateCeilingAndBudget(t *testing.T) {
	c := counterCardForTest()
	text := BlocksText(c.Blocks())
	for _, want := range []string{
		"Counter-offer from @jane: 1,500.00 USD needs a decision", "Spring Glow (spring-glow)", "Jane Ito (@jane)",
		"instagram · micro · 48,200 followers",
		"*1,500.00 USD* asked\nagainst the offer of 1,000.00 USD (+50%)",
		"*Auto-accept ceiling*\n1,200.00 USD\n_the counter is 300.00 USD above it_",
		"1,400.00 USD for the brief's formats\nreel 1,400.00 USD · story 400.00 USD",
		"2,300.00 USD left of 5,000.00 USD if approved", "after 1 committed fee(s) and this counter",
		"decide by Tue 2 Mar 09:00 UTC", "post by 2027-03-15", "• 1 reel",
		"*Vetting score:* 64/100", "rate above budget (warning): rate 1,400.00 USD is above the budget per creator",
	} {
		require.Contains(t, text, want)
	}
	bs := buttons(t, c)
	require.Len(t, bs, 3)
	require.Equal(t, "Approve 1,500.00 USD", bs[ActionApprove].Label)
	require.Equal(t, "Counter-propose", bs[ActionRequestChanges].Label)
	require.Equal(t, "Reject", bs[ActionReject].Label)
	for _, b := range bs {
		require.Equal(t, ButtonValue{Kind: KindCounter, Target: "campaign/spring-glow/creator/jane", Counter: ptr(usd(150000))}, b.Value)
	}
	withinLimits(t, c)

	c.Counter.RateCard, c.Counter.Rate, c.BudgetLeft = nil, nil, ""
	text = BlocksText(c.Blocks())
	require.Contains(t, text, "no rate card on record")
	require.Contains(t, text, "*Budget*\n5,000.00 USD")
}

func rankedForTest(n int) campaign.Shortlist {
	sl := campaign.Shortlist{Considered: n + 7, BeyondSize: 2, ExcludedNotListed: 1}
	for i := range n {
		a := campaign.Assessment{Creator: campaign.Creator{Platform: "instagram", Handle: fmt.Sprintf("creator%02d", i+1),
			Name: fmt.Sprintf("Creator %d", i+1), Followers: int64(40_000 + i)}, Tier: campaign.Micro, Score: float64(90 - i),
			Rate: ptr(usd(int64(90000 + i*1000)))}
		if i == 1 {
			a.Flags = []campaign.Flag{{Kind: campaign.FlagGrowthSpike, Severity: campaign.Warning, Evidence: "followers +45% in a month, engagement +5%"}}
		}
		sl.Ranked = append(sl.Ranked, a)
	}
	for _, h := range []string{"risky", "pricey", "faraway", "quiet"} {
		sl.Excluded = append(sl.Excluded, campaign.Assessment{Creator: campaign.Creator{Handle: h}, Excluded: "content labelled hate"})
	}
	return sl
}

func TestShortlistCardShowsTheTopOfTheRanking(t *testing.T) {
	c := Card{Title: "Shortlist of 12 for Spring Glow needs a decision", Campaign: "Spring Glow (spring-glow)",
		Budget: "5,000.00 USD for 2 creators (2,500.00 USD each)", Target: "campaign/spring-glow", Kind: KindShortlist,
		Shortlist: &ShortlistFacts{Shortlist: rankedForTest(12), CreatorsWanted: 2, BriefID: "spring-glow"}}
	text := BlocksText(c.Blocks())
	for _, want := range []string{
		"Shortlist of 12 for Spring Glow needs a decision",
		"The top *2* of *12* ranked creators are invited first",
		"19 considered (on the brief's platforms and tiers) · 5 excluded · 2 ranked below the shortlist's size",
		"*Budget:* 5,000.00 USD for 2 creators (2,500.00 USD each)",
		"*1. Creator 1 (@creator01)* — score *90* · _invited first_\ninstagram · micro · 40,000 followers · rate 900.00 USD",
		"*2. Creator 2 (@creator02)* — score *89* · _invited first_",
		":warning: growth spike (warning): followers +45% in a month, engagement +5%",
		"*3. Creator 3 (@creator03)* — score *88*\n",
		"*10. Creator 10 (@creator10)*",
		"…and 2 more ranked below",
		"Excluded: @risky (content labelled hate); @pricey (content labelled hate); @faraway (content labelled hate); and 2 more",
		"`starter shortlist show spring-glow`",
	} {
		require.Contains(t, text, want)
	}
	require.NotContains(t, text, "@creator11", "the card lists the top 10")
	bs := buttons(t, c)
	require.Equal(t, []string{"Approve", "Request changes", "Reject"}, []string{bs[ActionApprove].Label, bs[ActionRequestChanges].Label, bs[ActionReject].Label})
	require.Equal(t, ButtonValue{Kind: KindShortlist, Target: "campaign/spring-glow"}, bs[ActionApprove].Value)
	require.Len(t, bs[ActionRequestChanges].Value.Options, 12, "request changes offers every ranked creator to drop")
	require.Equal(t, "creator01", bs[ActionRequestChanges].Value.Options[0])
	withinLimits(t, c)
}

func TestCardsStayWithinSlackLimits(t *testing.T) {
	long := strings.Repeat("evidence that goes on ", 200)
	var flags []campaign.Flag
	for range 8 {
		flags = append(flags, campaign.Flag{Kind: campaign.FlagBrandSafety, Severity: campaign.Severe, Evidence: long})
	}
	sl := rankedForTest(campaign.MaxShortlistSize)
	for i := range sl.Ranked {
		sl.Ranked[i].Flags = flags
		sl.Ranked[i].Creator.Handle = strings.Repeat("h", 30) + fmt.Sprint(i)
		sl.Ranked[i].Creator.Name = long
	}
	c := Card{Title: strings.Repeat("Shortlist ", 40), Campaign: long, Target: "campaign/x", Kind: KindShortlist,
		Shortlist: &ShortlistFacts{Shortlist: sl, CreatorsWanted: 3, BriefID: "x"}}
	withinLimits(t, c)
	opts := buttons(t, c)[ActionRequestChanges].Value.Options
	require.NotEmpty(t, opts)
	require.Less(t, len(opts), 100, "as many handles as fit in a button's value")
	require.True(t, strings.Contains(BlocksText(c.Blocks()), "…and 5 more flag(s)"), "a long name does not hide the flags")

	cc := counterCardForTest()
	cc.Vetting.Flags = flags
	cc.Creator, cc.Title = long, long
	withinLimits(t, cc)
	dc := Card{Title: long, Creator: long, Vetting: &Vetting{Score: 10, Flags: flags}, Target: "w"}
	withinLimits(t, dc)
}

func TestOutcomeOfALongFeedbackStaysWithinSlackLimits(t *testing.T) {
	f := newFakeSlack(t)
	n := New(Config{BotToken: "xoxb-test", Channel: "C1", APIURL: f.srv.GetAPIURL()})
	c := Card{Title: "Shortlist of 3 for Spring needs a decision"}
	require.NoError(t, n.Outcome(t.Context(), "C1", "1.1", c, "<@U-OPS>", "❌ Rejected", strings.Repeat("too long ", 1000), time.Now()))
	up := f.got("chat.update")
	require.Len(t, up, 1)
	text := BlocksTextJSON(up[0].Get("blocks"))
	require.True(t, strings.HasPrefix(text, "*Shortlist of 3 for Spring* — ❌ Rejected by <@U-OPS> at "), text[:80])
	require.LessOrEqual(t, len([]rune(text)), maxSectionText)
}

// The approver sees how the creator asked: a range and its lower bound,
// per-item prices and their sum, and their own words, escaped.
func TestCounterCardShowsRangeItemsAndTheCreatorsWords(t *testing.T) {
	usd := func(n int64) campaign.Money { return campaign.Money{Amount: n, Currency: "USD"} }
	c := Card{Title: "Counter-offer", Kind: KindCounter, Target: "w", Counter: &CounterFacts{Counter: usd(120000), Offer: usd(100000),
		Ceiling: usd(110000), Range: "1,200.00–1,500.00 USD", Items: []string{"reel: 800.00 USD", "stories: 400.00 USD"},
		Words: "Somewhere between 1.2k and 1.5k <!channel>"}}
	text := BlocksText(c.Blocks())
	require.Contains(t, text, "they gave a range, 1,200.00–1,500.00 USD; its lower bound is the ask")
	require.Contains(t, text, "the sum of reel: 800.00 USD + stories: 400.00 USD")
	require.Contains(t, text, "> Somewhere between 1.2k and 1.5k &lt;!channel&gt;")
	require.NotContains(t, text, "<!channel>")
}
