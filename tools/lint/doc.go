// Package lint pins golangci-lint in its own module, so neither the main
// go.mod nor tools/go.mod (the Temporal CLI) carries its dependencies.
// Build it with `make bin/golangci-lint`; `make lint` does.
package lint
