package campaign

// CreatorOutcome is how one creator did in one campaign, written back to the
// roster so future vetting can weigh past partnerships.
type CreatorOutcome struct {
	CampaignID string  `json:"campaign_id"`
	Platform   string  `json:"platform"`
	Handle     string  `json:"handle"`
	Outcome    Outcome `json:"outcome"`
	// OnTime: published without needing a draft or publication reminder; false
	// when the draft or the post never came; nil when it never got that far.
	OnTime *bool `json:"on_time"`
	// Expected engagements: the roster's average likes + comments per post,
	// else followers × the brief's engagement-rate benchmark; nil without either.
	EngagementsExpected *int64 `json:"engagements_expected"`
	EngagementsAchieved *int64 `json:"engagements_achieved"`
	Cost                Money  `json:"cost"`
	CPE                 *Money `json:"cpe"`
	CPEBenchmark        *Money `json:"cpe_benchmark"`
	// CostEfficiency is the CPE against its benchmark: met, missed or n/a.
	CostEfficiency string `json:"cost_efficiency"`
}

// Outcomes derives each creator's outcome from the report. roster gives the
// creators' averages by handle; reminded names those who needed a reminder.
func Outcomes(r Report, roster map[string]Creator, reminded map[string]bool) []CreatorOutcome {
	var out []CreatorOutcome
	for _, l := range r.Creators {
		o := CreatorOutcome{CampaignID: r.CampaignID, Platform: l.Platform, Handle: l.Handle, Outcome: l.Outcome,
			EngagementsAchieved: l.Engagements, Cost: l.Cost, CPE: l.CPE, CPEBenchmark: r.KPIs.CPE, CostEfficiency: "n/a"}
		switch l.Outcome {
		case OutcomeCompleted:
			o.OnTime = boolPtr(!reminded[l.Handle])
		case OutcomeMissedDraft, OutcomeNotPublished:
			o.OnTime = boolPtr(false)
		}
		if c, ok := roster[l.Handle]; ok && c.AvgLikes+c.AvgComments > 0 {
			o.EngagementsExpected = i64(c.AvgLikes + c.AvgComments)
		} else if r.KPIs.EngagementRate != nil && l.Followers > 0 {
			o.EngagementsExpected = i64(int64(float64(l.Followers)**r.KPIs.EngagementRate + 0.5))
		}
		if c, ok := l.CheckOf(KPICPE); ok {
			o.CostEfficiency = c.Status
		}
		out = append(out, o)
	}
	return out
}

func boolPtr(b bool) *bool { return &b }
