package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
)

func run(args ...string) (string, string, int) {
	var out, errOut bytes.Buffer
	code := Main(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestConversionsImportKPIsSoFarAndStoredReport(t *testing.T) {
	ctx := context.Background()
	dsn := testenv.DatabaseURL(t)
	store, err := postgres.Open(ctx, dsn)
	require.NoError(t, err)
	defer store.Close()
	cpa := campaign.Money{Amount: 5000, Currency: "USD"}
	b := campaign.Brief{ID: "live", Name: "Live one", Brand: "Lumen", Budget: campaign.Money{Amount: 500000, Currency: "USD"},
		KPIs: campaign.KPIs{CPA: &cpa}}
	require.NoError(t, store.SaveCampaign(ctx, b))
	fee := campaign.Money{Amount: 100000, Currency: "USD"}
	require.NoError(t, store.RecordCollaboration(ctx, postgres.CollaborationRow{CampaignID: "live", Handle: "jane", Platform: "instagram",
		Email: "j@x", Stage: "monitoring", Fee: fee, PostURL: "https://ig/p/1"}))
	require.NoError(t, store.RecordCollaboration(ctx, postgres.CollaborationRow{CampaignID: "live", Handle: "omar", Platform: "tiktok",
		Email: "o@x", Stage: "awaiting_reply", Fee: fee}))
	issued := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	_, err = store.IssueTracking(ctx, campaign.Tracking{CampaignID: "live", Handle: "jane", Platform: "instagram", Code: "LIVE-JANE",
		IssuedAt: issued, Window: 30 * 24 * time.Hour})
	require.NoError(t, err)

	file := filepath.Join(t.TempDir(), "orders.csv")
	require.NoError(t, os.WriteFile(file, []byte("order_id,promo_code,revenue,currency,time\n"+
		"A1,live-jane,600.00,USD,2027-03-05T10:00:00Z\n"+
		"A2,LIVE-JANE,400.00,USD,2027-03-06T10:00:00Z\n"+
		"A1,LIVE-JANE,600.00,USD,2027-03-05T10:00:00Z\n"+
		"A3,SPRING50,25.00,USD,2027-03-06T10:00:00Z\n"+
		"A4,LIVE-JANE,10.00,EUR,2027-03-06T10:00:00Z\n"), 0o644))
	out, errOut, code := run("conversions", "import", file, "--database-url", dsn)
	require.Equal(t, 1, code, "a rejected order makes the import fail, after the good ones are stored")
	require.Contains(t, out, "attributed     A1 → jane (live, by code)")
	require.Contains(t, out, "duplicate      A1 (already imported; not counted again)")
	require.Contains(t, out, `UNATTRIBUTED   A3 25.00 USD: unknown promo code "SPRING50"`)
	require.Contains(t, out, "2 attributed, 1 unattributed (kept), 1 duplicates, 1 rejected")
	require.Contains(t, errOut, "order A4 is in EUR but campaign live reports in USD")

	out, _, code = run("conversions", "import", file, "--database-url", dsn, "--fx-rates", "EUR/USD=1.10")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "1 attributed, 0 unattributed (kept), 4 duplicates, 0 rejected", "a second import counts nothing twice")

	// KPIs so far: jane agreed (fee committed), omar still being asked.
	var kpis bytes.Buffer
	require.ErrorContains(t, printKPIs(ctx, &kpis, measureFlags{databaseURL: dsn}, "live"), "no exchange rate from EUR to USD")
	kpis.Reset()
	require.NoError(t, printKPIs(ctx, &kpis, measureFlags{databaseURL: dsn, fxRates: "EUR/USD=1.10"}, "live"))
	s := kpis.String()
	for _, want := range []string{"cost", "1,000.00", "revenue", "1,011.00", "conversions", "3", "CPA", "333.33", "benchmark 50.00 USD", "missed",
		"views", "n/a", "funnel: 2 shortlisted → 2 contacted → 1 agreed → 1 published"} {
		require.Contains(t, s, want)
	}

	// The stored report, in every format.
	_, errOut, code = run("campaign", "report", "live", "--database-url", dsn)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "campaign live has no stored report yet")
	_, err = liveReport(ctx, store, campaign.Rates{}, "live")
	require.Error(t, err, "an EUR order and no rate: the report refuses to mix currencies")
	rates, _ := campaign.ParseRates("EUR/USD=1.10")
	r, err := liveReport(ctx, store, rates, "live")
	require.NoError(t, err)
	require.NoError(t, store.SaveReport(ctx, r))
	out, _, code = run("campaign", "report", "live", "--database-url", dsn, "--format", "csv")
	require.Equal(t, 0, code)
	require.True(t, strings.HasPrefix(out, "creator,platform,outcome,followers,currency,cost,"), out)
	html := filepath.Join(t.TempDir(), "live.html")
	_, errOut, code = run("campaign", "report", "live", "--database-url", dsn, "--format", "html", "-o", html)
	require.Equal(t, 0, code, errOut)
	data, err := os.ReadFile(html)
	require.NoError(t, err)
	require.Contains(t, string(data), "<svg")
	_, errOut, code = run("campaign", "report", "live", "--format", "pdf")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "--format must be one of table, json, csv, html")
}
