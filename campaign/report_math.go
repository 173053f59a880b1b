package campaign

import (
	"fmt"
	"sort"
	"time"
)

// ReportInput is everything a report is computed from. Only Brief and Results
// are required; what is missing shows as not available.
type ReportInput struct {
	Brief   Brief
	Results []CollaborationResult
	// Snapshots are every metrics pull; the last pull per creator gives its
	// figures, all of them its curve over time.
	Snapshots []Snapshot
	// Tracking per handle: a creator with a link has clicks, one with a link
	// or a code has conversions; without either they are not available.
	Tracking map[string]Tracking
	// Conversions of this campaign, attributed (Handle set) or not.
	Conversions []Conversion
	// Contacted lists the handles whose outreach went out; nil means every
	// collaboration (each starts with its outreach email).
	Contacted []string
	At        time.Time
	// Waves is how the invitation waves went; nil for campaigns without waves.
	Waves *WaveSummary
}

// ReportOptions choose the report's currency (default: the budget's) and the
// exchange rates used to bring every amount into it.
type ReportOptions struct {
	Currency string
	Rates    Rates
}

// ReportLine is one creator's figures, or the total. A nil figure is not
// available (no post, no metric, a division by zero): shown as n/a, never 0 or NaN.
type ReportLine struct {
	Handle                    string   `json:"handle"`
	Platform                  string   `json:"platform,omitempty"`
	Outcome                   Outcome  `json:"outcome,omitempty"`
	Followers                 int64    `json:"followers"`
	Wave                      int      `json:"wave,omitempty"`     // invitation wave (waves.go)
	Replaces                  string   `json:"replaces,omitempty"` // the creator this one was invited in place of
	Cost                      Money    `json:"cost"`
	Views                     *int64   `json:"views"`
	Reach                     *int64   `json:"reach"`
	Engagements               *int64   `json:"engagements"`
	EngagementRateByFollowers *float64 `json:"engagement_rate_by_followers"`
	EngagementRateByViews     *float64 `json:"engagement_rate_by_views"`
	Clicks                    *int64   `json:"clicks"`
	Conversions               *int64   `json:"conversions"`
	Revenue                   *Money   `json:"revenue"`
	CPM                       *Money   `json:"cpm"`
	CPE                       *Money   `json:"cpe"`
	CPC                       *Money   `json:"cpc"`
	CPA                       *Money   `json:"cpa"`
	EMV                       *Money   `json:"emv_estimate"`
	ROI                       *float64 `json:"roi"`
	ROAS                      *float64 `json:"roas"`
	// Checks holds each benchmark fixed at launch beside this line's figure.
	Checks    []Check `json:"checks,omitempty"`
	Series    []Point `json:"series,omitempty"`
	Simulated bool    `json:"simulated,omitempty"`
	// SelfReported: figures entered by hand (starter metrics add), not read from the platform.
	SelfReported bool `json:"self_reported,omitempty"`
}

// Check is one KPI against its benchmark: "met", "missed" or "n/a" (no figure).
type Check struct {
	KPI       string `json:"kpi"`
	Benchmark string `json:"benchmark"`
	Status    string `json:"status"`
}

// Point is one metrics pull on a creator's curve.
type Point struct {
	At          time.Time `json:"at"`
	Views       int64     `json:"views"`
	Engagements int64     `json:"engagements"`
}

// Funnel counts creators at each step: shortlisted → contacted → agreed → published.
type Funnel struct {
	Shortlisted int `json:"shortlisted"`
	Contacted   int `json:"contacted"`
	Agreed      int `json:"agreed"`
	Published   int `json:"published"`
}

// Unattributed sums the campaign's orders no creator was credited with.
type Unattributed struct {
	Orders  int          `json:"orders"`
	Revenue Money        `json:"revenue"`
	Items   []Conversion `json:"items,omitempty"`
}

// Report is a campaign's result, per creator and in total, in one currency.
type Report struct {
	CampaignID   string       `json:"campaign_id"`
	Name         string       `json:"name"`
	Currency     string       `json:"currency"`
	Creators     []ReportLine `json:"creators"`
	Total        ReportLine   `json:"total"`
	KPIs         KPIs         `json:"kpis"` // in the report's currency
	EMVRates     EMVRates     `json:"emv_rates"`
	Funnel       Funnel       `json:"funnel"`
	Unattributed Unattributed `json:"unattributed"`
	Rates        string       `json:"rates,omitempty"` // the exchange rates used, if any
	Notes        []string     `json:"notes,omitempty"`
	Waves        *WaveSummary `json:"waves,omitempty"` // nil: the campaign predates invitation waves
	GeneratedAt  time.Time    `json:"generated_at"`
	// Compact: this copy leaves out the LinesStored per-creator lines and the
	// list of unattributed orders (their count and sum stay); the full report
	// is in the store (report_compact.go). Absent in full reports.
	Compact     bool `json:"compact,omitempty"`
	LinesStored int  `json:"lines_stored,omitempty"`
}

