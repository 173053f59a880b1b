package reply_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/reply"
)

func TestClassify(t *testing.T) {
	usd := func(minor int64) *campaign.Money { return &campaign.Money{Amount: minor, Currency: "USD"} }
	cases := []struct {
		text     string
		intent   campaign.Intent
		counter  *campaign.Money
		link     string
		kind     string
		question bool
	}{
		{text: "Yes! Sounds good, count me in.", intent: campaign.IntentAccept},
		{text: "Ja, gerne! Ich bin dabei.", intent: campaign.IntentAccept},
		{text: "¡Sí! Me encantaría participar.", intent: campaign.IntentAccept},
		{text: "Oui, avec plaisir !", intent: campaign.IntentAccept},
		{text: "Thanks but I'll pass this time.", intent: campaign.IntentDecline},
		{text: "yes... actually, not interested", intent: campaign.IntentDecline},
		{text: "Danke, aber leider nicht – kein Interesse.", intent: campaign.IntentDecline},
		{text: "Gracias, pero no me interesa.", intent: campaign.IntentDecline},
		{text: "Merci, mais je ne suis pas intéressée.", intent: campaign.IntentDecline},
		{text: "I'd love to, but my rate is $1,200 for a reel.", intent: campaign.IntentCounter, counter: usd(120000)},
		{text: "Können wir 1.200 € machen?", intent: campaign.IntentCounter, counter: &campaign.Money{Amount: 120000, Currency: "EUR"}},
		{text: "My fee would be EUR 900.", intent: campaign.IntentCounter, counter: &campaign.Money{Amount: 90000, Currency: "EUR"}},
		{text: "I usually charge 1.5k for this.", intent: campaign.IntentCounter, counter: &campaign.Money{Amount: 150000}},
		{text: "£750 per post and we have a deal", intent: campaign.IntentCounter, counter: &campaign.Money{Amount: 75000, Currency: "GBP"}},
		{text: "Mi tarifa es 1.200,50 euros", intent: campaign.IntentCounter, counter: &campaign.Money{Amount: 120050, Currency: "EUR"}},
		{text: "Happy to do it for USD 2k", intent: campaign.IntentCounter, counter: usd(200000)},
		{text: "I have 10k followers and would love to join!", intent: campaign.IntentAccept},
		{text: "Here's my draft: https://drive.example/d/1.", intent: campaign.IntentLink, link: "https://drive.example/d/1", kind: campaign.LinkDraft},
		{text: "It's live! https://www.instagram.com/p/Cx1/", intent: campaign.IntentLink, link: "https://www.instagram.com/p/Cx1/", kind: campaign.LinkPublished},
		{text: "https://www.tiktok.com/@jane/video/123", intent: campaign.IntentLink, link: "https://www.tiktok.com/@jane/video/123", kind: campaign.LinkPublished},
		{text: "Entwurf: https://vimeo.example/9 – Feedback?", intent: campaign.IntentLink, link: "https://vimeo.example/9", kind: campaign.LinkDraft},
		{text: "What is the product exactly?", intent: campaign.IntentUnclear, question: true},
		{text: "¿Cuándo sería la fecha de publicación?", intent: campaign.IntentUnclear, question: true},
		{text: "Thanks for reaching out.", intent: campaign.IntentUnclear},
	}
	for _, c := range cases {
		r := reply.Classify(c.text)
		require.Equal(t, c.intent, r.Intent, c.text)
		require.Equal(t, c.counter, r.Counter, c.text)
		require.Equal(t, c.link, r.URL, c.text)
		require.Equal(t, c.kind, r.LinkKind, c.text)
		require.Equal(t, c.question, r.Question, c.text)
	}
}

