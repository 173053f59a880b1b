// Package tools pins the Temporal CLI (dev server + web UI) in its own module so
// the server's dependencies stay out of the main go.mod. Build it with
// `make bin/temporal`.
package tools
