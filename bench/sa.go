package main

import (
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/temporal"

	"github.com/creatorflow/creatorflow/workflows"
)

type listRequest = workflowservice.ListWorkflowExecutionsRequest

func collabSearchAttributes(campaignID, handle string) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(workflows.SACampaignID.ValueSet(campaignID), workflows.SACreatorHandle.ValueSet(handle),
		workflows.SAStage.ValueSet(string(workflows.StageOutreach)))
}
