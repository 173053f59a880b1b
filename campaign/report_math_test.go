package campaign

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func usd(a int64) *Money     { return &Money{a, "USD"} }
func f64(v float64) *float64 { return &v }

var t0 = time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC)

// sampleReport is the hand-computed campaign the tests and golden files use.
func sampleReport(t *testing.T) Report {
	t.Helper()
	b := Brief{ID: "spring", Name: "Spring Glow", Budget: Money{600000, "USD"},
		KPIs: KPIs{CPM: usd(2500), CPE: usd(80), CPC: usd(200), CPA: usd(2000), EngagementRate: f64(0.03),
			EngagementRateByViews: f64(0.05), ROI: f64(0.5), ROAS: f64(1.5)},
		Measurement: Measurement{EMV: EMVRates{CPM: usd(1000), CPE: usd(10)}}}
	results := []CollaborationResult{
		{Handle: "jane", Platform: "instagram", Followers: 50_000, Outcome: OutcomeCompleted, Fee: Money{120000, "USD"}, PostURL: "https://ig/p/1", Wave: 1},
		{Handle: "omar", Platform: "tiktok", Followers: 200_000, Outcome: OutcomeDeclined, Fee: Money{120000, "USD"}, Wave: 1},
		// Invited in omar's place; fee agreed in euros; zero views and engagements so far.
		{Handle: "zero", Platform: "tiktok", Followers: 10_000, Outcome: OutcomeCompleted, Fee: Money{100000, "EUR"}, PostURL: "https://tt/v/2", Wave: 2, Replaces: "omar"},
	}
	waves := SummarizeWaves(results, 2, 1, 0)
	snaps := []Snapshot{
		{Handle: "jane", Pull: 1, TakenAt: t0.Add(24 * time.Hour), Views: 40_000, Likes: 1_000, Comments: 100, Shares: 60, Saves: 40, Source: "api"},
		{Handle: "jane", Pull: 0, TakenAt: t0.Add(time.Hour), Views: 10_000, Likes: 300, Comments: 20, Source: "api"},
		{Handle: "zero", Pull: 0, TakenAt: t0.Add(2 * time.Hour), Source: "api"},
	}
	tracking := map[string]Tracking{
		"jane": {Handle: "jane", Code: "GLOW-JANE", Target: "https://lumen.example/?utm_content=jane", Clicks: 800},
		"zero": {Handle: "zero", Code: "GLOW-ZERO"}, // a code, no link: clicks not available
	}
	convs := []Conversion{
		{OrderID: "A1", CampaignID: "spring", Handle: "jane", Via: "code", Revenue: Money{100000, "USD"}, At: t0.Add(30 * time.Hour)},
		{OrderID: "A2", CampaignID: "spring", Handle: "jane", Via: "link", Revenue: Money{50000, "EUR"}, At: t0.Add(31 * time.Hour)},
		{OrderID: "U1", CampaignID: "spring", Revenue: Money{3000, "USD"}, At: t0.Add(40 * time.Hour), Reason: `unknown promo code "GLOW-NOBODY"`},
		{OrderID: "X9", CampaignID: "other", Handle: "kim", Revenue: Money{99900, "USD"}, At: t0}, // another campaign's
	}
	rates, err := ParseRates("EUR/USD=1.10")
	require.NoError(t, err)
	r, err := BuildReport(ReportInput{Brief: b, Results: results, Snapshots: snaps, Tracking: tracking, Conversions: convs,
		At: t0.Add(72 * time.Hour), Waves: &waves}, ReportOptions{Rates: rates})
	require.NoError(t, err)
	return r
}

func status(l ReportLine, kpi string) string {
	c, ok := l.CheckOf(kpi)
	if !ok {
		return "-"
	}
	return c.Status
}

