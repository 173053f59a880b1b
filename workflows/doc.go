// Package workflows holds creatorflow's Temporal workflows: CampaignWorkflow
// (one per campaign) and CollaborationWorkflow (one per creator), their
// signals, updates and queries, and the contract (names and types) of the
// activities they call. Code here is deterministic: no time.Now, rand, map
// iteration or goroutines; it imports the domain (campaign) and never an
// integration.
//
// Changing a running shape: wrap the change in workflow.GetVersion with a
// change ID named after the change, keep the old branch until no history that
// took it can still be replayed, and re-record testdata/ (make record-histories)
// so the replay test guards the new path as well as the old. The full rules,
// and the list of changes made so far, are in versions.go.
package workflows
