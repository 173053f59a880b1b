package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
)

// The real stack (PostgreSQL, dev server, worker, an in-process SMTP server
// answering 550 for one address, slacktest): the creator whose address does
// not exist ends undeliverable after one attempt, ops get a Slack alert, and
// the next creator on the shortlist is invited in their place.
func TestRefusedAddressIsReplacedOnTheRealStack(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	st := newSlackStack(t, map[string]string{"U-OPS": "ops@lumen.test"}, []campaign.Creator{
		{Platform: "instagram", Handle: "ghost", Name: "Ghost", Email: "ghost@creators.test", Followers: 90_000, AvgLikes: 9000, AvgComments: 300},
		{Platform: "instagram", Handle: "cami", Name: "Cami", Email: "cami@creators.test", Followers: 60_000, AvgLikes: 600, AvgComments: 20},
	})
	st.sink.RefuseRecipient("ghost@creators.test")

	const id = "undeliverable"
	f := filepath.Join(t.TempDir(), "brief.yaml")
	require.NoError(t, os.WriteFile(f, []byte(fmt.Sprintf(pathsBrief, id, 1)), 0o644))
	out, code := starter(t, st.addr, "campaign", "start", "-f", f)
	require.Equal(t, 0, code, out)
	defer starter(t, st.addr, "campaign", "cancel", id)

	var status struct {
		Creators []struct {
			Handle   string           `json:"handle"`
			Outcome  campaign.Outcome `json:"outcome"`
			Wave     int              `json:"wave"`
			Replaces string           `json:"replaces"`
		} `json:"creators"`
	}
	eventually(t, "cami invited in ghost's place", func() bool {
		out, code := starter(t, st.addr, "campaign", "status", id, "--json")
		if code != 0 || json.Unmarshal([]byte(out), &status) != nil {
			return false
		}
		return len(status.Creators) == 2 && status.Creators[1].Handle == "cami"
	})
	require.Equal(t, "ghost", status.Creators[0].Handle)
	require.Equal(t, campaign.OutcomeUndeliverable, status.Creators[0].Outcome)
	require.Equal(t, 2, status.Creators[1].Wave)
	require.Equal(t, "ghost", status.Creators[1].Replaces)

	eventually(t, "cami's outreach delivered", func() bool {
		for _, m := range st.sink.Messages() {
			if len(m.To) == 1 && m.To[0] == "cami@creators.test" {
				return true
			}
		}
		return false
	})
	for _, m := range st.sink.Messages() {
		require.NotContains(t, m.To, "ghost@creators.test", "nothing was delivered to the refused address")
	}
	var alert string
	eventually(t, "ops alerted in Slack", func() bool {
		for _, v := range st.ws.got("chat.postMessage") {
			if all := v.Get("text") + v.Get("blocks"); strings.Contains(all, "undeliverable") {
				alert = all
				return true
			}
		}
		return false
	})
	require.Contains(t, alert, "@ghost")
	require.Contains(t, alert, "550")
}
