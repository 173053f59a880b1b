package reply

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/creatorflow/creatorflow/campaign"
)

// MaxMinor bounds an amount a reply may ask for (10^13 minor units: a
// hundred billion of any currency); beyond it the reply is held, never
// wrapped around.
const MaxMinor = 10_000_000_000_000

const (
	curPre = `\bUS\$|\bU\$S|\bUSD|\bAU\$|\bA\$|\bAUD|\bCA\$|\bC\$|\bCAD|\bNZ\$|\bNZD|\bR\$|\bBRL|\bMX\$|\bMXN|\bHK\$|\bHKD|\bS\$|\bSGD|\$|£|\bGBP|€|\bEUR|₹|\bRs\.?|\bINR|\bCN¥|\bJP¥|¥|\bJPY|\bCNY|\bRMB|\bCHF|\bSFr\.?|\bFr\.|\bzł|\bPLN|\bkr\.?|\bSEK|\bNOK|\bDKK|₩|\bKRW|₺|\bTRY|\bZAR`
	curSuf = `US\$|AU\$|A\$|CA\$|C\$|NZ\$|R\$|\$|€|£|₹|¥|zł|kr\.?|CHF|Fr\.|-?euros?|eur|usd|gbp|dollars?|dólares|dolares|dollari|bucks|pounds?|quid|libras?|sterline|reais|real|pesos?|rupees?|rupias|roupies|francs?|franken|francos|franchi|złotych|złote|złoty|zlotych|zloty|zł|pln|sek|nok|dkk|kronor|kroner|kronen|kronur|yen|jpy|yuan|cny|brl|mxn|aud|cad|nzd|inr|chf|sgd|hkd|krw|won|zar|rand`
	// Numbers as locales write them: 1,200.50 · 1.200,50 · 1 200,50 · 1'200.50 ·
	// Indian 1,50,000 · plain 1200 or 1200.5.
	numPat  = `\d{1,3}(?:\.\d{3})*,[-–]{1,2}|\d{1,3}(?:[.,' ’]\d{3})+(?:[.,]\d{1,2})?|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?|\d+(?:[.,]\d{1,2})?`
	multPat = `k|K|mil|mila|mille|thousand|tausend|grand`
)