func TestFindAmountForms(t *testing.T) {
	for text, want := range map[string]campaign.Money{
		"$1,200":           {Amount: 120000, Currency: "USD"},
		"1.200 €":          {Amount: 120000, Currency: "EUR"},
		"EUR 900":          {Amount: 90000, Currency: "EUR"},
		"rate: 1.5k":       {Amount: 150000},
		"£750 per post":    {Amount: 75000, Currency: "GBP"},
		"$99.99":           {Amount: 9999, Currency: "USD"},
		"1 500 € please":   {Amount: 150000, Currency: "EUR"},
		"CHF 1'000":        {Amount: 100000, Currency: "CHF"},
		"900 dollars":      {Amount: 90000, Currency: "USD"},
		"for 2,5k":         {Amount: 250000},
		"$1,200 or $1,500": {Amount: 120000, Currency: "USD"},
		"R$ 3.500,00":      {Amount: 350000, Currency: "BRL"},
		"A$1,500":          {Amount: 150000, Currency: "AUD"},
		"C$ 900":           {Amount: 90000, Currency: "CAD"},
		"NZ$2k":            {Amount: 200000, Currency: "NZD"},
		"MX$ 15,000":       {Amount: 1500000, Currency: "MXN"},
		"₹1,50,000":        {Amount: 15000000, Currency: "INR"},
		"¥120,000":         {Amount: 12000000, Currency: "JPY"},
		"4 500 kr":         {Amount: 450000, Currency: "SEK"},
		"3 000 zł":         {Amount: 300000, Currency: "PLN"},
		"2 mil reais":      {Amount: 200000, Currency: "BRL"},
		"1,5 mil euros":    {Amount: 150000, Currency: "EUR"},
		"US$ 1.200":        {Amount: 120000, Currency: "USD"},
	} {
		got, problem := reply.Amounts(text, campaign.Money{})
		require.Empty(t, problem, text)
		require.NotEmpty(t, got, text)
		require.Equal(t, want, got[0].Money, text)
	}
	for _, text := range []string{"I have 12k followers", "posting on the 12th", "2 reels and 3 stories", "10k views for 3 posts",
		"on 15.12.2026 at 10:00", "call me at +49 170 1234567"} {
		got, _ := reply.Amounts(text, campaign.Money{})
		require.Empty(t, got, text)
	}
}

func TestRangesItemsAndOffer(t *testing.T) {
	offer := campaign.Money{Amount: 120000, Currency: "USD"}
	for text, want := range map[string]struct {
		intent reply.Intent
		ask    campaign.Money
		rng    string
	}{
		"I could do 1.2–1.5k for this":               {reply.Counter, campaign.Money{Amount: 120000, Currency: "USD"}, "1,200.00–1,500.00 USD"},
		"between 900 and 1,100 euros":                {reply.Counter, campaign.Money{Amount: 90000, Currency: "EUR"}, "900.00–1,100.00 EUR"},
		"$800 for the reel + $300 for the stories":   {reply.Counter, campaign.Money{Amount: 110000, Currency: "USD"}, ""},
		"Reel: 900 €\nStories: 250 €":                {reply.Counter, campaign.Money{Amount: 115000, Currency: "EUR"}, ""},
		"3 stories at $150 each":                     {reply.Counter, campaign.Money{Amount: 45000, Currency: "USD"}, ""},
		"$1,200 works for me!":                       {reply.Accept, campaign.Money{}, ""},
		"Thanks for the $1,200 offer, but I'll pass": {reply.Decline, campaign.Money{}, ""},
	} {
		r := reply.ReadText(text, reply.Message{Offer: offer})
		require.Equal(t, want.intent, r.Intent, text)
		if want.intent == reply.Counter {
			require.NotNil(t, r.Ask, text)
			require.Equal(t, want.ask, *r.Ask, text)
			require.Equal(t, want.rng, r.Range, text)
		}
	}
	r := reply.ReadText("My fee is $99999999999999999999", reply.Message{Offer: offer})
	require.NotEmpty(t, r.Problem)
	require.False(t, r.Sure(), "an out-of-range amount is held for a person")
}

