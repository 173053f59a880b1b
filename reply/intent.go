package reply

import (
	"fmt"
	"strings"

	"github.com/creatorflow/creatorflow/campaign"
)

// cue is one phrase that bears on the verdict.
type cue struct {
	kind string // decline, regret, objection, accept, warm, defer, question, condition
	text string
}

// cues finds every cue in the words, turning a negated yes ("wouldn't be
// happy to") into a no.
func cues(words string) []cue {
	var out []cue
	add := func(kind string, re interface{ FindAllStringIndex(string, int) [][]int }) {
		for _, m := range re.FindAllStringIndex(words, -1) {
			text := strings.Trim(words[m[0]:m[1]], " ,.!?;:()\"'’\n\t")
			k := kind
			if (kind == "accept" || kind == "warm") && negated(words, m[0]) {
				k, text = "decline", "not "+text
				if kind == "warm" { // "not great", "not sure": a weak no, not a decision
					k = "regret"
				}
			}
			out = append(out, cue{k, text})
		}
	}
	add("decline", declineRE)
	add("objection", priceObjectionRE)
	add("regret", regretRE)
	add("defer", deferRE)
	add("accept", acceptStrongRE)
	add("warm", acceptWeakRE)
	add("condition", conditionRE)
	add("counterfactual", counterfactualRE)
	if negativeAfterBut(words) {
		out = append(out, cue{"butnot", "a no after the but"})
	}
	q := rhetoricalRE.ReplaceAllString(words, " ")
	if strings.Contains(q, "?") {
		out = append(out, cue{"question", "a question mark"})
	} else if m := questionOpenRE.FindString(q); m != "" {
		out = append(out, cue{"question", strings.TrimSpace(m)})
	} else if m := questionPhraseRE.FindString(q); m != "" {
		out = append(out, cue{"question", strings.Trim(m, " ,.!;:")})
	}
	return out
}

// cueText is the words as the cue tables read them: typographic
// apostrophes as "'" (iOS and macOS type "I’ll"), and idioms whose
// negation is a yes ("can't wait", "not only happy") read as the yes.
func cueText(words string) string {
	words = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'", "′", "'").Replace(words)
	return positiveIdiomRE.ReplaceAllString(words, " keen ")
}

var positiveIdiomRE = words(`not only|can'?t wait|cannot wait|can'?t say no|couldn'?t be happier|never been (so|more) (excited|happy)|kann es kaum erwarten|no puedo esperar|no veo la hora|j'?ai hâte|mal posso esperar|não vejo a hora|non vedo l'?ora|kan niet wachten|kan haast niet wachten`)

// commitRE: a yes that commits, unlike a bare "yes" or "avec plaisir" that
// may preface a question.
var commitRE = words(`i'?m in|i am in|count me in|we have a deal|it'?s a deal|i accept|we accept|i agree|let'?s do (it|this)|sign me up|i'?m on board|bin dabei|ich bin dabei|nehme (das angebot |es )?an|abgemacht|cuenta conmigo|me apunto|acepto|trato hecho|je suis partante?|j'?accepte|marché conclu|pode contar comigo|conta comigo|estou dentro|aceito|fechado|ci sto|accetto|affare fatto|ik doe mee|ik ben erbij|akkoord|afgesproken`)

// negativeAfterBut: a no inside the clause a "but" opens ("I'd love to, but
// I'm not taking on work").
func negativeAfterBut(words string) bool {
	for _, m := range conditionRE.FindAllStringIndex(words, -1) {
		clause := words[m[1]:]
		if end := strings.IndexAny(clause, ".!?\n"); end >= 0 {
			clause = clause[:end]
		}
		if negationWordRE.MatchString(clause) || regretRE.MatchString(clause) {
			return true
		}
	}
	return false
}

var negationWordRE = words(`not|n'?t|never|no|nicht|kein|keine|keinen|nie|nunca|jamás|pas|plus|jamais|não|nem|non|mai|niet|geen|nooit|cannot|can'?t|won'?t|unable`)

// negated: a negation within the two words before the cue, in its sentence.
func negated(words string, at int) bool {
	before := words[max(0, at-40):at]
	if i := strings.LastIndexAny(before, ".!?;\n"); i >= 0 {
		before = before[i+1:]
	}
	return negationRE.MatchString(before + " ")
}

func has(cs []cue, kind string) (string, bool) {
	for _, c := range cs {
		if c.kind == kind {
			return c.text, true
		}
	}
	return "", false
}

