package email

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
)

// nested builds a message whose multipart parts are nested depth levels
// deep, with one text part at the bottom.
func nested(depth int) []byte {
	var b strings.Builder
	b.WriteString("Message-ID: <deep@evil.example>\r\nFrom: Mallory <m@evil.example>\r\nSubject: deep\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b0\r\n\r\n")
	for i := 1; i < depth; i++ {
		fmt.Fprintf(&b, "--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n", i-1, i)
	}
	fmt.Fprintf(&b, "--b%d\r\nContent-Type: text/plain\r\n\r\nYes, I'm in!\r\n", depth-1)
	for i := depth - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\r\n", i)
	}
	return []byte(b.String())
}

// Deep nesting is refused with the reason, headers still read, in one pass
// (50,000 levels took hours with a reader per level; no timing asserted:
// the test finishing is the check).
func TestDeepNestingIsRefusedWithItsReason(t *testing.T) {
	in, err := ParseInbound(nested(50_000))
	var le *LimitError
	require.ErrorAs(t, err, &le)
	require.Contains(t, err.Error(), "nested deeper than 20 levels")
	require.Equal(t, "deep@evil.example", in.MessageID, "the headers are still read, for ops")
	require.Equal(t, "m@evil.example", in.From)
	require.Equal(t, campaign.IntentUnclear, in.Reply.Intent, "nothing is read from its body")

	// Within the limit the same shape is read as mail clients read it.
	in, err = ParseInbound(nested(MaxDepth))
	require.NoError(t, err)
	require.Equal(t, "Yes, I'm in!", in.Text)
	require.Equal(t, campaign.IntentAccept, in.Reply.Intent)
}

func TestTooManyPartsAreRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("Message-ID: <many@evil.example>\r\nFrom: m@evil.example\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n")
	for range MaxParts + 1 {
		b.WriteString("--x\r\nContent-Type: application/octet-stream\r\n\r\nAAAA\r\n")
	}
	b.WriteString("--x--\r\n")
	_, err := ParseInbound([]byte(b.String()))
	require.ErrorContains(t, err, "more than 200 MIME parts")
}

// A boundary that is a prefix of another, parts without a closing
// delimiter, transport padding and LF-only lines are split as RFC 2046 says.
func TestSplitPartsEdges(t *testing.T) {
	msg := "From: jane@creator.example\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\npreamble\r\n" +
		"--a0 not ours\r\n--a  \r\nContent-Type: text/html\r\n\r\n<p>Draft: https://drive.example/d/1</p>\r\n" +
		"--a\nContent-Type: text/plain\n\nDraft: https://drive.example/d/2\n"
	in, err := ParseInbound([]byte(msg))
	require.NoError(t, err)
	require.Equal(t, "Draft: https://drive.example/d/2", in.Text, "the plain part wins, the last part ends at the end")
	var parts []string
	require.NoError(t, splitParts([]byte("--b\r\n1\r\n--b1\r\n--b\r\n2\r\n--b--\r\nepilogue"), "b", func(p []byte) error {
		parts = append(parts, string(p))
		return nil
	}))
	require.Equal(t, []string{"1\r\n--b1", "2"}, parts)
}

func validText(t *testing.T, what, s string) {
	t.Helper()
	require.True(t, utf8.ValidString(s), "%s is not valid UTF-8: %q", what, s)
	require.NotContains(t, s, "\x00", "%s holds NUL", what)
}

// What a hostile message holds never reaches the store as invalid UTF-8 or
// NUL: PostgreSQL would refuse it and the message would block the queue.
func TestPoisonHeadersAndBodiesAreCleaned(t *testing.T) {
	bad := base64.StdEncoding.EncodeToString([]byte("Re: \xff\xfe\x00 deal"))
	long := strings.Repeat("x", 3000) + "@evil.example"
	raw := []byte("Message-ID: <" + long + ">\r\nFrom: =?utf-8?B?" + bad + "?= <jane@creator.example>\r\n" +
		"To: partnerships@lumen.example\r\nSubject: =?utf-8?B?" + bad + "?=\r\n" +
		"In-Reply-To: <ok@lumen.example> <bad\xff@x>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYes\x00 I'm in \xc3\x28!\r\n")
	in, err := ParseInbound(raw)
	require.NoError(t, err)
	for what, s := range map[string]string{"subject": in.Subject, "from name": in.FromName, "text": in.Text,
		"message id": in.MessageID, "reply text": in.Reply.Text} {
		validText(t, what, s)
	}
	require.Equal(t, "Re: \ufffd deal", in.Subject)
	require.Equal(t, "Yes I'm in \ufffd(!", in.Text)
	require.LessOrEqual(t, len(in.MessageID), 250, "an ID too long for the unique index is replaced by its digest")
	again, _ := ParseInbound(raw)
	require.Equal(t, in.MessageID, again.MessageID, "the digest is stable: a redelivery is still a duplicate")
	require.Equal(t, []string{"ok@lumen.example"}, in.InReplyTo)
	require.Equal(t, []string{"NUL bytes in From", "NUL bytes in the Subject", "NUL bytes in the body"}, in.Malformed,
		"what no mail client sends is named, so the message is quarantined rather than acted on")

	// Invalid UTF-8 alone (a charset label that lies, as old clients do) is
	// repaired and read.
	in, err = ParseInbound([]byte("From: jane@creator.example\r\nSubject: =?utf-8?Q?caf=E9?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOui, caf\xe9 !\r\n"))
	require.NoError(t, err)
	require.Empty(t, in.Malformed)
	require.Equal(t, "caf\ufffd", in.Subject)
	require.Equal(t, "Oui, caf\ufffd !", in.Text)
}

func TestAuthFailure(t *testing.T) {
	for _, c := range []struct {
		name, from string
		results    []string
		trusted    []string
		want       string
	}{
		{"no results", "jane@creator.example", nil, nil, ""},
		{"all pass", "jane@creator.example", []string{"mx.lumen.example; dkim=pass header.d=creator.example; spf=pass smtp.mailfrom=creator.example; dmarc=pass header.from=creator.example"}, nil, ""},
		{"dmarc fail", "jane@creator.example", []string{"mx.lumen.example; spf=fail smtp.mailfrom=evil.example; dmarc=fail (p=reject) header.from=creator.example"}, nil,
			"Authentication-Results: dmarc=fail for creator.example"},
		{"dmarc fail for another domain", "jane@creator.example", []string{"mx.lumen.example; dmarc=fail header.from=other.example"}, nil, ""},
		{"aligned dkim fails", "jane@creator.example", []string{"mx.lumen.example; dkim=fail header.d=mail.creator.example"}, nil,
			"Authentication-Results: dkim=fail for mail.creator.example"},
		{"one aligned dkim passes", "jane@creator.example", []string{"mx.lumen.example; dkim=fail header.d=creator.example; dkim=pass header.d=creator.example"}, nil, ""},
		{"unaligned dkim fails", "jane@creator.example", []string{"mx.lumen.example; dkim=fail header.d=esp.example"}, nil, ""},
		{"untrusted server", "jane@creator.example", []string{"relay.evil.example; dmarc=fail header.from=creator.example"}, []string{"mx.lumen.example"}, ""},
		{"trusted server", "jane@creator.example", []string{"MX.lumen.example; dmarc=fail header.from=creator.example"}, []string{"mx.lumen.example"},
			"Authentication-Results: dmarc=fail for creator.example"},
		{"garbage", "jane@creator.example", []string{";;;=;", "\x00"}, nil, ""},
	} {
		require.Equal(t, c.want, AuthFailure(c.results, c.from, c.trusted), c.name)
	}
}