// KPI names, in the order reports show them.
const (
	KPICPM                   = "CPM"
	KPICPE                   = "CPE"
	KPICPC                   = "CPC"
	KPICPA                   = "CPA"
	KPIEngagementByFollowers = "engagement rate (by followers)"
	KPIEngagementByViews     = "engagement rate (by views)"
	KPIROI                   = "ROI"
	KPIROAS                  = "ROAS"
)

// EMVNote labels the earned-media value wherever it is shown.
const EMVNote = "EMV is an estimate: views / 1000 × the EMV CPM plus engagements × the EMV CPE, from the brief's measurement.emv."

// BuildReport computes the report. Every amount is converted into the
// report's currency; an amount in a currency with no rate is an error that
// names it (money is never mixed silently).
func BuildReport(in ReportInput, opt ReportOptions) (Report, error) {
	b := in.Brief
	cur := opt.Currency
	if cur == "" {
		cur = b.Budget.Currency
	}
	conv := func(m Money) (Money, error) {
		if m.Currency == "" {
			return Money{Currency: cur}, nil
		}
		out, err := opt.Rates.Convert(m, cur)
		if err != nil {
			return Money{}, fmt.Errorf("report for campaign %s in %s: %w", b.ID, cur, err)
		}
		return out, nil
	}
	convPtr := func(m *Money) (*Money, error) {
		if m == nil {
			return nil, nil
		}
		out, err := conv(*m)
		return &out, err
	}
	r := Report{CampaignID: b.ID, Name: b.Name, Currency: cur, KPIs: b.KPIs, GeneratedAt: in.At, Waves: in.Waves}
	var err error
	for _, p := range []**Money{&r.KPIs.CPM, &r.KPIs.CPE, &r.KPIs.CPC, &r.KPIs.CPA} {
		if *p, err = convPtr(*p); err != nil {
			return Report{}, err
		}
	}
	if r.EMVRates.CPM, err = convPtr(b.Measurement.EMV.CPM); err != nil {
		return Report{}, err
	}
	if r.EMVRates.CPE, err = convPtr(b.Measurement.EMV.CPE); err != nil {
		return Report{}, err
	}

	// Each creator's pulls, in order.
	pulls := map[string][]Snapshot{}
	for _, s := range in.Snapshots {
		pulls[s.Handle] = append(pulls[s.Handle], s)
	}
	for h := range pulls {
		sort.SliceStable(pulls[h], func(i, j int) bool { return pulls[h][i].Pull < pulls[h][j].Pull })
	}
	// Attributed orders per creator; unattributed ones of this campaign.
	orders := map[string][]Conversion{}
	r.Unattributed.Revenue = Money{Currency: cur}
	for _, c := range in.Conversions {
		if c.CampaignID != "" && c.CampaignID != b.ID {
			continue
		}
		rev, err := conv(c.Revenue)
		if err != nil {
			return Report{}, fmt.Errorf("%w (order %s)", err, c.OrderID)
		}
		if c.Handle == "" {
			r.Unattributed.Orders++
			r.Unattributed.Revenue = r.Unattributed.Revenue.Add(rev)
			r.Unattributed.Items = append(r.Unattributed.Items, c)
			continue
		}
		c.Revenue = rev
		orders[c.Handle] = append(orders[c.Handle], c)
	}

	contacted := map[string]bool{}
	for _, h := range in.Contacted {
		contacted[h] = true
	}
	total := ReportLine{Handle: "TOTAL", Cost: Money{Currency: cur}}
	var totalFollowers int64 // of the creators with engagement figures
	for _, res := range in.Results {
		l := ReportLine{Handle: res.Handle, Platform: res.Platform, Outcome: res.Outcome, Followers: res.Followers, Cost: Money{Currency: cur},
			Wave: res.Wave, Replaces: res.Replaces}
		if res.Outcome.Paid() {
			if l.Cost, err = conv(res.Fee); err != nil {
				return Report{}, fmt.Errorf("%w (fee of %s)", err, res.Handle)
			}
		}
		if ps := pulls[res.Handle]; len(ps) > 0 {
			last := ps[len(ps)-1]
			l.Views, l.Engagements, l.Reach = i64(last.Views), i64(last.Engagements()), last.Reach
			l.Simulated = last.Source == "simulated"
			l.SelfReported = last.Source == "self-reported"
			for _, s := range ps {
				l.Series = append(l.Series, Point{At: s.TakenAt, Views: s.Views, Engagements: s.Engagements()})
			}
		}
		if t, ok := in.Tracking[res.Handle]; ok {
			if t.Target != "" {
				l.Clicks = i64(t.Clicks)
			}
			if t.Target != "" || t.Code != "" {
				rev := Money{Currency: cur}
				for _, c := range orders[res.Handle] {
					rev = rev.Add(c.Revenue)
				}
				l.Conversions, l.Revenue = i64(int64(len(orders[res.Handle]))), &rev
			}
		} else if len(orders[res.Handle]) > 0 {
			// Orders credited to a creator with no tracking record (imported
			// history): still counted, never dropped.
			rev := Money{Currency: cur}
			for _, c := range orders[res.Handle] {
				rev = rev.Add(c.Revenue)
			}
			l.Conversions, l.Revenue = i64(int64(len(orders[res.Handle]))), &rev
		}
		l.fill(r.EMVRates, l.Followers)
		l.check(r.KPIs)
		r.Creators = append(r.Creators, l)

		total.Cost = total.Cost.Add(l.Cost)
		total.Views = addOpt(total.Views, l.Views)
		total.Reach = addOpt(total.Reach, l.Reach)
		total.Engagements = addOpt(total.Engagements, l.Engagements)
		total.Clicks = addOpt(total.Clicks, l.Clicks)
		total.Conversions = addOpt(total.Conversions, l.Conversions)
		if l.Revenue != nil {
			sum := l.Revenue.Add(Money{Currency: cur})
			if total.Revenue != nil {
				sum = total.Revenue.Add(*l.Revenue)
			}
			total.Revenue = &sum
		}
		if l.Engagements != nil {
			totalFollowers += l.Followers
		}
		total.Simulated = total.Simulated || l.Simulated
		total.SelfReported = total.SelfReported || l.SelfReported

		r.Funnel.Shortlisted++
		if in.Contacted == nil || contacted[res.Handle] || res.Outcome.Agreed() || res.PostURL != "" {
			r.Funnel.Contacted++
		}
		if res.Outcome.Agreed() || res.PostURL != "" {
			r.Funnel.Agreed++
		}
		if res.PostURL != "" {
			r.Funnel.Published++
		}
	}
	total.Followers = totalFollowers
	total.fill(r.EMVRates, totalFollowers)
	total.check(r.KPIs)
	r.Total = total

	if r.Waves != nil { // the reserve was shortlisted too, though never contacted
		r.Funnel.Shortlisted += r.Waves.Reserve
	}
	if n, ok := r.Waves.note(); ok {
		r.Notes = append(r.Notes, n)
	}
	if len(opt.Rates) > 0 {
		r.Rates = opt.Rates.String()
	}
	if r.EMVRates.CPM != nil || r.EMVRates.CPE != nil {
		r.Notes = append(r.Notes, EMVNote)
	}
	if total.SelfReported {
		r.Notes = append(r.Notes, "Figures marked (self-reported) were entered by hand from the creator's own numbers, not read from the platform.")
	}
	if total.Simulated {
		r.Notes = append(r.Notes, "Metrics are SIMULATED (no platform API configured); do not use them as results.")
	}
	if r.Unattributed.Orders > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%d order(s) worth %s could not be credited to a creator; they are listed, not counted in revenue.",
			r.Unattributed.Orders, r.Unattributed.Revenue))
	}
	return r, nil
}

