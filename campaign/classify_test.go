package campaign

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestClassify(t *testing.T) {
	usd := func(minor int64) *Money { return &Money{Amount: minor, Currency: "USD"} }
	cases := []struct {
		text     string
		intent   Intent
		counter  *Money
		link     string
		kind     string
		question bool
	}{
		{text: "Yes! Sounds good, count me in.", intent: IntentAccept},
		{text: "Ja, gerne! Ich bin dabei.", intent: IntentAccept},
		{text: "¡Sí! Me encantaría participar.", intent: IntentAccept},
		{text: "Oui, avec plaisir !", intent: IntentAccept},
		{text: "Thanks but I'll pass this time.", intent: IntentDecline},
		{text: "yes... actually, not interested", intent: IntentDecline},
		{text: "Danke, aber leider nicht – kein Interesse.", intent: IntentDecline},
		{text: "Gracias, pero no me interesa.", intent: IntentDecline},
		{text: "Merci, mais je ne suis pas intéressée.", intent: IntentDecline},
		{text: "I'd love to, but my rate is $1,200 for a reel.", intent: IntentCounter, counter: usd(120000)},
		{text: "Können wir 1.200 € machen?", intent: IntentCounter, counter: &Money{Amount: 120000, Currency: "EUR"}},
		{text: "My fee would be EUR 900.", intent: IntentCounter, counter: &Money{Amount: 90000, Currency: "EUR"}},
		{text: "I usually charge 1.5k for this.", intent: IntentCounter, counter: &Money{Amount: 150000}},
		{text: "£750 per post and we have a deal", intent: IntentCounter, counter: &Money{Amount: 75000, Currency: "GBP"}},
		{text: "Mi tarifa es 1.200,50 euros", intent: IntentCounter, counter: &Money{Amount: 120050, Currency: "EUR"}},
		{text: "Happy to do it for USD 2k", intent: IntentCounter, counter: usd(200000)},
		{text: "I have 10k followers and would love to join!", intent: IntentAccept},
		{text: "Here's my draft: https://drive.example/d/1.", intent: IntentLink, link: "https://drive.example/d/1", kind: LinkDraft},
		{text: "It's live! https://www.instagram.com/p/Cx1/", intent: IntentLink, link: "https://www.instagram.com/p/Cx1/", kind: LinkPublished},
		{text: "https://www.tiktok.com/@jane/video/123", intent: IntentLink, link: "https://www.tiktok.com/@jane/video/123", kind: LinkPublished},
		{text: "Entwurf: https://vimeo.example/9 – Feedback?", intent: IntentLink, link: "https://vimeo.example/9", kind: LinkDraft},
		{text: "What is the product exactly?", intent: IntentUnclear, question: true},
		{text: "¿Cuándo sería la fecha de publicación?", intent: IntentUnclear, question: true},
		{text: "Thanks for reaching out.", intent: IntentUnclear},
	}
	for _, c := range cases {
		r := Classify(c.text)
		require.Equal(t, c.intent, r.Intent, c.text)
		require.Equal(t, c.counter, r.Counter, c.text)
		require.Equal(t, c.link, r.URL, c.text)
		require.Equal(t, c.kind, r.LinkKind, c.text)
		require.Equal(t, c.question, r.Question, c.text)
	}
}

func TestFindAmountForms(t *testing.T) {
	for text, want := range map[string]Money{
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
	} {
		got, ok := FindAmount(text)
		require.True(t, ok, text)
		require.Equal(t, want, got, text)
	}
	for _, text := range []string{"I have 12k followers", "posting on the 12th", "2 reels and 3 stories", "10k views for 3 posts"} {
		_, ok := FindAmount(text)
		require.False(t, ok, text)
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{"$1,200", "1.200,50 €", "EUR 900", "rate 1.5k", "£750 per post", "yes https://x.example/a",
		"99999999999999999999 USD", "1'000'000 CHF", "sí", "no, gracias"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Classify(s)
		if r.Intent == IntentCounter && (r.Counter == nil || r.Counter.Amount <= 0) {
			t.Fatalf("a counter-offer needs a positive amount: %+v", r)
		}
	})
}
