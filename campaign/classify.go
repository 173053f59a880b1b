package campaign

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Kinds of link a creator sends: the workflow takes a link as a draft while a
// draft is awaited and as the live post while publication is awaited; the
// kind is the classifier's reading, shown to ops.
const (
	LinkDraft     = "draft"
	LinkPublished = "published"
)

var (
	// Declines in English, German, Spanish and French.
	declineMultiRE = words(`not interested|no thanks|no, thanks|not for me|decline|pass on this|i'?ll pass|we'?ll pass|have to pass|can'?t do|cannot do|can'?t make it|can'?t accept|cannot accept|won'?t be able|unable to|unsubscribe|not available|not this time|kein interesse|leider nicht|muss (leider )?absagen|keine zeit|no me interesa|no estoy interesad[oa]|no puedo|paso de esto|pas intéressée?|je ne suis pas intéressée?|je dois refuser|non merci|no,? gracias|nein,? danke`)
	acceptMultiRE  = words(`yes|yep|yeah|sure|deal|accept|accepted|agree|agreed|sounds good|sounds great|i'?m in|count me in|happy to|love to|let'?s do it|works for me|i'?d love|ja|gerne|einverstanden|klingt gut|bin dabei|sí|si, claro|claro|de acuerdo|me apunto|me encantaría|oui|d'accord|avec plaisir|ça marche|je suis partante?`)
	questionRE     = regexp.MustCompile(`(?i)\?|^\s*(what|when|where|who|how|why|which|could you|can you|do you|is there|wann|was|wie|wo|qué|cuándo|cómo|quand|quoi|comment)\b`)
	publishedRE    = regexp.MustCompile(`(?i)\b(live|posted|published|is up|went up|went live|it'?s out|online|veröffentlicht|gepostet|publicado|publicada|publié|publiée|en ligne)\b`)
	draftRE        = regexp.MustCompile(`(?i)\b(draft|preview|first cut|rough cut|wip|entwurf|vorschau|borrador|brouillon|aperçu|version)\b`)
)

// words matches any of the alternatives as whole words (Unicode letters:
// RE2's \b knows only ASCII, so "sí" would never end a word).
func words(alternatives string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}'])(?:` + alternatives + `)(?:$|[^\p{L}\p{N}])`)
}

// Money in the forms creators write: "$1,200", "1.200 €", "EUR 900",
// "1.5k", "£750 per post", "900 euros".
var (
	numPat   = `(\d{1,3}(?:[.,  ']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)`
	symbols  = map[string]string{"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "chf": "CHF", "usd": "USD", "eur": "EUR", "gbp": "GBP", "cad": "CAD", "aud": "AUD", "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP"}
	prefixRE = regexp.MustCompile(`(?i)(us\$|\$|€|£|\b(?:usd|eur|gbp|chf|cad|aud)\b)\s?` + numPat + `(\s?[kK]\b)?`)
	suffixRE = regexp.MustCompile(`(?i)` + numPat + `(\s?[kK])?\s?(€|£|\$|\b(?:usd|eur|gbp|chf|cad|aud|euros?|dollars?|pounds?)\b)`)
	bareKRE  = regexp.MustCompile(`(?i)\b(\d+(?:[.,]\d{1,2})?)\s?k\b(\s+(followers|views|subscribers|subs|likes|abonnenten|seguidores|abonnés))?`)
	rateRE   = regexp.MustCompile(`(?i)\b(rate|fee|price|charge|cost|budget|pay|paid|for|per|honorar|preis|tarifa|precio|tarif|prix)\b`)
)

// FindAmount finds the first amount of money in a message. Currency is empty
// when the creator wrote none ("1.5k"): the collaboration's currency applies.
func FindAmount(text string) (Money, bool) {
	type hit struct {
		at  int
		m   Money
		set bool
	}
	var best hit
	try := func(at int, num string, k bool, cur string) {
		amt, ok := parseAmount(num, k)
		if !ok || amt <= 0 {
			return
		}
		if !best.set || at < best.at {
			best = hit{at: at, m: Money{Amount: amt, Currency: cur}, set: true}
		}
	}
	for _, m := range prefixRE.FindAllStringSubmatchIndex(text, -1) {
		sym := strings.ToLower(text[m[2]:m[3]])
		try(m[0], text[m[4]:m[5]], m[6] >= 0, symbols[sym])
	}
	for _, m := range suffixRE.FindAllStringSubmatchIndex(text, -1) {
		sym := strings.ToLower(text[m[6]:m[7]])
		try(m[0], text[m[2]:m[3]], m[4] >= 0 && m[5] > m[4], symbols[sym])
	}
	if !best.set && rateRE.MatchString(text) {
		for _, m := range bareKRE.FindAllStringSubmatchIndex(text, -1) {
			if m[4] >= 0 { // "10k followers" is an audience, not a price
				continue
			}
			try(m[0], text[m[2]:m[3]], true, "")
		}
	}
	return best.m, best.set
}

// parseAmount reads "1,200", "1.200", "1 200", "1,200.50", "1.200,50", "1.5"
// (with k: thousands) into minor units. A last separator followed by three
// digits groups thousands; by one or two digits it marks decimals.
func parseAmount(num string, thousands bool) (int64, bool) {
	num = strings.NewReplacer(" ", "", " ", "", "'", "").Replace(num)
	last := strings.LastIndexAny(num, ".,")
	whole, frac := num, ""
	if last >= 0 && len(num)-last-1 <= 2 {
		whole, frac = num[:last], num[last+1:]
	}
	whole = strings.NewReplacer(".", "", ",", "").Replace(whole)
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > 1e12 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, false
	}
	minor := w*100 + f
	if thousands {
		minor *= 1000
	}
	return minor, true
}

// Classify reads a creator's reply (quoted history and signature already
// stripped) in English, German, Spanish or French:
//   - a link is a draft or a published post (IntentLink, LinkKind says which);
//   - an amount of money is a counter-offer (IntentCounter) unless the reply
//     plainly declines;
//   - then decline wins over accept ("yes, but I'll pass" is a decline);
//   - anything else is unclear, flagged as a question when it asks one.
func Classify(text string) Reply {
	r := Reply{Text: strings.TrimSpace(text), Intent: IntentUnclear}
	declines := declineMultiRE.MatchString(text)
	if u := urlRE.FindString(text); u != "" {
		r.Intent, r.URL = IntentLink, strings.TrimRight(u, ".,;:!?")
		r.LinkKind = linkKind(text, r.URL)
		return r
	}
	if m, ok := FindAmount(text); ok && !(declines && !rateRE.MatchString(text)) {
		r.Intent, r.Counter = IntentCounter, &m
		return r
	}
	switch {
	case declines:
		r.Intent = IntentDecline
	case acceptMultiRE.MatchString(text):
		r.Intent = IntentAccept
	default:
		r.Question = questionRE.MatchString(text)
	}
	return r
}

func linkKind(text, link string) string {
	switch {
	case draftRE.MatchString(text):
		return LinkDraft
	case publishedRE.MatchString(text):
		return LinkPublished
	}
	if u, err := url.Parse(link); err == nil {
		host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
		switch {
		case host == "instagram.com" && (strings.HasPrefix(u.Path, "/p/") || strings.HasPrefix(u.Path, "/reel/")),
			host == "tiktok.com" && strings.Contains(u.Path, "/video/"),
			(host == "youtube.com" && (u.Path == "/watch" || strings.HasPrefix(u.Path, "/shorts/"))), host == "youtu.be":
			return LinkPublished
		}
	}
	return LinkDraft
}
