package cli

import (
	"io"
	"log/slog"
)

// discardLogger keeps the SDK's own logging out of the CLI's output.
func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
