package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/internal/testenv"
)

// TestProfilePicksTheConnection: `starter --profile X` connects where profile
// X of the Temporal config file says; without it the default profile is used;
// TEMPORAL_PROFILE does the same as the flag; --address and --namespace
// still override the profile.
func TestProfilePicksTheConnection(t *testing.T) {
	addr := testenv.TemporalAddress(t)
	file := filepath.Join(t.TempDir(), "temporal.toml")
	require.NoError(t, os.WriteFile(file, []byte(`
[profile.default]
address = "127.0.0.1:1"

[profile.staging]
address = "`+addr+`"
namespace = "default"

[profile.elsewhere]
address = "`+addr+`"
namespace = "creatorflow-nowhere"
`), 0o600))
	t.Setenv("TEMPORAL_CONFIG_FILE", file)
	t.Setenv("TEMPORAL_ADDRESS", "")
	t.Setenv("TEMPORAL_NAMESPACE", "")
	t.Setenv("TEMPORAL_PROFILE", "")

	// The staging profile reaches the dev server: the campaign is looked up there.
	code, out, errOut := run(t, "--profile", "staging", "campaign", "status", "no-such-campaign")
	require.Equal(t, 1, code, out+errOut)
	require.Contains(t, errOut, "no workflow campaign/no-such-campaign")

	// Without --profile: the default profile, a dead port, named in the error.
	code, out, errOut = run(t, "--timeout", "3s", "campaign", "status", "no-such-campaign")
	require.Equal(t, 1, code, out+errOut)
	require.Contains(t, errOut, `cannot reach Temporal at 127.0.0.1:1 namespace default, profile "default" from `+file)

	// TEMPORAL_PROFILE picks it as well.
	t.Setenv("TEMPORAL_PROFILE", "staging")
	code, out, errOut = run(t, "campaign", "status", "no-such-campaign")
	require.Equal(t, 1, code, out+errOut)
	require.Contains(t, errOut, "no workflow campaign/no-such-campaign")
	t.Setenv("TEMPORAL_PROFILE", "")

	// --address overrides the profile's address.
	code, out, errOut = run(t, "--timeout", "3s", "--profile", "staging", "--address", "127.0.0.1:1", "campaign", "status", "no-such-campaign")
	require.Equal(t, 1, code, out+errOut)
	require.Contains(t, errOut, `cannot reach Temporal at 127.0.0.1:1 namespace default, profile "staging"`)

	// The profile's namespace is the one asked, and --namespace overrides it.
	code, out, errOut = run(t, "--profile", "elsewhere", "campaign", "status", "no-such-campaign")
	require.Equal(t, 1, code, out+errOut)
	require.Contains(t, errOut, "Namespace creatorflow-nowhere is not found")
	code, out, errOut = run(t, "--profile", "elsewhere", "--namespace", "default", "campaign", "status", "no-such-campaign")
	require.Equal(t, 1, code, out+errOut)
	require.Contains(t, errOut, "no workflow campaign/no-such-campaign")

	// A profile the file does not have: a usage error naming those it has.
	code, out, errOut = run(t, "--profile", "prod", "campaign", "status", "no-such-campaign")
	require.Equal(t, 2, code, out+errOut)
	require.Contains(t, errOut, `--profile "prod": no such profile in `+file+` (it has: default, elsewhere, staging)`)
}
