package cli_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/internal/testenv"
)

// A roster is outside text: a name carrying terminal escape sequences prints
// as visible text, and an address that every send would fail on is rejected
// at import with its line and why.
func TestRosterTextIsShownNotObeyed(t *testing.T) {
	url := testenv.DatabaseURL(t)
	file := write(t, "creators.csv", "platform,handle,name,email,followers\n"+
		"instagram,jane,\"Jane\x1b[2J\x1b]0;owned\x07 Ito\",jane@creators.example,1000\n"+
		"instagram,named,Named,Named Person <named@creators.example>,1000\n"+
		"instagram,local,Local,local@localhost,1000\n")

	code, out, errOut := run(t, "roster", "import", file, "--database-url", url, "--skip-invalid")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "rejected line 3 (named): email must be a bare address without spaces or a display name")
	assert.Contains(t, out, "rejected line 4 (local): email must have a domain with a dot")
	assert.Contains(t, out, "Imported: 1 added, 0 updated, 2 rejected.")

	code, out, errOut = run(t, "roster", "show", "instagram/jane", "--database-url", url)
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "\x1b", "no escape sequence reaches the terminal")
	assert.NotContains(t, out, "\x07")
	assert.Contains(t, out, `Jane\x1b[2J\x1b]0;owned\x07 Ito`)
}