func TestReportHandComputed(t *testing.T) {
	r := sampleReport(t)
	require.Equal(t, "USD", r.Currency)
	jane, omar, zero, total := r.Creators[0], r.Creators[1], r.Creators[2], r.Total

	type fig struct {
		name string
		got  string
		want string
	}
	for _, c := range []fig{
		// jane: 1,200.00 USD, 40,000 views, 1,000+100+60+40 = 1,200 engagements, 800 clicks,
		// orders 1,000.00 USD + 500.00 EUR × 1.10 = 1,550.00 USD.
		{"jane cost", FormatMinor(jane.Cost.Amount), "1,200.00"},
		{"jane views (last pull, not the first)", FormatCount(jane.Views), "40,000"},
		{"jane engagements", FormatCount(jane.Engagements), "1,200"},
		{"jane ER by followers 1,200/50,000", FormatPercent(jane.EngagementRateByFollowers), "2.40%"},
		{"jane ER by views 1,200/40,000", FormatPercent(jane.EngagementRateByViews), "3.00%"},
		{"jane clicks", FormatCount(jane.Clicks), "800"},
		{"jane conversions", FormatCount(jane.Conversions), "2"},
		{"jane revenue", FormatMoney(jane.Revenue), "1,550.00"},
		{"jane CPM 1,200/40,000×1,000", FormatMoney(jane.CPM), "30.00"},
		{"jane CPE 1,200/1,200", FormatMoney(jane.CPE), "1.00"},
		{"jane CPC 1,200/800", FormatMoney(jane.CPC), "1.50"},
		{"jane CPA 1,200/2", FormatMoney(jane.CPA), "600.00"},
		{"jane EMV 40×10.00 + 1,200×0.10", FormatMoney(jane.EMV), "520.00"},
		{"jane ROI (1,550−1,200)/1,200", FormatSignedPercent(jane.ROI), "+29.17%"},
		{"jane ROAS 1,550/1,200", FormatMultiple(jane.ROAS), "1.29×"},
		{"jane reach (platform gave none)", FormatCount(jane.Reach), "n/a"},
		{"jane CPM vs 25.00", status(jane, KPICPM), "missed"},
		{"jane CPC vs 2.00", status(jane, KPICPC), "met"},
		{"jane ROI vs +50%", status(jane, KPIROI), "missed"},

		// omar declined: costs nothing, no figure is available.
		{"omar cost", FormatMinor(omar.Cost.Amount), "0.00"},
		{"omar views", FormatCount(omar.Views), "n/a"},
		{"omar ER", FormatPercent(omar.EngagementRateByFollowers), "n/a"},
		{"omar clicks", FormatCount(omar.Clicks), "n/a"},
		{"omar revenue", FormatMoney(omar.Revenue), "n/a"},
		{"omar CPM", FormatMoney(omar.CPM), "n/a"},
		{"omar ROI (zero cost)", FormatSignedPercent(omar.ROI), "n/a"},
		{"omar EMV", FormatMoney(omar.EMV), "n/a"},
		{"omar CPM check", status(omar, KPICPM), "n/a"},

		// zero: fee 1,000.00 EUR = 1,100.00 USD; zero views; a code with no orders.
		{"zero cost converted", FormatMinor(zero.Cost.Amount), "1,100.00"},
		{"zero views", FormatCount(zero.Views), "0"},
		{"zero CPM (zero views)", FormatMoney(zero.CPM), "n/a"},
		{"zero CPE (zero engagements)", FormatMoney(zero.CPE), "n/a"},
		{"zero ER by followers 0/10,000", FormatPercent(zero.EngagementRateByFollowers), "0.00%"},
		{"zero ER by views (zero views)", FormatPercent(zero.EngagementRateByViews), "n/a"},
		{"zero clicks (no link)", FormatCount(zero.Clicks), "n/a"},
		{"zero conversions", FormatCount(zero.Conversions), "0"},
		{"zero revenue", FormatMoney(zero.Revenue), "0.00"},
		{"zero CPA (no conversions)", FormatMoney(zero.CPA), "n/a"},
		{"zero ROI", FormatSignedPercent(zero.ROI), "-100.00%"},
		{"zero ROAS", FormatMultiple(zero.ROAS), "0.00×"},
		{"zero EMV", FormatMoney(zero.EMV), "0.00"},

		// Total: 2,300.00 cost; 40,000 views; 1,200 engagements over 60,000 followers; 800 clicks.
		{"total cost", FormatMinor(total.Cost.Amount), "2,300.00"},
		{"total views", FormatCount(total.Views), "40,000"},
		{"total reach", FormatCount(total.Reach), "n/a"},
		{"total ER by followers 1,200/60,000", FormatPercent(total.EngagementRateByFollowers), "2.00%"},
		{"total CPM 2,300/40,000×1,000", FormatMoney(total.CPM), "57.50"},
		{"total CPE 2,300/1,200 = 1.9167", FormatMoney(total.CPE), "1.92"},
		{"total CPC 2,300/800 = 2.875, half away from zero", FormatMoney(total.CPC), "2.88"},
		{"total CPA 2,300/2", FormatMoney(total.CPA), "1,150.00"},
		{"total revenue (unattributed not counted)", FormatMoney(total.Revenue), "1,550.00"},
		{"total ROI (1,550−2,300)/2,300", FormatSignedPercent(total.ROI), "-32.61%"},
		{"total ROAS", FormatMultiple(total.ROAS), "0.67×"},
		{"total EMV", FormatMoney(total.EMV), "520.00"},
		{"total CPM check", status(total, KPICPM), "missed"},
		{"total ER by views check 3% vs 5%", status(total, KPIEngagementByViews), "missed"},
	} {
		require.Equal(t, c.want, c.got, c.name)
	}
	require.Equal(t, Funnel{Shortlisted: 4, Contacted: 3, Agreed: 2, Published: 2}, r.Funnel, "shortlisted: 3 invited + 1 left in reserve")
	require.Equal(t, 1, r.Unattributed.Orders, "the unattributed order is kept and shown; the other campaign's is not ours")
	require.Equal(t, Money{3000, "USD"}, r.Unattributed.Revenue)
	require.Equal(t, []Point{{t0.Add(time.Hour), 10_000, 320}, {t0.Add(24 * time.Hour), 40_000, 1_200}}, jane.Series)
	require.Contains(t, strings.Join(r.Notes, "\n"), "EMV is an estimate")
}

