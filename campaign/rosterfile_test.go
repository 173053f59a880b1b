package campaign

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadRosterCSV(t *testing.T) {
	data := "platform,handle,name,email,followers,avg_likes,avg_comments,avg_shares,country,categories,audience_countries,audience_ages,rate_card,follower_history,brand_safety\n" +
		"instagram,@Jane.Glows,Jane Ito,jane@x.test,\"48,200\",1900,140,30,us,Skincare;Lifestyle,US=60;GB=25,18-24=40;25-34=35,reel=1200.00 USD;story=300 USD,2026-01-01=40000/1500;2026-02-01=48200,Alcohol\n" +
		"tiktok,omar,Omar,omar@x.test,lots,10,1,,,,,,,,\n" + // wrong type
		"instagram,jane.glows,Jane again,jane2@x.test,1,0,0,,,,,,,,\n" + // duplicate
		"youtube,tube,Tube,not-an-email,100,0,0,,,,,,,,\n" + // invalid email
		"youtube,short,row\n" + // field count
		"youtube,good,Good,good@x.test,5000,50,5,,GB,,,,,,\n" +
		"instagram,pct,P,p@x.test,5000,0,0,,,,US=sixty,,reel=12.345 USD,,\n"
	rf, err := ReadRoster([]byte(data), "csv")
	require.NoError(t, err)
	require.Len(t, rf.Rows, 2)
	j := rf.Rows[0]
	assert.Equal(t, 2, j.Line)
	c := j.Creator
	assert.Equal(t, "jane.glows", c.Handle)
	assert.Equal(t, int64(48_200), c.Followers)
	assert.Equal(t, int64(30), c.AvgShares)
	assert.Equal(t, "US", c.Country)
	assert.Equal(t, []string{"skincare", "lifestyle"}, c.Categories)
	assert.Equal(t, map[string]float64{"US": 60, "GB": 25}, c.Audience.Countries)
	assert.Equal(t, map[string]float64{"18-24": 40, "25-34": 35}, c.Audience.Ages)
	assert.Equal(t, map[string]Money{"reel": {120000, "USD"}, "story": {30000, "USD"}}, c.RateCard)
	assert.Equal(t, []FollowerCount{{"2026-01-01", 40_000, 1500}, {"2026-02-01", 48_200, 0}}, c.FollowerHistory)
	assert.Equal(t, []string{"alcohol"}, c.BrandSafety)
	assert.Equal(t, 7, rf.Rows[1].Line)

	var got []string
	for _, r := range rf.Rejected {
		got = append(got, r.String())
	}
	assert.Equal(t, []string{
		`line 3 (omar): followers must be a whole number (got "lots")`,
		`line 4 (jane.glows): duplicate of line 2 (same platform and handle instagram/jane.glows)`,
		`line 5 (tube): email must be an address (got "not-an-email")`,
		`line 6: has 3 fields, the header has 15`,
		`line 8 (pct): audience_countries: US: want a percent (got "sixty"); rate_card: reel: want at most two decimals (got "12.345")`,
	}, got)
}

func TestReadRosterCSVHeaderProblems(t *testing.T) {
	_, err := ReadRoster([]byte("platform,handle,email,followers,colour\n"), "csv")
	assert.ErrorContains(t, err, `unknown CSV column "colour"`)
	_, err = ReadRoster([]byte("platform,handle,email\n"), "csv")
	assert.ErrorContains(t, err, `the CSV has no "followers" column`)
	_, err = ReadRoster(nil, "csv")
	assert.ErrorContains(t, err, "the CSV file is empty")
}

func TestReadRosterJSON(t *testing.T) {
	data := `[
  {"platform": "instagram", "handle": "jane", "email": "j@x.test", "followers": 100,
   "audience": {"genders": {"female": 70}}},
  {"platform": "instagram", "handle": "omar", "email": "o@x.test", "followers": "many"},
  {"platform": "instagram", "handle": "lena", "email": "l@x.test", "followers": 5, "colour": "red"},
  {"platform": "instagram", "handle": "JANE", "email": "j2@x.test", "followers": 7},
  {"platform": "myspace", "handle": "tom", "email": "t@x.test", "followers": 7}
]`
	rf, err := ReadRoster([]byte(data), "json")
	require.NoError(t, err)
	require.Len(t, rf.Rows, 1)
	assert.Equal(t, 2, rf.Rows[0].Line)
	assert.Equal(t, map[string]float64{"female": 70}, rf.Rows[0].Creator.Audience.Genders)
	var got []string
	for _, r := range rf.Rejected {
		got = append(got, r.String())
	}
	assert.Equal(t, []string{
		`line 4 (omar): followers must be a whole number (got a JSON string)`,
		`line 5 (lena): unknown field "colour"; see the roster fields in the README`,
		`line 6 (jane): duplicate of line 2 (same platform and handle instagram/jane)`,
		`line 7 (tom): platform must be one of instagram, tiktok, youtube (got "myspace")`,
	}, got)

	_, err = ReadRoster([]byte(`{"handle": "x"}`), "json")
	assert.ErrorContains(t, err, "a JSON roster is an array")
}

func TestRosterFormat(t *testing.T) {
	f, err := RosterFormat("x/roster.CSV", "")
	require.NoError(t, err)
	assert.Equal(t, "csv", f)
	f, err = RosterFormat("roster.txt", "json")
	require.NoError(t, err)
	assert.Equal(t, "json", f)
	_, err = RosterFormat("roster", "")
	assert.ErrorContains(t, err, "--format csv|json")
	_, err = RosterFormat("roster.xml", "")
	assert.ErrorContains(t, err, "cannot tell the format of roster.xml")
	_, err = RosterFormat("roster.csv", "xml")
	assert.ErrorContains(t, err, `--format must be csv or json (got "xml")`)
}

func TestRosterReaderStreamsAndNamesTheLineOfBrokenJSON(t *testing.T) {
	var b strings.Builder
	b.WriteString("[\n")
	for i := range 3000 {
		fmt.Fprintf(&b, `  {"platform": "tiktok", "handle": "c%d", "email": "c%d@x.test", "followers": %d},`+"\n", i, i, 1000+i)
	}
	b.WriteString("  {\"platform\": \"tiktok\", \"handle\": \"broken\" \"email\": \"b@x.test\"}\n]\n")
	rr, err := NewRosterReader(strings.NewReader(b.String()), "json")
	require.NoError(t, err)
	n := 0
	for {
		row, err := rr.Next()
		if err != nil {
			assert.ErrorContains(t, err, "roster: line 3002: not valid JSON")
			break
		}
		n++
		assert.Equal(t, n+1, row.Line)
	}
	assert.Equal(t, 3000, n)
}
