package campaign

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// Snapshot is one metrics pull of one post.
type Snapshot struct {
	CampaignID string    `json:"campaign_id"`
	Handle     string    `json:"handle"`
	Platform   string    `json:"platform"`
	PostURL    string    `json:"post_url"`
	Pull       int       `json:"pull"` // index into the brief's monitoring schedule
	TakenAt    time.Time `json:"taken_at"`
	Views      int64     `json:"views"`
	Likes      int64     `json:"likes"`
	Comments   int64     `json:"comments"`
	Shares     int64     `json:"shares"`
	Saves      int64     `json:"saves"`
	// Source says where the figures came from: "simulated", "api" or "self-reported".
	Source string `json:"source"`
}

// Engagements = likes + comments + shares + saves.
func (s Snapshot) Engagements() int64 { return s.Likes + s.Comments + s.Shares + s.Saves }

// Outcome is how a collaboration ended.
type Outcome string

const (
	OutcomeCompleted    Outcome = "completed"
	OutcomeDeclined     Outcome = "declined"
	OutcomeUnresponsive Outcome = "unresponsive"
	OutcomeRejected     Outcome = "rejected"
	OutcomeMissedDraft  Outcome = "missed_draft"
	OutcomeNotPublished Outcome = "not_published"
	OutcomeCancelled    Outcome = "cancelled"
	OutcomeFailed       Outcome = "failed" // the workflow failed; see its history
)

// Paid reports whether the outcome owes the creator the fee (an agreement was
// reached and not ended by the brand before publication).
func (o Outcome) Paid() bool { return o == OutcomeCompleted }

// CollaborationResult is what a collaboration hands back to its campaign.
type CollaborationResult struct {
	Handle    string  `json:"handle"`
	Platform  string  `json:"platform"`
	Followers int64   `json:"followers"`
	Outcome   Outcome `json:"outcome"`
	Fee       Money   `json:"fee"`
	PostURL   string  `json:"post_url,omitempty"`
}

// ReportLine is one creator's figures (or the total). Ratios are nil when they
// cannot be computed (no views, no engagements): shown as n/a, never 0 or NaN.
type ReportLine struct {
	Handle         string   `json:"handle"`
	Platform       string   `json:"platform,omitempty"`
	Outcome        Outcome  `json:"outcome,omitempty"`
	Followers      int64    `json:"followers"`
	Cost           Money    `json:"cost"`
	Views          int64    `json:"views"`
	Engagements    int64    `json:"engagements"`
	EngagementRate *float64 `json:"engagement_rate_by_followers"`
	CPM            *Money   `json:"cpm"`
	CPE            *Money   `json:"cpe"`
	Simulated      bool     `json:"simulated,omitempty"`
	SelfReported   bool     `json:"self_reported,omitempty"` // figures entered by hand, not read from the platform
}

// Report is a campaign's result, per creator and in total.
type Report struct {
	CampaignID  string       `json:"campaign_id"`
	Name        string       `json:"name"`
	Currency    string       `json:"currency"`
	Creators    []ReportLine `json:"creators"`
	Total       ReportLine   `json:"total"`
	KPIs        KPIs         `json:"kpis"`
	GeneratedAt time.Time    `json:"generated_at"`
}

// BuildReport computes the report from each collaboration's result and its
// latest snapshot. Cost is the fee of completed collaborations only.
func BuildReport(b Brief, results []CollaborationResult, latest map[string]Snapshot, at time.Time) Report {
	r := Report{CampaignID: b.ID, Name: b.Name, Currency: b.Budget.Currency, KPIs: b.KPIs, GeneratedAt: at}
	total := ReportLine{Handle: "TOTAL", Cost: Money{Currency: b.Budget.Currency}}
	for _, res := range results {
		line := ReportLine{Handle: res.Handle, Platform: res.Platform, Outcome: res.Outcome,
			Followers: res.Followers, Cost: Money{Currency: b.Budget.Currency}}
		if res.Outcome.Paid() {
			line.Cost = res.Fee
		}
		if s, ok := latest[res.Handle]; ok {
			line.Views, line.Engagements, line.Simulated = s.Views, s.Engagements(), s.Source == "simulated"
			line.SelfReported = s.Source == "self-reported"
		}
		line.fillRatios()
		r.Creators = append(r.Creators, line)
		total.Cost = total.Cost.Add(line.Cost)
		total.Views += line.Views
		total.Engagements += line.Engagements
		total.Simulated = total.Simulated || line.Simulated
		total.SelfReported = total.SelfReported || line.SelfReported
		if line.Views > 0 || line.Engagements > 0 {
			total.Followers += line.Followers // rate over the creators who posted
		}
	}
	total.fillRatios()
	r.Total = total
	return r
}

