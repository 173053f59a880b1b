package campaign

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// metricRow is one figure of the report: its label, how a line shows it in a
// table and in CSV, and the KPI it is judged by ("" for none).
type metricRow struct {
	label, csv string
	table      func(ReportLine) string
	plain      func(ReportLine) string
	kpi        string
}

func rateCSV(f *float64) string {
	if f == nil {
		return "n/a"
	}
	return strconv.FormatFloat(*f, 'f', 6, 64)
}

func moneyCSV(m *Money) string {
	if m == nil {
		return "n/a"
	}
	return plainMinor(m.Amount)
}

func plainMinor(a int64) string { return strings.ReplaceAll(FormatMinor(a), ",", "") }

func countCSV(n *int64) string {
	if n == nil {
		return "n/a"
	}
	return strconv.FormatInt(*n, 10)
}

func metricRows() []metricRow {
	return []metricRow{
		{"cost", "cost", func(l ReportLine) string { return FormatMinor(l.Cost.Amount) }, func(l ReportLine) string { return plainMinor(l.Cost.Amount) }, ""},
		{"views", "views", func(l ReportLine) string { return FormatCount(l.Views) }, func(l ReportLine) string { return countCSV(l.Views) }, ""},
		{"reach", "reach", func(l ReportLine) string { return FormatCount(l.Reach) }, func(l ReportLine) string { return countCSV(l.Reach) }, ""},
		{"engagements", "engagements", func(l ReportLine) string { return FormatCount(l.Engagements) }, func(l ReportLine) string { return countCSV(l.Engagements) }, ""},
		{"engagement rate (by followers)", "engagement_rate_by_followers", func(l ReportLine) string { return FormatPercent(l.EngagementRateByFollowers) },
			func(l ReportLine) string { return rateCSV(l.EngagementRateByFollowers) }, KPIEngagementByFollowers},
		{"engagement rate (by views)", "engagement_rate_by_views", func(l ReportLine) string { return FormatPercent(l.EngagementRateByViews) },
			func(l ReportLine) string { return rateCSV(l.EngagementRateByViews) }, KPIEngagementByViews},
		{"clicks", "clicks", func(l ReportLine) string { return FormatCount(l.Clicks) }, func(l ReportLine) string { return countCSV(l.Clicks) }, ""},
		{"conversions", "conversions", func(l ReportLine) string { return FormatCount(l.Conversions) }, func(l ReportLine) string { return countCSV(l.Conversions) }, ""},
		{"revenue", "revenue", func(l ReportLine) string { return FormatMoney(l.Revenue) }, func(l ReportLine) string { return moneyCSV(l.Revenue) }, ""},
		{"CPM", "cpm", func(l ReportLine) string { return FormatMoney(l.CPM) }, func(l ReportLine) string { return moneyCSV(l.CPM) }, KPICPM},
		{"CPE", "cpe", func(l ReportLine) string { return FormatMoney(l.CPE) }, func(l ReportLine) string { return moneyCSV(l.CPE) }, KPICPE},
		{"CPC", "cpc", func(l ReportLine) string { return FormatMoney(l.CPC) }, func(l ReportLine) string { return moneyCSV(l.CPC) }, KPICPC},
		{"CPA", "cpa", func(l ReportLine) string { return FormatMoney(l.CPA) }, func(l ReportLine) string { return moneyCSV(l.CPA) }, KPICPA},
		{"EMV (estimate)", "emv_estimate", func(l ReportLine) string { return FormatMoney(l.EMV) }, func(l ReportLine) string { return moneyCSV(l.EMV) }, ""},
		{"ROI", "roi", func(l ReportLine) string { return FormatSignedPercent(l.ROI) }, func(l ReportLine) string { return rateCSV(l.ROI) }, KPIROI},
		{"ROAS", "roas", func(l ReportLine) string { return FormatMultiple(l.ROAS) }, func(l ReportLine) string { return rateCSV(l.ROAS) }, KPIROAS},
	}
}

