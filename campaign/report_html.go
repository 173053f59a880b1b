package campaign

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"math"
	"strings"
	"time"
)

// WriteHTML writes the report as one self-contained HTML file: inline CSS and
// inline SVG charts, no script and nothing fetched from the network.
func (r Report) WriteHTML(w io.Writer) error {
	var tbl strings.Builder
	if err := r.WriteTable(&tbl); err != nil {
		return err
	}
	data := map[string]any{
		"R":          r,
		"Engagement": template.HTML(r.engagementChart()),
		"CostReturn": template.HTML(r.costReturnChart()),
		"Funnel":     template.HTML(r.funnelChart()),
		"Table":      template.HTML(r.htmlTable()),
		"Generated":  r.GeneratedAt.UTC().Format("2006-01-02 15:04 MST"),
	}
	return htmlReport.Execute(w, data)
}

var htmlReport = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.R.Name}} — campaign report</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2433;padding:0 1rem}
h1{margin-bottom:.2rem}.sub{color:#5b6478;margin-top:0}
section{margin:2rem 0}.charts{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}
.card{border:1px solid #e3e6ee;border-radius:10px;padding:1rem;background:#fff}
.card h2{font-size:1.05rem;margin:0 0 .5rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.35rem .6rem;border-bottom:1px solid #eef0f5;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
.met{color:#137a3d;font-weight:600}.missed{color:#b4232c;font-weight:600}.na{color:#8a93a6}
.note{color:#5b6478;font-size:.85rem}
svg text{font-family:inherit}
</style></head><body>
<h1>{{.R.Name}}</h1>
<p class="sub">Campaign {{.R.CampaignID}} · amounts in {{.R.Currency}} · generated {{.Generated}}</p>
<section class="charts">
<div class="card" style="grid-column:1 / span 2"><h2>Engagement over time, per creator</h2>{{.Engagement}}</div>
<div class="card"><h2>Cost against return, per creator</h2>{{.CostReturn}}</div>
<div class="card"><h2>Funnel</h2>{{.Funnel}}</div>
</section>
<section class="card"><h2>Figures and benchmarks fixed at launch</h2>{{.Table}}</section>
{{if .R.Unattributed.Orders}}<section class="card"><h2>Unattributed orders ({{.R.Unattributed.Orders}}, {{.R.Unattributed.Revenue}})</h2>
<table><tr><th>order</th><th>time</th><th>revenue</th><th>why</th></tr>
{{range .R.Unattributed.Items}}<tr><td>{{.OrderID}}</td><td>{{.At.UTC.Format "2006-01-02 15:04"}}</td><td>{{.Revenue}}</td><td style="text-align:left;white-space:normal">{{.Reason}}</td></tr>{{end}}
</table></section>{{end}}
{{if .R.Waves}}<p class="note">Invitations: {{.R.Waves}}</p>{{end}}
{{range .R.Notes}}<p class="note">{{.}}</p>{{end}}
{{if .R.Rates}}<p class="note">Exchange rates used: {{.R.Rates}}</p>{{end}}
</body></html>
`))

var palette = []string{"#3b6fe0", "#e0833b", "#2f9e6e", "#b04ac2", "#d23c5a", "#7d8a2e", "#2aa3b8", "#8a5a2b"}

func esc(s string) string { return html.EscapeString(s) }

func (r Report) htmlTable() string {
	var b strings.Builder
	lines := append(append([]ReportLine(nil), r.Creators...), r.Total)
	b.WriteString("<table><tr><th></th>")
	for _, l := range lines {
		fmt.Fprintf(&b, "<th>%s</th>", esc(l.Handle))
	}
	b.WriteString("<th>benchmark</th><th>total vs benchmark</th></tr>")
	fmt.Fprintf(&b, "<tr><td>outcome</td>")
	for _, l := range lines {
		fmt.Fprintf(&b, "<td>%s</td>", esc(string(l.Outcome)))
	}
	b.WriteString("<td></td><td></td></tr>")
	if r.Waves != nil {
		for _, row := range []struct {
			label string
			cell  func(ReportLine) string
		}{{"wave", waveCell}, {"replaces", func(l ReportLine) string { return l.Replaces }}} {
			fmt.Fprintf(&b, "<tr><td>%s</td>", row.label)
			for _, l := range lines {
				fmt.Fprintf(&b, "<td>%s</td>", esc(row.cell(l)))
			}
			b.WriteString("<td></td><td></td></tr>")
		}
	}
	for _, m := range metricRows() {
		fmt.Fprintf(&b, "<tr><td>%s</td>", esc(m.label))
		for _, l := range lines {
			v := m.table(l)
			cls := ""
			if v == "n/a" {
				cls = "na"
			}
			if c, ok := l.CheckOf(m.kpi); ok && c.Status != "n/a" {
				cls = c.Status
			}
			fmt.Fprintf(&b, `<td class="%s">%s</td>`, cls, esc(v))
		}
		if c, ok := r.Total.CheckOf(m.kpi); ok {
			fmt.Fprintf(&b, `<td>%s</td><td class="%s">%s</td>`, esc(c.Benchmark), strings.ReplaceAll(c.Status, "/", ""), esc(c.Status))
		} else {
			b.WriteString("<td></td><td></td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table>")
	return b.String()
}

// engagementChart draws each creator's engagements at each pull against time.
func (r Report) engagementChart() string {
	const W, H, left, right, top, bottom = 1000.0, 300.0, 70.0, 180.0, 15.0, 40.0
	var t0, t1 time.Time
	var maxE int64
	for _, l := range r.Creators {
		for _, p := range l.Series {
			if t0.IsZero() || p.At.Before(t0) {
				t0 = p.At
			}
			if p.At.After(t1) {
				t1 = p.At
			}
			if p.Engagements > maxE {
				maxE = p.Engagements
			}
		}
	}
	if t0.IsZero() {
		return `<p class="na">No metrics pulled yet: no post was published, or its first pull is still due.</p>`
	}
	span := t1.Sub(t0).Seconds()
	if span <= 0 {
		span = 1
	}
	ymax := niceCeil(float64(maxE))
	x := func(t time.Time) float64 { return left + (W-left-right)*t.Sub(t0).Seconds()/span }
	y := func(v int64) float64 { return H - bottom - (H-top-bottom)*float64(v)/ymax }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %g %g" width="100%%" role="img" aria-label="engagement over time">`, W, H)
	for i := 0; i <= 4; i++ {
		v := int64(ymax * float64(i) / 4)
		fmt.Fprintf(&b, `<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" stroke="#eef0f5"/><text x="%g" y="%.1f" font-size="12" text-anchor="end" fill="#5b6478">%s</text>`,
			left, W-right, y(v), y(v), left-8, y(v)+4, groupDigits(v))
	}
	fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="12" fill="#5b6478">%s</text>`, left, H-12, esc(t0.UTC().Format("2006-01-02 15:04")))
	fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="12" text-anchor="end" fill="#5b6478">%s</text>`, W-right, H-12, esc(t1.UTC().Format("2006-01-02 15:04")))
	n := 0
	for _, l := range r.Creators {
		if len(l.Series) == 0 {
			continue
		}
		col := palette[n%len(palette)]
		var pts []string
		for _, p := range l.Series {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.At), y(p.Engagements)))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2.5" points="%s"/>`, col, strings.Join(pts, " "))
		for _, p := range l.Series {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s: %s engagements at %s</title></circle>`,
				x(p.At), y(p.Engagements), col, esc(l.Handle), groupDigits(p.Engagements), p.At.UTC().Format(time.RFC3339))
		}
		fmt.Fprintf(&b, `<rect x="%g" y="%d" width="12" height="12" fill="%s"/><text x="%g" y="%d" font-size="13">%s</text>`,
			W-right+15, int(top)+n*20, col, W-right+32, int(top)+n*20+11, esc(l.Handle))
		n++
	}
	b.WriteString("</svg>")
	return b.String()
}

// costReturnChart draws, per creator, the cost beside the attributed revenue
// and the EMV estimate.
func (r Report) costReturnChart() string {
	const W, H, left, bottom, top = 480.0, 280.0, 70.0, 50.0, 30.0
	var maxV int64 = 1
	for _, l := range r.Creators {
		for _, m := range []*Money{&l.Cost, l.Revenue, l.EMV} {
			if m != nil && m.Amount > maxV {
				maxV = m.Amount
			}
		}
	}
	ymax := niceCeil(float64(maxV))
	h := func(v int64) float64 { return (H - top - bottom) * float64(v) / ymax }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %g %g" width="100%%" role="img" aria-label="cost against return">`, W, H)
	for i := 0; i <= 4; i++ {
		v := int64(ymax * float64(i) / 4)
		yy := H - bottom - h(v)
		fmt.Fprintf(&b, `<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" stroke="#eef0f5"/><text x="%g" y="%.1f" font-size="11" text-anchor="end" fill="#5b6478">%s</text>`,
			left, W-10, yy, yy, left-6, yy+4, FormatMinor(v))
	}
	series := []struct {
		name, color string
		get         func(ReportLine) *Money
	}{
		{"cost", "#8a93a6", func(l ReportLine) *Money { return &l.Cost }},
		{"revenue", "#2f9e6e", func(l ReportLine) *Money { return l.Revenue }},
		{"EMV (estimate)", "#9cc7ee", func(l ReportLine) *Money { return l.EMV }},
	}
	for i, s := range series {
		fmt.Fprintf(&b, `<rect x="%d" y="8" width="12" height="12" fill="%s"/><text x="%d" y="18" font-size="12">%s</text>`, int(left)+i*120, s.color, int(left)+i*120+16, esc(s.name))
	}
	n := len(r.Creators)
	if n == 0 {
		b.WriteString("</svg>")
		return b.String()
	}
	group := (W - left - 10) / float64(n)
	bw := math.Min(28, group/4)
	for i, l := range r.Creators {
		gx := left + group*float64(i) + group/2 - bw*1.5
		for j, s := range series {
			m := s.get(l)
			bx := gx + bw*float64(j)
			if m == nil {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle" fill="#8a93a6">n/a</text>`, bx+bw/2, H-bottom-4)
				continue
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %s</title></rect>`,
				bx, H-bottom-h(m.Amount), bw-2, h(m.Amount), s.color, esc(l.Handle), esc(s.name), esc(m.String()))
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="12" text-anchor="middle">%s</text>`, gx+bw*1.5, H-bottom+18, esc(l.Handle))
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="11" text-anchor="middle" fill="#5b6478">ROI %s</text>`, gx+bw*1.5, H-bottom+34, esc(FormatSignedPercent(l.ROI)))
	}
	b.WriteString("</svg>")
	return b.String()
}

// funnelChart draws shortlisted → contacted → agreed → published.
func (r Report) funnelChart() string {
	const W, H = 480.0, 280.0
	f := r.Funnel
	steps := []struct {
		name string
		n    int
	}{{"shortlisted", f.Shortlisted}, {"contacted", f.Contacted}, {"agreed", f.Agreed}, {"published", f.Published}}
	maxN := math.Max(1, float64(f.Shortlisted))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %g %g" width="100%%" role="img" aria-label="funnel">`, W, H)
	colors := []string{"#c9d7f7", "#9db8f0", "#6f97e8", "#3b6fe0"}
	for i, s := range steps {
		w := (W - 140) * float64(s.n) / maxN
		if w < 2 {
			w = 2
		}
		yy := 20 + float64(i)*62
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="44" rx="6" fill="%s"/>`, 120+(W-140-w)/2, yy, w, colors[i])
		fmt.Fprintf(&b, `<text x="0" y="%.1f" font-size="13">%s</text><text x="%.1f" y="%.1f" font-size="15" font-weight="600" text-anchor="middle">%d</text>`,
			yy+27, s.name, 120+(W-140)/2, yy+28, s.n)
	}
	b.WriteString("</svg>")
	return b.String()
}

// niceCeil rounds up to 1, 2 or 5 × a power of ten (at least 1).
func niceCeil(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}