func TestSplit(t *testing.T) {
	for in, want := range map[string]string{
		"Deal.\n\nAm Di., 3. Nov. 2026 um 10:00 Uhr schrieb Lumen <p@lumen.example>:\n> Hallo": "Deal.",
		"Oui !\n\nLe mar. 3 nov. 2026 à 10:00, Lumen <p@lumen.example> a écrit :\n> Bonjour":   "Oui !",
		"Sure\r\n\r\n-----Mensaje original-----\r\nDe: Lumen\r\nEnviado: martes":               "Sure",
		"Top answer\n> quoted line\nsecond answer\n\n> old":                                    "Top answer\nsecond answer",
		"ok\n\nVon meinem iPhone gesendet":                                                     "ok",
		"fine\n\nGet Outlook for Android":                                                      "fine",
		"> only quoted":                                                                        "",
		"On Tue, Dec 1, 2026 at 10:02\u202fAM Lumen <\nreply+a.b.c@lumen.example> wrote:\n> Fee: 1,200.00 USD\n\nYes, I'm in.": "Yes, I'm in.",
		"   Op di 1 dec 2026 om 10:02 schreef Lumen <p@l.example>:\n> Fee\n\nPrima, ik doe mee!\n\nGroetjes,\nSanne":           "Prima, ik doe mee!",
		"Sounds good!\n\nBest,\nJane Doe\nLifestyle creator | 45k\nhttps://linktr.ee/jane":                                     "Sounds good!",
		"Yes!\n\n-- \nJane\nhttps://jane.example":                                                                              "Yes!",
	} {
		require.Equal(t, want, reply.Split(in).Words, in)
	}
}

// FuzzRead: any text reads without a panic into a reading the workflow can
// take: a known intent, a counter with a positive, bounded amount, a link
// that is in the text, words in valid UTF-8.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"", "$1,200", "1.200,50 €", "EUR 900", "rate 1.5k", "£750 per post", "yes https://x.example/a",
		"99999999999999999999 USD", "1'000'000 CHF", "sí", "no, gracias", "Yes, count me in!", "Thanks, but I'll pass",
		"yes but I'll pass", "Draft: https://drive.example/d/1.", "<https://x.test/a>", "http://", "https://\u00e9\u00e9",
		"\xff\xfe", strings.Repeat("yes ", 1000), "NOT INTERESTED", "httpS://Case.test/x", "+5.+1", "1.2–1.5k",
		strings.Repeat("> ", 5000), "On x wrote:\n" + strings.Repeat("yes ", 1000), "R$ 2 mil", "₹1,50,000 for 3 stories at 1k each",
		"Am 1. Dez. schrieb\nX:\n> a\nja", "From: a\nSent: b\n\nFee: 1\nX partnerships\n\nno"} {
		f.Add(s)
	}
	offer := campaign.Money{Amount: 120000, Currency: "USD"}
	f.Fuzz(func(t *testing.T, s string) {
		r := reply.ReadText(s, reply.Message{Offer: offer})
		switch r.Intent {
		case reply.Accept, reply.Decline, reply.Counter, reply.Question, reply.Draft, reply.Published, reply.Unclear, reply.Auto:
		default:
			t.Fatalf("unknown intent %q", r.Intent)
		}
		if r.Intent == reply.Counter && (r.Ask == nil || r.Ask.Amount <= 0 || r.Ask.Amount > reply.MaxMinor) {
			t.Fatalf("a counter needs a positive, bounded amount: %+v", r)
		}
		sig := r.Reply()
		if sig.Intent == campaign.IntentLink && (sig.URL == "" || !strings.Contains(reply.Normalize(s), sig.URL)) {
			t.Fatalf("a link reply's URL must come from the text: %+v", sig)
		}
		if !utf8.ValidString(r.Words) {
			t.Fatalf("words must be valid UTF-8: %q", r.Words)
		}
		if r.Confidence < 0 || r.Confidence > 1 {
			t.Fatalf("confidence out of [0,1]: %v", r.Confidence)
		}
	})
}
