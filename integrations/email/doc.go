// Package email sends creatorflow's emails to creators: templates rendered to
// plain text and HTML, deterministic Message-IDs, a signed Reply-To address
// that identifies the collaboration, threading headers, and go-mail over SMTP.
// It knows nothing of Temporal.
package email
