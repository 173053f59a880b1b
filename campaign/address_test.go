package campaign

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCheckAddressWantsABareAddrSpec(t *testing.T) {
	for _, ok := range []string{"jane@studio.example", "jane.ito+collabs@mail.studio.example", "o'brien@x.co"} {
		require.NoError(t, CheckAddress(ok), ok)
	}
	for in, why := range map[string]string{
		"":                                  "is empty",
		"Jane <jane@studio.example>":        "without spaces or a display name",
		"<jane@studio.example>":             "without a display name or <>",
		"jane@studio.example\r\nBcc: x@y.z": "without CR or LF",
		"jane@studio.example\n":             "without CR or LF",
		"jane@localhost":                    "domain with a dot",
		"jane@studio.":                      "must be an address",
		"jane@[192.0.2.1]":                  "domain with a dot",
		"jane":                              "must be an address",
		"jane@studio.example (Jane)":        "without spaces",
		"jane@studio.example\x00":           "control characters",
		"a@b.c,d@e.f":                       "must be an address",
	} {
		err := CheckAddress(in)
		require.Error(t, err, in)
		require.Contains(t, err.Error(), why, in)
	}
}

// A roster row whose address would fail at every send is refused at import,
// with its line, while the good rows around it are imported.
func TestRosterImportRejectsAddressesThatCannotBeSentTo(t *testing.T) {
	csv := "platform,handle,email,followers\n" +
		"instagram,good.one,good@creators.example,100\n" +
		"instagram,named,Jane Ito <jane@creators.example>,100\n" +
		"instagram,crlf,\"jane@creators.example\r\nBcc: all@x.example\",100\n" +
		"instagram,nodot,jane@localhost,100\n" +
		"instagram,good.two,two@creators.example,100\n"
	rf, err := ReadRoster([]byte(csv), "csv")
	require.NoError(t, err)
	require.Len(t, rf.Rows, 2)
	var got []string
	for _, r := range rf.Rejected {
		got = append(got, r.String())
	}
	require.Len(t, got, 3, strings.Join(got, "\n"))
	require.Contains(t, got[0], "line 3 (named): email must be a bare address")
	require.Contains(t, got[1], "line 4 (crlf): email must be on one line")
	require.Contains(t, got[2], "line 6 (nodot): email must have a domain with a dot")

	js := `[{"platform":"instagram","handle":"ok","email":"ok@creators.example","followers":1},
{"platform":"instagram","handle":"named","email":"\"Jane\" <j@creators.example>","followers":1},
{"platform":"instagram","handle":"rich","email":"r@creators.example","followers":1,"rate_card":{"reel":{"amount":9223372036854775807,"currency":"USD"}}}]`
	rf, err = ReadRoster([]byte(js), "json")
	require.NoError(t, err)
	require.Len(t, rf.Rows, 1)
	require.Len(t, rf.Rejected, 2)
	require.Equal(t, 2, rf.Rejected[0].Line)
	require.Contains(t, rf.Rejected[0].Reason, "email must be a bare address")
	require.Equal(t, 3, rf.Rejected[1].Line)
	require.Contains(t, rf.Rejected[1].Reason, "rate_card: reel: amount is past the maximum")
}

func TestBriefApproverAddressMustBeBare(t *testing.T) {
	b := validBriefForAddressTest(t)
	b.Approvers = []string{"Ops <ops@lumen.example>"}
	err := b.Validate()
	require.ErrorContains(t, err, "approvers[0] must be an email address or a Slack user ID")
	b.Approvers = []string{"ops@lumen.example", "U0OPS"}
	require.NoError(t, b.Validate())
}

func validBriefForAddressTest(t *testing.T) Brief {
	t.Helper()
	data, err := os.ReadFile("../examples/spring-glow.yaml")
	require.NoError(t, err)
	b, err := ParseBrief(data)
	require.NoError(t, err)
	return b
}