// OutcomeInProgress marks, in a report made while the campaign runs, a
// collaboration past its agreement: its fee counts as committed cost.
const OutcomeInProgress Outcome = "in_progress"

// Agreed reports whether the creator had agreed to terms before the outcome.
func (o Outcome) Agreed() bool {
	switch o {
	case OutcomeCompleted, OutcomeRejected, OutcomeMissedDraft, OutcomeNotPublished, OutcomeInProgress:
		return true
	}
	return false
}

func i64(v int64) *int64 { return &v }

func addOpt(sum, v *int64) *int64 {
	if v == nil {
		return sum
	}
	if sum == nil {
		return i64(*v)
	}
	return i64(*sum + *v)
}

// fill computes the ratios that can be computed; the rest stay nil.
func (l *ReportLine) fill(emv EMVRates, followers int64) {
	cost := l.Cost
	per := func(n *int64, scale int64) *Money {
		if n == nil || *n == 0 {
			return nil
		}
		return &Money{Amount: divRound(cost.Amount*scale, *n), Currency: cost.Currency}
	}
	l.CPM, l.CPE, l.CPC, l.CPA = per(l.Views, 1000), per(l.Engagements, 1), per(l.Clicks, 1), per(l.Conversions, 1)
	l.EngagementRateByFollowers, l.EngagementRateByViews = nil, nil
	if l.Engagements != nil && followers > 0 {
		l.EngagementRateByFollowers = ratio(*l.Engagements, followers)
	}
	if l.Engagements != nil && l.Views != nil && *l.Views > 0 {
		l.EngagementRateByViews = ratio(*l.Engagements, *l.Views)
	}
	l.ROI, l.ROAS = nil, nil
	if l.Revenue != nil && cost.Amount > 0 {
		l.ROI = ratio(l.Revenue.Amount-cost.Amount, cost.Amount)
		l.ROAS = ratio(l.Revenue.Amount, cost.Amount)
	}
	// EMV needs every figure its configured benchmarks value.
	l.EMV = nil
	if emv.CPM == nil && emv.CPE == nil {
		return
	}
	if (emv.CPM != nil && l.Views == nil) || (emv.CPE != nil && l.Engagements == nil) {
		return
	}
	v := Money{Currency: cost.Currency}
	if emv.CPM != nil {
		v.Amount += divRound(*l.Views*emv.CPM.Amount, 1000)
	}
	if emv.CPE != nil {
		v.Amount += *l.Engagements * emv.CPE.Amount
	}
	l.EMV = &v
}

