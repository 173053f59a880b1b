package cli_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/starter/cli"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

const rosterCSV = `platform,handle,name,email,followers,avg_likes,avg_comments,country,categories,audience_countries,rate_card,brand_safety
instagram,jane.glows,Jane Ito,jane@x.test,48200,1900,140,US,skincare;lifestyle,US=70;CA=10,reel=1200.00 USD,
tiktok,omar,Omar,omar@x.test,212000,8100,420,US,skincare,US=40;GB=40,,
instagram,jane.glows,Again,again@x.test,1,0,0,,,,,
instagram,lena,Lena,lena@x.test,fifteen,0,0,DE,,,,
instagram,risky,Risky,risky@x.test,30000,900,30,US,skincare,,,hate
`

func count(t *testing.T, url string) int {
	s, err := postgres.Open(context.Background(), url)
	require.NoError(t, err)
	defer s.Close()
	n, err := s.CountCreators(context.Background())
	require.NoError(t, err)
	return n
}

func TestRosterImportListShow(t *testing.T) {
	url := testenv.DatabaseURL(t)
	file := write(t, "creators.csv", rosterCSV)

	code, out, errOut := run(t, "roster", "import", file, "--database-url", url)
	assert.Equal(t, 1, code, errOut)
	assert.Contains(t, out, "Read "+file+" (csv): 5 rows, 3 valid, 2 rejected.")
	assert.Contains(t, out, "rejected line 4 (jane.glows): duplicate of line 2")
	assert.Contains(t, out, `rejected line 5 (lena): followers must be a whole number (got "fifteen")`)
	assert.Contains(t, errOut, "nothing was imported")
	assert.Equal(t, 0, count(t, url), "a file with errors changes nothing")

	code, out, errOut = run(t, "roster", "import", file, "--database-url", url, "--skip-invalid")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Imported: 3 added, 0 updated, 2 rejected.\n")
	code, out, _ = run(t, "roster", "import", file, "--database-url", url, "--skip-invalid")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Imported: 0 added, 0 updated, 2 rejected. 3 unchanged (equal to the stored rows).", "the same file again changes nothing")

	code, out, errOut = run(t, "roster", "list", "--database-url", url, "--tier", "micro", "--category", "skincare")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "instagram/jane.glows")
	assert.Contains(t, out, "instagram/risky")
	assert.NotContains(t, out, "tiktok/omar")
	assert.Contains(t, out, "2 creator(s).")
	code, out, _ = run(t, "roster", "list", "--database-url", url, "--country", "GB", "--format", "json")
	require.Equal(t, 0, code)
	var listed []campaign.Creator
	require.NoError(t, json.Unmarshal([]byte(out), &listed))
	require.Len(t, listed, 1)
	assert.Equal(t, "omar", listed[0].Handle)

	code, out, errOut = run(t, "roster", "show", "instagram/@Jane.Glows", "--database-url", url)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "instagram/jane.glows — Jane Ito <jane@x.test>")
	assert.Contains(t, out, "audience countries: CA 10%, US 70%")
	assert.Contains(t, out, "rate card: reel 1,200.00 USD")
	code, _, errOut = run(t, "roster", "show", "instagram/nobody", "--database-url", url)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no such creator in the roster: instagram/nobody")

	code, _, errOut = run(t, "roster", "list", "--tier", "giant", "--database-url", url)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `--tier: want one of nano, micro, macro, mega (got "giant")`)
}

func TestRosterNeedsADatabase(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	code, _, errOut := run(t, "roster", "list")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "set --database-url or DATABASE_URL")
	code, _, errOut = run(t, "roster", "import", write(t, "r.txt", "x"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--format csv|json")
}

func TestExampleRosterImports(t *testing.T) {
	url := testenv.DatabaseURL(t)
	code, out, errOut := run(t, "roster", "import", "../../examples/roster.json", "--database-url", url)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Imported: 6 added, 0 updated, 0 rejected.")

	// The README's demo invites these three: the example brief's shortlist must keep them on top.
	code, out, errOut = run(t, "campaign", "shortlist", "-f", "../../examples/spring-glow.yaml", "--database-url", url, "--format", "json")
	require.Equal(t, 0, code, errOut)
	var sl campaign.Shortlist
	require.NoError(t, json.Unmarshal([]byte(out), &sl))
	var top []string
	for _, a := range sl.Ranked {
		top = append(top, a.Creator.Handle)
	}
	assert.ElementsMatch(t, []string{"jane.glows", "omar_routines", "lena.skin"}, top)

	code, out, errOut = run(t, "roster", "import", "../../examples/roster.csv", "--database-url", url)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Imported: 3 added, 0 updated, 0 rejected.")
	code, out, errOut = run(t, "campaign", "shortlist", "-f", "../../examples/spring-glow.yaml", "--database-url", url)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "✗ instagram/fastgrow")
	assert.Contains(t, out, "growth_spike: followers +193% from 2026-09-01 to 2026-10-01 while engagement +1%")
}

