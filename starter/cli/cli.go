// Package cli is the starter command tree (cobra). It talks to Temporal only:
// campaigns are started, signalled, updated and queried through their workflows.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"github.com/creatorflow/creatorflow/internal/safetext"
	"github.com/creatorflow/creatorflow/internal/temporalconn"
	"github.com/creatorflow/creatorflow/workflows"
)

// UsageError makes the command exit with status 2: the input was wrong and nothing was done.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }

type app struct {
	out, errOut io.Writer
	address     string // --address, "" when not given; the resolved one after dial
	namespace   string // --namespace, likewise
	profile     string
	taskQueue   string
	uiURL       string
	timeout     time.Duration
}

// Main runs the CLI and returns the process exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	// Everything printed may carry text from outside (creators' replies,
	// names, links, roster rows): escape sequences and control characters
	// are shown, never obeyed by the terminal.
	stdout, stderr = safetext.NewWriter(stdout), safetext.NewWriter(stderr)
	a := &app{out: stdout, errOut: stderr}
	root := a.root()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return UsageError{fmt.Errorf("%w\nsee `%s --help`", err, c.CommandPath())}
	})
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "error:", err)
	var ue UsageError
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command") {
		return 2
	}
	return 1
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func (a *app) root() *cobra.Command {
	root := &cobra.Command{
		Use:           "starter",
		Short:         "Run influencer campaigns on creatorflow",
		Long:          "starter starts and follows creatorflow campaigns. It needs a running Temporal server and worker (see `make run`).",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// Connection settings follow Temporal's convention (envconfig): the flags
	// win over TEMPORAL_ADDRESS/TEMPORAL_NAMESPACE, which win over the profile.
	root.PersistentFlags().StringVar(&a.address, "address", "", "Temporal frontend address (env TEMPORAL_ADDRESS, else the profile, else "+temporalconn.DefaultAddress+")")
	root.PersistentFlags().StringVar(&a.namespace, "namespace", "", "Temporal namespace (env TEMPORAL_NAMESPACE, else the profile, else "+temporalconn.DefaultNamespace+")")
	root.PersistentFlags().StringVar(&a.profile, "profile", "", "profile of the Temporal config file (env TEMPORAL_PROFILE; file TEMPORAL_CONFIG_FILE, default ~/.config/temporalio/temporal.toml)")
	root.PersistentFlags().StringVar(&a.taskQueue, "task-queue", envOr("TEMPORAL_TASK_QUEUE", workflows.TaskQueue), "task queue the worker polls (env TEMPORAL_TASK_QUEUE)")
	root.PersistentFlags().StringVar(&a.uiURL, "ui", envOr("TEMPORAL_UI_URL", "http://127.0.0.1:8233"), "Temporal web UI base URL, for links (env TEMPORAL_UI_URL)")
	root.PersistentFlags().DurationVar(&a.timeout, "timeout", 30*time.Second, "how long to wait for Temporal")
	root.AddCommand(a.metricsCmd(), a.conversionsCmd())
	root.AddCommand(a.campaignCmd(), a.creatorCmd(), a.rosterCmd(), a.shortlistCmd(),
		a.decisionCmd("approve", "Approve the current draft of a creator", "approve"),
		a.decisionCmd("request-changes", "Send the current draft back to the creator with feedback", "request_changes"),
		a.decisionCmd("reject", "Reject the current draft; the collaboration ends", "reject"),
		a.inboxCmd())
	root.AddCommand(a.counterCmd())
	return root
}

func (a *app) dial(ctx context.Context) (client.Client, error) {
	conn, err := temporalconn.Load(temporalconn.Request{Profile: a.profile, Address: a.address, Namespace: a.namespace})
	if err != nil {
		return nil, UsageError{err}
	}
	opts := conn.Options
	opts.Logger = tlog.NewStructuredLogger(discardLogger())
	c, err := client.DialContext(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("cannot reach Temporal at %s (is `make run` running? set --address, TEMPORAL_ADDRESS or --profile): %w", conn.Describe(), err)
	}
	// Links name the namespace actually used.
	a.address, a.namespace = opts.HostPort, opts.Namespace
	return c, nil
}

// connect dials Temporal under the command's timeout; done closes the
// client and releases the context.
func (a *app) connect() (context.Context, client.Client, func(), error) {
	ctx, cancel := a.ctx()
	tc, err := a.dial(ctx)
	if err != nil {
		cancel()
		return nil, nil, nil, err
	}
	return ctx, tc, func() { tc.Close(); cancel() }, nil
}

func (a *app) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), a.timeout)
}

// workflowLink is the Temporal UI page of a workflow.
func (a *app) workflowLink(workflowID, runID string) string {
	link := fmt.Sprintf("%s/namespaces/%s/workflows/%s", strings.TrimSuffix(a.uiURL, "/"),
		url.PathEscape(a.namespace), url.PathEscape(workflowID))
	if runID != "" {
		link += "/" + runID + "/history"
	}
	return link
}

func currentUser() string {
	if v := os.Getenv("CREATORFLOW_APPROVER"); v != "" {
		return v
	}
	if u, err := user.Current(); err == nil {
		return u.Username + "@cli"
	}
	return "cli"
}

// exactArgs is cobra.ExactArgs with a usage error (exit status 2) that shows the expected form.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return UsageError{fmt.Errorf("%s takes %d argument(s), got %d\nusage: %s", cmd.CommandPath(), n, len(args), cmd.UseLine())}
		}
		return nil
	}
}