func ratio(a, b int64) *float64 {
	f := float64(a) / float64(b)
	return &f
}

// check puts each benchmark beside the line's figure: costs are met at or
// below the benchmark, rates and returns at or above it.
func (l *ReportLine) check(k KPIs) {
	l.Checks = nil
	lower := func(name string, got, want *Money) {
		if want == nil {
			return
		}
		c := Check{KPI: name, Benchmark: want.String(), Status: "n/a"}
		if got != nil {
			c.Status = metIf(got.Amount <= want.Amount)
		}
		l.Checks = append(l.Checks, c)
	}
	higher := func(name string, got, want *float64, format func(*float64) string) {
		if want == nil {
			return
		}
		c := Check{KPI: name, Benchmark: format(want), Status: "n/a"}
		if got != nil {
			c.Status = metIf(*got >= *want)
		}
		l.Checks = append(l.Checks, c)
	}
	lower(KPICPM, l.CPM, k.CPM)
	lower(KPICPE, l.CPE, k.CPE)
	lower(KPICPC, l.CPC, k.CPC)
	lower(KPICPA, l.CPA, k.CPA)
	higher(KPIEngagementByFollowers, l.EngagementRateByFollowers, k.EngagementRate, FormatPercent)
	higher(KPIEngagementByViews, l.EngagementRateByViews, k.EngagementRateByViews, FormatPercent)
	higher(KPIROI, l.ROI, k.ROI, FormatSignedPercent)
	higher(KPIROAS, l.ROAS, k.ROAS, FormatMultiple)
}

func metIf(ok bool) string {
	if ok {
		return "met"
	}
	return "missed"
}

// CheckOf finds a line's check of one KPI.
func (l ReportLine) CheckOf(kpi string) (Check, bool) {
	for _, c := range l.Checks {
		if c.KPI == kpi {
			return c, true
		}
	}
	return Check{}, false
}

// divRound divides rounding half away from zero, in integers.
func divRound(a, b int64) int64 {
	if (a < 0) != (b < 0) {
		return (a - b/2) / b
	}
	return (a + b/2) / b
}

// FormatPercent renders 0.024 as "2.40%"; nil as "n/a".
func FormatPercent(f *float64) string {
	if f == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.2f%%", *f*100)
}

// FormatSignedPercent renders an ROI of 0.5 as "+50.00%".
func FormatSignedPercent(f *float64) string {
	if f == nil {
		return "n/a"
	}
	return fmt.Sprintf("%+.2f%%", *f*100)
}

// FormatMultiple renders a ROAS of 1.5 as "1.50×".
func FormatMultiple(f *float64) string {
	if f == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", *f)
}

// FormatCount renders a count with thousands separators; nil as "n/a".
func FormatCount(n *int64) string {
	if n == nil {
		return "n/a"
	}
	return groupDigits(*n)
}

func groupDigits(n int64) string {
	s := FormatMinor(n * 100)
	return s[:len(s)-3]
}

// FormatMoney renders minor units as "1,200.50"; nil as "n/a".
func FormatMoney(m *Money) string {
	if m == nil {
		return "n/a"
	}
	return FormatMinor(m.Amount)
}