func TestReportZeroCostAndNoMetrics(t *testing.T) {
	b := Brief{ID: "c", Budget: Money{100, "USD"}, KPIs: KPIs{ROI: f64(0)}}
	r, err := BuildReport(ReportInput{Brief: b, Results: []CollaborationResult{
		// A gifted post: no fee, yet views and revenue.
		{Handle: "gift", Followers: 1000, Outcome: OutcomeCompleted, Fee: Money{0, "USD"}},
		{Handle: "quiet", Followers: 0, Outcome: OutcomeCompleted, Fee: Money{5000, "USD"}},
	}, Snapshots: []Snapshot{{Handle: "gift", Views: 500, Likes: 50}},
		Tracking:    map[string]Tracking{"gift": {Code: "G-GIFT"}},
		Conversions: []Conversion{{OrderID: "o", Handle: "gift", Revenue: Money{2000, "USD"}}},
	}, ReportOptions{})
	require.NoError(t, err)
	gift, quiet := r.Creators[0], r.Creators[1]
	require.Equal(t, "0.00", FormatMoney(gift.CPM), "zero cost over real views is a real 0.00 CPM")
	require.Nil(t, gift.ROI, "ROI over zero cost is not available, never Inf or NaN")
	require.Nil(t, gift.ROAS)
	require.Equal(t, "n/a", status(gift, KPIROI))
	require.Nil(t, quiet.Views, "no metrics pulled: not available, not 0")
	require.Nil(t, quiet.EngagementRateByFollowers)
	require.Nil(t, quiet.Revenue, "no link or code: revenue not available")
	require.Nil(t, r.EMVRates.CPM)
	require.Nil(t, r.Total.EMV, "no EMV benchmarks: no estimate")
	require.Equal(t, "-60.00%", FormatSignedPercent(r.Total.ROI)) // (20.00 − 50.00) / 50.00
}