// WriteTable prints the report with one column per creator and one row per
// figure; a figure judged by a benchmark carries "(met)" or "(missed)", and
// the last columns give the benchmark fixed at launch and the total's verdict.
func (r Report) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "Campaign %s — %s (amounts in %s)\n", r.CampaignID, r.Name, r.Currency)
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	lines := append(append([]ReportLine(nil), r.Creators...), r.Total)
	row := func(label string, cells []string) {
		fmt.Fprintf(tw, "%s\t%s\t\n", label, strings.Join(cells, "\t"))
	}
	head := []string{}
	for _, l := range lines {
		if l.SelfReported && l.Handle != "TOTAL" {
			l.Handle += " (self-reported)"
		}
		head = append(head, l.Handle)
	}
	row("", append(head, "benchmark", "total vs benchmark"))
	cells := func(f func(ReportLine) string) []string {
		var out []string
		for _, l := range lines {
			out = append(out, f(l))
		}
		return append(out, "", "")
	}
	row("platform", cells(func(l ReportLine) string { return l.Platform }))
	row("outcome", cells(func(l ReportLine) string { return string(l.Outcome) }))
	if r.Waves != nil {
		row("wave", cells(func(l ReportLine) string { return waveCell(l) }))
		row("replaces", cells(func(l ReportLine) string { return l.Replaces }))
	}
	row("followers", cells(func(l ReportLine) string { return groupDigits(l.Followers) }))
	for _, m := range metricRows() {
		var out []string
		for _, l := range lines {
			v := m.table(l)
			if c, ok := l.CheckOf(m.kpi); ok && c.Status != "n/a" {
				v += " (" + c.Status + ")"
			}
			out = append(out, v)
		}
		bench, verdict := "", ""
		if c, ok := r.Total.CheckOf(m.kpi); ok {
			bench, verdict = c.Benchmark, c.Status
		}
		row(m.label, append(out, bench, verdict))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	f := r.Funnel
	fmt.Fprintf(w, "\nFunnel: %d shortlisted → %d contacted → %d agreed → %d published\n", f.Shortlisted, f.Contacted, f.Agreed, f.Published)
	if r.Waves != nil {
		fmt.Fprintf(w, "Invitations: %s\n", r.Waves)
	}
	if r.Unattributed.Orders > 0 {
		fmt.Fprintf(w, "Unattributed orders: %d worth %s\n", r.Unattributed.Orders, r.Unattributed.Revenue)
		for _, c := range r.Unattributed.Items {
			fmt.Fprintf(w, "  %s  %s  %s  %s\n", c.OrderID, c.At.UTC().Format("2006-01-02 15:04"), c.Revenue, c.Reason)
		}
	}
	if r.Rates != "" {
		fmt.Fprintf(w, "Exchange rates used: %s\n", r.Rates)
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, n)
	}
	return nil
}

// WriteJSON prints the report as indented JSON; figures not available are null.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteCSV prints one row per creator and a TOTAL row: plain numbers (no
// thousands separators, rates as fractions), "n/a" where a figure is not
// available, and for each benchmark its value and met/missed/n/a.
func (r Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	rows := metricRows()
	head := []string{"creator", "platform", "outcome", "followers", "currency"}
	for _, m := range rows {
		head = append(head, m.csv)
	}
	kpis := r.checkedKPIs()
	for _, k := range kpis {
		slug := strings.NewReplacer(" ", "_", "(", "", ")", "").Replace(strings.ToLower(k))
		head = append(head, slug+"_benchmark", slug+"_status")
	}
	if r.Waves != nil { // the last columns, so readers of older exports keep their positions
		head = append(head, "wave", "replaces")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, l := range append(append([]ReportLine(nil), r.Creators...), r.Total) {
		rec := []string{l.Handle, l.Platform, string(l.Outcome), strconv.FormatInt(l.Followers, 10), r.Currency}
		for _, m := range rows {
			rec = append(rec, m.plain(l))
		}
		for _, k := range kpis {
			c, _ := l.CheckOf(k)
			rec = append(rec, c.Benchmark, c.Status)
		}
		if r.Waves != nil {
			rec = append(rec, waveCell(l), l.Replaces)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// checkedKPIs lists the KPIs with a benchmark, in report order.
func (r Report) checkedKPIs() []string {
	var out []string
	for _, c := range r.Total.Checks {
		out = append(out, c.KPI)
	}
	return out
}

// Formats the report can be written in.
var ReportFormats = []string{"table", "json", "csv", "html"}

// Write renders the report in one of ReportFormats.
func (r Report) Write(w io.Writer, format string) error {
	switch format {
	case "table":
		return r.WriteTable(w)
	case "json":
		return r.WriteJSON(w)
	case "csv":
		return r.WriteCSV(w)
	case "html":
		return r.WriteHTML(w)
	}
	return fmt.Errorf("report format must be one of %s (got %q)", strings.Join(ReportFormats, ", "), format)
}

// WriteSummary prints the total of every figure beside its benchmark, one per
// line, and the funnel: the KPIs at a glance (used while a campaign runs).
func (r Report) WriteSummary(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	for _, m := range metricRows() {
		bench, verdict := "", ""
		if c, ok := r.Total.CheckOf(m.kpi); ok {
			bench, verdict = "benchmark "+c.Benchmark, c.Status
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", m.label, m.table(r.Total), bench, verdict)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	f := r.Funnel
	fmt.Fprintf(w, "  funnel: %d shortlisted → %d contacted → %d agreed → %d published (amounts in %s)\n",
		f.Shortlisted, f.Contacted, f.Agreed, f.Published, r.Currency)
	if r.Waves != nil {
		fmt.Fprintf(w, "  invitations: %s\n", r.Waves)
	}
	if r.Unattributed.Orders > 0 {
		fmt.Fprintf(w, "  unattributed orders: %d worth %s\n", r.Unattributed.Orders, r.Unattributed.Revenue)
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "  "+n)
	}
	return nil
}

// waveCell is a creator's invitation wave; empty for the TOTAL line and for
// creators of campaigns without waves.
func waveCell(l ReportLine) string {
	if l.Wave == 0 {
		return ""
	}
	return strconv.Itoa(l.Wave)
}
