package email

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/reply"
)

// corpusCase is one entry of testdata/replies/cases.yaml (see its README).
type corpusCase struct {
	File    string `yaml:"file"`
	Client  string `yaml:"client"`
	Lang    string `yaml:"lang"`
	Posting string `yaml:"posting"`
	Offered string `yaml:"offered"`
	Intent  string `yaml:"intent"`
	Amount  string `yaml:"amount"`
	Range   string `yaml:"range"`
	Items   []string
	Links   []struct{ URL, Role string }
	Words   string `yaml:"words"`
	Note    string `yaml:"note"`
}

// CorpusScore is how the reader does on the corpus.
type CorpusScore struct {
	Cases, IntentRight, Counters, CounterExact, WordsExact  int
	NoActedAsAccept, AutoActed, Held, HeldWrong, ActedWrong int
	// per intent: expected, predicted, both
	Expected, Predicted, Right map[string]int
	Misses                     []string
}

// heldOutFrom is the first case written blind, after the rules were tuned
// on 001–250: reported apart so a rule change shows what it does to replies
// the rules were not written from. Read blind, before the rules were
// mended for the kinds they missed: 251–370 90.0% intents, 100% counters,
// 93.3% words; 371–470 91.0%, 96.0%, 96.0%; neither acted wrongly on any.
// 471–540 (written to break the rules: curly apostrophes, yes-words in
// declines, questions without "?") read 80.0%, 90.0%, 95.7%, one reply
// acted on wrongly; only that kind was mended (our fee named back beside
// another amount is a counter), the rest is left unread by the rules, so
// it keeps measuring what they have not seen.
const (
	heldOutFrom     = "251"
	secondBlindFrom = "371"
	thirdBlindFrom  = "471"
)

func scoreCorpus(t testing.TB, keep func(file string) bool) CorpusScore {
	dir := filepath.Join("..", "..", "testdata", "replies")
	raw, err := os.ReadFile(filepath.Join(dir, "cases.yaml"))
	require.NoError(t, err)
	var cases []corpusCase
	require.NoError(t, yaml.Unmarshal(raw, &cases))
	s := CorpusScore{Expected: map[string]int{}, Predicted: map[string]int{}, Right: map[string]int{}}
	for _, c := range cases {
		if !keep(c.File) {
			continue
		}
		msg, err := os.ReadFile(filepath.Join(dir, c.File))
		require.NoError(t, err, c.File)
		offer, err := campaign.ParseMoney(c.Offered)
		require.NoError(t, err, c.File)
		in, err := ParseInbound(msg)
		require.NoError(t, err, c.File)
		in.Read(offer)
		r := in.Reading
		got := string(r.Intent)
		s.Cases++
		s.Expected[c.Intent]++
		s.Predicted[got]++
		acted := r.Intent.Actionable() && r.Sure()
		if !r.Sure() {
			s.Held++
		}
		miss := []string{}
		if got == c.Intent {
			s.IntentRight++
			s.Right[got]++
		} else {
			miss = append(miss, fmt.Sprintf("intent %s, want %s (%.2f; %s)", got, c.Intent, r.Confidence, strings.Join(r.Why, "; ")))
			if acted {
				s.ActedWrong++
			} else {
				s.HeldWrong++
			}
		}
		if (c.Intent == "decline" || c.Intent == "question") && r.Intent == reply.Accept && acted {
			s.NoActedAsAccept++
		}
		if c.Intent == "auto" && acted {
			s.AutoActed++
		}
		if c.Intent == "counter" {
			s.Counters++
			want, err := campaign.ParseMoney(c.Amount)
			require.NoError(t, err, c.File)
			if r.Ask != nil && r.Ask.Amount == want.Amount && (r.Ask.Currency == want.Currency || (r.Ask.Currency == "" && offer.Currency == want.Currency)) {
				s.CounterExact++
			} else {
				miss = append(miss, fmt.Sprintf("ask %v, want %s", r.Ask, want))
			}
		}
		if collapse(r.Words) == collapse(c.Words) {
			s.WordsExact++
		} else {
			miss = append(miss, fmt.Sprintf("words\n      got  %q\n      want %q", collapse(r.Words), collapse(c.Words)))
		}
		if len(miss) > 0 {
			s.Misses = append(s.Misses, c.File+": "+strings.Join(miss, "; "))
		}
	}
	return s
}

func collapse(s string) string { return strings.Join(strings.Fields(reply.Normalize(s)), " ") }