var (
	amountRE = regexp.MustCompile(`(?i)(?:(` + curPre + `)\s?)?(` + numPat + `)(?:\s?(` + multPat + `)\b)?(?:\s?(` + curSuf + `)(?:[^\p{L}]|$))?`)
	// What follows a number that is not money: an audience, a count, a time.
	notMoneyAfterRE = regexp.MustCompile(`(?i)^\s?((on|auf|en|sur|no|na|su|op|bei|in|de) (instagram|insta|ig|youtube|yt|tiktok|tt|twitter|x|facebook|fb|threads|pinterest|twitch|snapchat)\b|%|percent|per ?cent|prozent|por ?ciento|pour ?cent|por ?cento|per ?cento|procent|followers?|follower|views?|subscribers?|subs|likes?|comments?|impressions?|reach|plays|accounts|people|seguidores|suscriptores|abonnenten|abonnés|abonnees|volgers|iscritti|inscritos|visualiza|aufrufe|vues|visualizzazioni|weergaven|days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|seconds?|sec|tage?n?|wochen?|monate?n?|jahre?n?|stunden?|días?|dias?|semanas?|meses|horas?|jours?|semaines?|mois|heures?|giorni|settimane|mesi|ore|dagen|weken|maanden|uur|stories|story|reels?|posts?|videos?|vídeos?|tiktoks?|shorts?|carousels?|photos?|pics?|images?|slides?|deliverables?|pieces?|items?|times|x\b|th\b|st\b|nd\b|rd\b|er\b|º|ª|am\b|pm\b|h\b|uhr|o'clock|[/:]\d|\.\d{1,2}\.)`)
	// What precedes a number that is not money: a date, a time, a count.
	notMoneyBeforeRE = regexp.MustCompile(`(?i)(\d[/.:-]|\b(on|the|am|el|le|il|op|den|dem|day|dia|día|jour|giorno|dag|until|till|bis|hasta|jusqu'au|até|fino al|tot|by|before|after|from|vom|del|du|dal|van|since|seit|desde|depuis|dal|sinds|posting|post(ed)? on|date|datum|fecha|data|#|no\.|nr\.?|number|top|ig|tiktok)\s?)$`)
	// A bare number is a price only where the reply talks of one.
	rateWordRE        = regexp.MustCompile(`(?i)\b(kost|kostet|kosten|cuesta|coûte|custa|costa|rate|rates|fee|fees|price|pricing|charge|charging|cost|costs|budget|pay|paid|payment|invoice|quote|asking|ask|compensation|minimum|flat|total|counter|honorar|honorare|preis|gage|kosten|vergütung|bezahlung|budget|tarifa|precio|honorarios|cobro|cobrar|cobraría|pago|presupuesto|tarif|tarifs|prix|honoraires|cachet|rémunération|budget|valor|preço|cachê|cachet|orçamento|pagamento|cobrar|tariffa|compenso|prezzo|costo|budget|pagamento|onorario|tarief|prijs|vergoeding|kosten|budget|betaling)\b`)
	priceLeadRE       = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(\+|&|so|that'?s|which is|makes|charge|charges|cobro|cobra|cobraria|nehme|verlange|facture|prends|chiedo|vraag|reken|consider|offer|propose|suggest|how about|what about|more like|closer to|something like|somewhere|between|vorschlagen|wie wäre es mit|eher|zwischen|propongo|qué tal|más bien|entre|plutôt|que diriez-vous de|proponho|que tal|mais para|proporrei|che ne dite di|piuttosto|tra|voorstel|wat dacht je van|eerder|tussen|for|at|is|of|be|do|around|about|approx\.?|roughly|charge|asking|ask|need|want|rate|fee|price|budget|quote|cost|costs|minimum|min\.?|go|für|bei|ist|wäre|um|ca\.?|etwa|por|es|sería|unos|pour|à|est|serait|environ|para|seria|é|cerca de|per|è|sarebbe|circa|voor|zou|rond|ongeveer|:|=|~)\s*$`)
	rangeOfNonMoneyRE = regexp.MustCompile(`(?i)^\s?[-–]\s?\d[\d.,]*\s?[kK]?\s?(%|followers?|views?|subscribers?|subs|likes?|minutes?|mins?|seconds?|days?|weeks?|hours?|seguidores|abonnenten|abonnés|volgers|iscritti|visualiza|aufrufe|vues|weergaven|tage|días|dias|jours|giorni|dagen)`)
	rangeJoinRE       = regexp.MustCompile(`(?i)^\s*(–|—|-|~|to|till|bis|a|à|au|até|fino a|tot|or|oder|o|ou|of)\s*$`)
	betweenRE         = regexp.MustCompile(`(?i)\b(between|zwischen|entre|tra|fra|tussen)( de| the| los| las| les| i| le| os| as| den)?\s*$`)
	betweenJoinRE     = regexp.MustCompile(`(?i)^\s*(and|und|y|et|e|en)\s*$`)
	itemRE            = regexp.MustCompile(`(?i)\b(reels?|stories|story|posts?|feed posts?|videos?|vídeos?|tiktoks?|tik toks?|shorts?|youtube( videos?)?|integrations?|carousels?|karussell|carrusel|carrossel|carosello|usage( rights)?|whitelisting|paid usage|nutzungsrechte|derechos( de uso)?|droits( d'utilisation)?|direitos( de uso)?|diritti( d'uso)?|gebruiksrechten|bundle|package|paket|paquete|pack|pacote|pacchetto|pakket|unboxing|live|lives|blog( posts?)?|pins?|tweets?|threads?|photos?|fotos?)\b`)
	eachRE            = regexp.MustCompile(`(?i)^[\s,]*(each|apiece|per (story|reel|post|video|piece|item|one)|/ ?(story|reel|post|video|piece)|a piece|cada(?: uno| una)?|chacune?|pièce|pro (story|reel|post|video|stück)|je|ciascuna?|l'una|cadauno|elk|per stuk|per stuk)\b`)
	countItemRE       = regexp.MustCompile(`(?i)\b(\d{1,2}|two|three|four|five|six|zwei|drei|vier|fünf|dos|tres|cuatro|cinco|deux|trois|quatre|cinq|duas|três|quatro|due|tre|quattro|twee|drie|vier|vijf)\s+(stories|story|reels?|posts?|videos?|vídeos?|tiktoks?|shorts?|carousels?|photos?|fotos?)\b`)
	totalRE           = regexp.MustCompile(`(?i)\b(total|in total|all in|all-in|altogether|overall|for everything|for the (whole )?(package|bundle|lot)|insgesamt|gesamt|für alles|en total|en conjunto|por todo|au total|en tout|pour le tout|no total|ao todo|pelo pacote|in totale|per tutto|totaal|in totaal|alles samen|voor alles)\b`)
)

var countWords = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "zwei": 2, "drei": 3, "vier": 4,
	"fünf": 5, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "duas": 2,
	"três": 3, "quatro": 4, "due": 2, "tre": 3, "quattro": 4, "twee": 2, "drie": 3, "vijf": 5}

