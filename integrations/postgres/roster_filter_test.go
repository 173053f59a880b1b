package postgres_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/internal/rostergen"
)

func keys(as []campaign.Assessment) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Creator.Key()
	}
	return out
}

// TestCandidatesAgreeWithPrefilter: the filters pushed into SQL leave out
// exactly the creators campaign.Prefilter leaves out, so the store's
// shortlist is the one BuildShortlist gives on the whole roster.
func TestCandidatesAgreeWithPrefilter(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	ro := rostergen.Generate(rostergen.Options{N: 4000, Seed: 11})
	var buf bytes.Buffer
	require.NoError(t, rostergen.WriteJSON(&buf, ro.Creators))
	rf, err := campaign.ReadRoster(buf.Bytes(), "json")
	require.NoError(t, err)
	require.Empty(t, rf.Rejected)
	cs := make([]campaign.Creator, len(rf.Rows))
	for i, r := range rf.Rows {
		cs[i] = r.Creator
	}
	_, _, err = s.ImportCreators(ctx, cs, nil)
	require.NoError(t, err)

	briefs := map[string]func(*campaign.Brief){
		"generated brief": func(*campaign.Brief) {},
		"formats and a small budget": func(b *campaign.Brief) {
			b.Formats, b.Budget.Amount = []string{"reel"}, 300_000
		},
		"no formats, small budget, exclusions": func(b *campaign.Brief) {
			b.Budget.Amount = 200_000
			b.ExcludeCreators = []string{cs[0].Key(), cs[1].Key()}
		},
		"all categories": func(b *campaign.Brief) { b.AllCategories = true },
		"skincare, GB": func(b *campaign.Brief) {
			b.BrandCategories = []string{"Skin-Care"}
			b.TargetAudience.Countries = []string{"GB"}
		},
		"fitness, all tiers": func(b *campaign.Brief) { b.BrandCategories = []string{"fitness"}; b.Tiers = campaign.Tiers },
	}
	for name, change := range briefs {
		t.Run(name, func(t *testing.T) {
			b := rostergen.Brief()
			change(&b)
			got, err := s.Shortlist(ctx, b)
			require.NoError(t, err)
			want := campaign.BuildShortlist(b, cs, nil)
			assert.Equal(t, want.Considered, got.Considered)
			assert.Equal(t, want.Prefiltered, got.Prefiltered)
			assert.Equal(t, keys(want.Ranked), keys(got.Ranked))
			assert.Equal(t, keys(want.Excluded), keys(got.Excluded))
			t.Logf("%s: %d scored, %d left out in SQL", name, got.Considered, got.Prefiltered)
		})
	}
}

// TestImportRosterStreamsAndRollsBack: a refusal after the copy (rows were
// rejected and the user did not say --skip-invalid) changes nothing; a
// reading error midway changes nothing either.
func TestImportRosterStreamsAndRollsBack(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	before, err := s.CountCreators(ctx)
	require.NoError(t, err)
	ro := rostergen.Generate(rostergen.Options{N: 12_000, Seed: 3})
	iter := func(fail error) func() (campaign.Creator, error) {
		i := 0
		return func() (campaign.Creator, error) {
			if i == len(ro.Creators) {
				return campaign.Creator{}, io.EOF
			}
			if fail != nil && i == 7000 {
				return campaign.Creator{}, fail
			}
			c := ro.Creators[i]
			c.Normalize()
			i++
			return c, nil
		}
	}
	var seen []int
	_, _, err = s.ImportRoster(ctx, iter(nil), func(n int) { seen = append(seen, n) },
		func(n int) error { return errors.New("2 rows rejected") })
	require.ErrorContains(t, err, "nothing was changed")
	assert.Equal(t, []int{5000, 10000, 12000}, seen)
	_, _, err = s.ImportRoster(ctx, iter(errors.New("roster: line 7001: not valid JSON")), nil, nil)
	require.ErrorContains(t, err, "line 7001")
	n, err := s.CountCreators(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, n)

	added, updated, err := s.ImportRoster(ctx, iter(nil), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, [2]int{12_000, 0}, [2]int{added, updated})
}