func pct(n, d int) float64 {
	if d == 0 {
		return 100
	}
	return 100 * float64(n) / float64(d)
}

// Report prints the figures `make bench` shows.
func (s CorpusScore) Report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "reply corpus: %d replies\n", s.Cases)
	fmt.Fprintf(&b, "  intent accuracy            %5.1f%%  (%d/%d)\n", pct(s.IntentRight, s.Cases), s.IntentRight, s.Cases)
	fmt.Fprintf(&b, "  counter amount+currency    %5.1f%%  (%d/%d)\n", pct(s.CounterExact, s.Counters), s.CounterExact, s.Counters)
	fmt.Fprintf(&b, "  own words exact            %5.1f%%  (%d/%d)\n", pct(s.WordsExact, s.Cases), s.WordsExact, s.Cases)
	fmt.Fprintf(&b, "  declines/questions acted as accept: %d · auto-replies acted on: %d\n", s.NoActedAsAccept, s.AutoActed)
	fmt.Fprintf(&b, "  held for a person: %d (%d of them misread) · acted on wrongly: %d\n", s.Held, s.HeldWrong, s.ActedWrong)
	fmt.Fprintf(&b, "  %-10s %9s %9s %6s\n", "intent", "precision", "recall", "n")
	var intents []string
	for k := range s.Expected {
		intents = append(intents, k)
	}
	sort.Strings(intents)
	for _, k := range intents {
		fmt.Fprintf(&b, "  %-10s %8.1f%% %8.1f%% %6d\n", k, pct(s.Right[k], s.Predicted[k]), pct(s.Right[k], s.Expected[k]), s.Expected[k])
	}
	return b.String()
}

// TestReplyCorpus holds the reader to the corpus: the figures issue 15 asks
// for. A miss prints what was read and why.
func TestReplyCorpus(t *testing.T) {
	s := scoreCorpus(t, func(string) bool { return true })
	t.Log("\n" + s.Report())
	tuned := scoreCorpus(t, func(f string) bool { return f < heldOutFrom })
	held := scoreCorpus(t, func(f string) bool { return f >= heldOutFrom && f < secondBlindFrom })
	blind := scoreCorpus(t, func(f string) bool { return f >= secondBlindFrom && f < thirdBlindFrom })
	third := scoreCorpus(t, func(f string) bool { return f >= thirdBlindFrom })
	t.Logf("\n  of which 001–250 (rules tuned on them): intent %.1f%%, counters %.1f%%, words %.1f%%"+
		"\n  of which 251–370 (first blind batch):      intent %.1f%%, counters %.1f%%, words %.1f%%",
		pct(tuned.IntentRight, tuned.Cases), pct(tuned.CounterExact, tuned.Counters), pct(tuned.WordsExact, tuned.Cases),
		pct(held.IntentRight, held.Cases), pct(held.CounterExact, held.Counters), pct(held.WordsExact, held.Cases))
	t.Logf("\n  of which 371–470 (second blind batch):     intent %.1f%%, counters %.1f%%, words %.1f%%; "+
		"declines/questions acted as accept %d, auto acted on %d, acted on wrongly %d, held %d",
		pct(blind.IntentRight, blind.Cases), pct(blind.CounterExact, blind.Counters), pct(blind.WordsExact, blind.Cases),
		blind.NoActedAsAccept, blind.AutoActed, blind.ActedWrong, blind.Held)
	t.Logf("\n  of which 471–540 (third blind batch):      intent %.1f%%, counters %.1f%%, words %.1f%%; "+
		"declines/questions acted as accept %d, auto acted on %d, acted on wrongly %d, held %d",
		pct(third.IntentRight, third.Cases), pct(third.CounterExact, third.Counters), pct(third.WordsExact, third.Cases),
		third.NoActedAsAccept, third.AutoActed, third.ActedWrong, third.Held)
	if testing.Verbose() || os.Getenv("CORPUS_MISSES") != "" {
		for _, m := range s.Misses {
			t.Log(m)
		}
	}
	require.GreaterOrEqual(t, s.Cases, 100)
	require.GreaterOrEqual(t, pct(s.IntentRight, s.Cases), 97.0, "intent accuracy")
	require.GreaterOrEqual(t, pct(s.CounterExact, s.Counters), 95.0, "counter amount and currency")
	require.GreaterOrEqual(t, pct(s.WordsExact, s.Cases), 90.0, "own words")
	require.Zero(t, s.NoActedAsAccept, "declines or questions acted on as accept")
	require.Zero(t, s.AutoActed, "auto-replies acted on")
}