func (l *ReportLine) fillRatios() {
	l.EngagementRate, l.CPM, l.CPE = nil, nil, nil
	if l.Followers > 0 && (l.Views > 0 || l.Engagements > 0) {
		er := float64(l.Engagements) / float64(l.Followers)
		l.EngagementRate = &er
	}
	if l.Views > 0 {
		l.CPM = &Money{Amount: divRound(l.Cost.Amount*1000, l.Views), Currency: l.Cost.Currency}
	}
	if l.Engagements > 0 {
		l.CPE = &Money{Amount: divRound(l.Cost.Amount, l.Engagements), Currency: l.Cost.Currency}
	}
}

// divRound divides rounding half away from zero, in integers.
func divRound(a, b int64) int64 {
	if (a < 0) != (b < 0) {
		return (a - b/2) / b
	}
	return (a + b/2) / b
}

// WriteTable prints the report as an aligned text table.
func (r Report) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "Campaign %s — %s (%s)\n", r.CampaignID, r.Name, r.Currency)
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "creator\tplatform\toutcome\tfollowers\tcost\tviews\tengagements\teng. rate (followers)\tCPM\tCPE\t")
	row := func(l ReportLine) {
		if l.SelfReported && l.Handle != "TOTAL" {
			l.Handle += " (self-reported)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%d\t%d\t%s\t%s\t%s\t\n", l.Handle, l.Platform, l.Outcome,
			l.Followers, FormatMinor(l.Cost.Amount), l.Views, l.Engagements, pct(l.EngagementRate), money(l.CPM), money(l.CPE))
	}
	for _, l := range r.Creators {
		row(l)
	}
	row(r.Total)
	if err := tw.Flush(); err != nil {
		return err
	}
	var bench []string
	if r.KPIs.CPM != nil {
		bench = append(bench, fmt.Sprintf("CPM %s (%s)", r.KPIs.CPM, metMissed(r.Total.CPM, r.KPIs.CPM)))
	}
	if r.KPIs.CPE != nil {
		bench = append(bench, fmt.Sprintf("CPE %s (%s)", r.KPIs.CPE, metMissed(r.Total.CPE, r.KPIs.CPE)))
	}
	if r.KPIs.EngagementRate != nil {
		state := "n/a"
		if r.Total.EngagementRate != nil {
			state = map[bool]string{true: "met", false: "missed"}[*r.Total.EngagementRate >= *r.KPIs.EngagementRate]
		}
		bench = append(bench, fmt.Sprintf("engagement rate %s (%s)", pct(r.KPIs.EngagementRate), state))
	}
	if len(bench) > 0 {
		fmt.Fprintf(w, "Benchmarks fixed at launch: %s\n", strings.Join(bench, ", "))
	}
	if r.Total.SelfReported {
		fmt.Fprintln(w, "Figures marked (self-reported) were entered by hand from the creator's own numbers, not read from the platform.")
	}
	if r.Total.Simulated {
		fmt.Fprintln(w, "Metrics are SIMULATED (no platform API configured); do not use them as results.")
	}
	return nil
}

// metMissed compares a cost ratio with its benchmark: lower is better.
func metMissed(got, want *Money) string {
	if got == nil {
		return "n/a"
	}
	if got.Amount <= want.Amount {
		return "met"
	}
	return "missed"
}

func pct(f *float64) string {
	if f == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.2f%%", *f*100)
}

func money(m *Money) string {
	if m == nil {
		return "n/a"
	}
	return FormatMinor(m.Amount)
}