// Bounds that keep reading linear in the length of a reply: how far a
// number's sentence is looked for, and how many numbers are read at all.
const (
	sentenceReach = 300
	maxTokens     = 64
)

// token is one number in the text, with what surrounds it.
type token struct {
	at, end   int
	num, mult string
	cur       string // ISO code, or "" when none was written
	written   bool   // a currency or multiplier was written
	minor     int64
	over      bool // past MaxMinor or unreadable digits
}

// Amounts finds the amounts of money in text. offer gives a bare "$", "kr"
// or no currency its currency. problem is set when an amount is out of range.
func Amounts(text string, offer campaign.Money) (out []Amount, problem string) {
	toks := scan(text, offer.Currency)
	if len(toks) > maxTokens {
		toks = toks[:maxTokens]
		problem = "too many numbers to read them all"
	}
	priced := rateWordRE.MatchString(text) || priceObjectionRE.MatchString(text)
	for _, t := range toks { // our own fee, named back to us, makes the reply one about price
		if offer.Amount > 0 && t.minor == offer.Amount {
			priced = true
		}
	}
	moneyContext := func(text string, t token) bool { return moneyContext(text, t, priced) }
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		// Ranges: "1.2–1.5k", "900-1100 €", "between 900 and 1,100 euros".
		if i+1 < len(toks) {
			u := toks[i+1]
			gap := text[t.end:u.at]
			if rangeJoinRE.MatchString(gap) || (betweenJoinRE.MatchString(gap) && betweenRE.MatchString(text[:t.at])) {
				lo, hi := t, u
				if !lo.written && hi.written {
					lo = rescale(lo, hi, offer.Currency)
				}
				if lo.written || hi.written || moneyContext(text, lo) {
					if lo.over || hi.over {
						problem = "an amount is out of range: " + strings.TrimSpace(text[lo.at:hi.end])
						i++
						continue
					}
					if hi.minor > lo.minor && hi.minor < lo.minor*10 {
						out = append(out, Amount{Money: campaign.Money{Amount: lo.minor, Currency: pick(lo.cur, hi.cur)},
							High: hi.minor, Text: strings.TrimSpace(text[lo.at:hi.end])})
						i++
						continue
					}
				}
			}
		}
		if !t.written && !moneyContext(text, t) {
			continue
		}
		if t.over {
			problem = "an amount is out of range: " + strings.TrimSpace(text[t.at:t.end])
			continue
		}
		if t.minor <= 0 {
			continue
		}
		a := Amount{Money: campaign.Money{Amount: t.minor, Currency: t.cur}, Text: strings.TrimSpace(text[t.at:t.end])}
		a.For, a.Count = itemOf(text, t)
		out = append(out, a)
	}
	return out, problem
}

