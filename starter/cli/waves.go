package cli

import (
	"fmt"

	"go.temporal.io/sdk/client"

	"github.com/creatorflow/creatorflow/workflows"
)

// cohortWaves replaces, for a campaign run in cohorts, the campaign's view of
// its creators (each running cohort's first wave only) by the cohorts' own:
// every creator invited so far, replacements included, and the reserve left in
// each cohort's share. A cohort that cannot tell (started before waves, or not
// reachable) leaves the campaign's view as it is.
func cohortWaves(ctx contextT, tc client.Client, st *workflows.CampaignStatus) {
	if st.Cohorts == 0 {
		return
	}
	var creators []workflows.CreatorSummary
	reserve := 0
	for n := 1; n <= st.Cohorts; n++ {
		var cs workflows.CohortStatus
		if err := query(ctx, tc, workflows.CohortWorkflowID(st.CampaignID, n), &cs); err != nil || cs.Creators == nil {
			return
		}
		creators = append(creators, cs.Creators...)
		reserve += cs.Reserve
	}
	st.Creators, st.Reserve = creators, reserve
}

func hasWaves(st workflows.CampaignStatus) bool {
	for _, c := range st.Creators {
		if c.Wave > 0 {
			return true
		}
	}
	return false
}

// waveLabel is "1", or "2 (for ana)" for a creator invited in another's place.
func waveLabel(c workflows.CreatorSummary) string {
	if c.Replaces == "" {
		return fmt.Sprint(c.Wave)
	}
	return fmt.Sprintf("%d (for %s)", c.Wave, c.Replaces)
}
