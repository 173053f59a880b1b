package email

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "inbound", name))
	require.NoError(t, err)
	return b
}

// TestParseInboundFixtures reads replies in the shapes Gmail, Outlook, Apple
// Mail and mobile clients write them, in English, German, Spanish and French.
// Each quoted history holds words that would change the verdict if it were not
// stripped (an offer of $500, "not interested", an old link).
func TestParseInboundFixtures(t *testing.T) {
	cases := []struct {
		file, text string
		intent     campaign.Intent
		counter    *campaign.Money
		url, kind  string
		question   bool
		auto       string
		from       string
		inReplyTo  []string
	}{
		{file: "gmail_accept_en.eml", text: "Yes, count me in! Looking forward to it.", intent: campaign.IntentAccept,
			from: "jane@creator.example", inReplyTo: []string{"outreach.jane.spring-glow@lumen.example"}},
		{file: "outlook_counter_de.eml", text: "Hallo,\n\nvielen Dank für die Anfrage! Für ein Reel wäre mein Honorar 1.200 € – geht das?",
			intent: campaign.IntentCounter, counter: &campaign.Money{Amount: 120000, Currency: "EUR"}, from: "anna@creator.example",
			inReplyTo: []string{"outreach.anna.spring-glow@lumen.example"}},
		{file: "outlook_original_decline_en.eml", text: "Thanks for thinking of me, but I'll pass on this one.", intent: campaign.IntentDecline},
		{file: "outlook_fromsent_question_en.eml", text: "Could you tell me more about the product and the posting window?", intent: campaign.IntentUnclear, question: true},
		{file: "apple_iphone_es.eml", text: "¡Sí! Me apunto.", intent: campaign.IntentAccept},
		{file: "html_only_draft_fr.eml", text: "Bonjour,\n\nVoici mon brouillon : le lien (https://drive.example/d/42)",
			intent: campaign.IntentLink, url: "https://drive.example/d/42", kind: campaign.LinkDraft},
		{file: "quoted_published_en.eml", text: "It's live! https://www.instagram.com/p/CxLive123/", intent: campaign.IntentLink,
			url: "https://www.instagram.com/p/CxLive123/", kind: campaign.LinkPublished},
		{file: "counter_k_iphone_en.eml", text: "Love the brand! My rate for a reel is 1.5k though.", intent: campaign.IntentCounter,
			counter: &campaign.Money{Amount: 150000}},
		{file: "signature_gbp_en.eml", text: "Hi! I'd do it at £750 per post.", intent: campaign.IntentCounter,
			counter: &campaign.Money{Amount: 75000, Currency: "GBP"}},
		{file: "ooo_auto_submitted_en.eml", auto: "Auto-Submitted: auto-replied", intent: campaign.IntentUnclear,
			text: "I am out of the office until 12 November. Yes, I will answer when I am back."},
		{file: "ooo_subject_de.eml", auto: "subject: Abwesenheitsnotiz: Spring Glow x Anna", intent: campaign.IntentUnclear,
			text: "Ich bin bis zum 12.11. nicht im Büro. Ja, ich melde mich."},
		{file: "precedence_bulk.eml", auto: "Precedence: bulk", intent: campaign.IntentUnclear, text: "Yes! Big sale: $10 off."},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			in, err := ParseInbound(readFixture(t, c.file))
			require.NoError(t, err)
			require.Equal(t, c.text, in.Text)
			require.Equal(t, c.intent, in.Reply.Intent)
			require.Equal(t, c.counter, in.Reply.Counter)
			require.Equal(t, c.url, in.Reply.URL)
			require.Equal(t, c.kind, in.Reply.LinkKind)
			require.Equal(t, c.question, in.Reply.Question)
			require.Equal(t, c.auto, in.AutoReply)
			require.NotEmpty(t, in.MessageID)
			require.Equal(t, in.MessageID, in.Reply.MessageID)
			if c.from != "" {
				require.Equal(t, c.from, in.From)
			}
			if c.inReplyTo != nil {
				require.Equal(t, c.inReplyTo, in.InReplyTo)
			}
		})
	}
}

func TestParseInboundHeaders(t *testing.T) {
	in, err := ParseInbound(readFixture(t, "gmail_accept_en.eml"))
	require.NoError(t, err)
	require.Equal(t, "CAF=abc123@mail.gmail.com", in.MessageID)
	require.Equal(t, "Jane Doe", in.FromName)
	require.Contains(t, in.To, "reply+spring-glow.jane.0123456789abcdef0123@lumen.example")
	require.Equal(t, "Re: Spring Glow x Jane", in.Subject)
	require.Equal(t, []string{"outreach.jane.spring-glow@lumen.example"}, in.References)

	// No Message-ID: a digest of the bytes stands in, the same for the same bytes.
	raw := []byte("From: a@b.example\r\nSubject: hi\r\n\r\nyes\r\n")
	a, err := ParseInbound(raw)
	require.NoError(t, err)
	b, _ := ParseInbound(raw)
	require.Equal(t, a.MessageID, b.MessageID)
	require.True(t, strings.HasPrefix(a.MessageID, "sha256-"))
	require.Equal(t, campaign.IntentAccept, a.Reply.Intent)
}

// FuzzParseInbound: whatever the bytes, ParseInbound returns (no panic),
// always names the message, and every string it returns is valid UTF-8
// without NUL (so storing it can never fail). Seeds: the reply fixtures and
// hostile shapes (deep nesting, many parts, bad encoded words, NUL, broken
// boundaries, huge header lists).
func FuzzParseInbound(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "inbound", "*.eml"))
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	for _, s := range []string{
		"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/html\r\n\r\n<a href=http://x>",
		string(nested(30)),
		"Subject: =?utf-8?B?/w==?= =?x-unknown?Q?=FF?=\r\nFrom: =?utf-8?q?=00?= <a@b>\r\n\r\n\x00\xff",
		"Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n\r\n--",
		"Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n--a--",
		"Content-Type: text/plain; charset=utf-16\r\nContent-Transfer-Encoding: base64\r\n\r\n////",
		"Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=00=FF=\r\n",
		" leading space\r\n\r\nbody",
		"Message-ID: <" + strings.Repeat("a", 1000) + ">\r\nReferences:" + strings.Repeat(" <r@x>", 500) + "\r\n\r\nyes",
		"Authentication-Results: x; dmarc=fail header.from=\xff\r\nFrom: a@\xff\r\n\r\n",
		"From:\r\nTo: reply+a.b.c@x, reply+\x00@y\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n\r\n--b--",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		in, _ := ParseInbound(raw)
		if in.MessageID == "" {
			t.Fatal("a message is always named, parsed or not")
		}
		check := func(what, s string) {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("%s is not storable text: %q", what, s)
			}
		}
		for what, s := range map[string]string{"message id": in.MessageID, "from": in.From, "from name": in.FromName,
			"subject": in.Subject, "text": in.Text, "auto reply": in.AutoReply, "reply text": in.Reply.Text, "url": in.Reply.URL} {
			check(what, s)
		}
		for _, l := range [][]string{in.To, in.InReplyTo, in.References, in.AuthResults} {
			for _, s := range l {
				check("list entry", s)
			}
		}
	})
}

func BenchmarkParseInbound(b *testing.B) {
	raw := readFixture(b, "gmail_accept_en.eml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseInbound(raw); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}