// classify decides the intent. The order is the policy: a link is what the
// later stages wait for; any no beats any yes; an amount that is not our
// offer makes a counter unless the reply plainly says no; a question stays a
// question unless a committing yes answers it; warm words alone are a yes
// only without a "but" or a question.
func classify(r *Reading, offer campaign.Money) {
	words := cueText(r.Words)
	cs := cues(words)
	r.Amounts, r.Problem = Amounts(words, offer)
	asks := asking(r.Amounts, offer)
	decline, isDecline := has(cs, "decline")
	objection, isObjection := has(cs, "objection")
	regret, isRegret := has(cs, "regret")
	deferring, isDefer := has(cs, "defer")
	accept, isAccept := has(cs, "accept")
	warm, isWarm := has(cs, "warm")
	question, isQuestion := has(cs, "question")
	condition, isCondition := has(cs, "condition")
	_, isCounterfactual := has(cs, "counterfactual")
	_, isButNot := has(cs, "butnot")
	commits := commitRE.MatchString(words)
	if len(asks) > 0 && len(asks) < len(r.Amounts) {
		// Our own fee named back beside another amount ("I can't do it for
		// 1,100 … my rate is $1,600"): the no is to our price, not the deal.
		isObjection, objection = true, "our fee named back beside another"
	}
	why := func(s string, args ...any) { r.Why = append(r.Why, fmt.Sprintf(s, args...)) }

	// A link with a question or a price beside it may be an example, not a
	// submission: held for a person.
	linkDoubt := func() {
		if isQuestion || len(asks) > 0 {
			r.Confidence = min(r.Confidence, 0.6)
			why("but it also asks something or names a price: a person should look")
		}
	}
	if u := r.Link(RolePublished); u != "" && !isDecline {
		r.Intent, r.Confidence = Published, 0.95
		why("a link to a post: %s", u)
		linkDoubt()
		return
	}
	if u := r.Link(RoleDraft); u != "" && !isDecline {
		r.Intent, r.Confidence = Draft, 0.9
		why("a link to a draft: %s", u)
		if !draftLinkCertain(u, words) {
			r.Confidence = 0.7
			why("not a file-sharing or review site, and not called a draft: a person should look")
		}
		linkDoubt()
		return
	}
	if u := liveProfileLink(r, words); u != "" && !isDecline {
		r.Intent, r.Confidence = Published, 0.7
		why("says it is live, with a link that is no post: %s (the workflow checks it)", u)
		return
	}
	switch {
	case isDecline && !(len(asks) > 0 && (isObjection || isAccept || isWarm || isCondition)):
		r.Intent, r.Confidence = Decline, 0.95
		why("says no: %q", decline)
		if isAccept || isWarm {
			why("warm words too (%q), but a no wins", accept+warm)
		}
		if commits {
			r.Confidence = 0.6
			why("and a committing yes too: a person should look")
		}
	case len(asks) > 0:
		counterReading(r, asks, why)
		if isObjection {
			why("objects to the price: %q", objection)
		}
		if isDecline {
			r.Confidence = min(r.Confidence, 0.7)
			why("also says no (%q): a person should look", decline)
		}
	case isObjection && !(isAccept && len(r.Amounts) > 0):
		r.Intent, r.Confidence = Decline, 0.6
		why("objects to the price (%q) without naming a new one: a person should answer", objection)
	case len(r.Amounts) > 0 && !isAccept && !isWarm && !isQuestion:
		r.Intent, r.Confidence = Counter, 0.4
		a := r.Amounts[0].Money
		r.Ask = &a
		why("repeats the fee we offered (%s) without saying yes: a person should look", a)
	case (isCounterfactual || isButNot) && isCondition && (isWarm || isAccept || isRegret) && !isQuestion:
		r.Intent, r.Confidence = Decline, 0.85
		why("a warm no: yes-words (%q) then a but (%q) with a no after it", accept+warm, condition)
	case isRegret && isCondition && !isQuestion && !commits:
		r.Intent, r.Confidence = Decline, 0.75
		why("regrets (%q) with a but (%q): a person should look", regret, condition)
	case isDefer:
		r.Intent, r.Confidence = Unclear, 0.9
		why("not decided yet: %q", deferring)
	case isQuestion && !(commits && !isCondition):
		r.Intent, r.Confidence = Question, 0.9
		why("asks: %q", question)
		if isAccept || isWarm {
			why("yes-words too (%q), but the answer decides", accept+warm)
		}
	case isAccept:
		r.Intent, r.Confidence = Accept, 0.93
		why("says yes: %q", accept)
		if isQuestion {
			r.Confidence = 0.75
			why("and asks something too (%q): a person should look", question)
		}
		if isCondition {
			r.Confidence = 0.7
			why("with a condition (%q): a person should look", condition)
		}
		if isRegret {
			r.Confidence = min(r.Confidence, 0.6)
			why("with regret (%q): a person should look", regret)
		}
		if !commits && negationWordRE.MatchString(words) {
			r.Confidence = min(r.Confidence, 0.6)
			why("but a no-word follows (\"Absolutely not\", \"claro… no\"): a person should look")
		}
	case isRegret:
		r.Intent, r.Confidence = Decline, 0.7
		why("regrets (%q) without saying what: a person should look", regret)
	case isWarm && !isCondition:
		// Warm words alone ("great", "super", "sounds good") commit to
		// nothing and sit in declines too: read as a yes, held for a person.
		r.Intent, r.Confidence = Accept, 0.75
		why("warm words (%q), nothing that commits: a person should confirm", warm)
		if negationWordRE.MatchString(words) {
			r.Confidence = 0.5
			why("and a no-word too")
		}
	case isWarm:
		r.Intent, r.Confidence = Unclear, 0.6
		why("warm words (%q) with a condition (%q)", warm, condition)
	default:
		r.Intent, r.Confidence = Unclear, 0.9
		why("no cue for yes, no, a price or a link")
	}
	if len(r.Amounts) > 0 && len(asks) == 0 && r.Intent == Accept {
		why("the amount it names is the fee we offered")
	}
	if r.Problem != "" {
		why("%s", r.Problem)
	}
}

