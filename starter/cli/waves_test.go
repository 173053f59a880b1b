package cli_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/reply"
	"github.com/creatorflow/creatorflow/workflows"
)

// TestCampaignStatusShowsWavesAndReserve runs campaigns on the real Temporal
// dev server (activities stubbed: the waves are workflow logic) and reads
// `starter campaign status` after the first creator declined: the replacement
// shows as wave 2 in place of the decliner, and the reserve left is counted,
// for a campaign run directly and for one run in cohorts.
func TestCampaignStatusShowsWavesAndReserve(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the Temporal dev server")
	}
	ctx := context.Background()
	addr := testenv.TemporalAddress(t)
	tc, err := client.Dial(client.Options{HostPort: addr})
	require.NoError(t, err)
	defer tc.Close()
	queue := "waves-cli-test"
	w := worker.New(tc, queue, worker.Options{})
	w.RegisterWorkflowWithOptions(workflows.CampaignWorkflow, workflow.RegisterOptions{Name: workflows.CampaignWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.CollaborationWorkflow, workflow.RegisterOptions{Name: workflows.CollaborationWorkflowName})
	w.RegisterWorkflowWithOptions(workflows.CohortWorkflow, workflow.RegisterOptions{Name: workflows.CohortWorkflowName})
	var roster []campaign.Creator
	for i, h := range []string{"ana", "ben", "cai", "dee"} {
		roster = append(roster, campaign.Creator{Platform: "instagram", Handle: h, Email: h + "@creators.test", Followers: 40_000,
			AvgLikes: int64(2000 - 400*i), AvgComments: int64(60 - 10*i)})
	}
	stub := func(name string, fn any) { w.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name}) }
	stub(workflows.ActSaveCampaign, func(context.Context, campaign.Brief) error { return nil })
	stub(workflows.ActShortlistCreators, func(_ context.Context, r workflows.ShortlistRequest) (campaign.Shortlist, error) {
		return campaign.BuildShortlist(r.Brief, roster, nil), nil
	})
	stub(workflows.ActSendEmail, func(_ context.Context, e workflows.EmailRequest) (workflows.EmailResult, error) {
		return workflows.EmailResult{MessageID: "<" + e.Step + "." + e.Creator.Handle + "@test>", Sent: true}, nil
	})
	stub(workflows.ActRecordCollaboration, func(context.Context, workflows.CollaborationRecord) error { return nil })
	require.NoError(t, w.Start())
	defer w.Stop()

	for _, tc2 := range []struct {
		id         string
		cohortSize int
	}{{"waves-direct", 0}, {"waves-cohorts", 1}} {
		t.Run(tc2.id, func(t *testing.T) {
			b := campaign.Brief{ID: fmt.Sprintf("%s-%d", tc2.id, time.Now().UnixNano()), Name: "Waves", Brand: "Lumen", Platforms: []string{"instagram"},
				CreatorsWanted: 2, Budget: campaign.Money{Amount: 200000, Currency: "USD"},
				Offer:     campaign.Offer{Fee: campaign.Money{Amount: 80000, Currency: "USD"}, Deliverables: []string{"1 reel"}},
				Approvers: []string{"ops@lumen.test"}}
			b.ApplyDefaults()
			wr, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.CampaignWorkflowID(b.ID), TaskQueue: queue},
				workflows.CampaignWorkflowName, workflows.CampaignInput{Brief: b, CohortSize: tc2.cohortSize})
			require.NoError(t, err)
			defer func() { _ = tc.TerminateWorkflow(ctx, wr.GetID(), "", "test over") }()

			status := func() string {
				code, out, errOut := run(t, "--address", addr, "campaign", "status", b.ID)
				require.Equal(t, 0, code, errOut)
				return out
			}
			require.Eventually(t, func() bool { return strings.Contains(status(), "awaiting_reply") }, 30*time.Second, 200*time.Millisecond)
			require.NoError(t, tc.SignalWorkflow(ctx, workflows.CollaborationWorkflowID(b.ID, "ana"), "", workflows.SignalCreatorMessage,
				reply.Classify("Thanks, but I'll pass")))
			var out string
			caiWaiting := regexp.MustCompile(`(?m)^cai\s+instagram\s+awaiting_reply\s`)
			require.Eventually(t, func() bool {
				out = status()
				return caiWaiting.MatchString(out) // past its outreach email
			}, 30*time.Second, 200*time.Millisecond, "the replacement waiting for a reply")
			t.Log(out)
			require.Contains(t, out, "In reserve: 1 more on the shortlist")
			require.Regexp(t, regexp.MustCompile(`(?m)^CREATOR\s.*OUTCOME\s+WAVE\s*$`), out)
			require.Regexp(t, regexp.MustCompile(`(?m)^ana\s+instagram\s+done\s.*declined\s+1\s*$`), out)
			require.Regexp(t, regexp.MustCompile(`(?m)^cai\s+instagram\s+awaiting_reply\s.*\s2 \(for ana\)\s*$`), out)
			require.NotContains(t, out, "dee", "one decline, one replacement")
			if tc2.cohortSize > 0 {
				// The replacement was started by its cohort: the campaign's own
				// history holds its cohorts only, however many replacements follow.
				var children []string
				it := tc.GetWorkflowHistory(ctx, wr.GetID(), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
				for it.HasNext() {
					ev, err := it.Next()
					require.NoError(t, err)
					if a := ev.GetStartChildWorkflowExecutionInitiatedEventAttributes(); a != nil {
						children = append(children, a.GetWorkflowType().GetName()+" "+a.GetWorkflowId())
					}
				}
				require.Equal(t, []string{"CohortWorkflow " + workflows.CohortWorkflowID(b.ID, 1), "CohortWorkflow " + workflows.CohortWorkflowID(b.ID, 2)}, children)
			}
		})
	}
}