func TestReportCurrencies(t *testing.T) {
	b := Brief{ID: "c", Budget: Money{100000, "USD"}, KPIs: KPIs{CPE: usd(50)}}
	res := []CollaborationResult{{Handle: "a", Followers: 10, Outcome: OutcomeCompleted, Fee: Money{10000, "EUR"}}}

	_, err := BuildReport(ReportInput{Brief: b, Results: res}, ReportOptions{})
	require.ErrorContains(t, err, "no exchange rate from EUR to USD")

	rates, _ := ParseRates("EUR/USD=1.10, GBP/USD=1.25")
	_, err = BuildReport(ReportInput{Brief: b, Results: res}, ReportOptions{Rates: rates, Currency: "GBP"})
	require.ErrorContains(t, err, "no exchange rate from EUR to GBP", "no direct rate and no inverse: never mixed silently")
	_, err = BuildReport(ReportInput{Brief: b, Results: res}, ReportOptions{Rates: rates, Currency: "JPY"})
	require.ErrorContains(t, err, "in JPY: no exchange rate from USD to JPY")

	// Revenue in a third currency, report in GBP: fee 100.00 USD = 80.00 GBP,
	// benchmark CPE 0.50 USD = 0.40 GBP, order 125.00 USD = 100.00 GBP.
	res[0].Fee = Money{10000, "USD"}
	r, err := BuildReport(ReportInput{Brief: b, Results: res, Tracking: map[string]Tracking{"a": {Code: "X"}},
		Snapshots:   []Snapshot{{Handle: "a", Likes: 200}},
		Conversions: []Conversion{{OrderID: "1", Handle: "a", Revenue: Money{12500, "USD"}}}}, ReportOptions{Rates: rates, Currency: "GBP"})
	require.NoError(t, err)
	a := r.Creators[0]
	require.Equal(t, Money{8000, "GBP"}, a.Cost)
	require.Equal(t, &Money{10000, "GBP"}, a.Revenue)
	require.Equal(t, &Money{40, "GBP"}, r.KPIs.CPE)
	require.Equal(t, &Money{40, "GBP"}, a.CPE) // 80.00 / 200
	require.Equal(t, "met", status(a, KPICPE))
	_, err = BuildReport(ReportInput{Brief: b, Results: res,
		Conversions: []Conversion{{OrderID: "Z7", Handle: "a", Revenue: Money{100, "CHF"}}}}, ReportOptions{Rates: rates})
	require.ErrorContains(t, err, "no exchange rate from CHF to USD")
	require.ErrorContains(t, err, "order Z7")
}

func TestParseRates(t *testing.T) {
	r, err := ParseRates(" EUR/USD=1.08 ,GBP/USD=1.25")
	require.NoError(t, err)
	m, err := r.Convert(Money{10000, "USD"}, "GBP") // 100.00 / 1.25
	require.NoError(t, err)
	require.Equal(t, Money{8000, "GBP"}, m)
	m, err = r.Convert(Money{-5, "EUR"}, "USD") // -0.054 → -0.05
	require.NoError(t, err)
	require.Equal(t, int64(-5), m.Amount)
	m, _ = r.Convert(Money{25, "EUR"}, "USD") // 0.27
	require.Equal(t, int64(27), m.Amount)
	_, err = ParseRates("EUR-USD=1, GBP/USD=0, USD/USD=1")
	require.ErrorContains(t, err, `"EUR-USD=1": want FROM/TO=RATE`)
	require.ErrorContains(t, err, `"GBP/USD=0": the rate must be a number > 0`)
	require.ErrorContains(t, err, `"USD/USD=1": a currency needs no rate to itself`)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./campaign -run TestReportGolden -update to create it")
	require.Equal(t, string(want), string(got))
}

func TestReportGolden(t *testing.T) {
	r := sampleReport(t)
	for _, format := range []string{"table", "json", "csv"} {
		var out bytes.Buffer
		require.NoError(t, r.Write(&out, format))
		golden(t, "report."+format+".golden", out.Bytes())
	}
	require.ErrorContains(t, r.Write(&bytes.Buffer{}, "pdf"), "report format must be one of table, json, csv, html")
}