const previewBrief = `id: preview
name: Preview
brand: Lumen
platforms: [instagram, tiktok]
tiers: [micro, macro]
creators_wanted: 1
budget: "5000.00 USD"
offer:
  fee: "1000.00 USD"
  deliverables: [1 reel]
target_audience: {countries: [US]}
brand_categories: [skincare]
`

func TestCampaignShortlistPreview(t *testing.T) {
	url := testenv.DatabaseURL(t)
	code, _, errOut := run(t, "roster", "import", write(t, "creators.csv", rosterCSV), "--database-url", url, "--skip-invalid")
	require.Equal(t, 0, code, errOut)
	brief := write(t, "brief.yaml", previewBrief)

	code, out, errOut := run(t, "campaign", "shortlist", "-f", brief, "--database-url", url)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Shortlist for preview: 2 ranked of 3 creators")
	assert.Contains(t, out, "1 excluded")
	assert.Contains(t, out, "AUDIENCE")
	assert.Contains(t, out, "70% of the audience in US") // jane: US 70, CA 10; only US is targeted
	assert.Contains(t, out, "40% of the audience in US", "omar's spread audience is graded…")
	assert.NotContains(t, out, "audience_outside_target", "…not flagged: the brief sets no minimum")
	assert.Contains(t, out, "✗ instagram/risky")
	assert.Contains(t, out, "brand_safety: content labelled hate (excluded by the brief)")

	code, out, _ = run(t, "campaign", "shortlist", "-f", brief, "--database-url", url, "--format", "json")
	require.Equal(t, 0, code)
	var sl campaign.Shortlist
	require.NoError(t, json.Unmarshal([]byte(out), &sl))
	require.Len(t, sl.Ranked, 2)
	assert.Equal(t, "jane.glows", sl.Ranked[0].Creator.Handle)
	require.Len(t, sl.Excluded, 1)

	code, out, _ = run(t, "campaign", "shortlist", "-f", brief, "--database-url", url, "--format", "csv")
	require.Equal(t, 0, code)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 4) // header, 2 ranked, 1 excluded
	assert.Equal(t, []string{"rank", "platform", "handle", "tier", "followers", "score", "audience", "engagement",
		"alignment", "past_performance", "authenticity", "value", "rate", "flags", "excluded", "reasons"}, recs[0])
	assert.Equal(t, "1", recs[1][0])
	assert.Equal(t, "risky", recs[3][2])
	assert.Contains(t, recs[3][14], "content labelled hate")

	// --explain: why a creator is where it is.
	code, out, errOut = run(t, "campaign", "shortlist", "-f", brief, "--database-url", url, "--explain", "omar")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Weights: audience 25, engagement 20, alignment 20, past performance 10, authenticity 10, value 15")
	assert.Contains(t, out, "tiktok/omar is #2 of 2 ranked (3 considered).")
	assert.Regexp(t, `audience\s+16\.7 points = 0\.667 × weight 25\s+40% of the audience in US`, out)
	assert.Regexp(t, `value\s+7\.5 points = 0\.500 × weight 15\s+no rate for the brief's formats: neutral`, out)
	assert.Regexp(t, `Behind #1 instagram/jane\.glows by \d+\.\d: audience -8\.3, engagement \+\d\.\d, value \+\d\.\d\.`, out)
	code, out, _ = run(t, "campaign", "shortlist", "-f", brief, "--database-url", url, "--explain", "instagram/@Risky")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "instagram/risky is excluded: brand_safety: content labelled hate (excluded by the brief)")
	code, _, errOut = run(t, "campaign", "shortlist", "-f", brief, "--database-url", url, "--explain", "instagram/nobody")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no such creator in the roster: instagram/nobody")

	code, _, errOut = run(t, "campaign", "shortlist", "-f", write(t, "bad.yaml", previewBrief+"weights: {audience: -3}\n"), "--database-url", url)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "brief: weights.audience must be >= 0 (got -3)")
}
