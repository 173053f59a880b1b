// Package workflows holds creatorflow's Temporal workflows: CampaignWorkflow
// (one per campaign) and CollaborationWorkflow (one per creator), their
// signals, updates and queries, and the contract (names and types) of the
// activities they call. Code here is deterministic: no time.Now, rand, map
// iteration or goroutines; it imports the domain (campaign) and never an
// integration.
//
// Nothing is released yet, so there is one baseline and no version branch:
// change a workflow's commands freely and re-record testdata/ with
// `make record-histories`. After the first release every change to a running
// shape follows docs/versioning.md (one naming rule for GetVersion change
// IDs, or worker versioning); the replay test (replay_test.go) fails on any
// change that is not.
package workflows
