// Package faults proves on the real stack that no crash loses or repeats
// anything: it runs bin/worker as a child process against a real Temporal dev
// server (file database), PostgreSQL and SMTP server, drives campaigns through
// the starter CLI, and injects faults — SIGKILL of the worker at every stage,
// PostgreSQL stopped for 30 seconds, SMTP down, the Temporal server restarted.
//
// The tests are behind the `faults` build tag so `make test` stays fast:
//
//	make test-faults   # go test -tags faults -v ./internal/faults
package faults