func pick(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// rescale gives the low end of a range the multiplier and currency written
// only after the high end ("1.2–1.5k €").
func rescale(lo, hi token, offerCur string) token {
	lo.mult, lo.cur, lo.written = hi.mult, hi.cur, true
	lo.minor, lo.over = parseNumber(lo.num, lo.mult)
	return lo
}

// moneyContext: a bare number reads as a price when a word about price is
// in its sentence and it follows a word that introduces one ("for 900").
func moneyContext(text string, t token, pricedText bool) bool {
	if t.minor < 5000 { // under 50: a count, a day, an hour
		return false
	}
	if y := t.num; len(y) == 4 && (strings.HasPrefix(y, "19") || strings.HasPrefix(y, "20")) {
		return false // a year
	}
	from := max(0, t.at-sentenceReach)
	start := from + strings.LastIndexAny(text[from:t.at], ".!?\n") // -1 when none: the sentence starts at from
	sentence := text[start+1 : min(len(text), t.end+sentenceReach)]
	if e := strings.IndexAny(sentence[t.end-start-1:], ".!?\n"); e >= 0 {
		sentence = sentence[:t.end-start-1+e]
	}
	lead := text[max(0, t.at-30):t.at]
	// Price talk anywhere in the reply ("500 is too low. Would you
	// consider 750?") or a multiplier makes a led-in number a price.
	priced := pricedText || t.mult != "" || rateWordRE.MatchString(sentence)
	return priced && priceLeadRE.MatchString(lead)
}

// itemOf names what an amount is for ("800 for the reel", "Reel: 800€",
// "3 stories at 100 each") and how many of it.
func itemOf(text string, t token) (string, int) {
	after := text[t.end:min(len(text), t.end+40)]
	if cut := strings.IndexAny(after, "+;\n"); cut >= 0 {
		after = after[:cut]
	}
	from := max(0, t.at-80)
	before := text[from+strings.LastIndexAny(text[from:t.at], "\n;+,")+1 : t.at]
	if j := strings.LastIndexAny(before, ".!?"); j >= 0 {
		before = before[j+1:]
	}
	count := 0
	if eachRE.MatchString(after) {
		sentence := text[max(0, t.at-80):min(len(text), t.end+60)] // bounded: linear overall
		if m := countItemRE.FindStringSubmatch(sentence); m != nil {
			count = countOf(m[1])
		}
	}
	if m := itemRE.FindString(after); m != "" && strings.Index(after, m) < 25 {
		return strings.ToLower(m), count
	}
	if m := itemRE.FindAllString(before, -1); len(m) > 0 {
		return strings.ToLower(m[len(m)-1]), count
	}
	return "", count
}

func countOf(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return countWords[strings.ToLower(s)]
}

// scan finds every number with the currency and multiplier written around it.
func scan(text, offerCur string) []token {
	var toks []token
	for _, m := range amountRE.FindAllStringSubmatchIndex(text, -1) {
		t := token{at: m[0], end: m[1], num: text[m[4]:m[5]]}
		if m[6] >= 0 {
			t.mult = strings.ToLower(text[m[6]:m[7]])
		}
		pre, suf := "", ""
		if m[2] >= 0 {
			pre = text[m[2]:m[3]]
		}
		if m[8] >= 0 {
			suf = text[m[8]:m[9]]
			t.end = m[9]
		}
		// A letter glued before the number ("A4", "x2") is no amount.
		if m[2] < 0 && t.at > 0 && isLetterBefore(text, t.at) {
			continue
		}
		if pre == "" && suf == "" && rangeOfNonMoneyRE.MatchString(text[t.end:]) {
			continue // "60-80k views": the low end of a range of counts
		}
		if pre == "" && suf == "" {
			after := text[t.end:]
			if notMoneyAfterRE.MatchString(after) || notMoneyBeforeRE.MatchString(text[max(0, t.at-16):t.at]) {
				if t.mult == "" || notMoneyAfterRE.MatchString(after) {
					continue
				}
			}
		}
		t.cur = currencyOf(pre, offerCur)
		if t.cur == "" {
			t.cur = currencyOf(suf, offerCur)
		}
		t.written = pre != "" || suf != "" || (t.mult != "" && t.mult != "mil" && t.mult != "mila" && t.mult != "mille")
		if t.mult == "mil" || t.mult == "mila" || t.mult == "mille" || t.mult == "thousand" || t.mult == "tausend" || t.mult == "grand" {
			t.written = t.written || pre != "" || suf != ""
		}
		if t.cur == "" {
			t.cur = offerCur
		}
		t.minor, t.over = parseNumber(t.num, t.mult)
		toks = append(toks, t)
	}
	return toks
}

func isLetterBefore(text string, at int) bool {
	r := []rune(text[max(0, at-4):at])
	if len(r) == 0 {
		return false
	}
	c := r[len(r)-1]
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// currencyOf maps a written currency to its ISO code; a bare "$", "kr",
// "pesos" or "francs" takes the offer's currency when it is of that family.
func currencyOf(s, offerCur string) string {
	k := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "-")))
	k = strings.TrimSuffix(k, ".")
	switch k {
	case "":
		return ""
	case "$", "dollar", "dollars", "dólares", "dolares", "dollari", "bucks":
		switch offerCur {
		case "USD", "AUD", "CAD", "NZD", "MXN", "SGD", "HKD":
			return offerCur
		}
		return "USD"
	case "kr", "kronor", "kroner", "kronen", "kronur":
		switch offerCur {
		case "SEK", "NOK", "DKK", "ISK":
			return offerCur
		}
		return "SEK"
	case "peso", "pesos":
		switch offerCur {
		case "MXN", "ARS", "COP", "CLP", "PHP", "UYU":
			return offerCur
		}
		return "MXN"
	case "fr", "sfr", "franc", "francs", "franken", "francos", "franchi":
		return "CHF"
	case "¥", "jp¥", "yen":
		return "JPY"
	case "cn¥", "rmb", "yuan":
		return "CNY"
	case "us$", "u$s":
		return "USD"
	case "a$", "au$":
		return "AUD"
	case "c$", "ca$":
		return "CAD"
	case "nz$":
		return "NZD"
	case "r$", "reais", "real":
		return "BRL"
	case "mx$":
		return "MXN"
	case "hk$":
		return "HKD"
	case "s$":
		return "SGD"
	case "£", "pound", "pounds", "quid", "libra", "libras", "sterline":
		return "GBP"
	case "€", "euro", "euros", "eur":
		return "EUR"
	case "₹", "rs", "rupee", "rupees", "rupias", "roupies":
		return "INR"
	case "zł", "złotych", "złote", "złoty", "zlotych", "zloty", "zlotys":
		return "PLN"
	case "₩", "won":
		return "KRW"
	case "₺":
		return "TRY"
	case "rand":
		return "ZAR"
	}
	if len(k) == 3 {
		return strings.ToUpper(k)
	}
	return ""
}

// parseNumber reads a number as its locale wrote it into minor units. A
// last separator followed by exactly three digits groups thousands; by one
// or two it marks decimals. ok is false past MaxMinor.
func parseNumber(num, mult string) (minor int64, over bool) {
	num = strings.TrimRight(num, "-–") // "600,-": whole units, German and Dutch style
	num = strings.TrimSuffix(num, ",")
	num = strings.NewReplacer(" ", "", "'", "", "’", "").Replace(num)
	whole, frac := num, ""
	if last := strings.LastIndexAny(num, ".,"); last >= 0 && len(num)-last-1 <= 2 {
		whole, frac = num[:last], num[last+1:]
	}
	whole = strings.NewReplacer(".", "", ",", "").Replace(whole)
	if len(whole) > 14 {
		return 0, true
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, true
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	minor = w*100 + f
	switch mult {
	case "k", "mil", "mila", "mille", "thousand", "tausend", "grand":
		if minor > MaxMinor/1000 {
			return 0, true
		}
		minor *= 1000
	}
	if minor > MaxMinor {
		return 0, true
	}
	return minor, false
}