// asking: the amounts that are not our offer repeated.
func asking(amounts []Amount, offer campaign.Money) []Amount {
	var out []Amount
	for _, a := range amounts {
		if offer.Currency != "" && a.High == 0 && a.Count <= 1 && a.Money.Amount == offer.Amount &&
			(a.Money.Currency == offer.Currency || a.Money.Currency == "") {
			continue
		}
		out = append(out, a)
	}
	return out
}

// counterReading fixes what a counter asks: a stated total, the sum of
// per-item prices, a range's lower bound, or the one amount.
func counterReading(r *Reading, asks []Amount, why func(string, ...any)) {
	r.Intent, r.Confidence = Counter, 0.9
	set := func(amount int64, cur string) {
		r.Ask = &campaign.Money{Amount: amount, Currency: cur}
	}
	for _, a := range asks {
		if a.High > 0 {
			set(a.Money.Amount, a.Money.Currency)
			r.Range = campaign.FormatMinor(a.Money.Amount) + "–" + campaign.FormatMinor(a.High) + " " + a.Money.Currency
			r.Confidence = 0.85
			why("asks for a range, %s: the lower bound is the ask", r.Range)
			return
		}
	}
	if t, ok := totalOf(r.Words, asks); ok {
		set(t.Money.Amount, t.Money.Currency)
		why("asks %s in total", t.Money)
		return
	}
	items := 0
	var sum int64
	cur := asks[0].Money.Currency
	mixed := false
	for _, a := range asks {
		if a.For != "" {
			items++
		}
		if a.Money.Currency != cur {
			mixed = true
		}
		sum += a.Total()
	}
	switch {
	case mixed:
		set(asks[len(asks)-1].Money.Amount, asks[len(asks)-1].Money.Currency)
		r.Confidence = 0.5
		why("names amounts in several currencies: a person should look")
	case sum > MaxMinor || sum < 0:
		set(asks[0].Money.Amount, cur)
		r.Confidence, r.Problem = 0.3, "the amounts add up past the largest amount a reply may ask"
	case len(asks) > 1 && items == len(asks):
		set(sum, cur)
		why("prices items separately, %d in all: %s", len(asks), campaign.Money{Amount: sum, Currency: cur})
	case len(asks) > 1:
		set(asks[len(asks)-1].Money.Amount, cur)
		r.Confidence = 0.6
		why("names %d amounts: a person should say which is the ask", len(asks))
	case asks[0].Total() > MaxMinor:
		set(asks[0].Money.Amount, cur)
		r.Confidence, r.Problem = 0.3, "the amount times its count is past the largest amount a reply may ask"
	default:
		set(asks[0].Total(), cur)
		why("asks for %s (%q)", r.Ask, asks[0].Text)
	}
	if r.Ask.Currency == "" {
		r.Confidence = min(r.Confidence, 0.85)
		why("no currency written: the offer's applies")
	}
}

// totalOf finds an amount the reply calls the total: a total word on its
// line before it, or just after it ("1.800 EUR insgesamt").
func totalOf(words string, asks []Amount) (Amount, bool) {
	if len(asks) < 2 {
		return Amount{}, false
	}
	for i := len(asks) - 1; i >= 0; i-- {
		a := asks[i]
		at := strings.LastIndex(words, a.Text)
		if at < 0 {
			continue
		}
		lineStart := strings.LastIndex(words[:at], "\n") + 1
		before := words[max(lineStart, at-40):at]
		after := words[at+len(a.Text) : min(len(words), at+len(a.Text)+20)]
		if nl := strings.IndexAny(after, "\n.;"); nl >= 0 {
			after = after[:nl]
		}
		if totalRE.MatchString(before) || totalRE.MatchString(after) {
			return a, true
		}
	}
	return Amount{}, false
}

// liveProfileLink: "it's live: instagram.com/jane" names a profile, not the
// post; passed on as the published link so the workflow can say why it is
// refused and ask again.
func liveProfileLink(r *Reading, words string) string {
	if !liveCueRE.MatchString(words) {
		return ""
	}
	for _, l := range r.Links {
		if l.Role == RoleSignature && strings.Contains(words, l.URL) {
			return l.URL
		}
	}
	return ""
}
