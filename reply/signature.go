package reply

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	// Footers mail clients add below a reply.
	footerRE = regexp.MustCompile(`(?i)^((sent|enviado|enviada|envoyé|inviato|verzonden|verstuurd|gesendet)\s+(with|con|avec|mit|vanuit|via|from|depuis|desde|da|do|met)\b.{0,40}\b(iphone|ipad|android|samsung|galaxy|outlook|yahoo|gmail|proton|mail|app|phone|device|handy|móvil|celular|portable|smartphone|telefoon|telefono|spark|airmail)\b|sent from|sent via|sent with|sent using|get outlook for|download outlook for|enviado desde|enviado do|enviado de|enviado a través|von meinem|gesendet von|gesendet mit|holen sie sich outlook|envoyé de|envoyé depuis|obtenir outlook|télécharger outlook|inviato da|inviato dal|scarica outlook|ottieni outlook|verzonden (vanaf|met|via)|verstuurd (vanaf|met|via)|download outlook voor|outlook voor|obtener outlook|obtenha o outlook|baixe o outlook)\b.{0,80}$`)
	// "Outlook für iOS beziehen<https://aka.ms/…>": a mail app's download
	// footer in any language.
	appFooterRE = regexp.MustCompile(`(?i)^.{0,40}\b(outlook|yahoo mail|gmail|spark|proton ?mail)\b.{0,30}\b(ios|android|iphone|ipad|windows|mac)\b.{0,60}$`)
	// Closings ("Best,", "Cheers, Ana", "Liebe Grüße") in the seven languages.
	closingRE  = regexp.MustCompile(`(?i)^(?:[-–—~]\s*)?((?:danke|merci|thanks|thank you|gracias|grazie|obrigad[oa]|bedankt|dank je)(?: und| et| and| y| e| en) (?:liebe |viele |beste |herzliche |bonne |buona |a |um |muita |veel )?(?:grüße|grüsse|gruß|chance|journée|continuation|soirée|saludos|suerte|giornata|abraços|abraço|beijos|groeten|groetjes|best|cheers|regards|best wishes|good luck|luck)|(?:liebe|viele|beste|herzliche|sonnige|schöne) grüße aus \p{Lu}[\p{L}-]+(?: \p{Lu}[\p{L}-]+)?|best|best wishes|best regards|all the best|all best|regards|kind regards|kindest regards|warm regards|warmly|warmest|many thanks|thanks(?: again| so much| a lot| a million)?|thank you(?: so much| again)?|thx|ty|cheers|talk soon|speak soon|chat soon|love|lots of love|much love|xo|xoxo|xx+|hugs|sincerely|yours|take care|have a (?:great|good|nice) (?:day|week|weekend)|liebe grüße|lieben gruß|liebe grüsse|viele grüße|viele grüsse|beste grüße|schöne grüße|herzliche grüße|mit freundlichen grüßen|freundliche grüße|grüße|gruß|lg|vg|danke(?: dir| euch| schön)?|vielen dank|bis bald|saludos(?: cordiales)?|un saludo|muchos saludos|un abrazo|abrazos|besos|gracias|muchas gracias|atentamente|cordialmente|hasta pronto|cordialement|bien à vous|bien cordialement|bonne journée|belle journée|bisous|bises|grosses bises|merci(?: beaucoup| encore)?|à bientôt|a bientot|à\+|a\+|amitiés|abraços|abraço|um abraço|abs|beijos|beijo|bjs|obrigad[oa](?: mais uma vez)?|muito obrigad[oa]|atenciosamente|com os melhores cumprimentos|melhores cumprimentos|com os meus cumprimentos|cumprimentos|até breve|saudações|un saluto|saluti|cordiali saluti|distinti saluti|grazie(?: mille)?|un abbraccio|a presto|baci|un bacio|un abbraccio|buona giornata|buona serata|ciao|a dopo|grazie ancora|mil gracias|hasta luego|nos vemos|chao|besitos|bonne continuation|au plaisir|bonne soirée|bon week-end|bonne fin de journée|à plus|um beijo|beijinhos|bjos|bjs|até mais|tschüss|bis dann|servus|ciao ciao|groet|hartelijke groeten|tot ziens|groetjes|groeten|hartelijke groet(?:en)?|met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|dank je(?: wel)?|dankjewel|bedankt|liefs|fijne dag|tot snel|gr)[\s,.!…~:;)\-–—]*(?-i:\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,2}|\p{Ll}{1,3}|[^\p{L}\p{N}\s]{1,6})?[\s,.!…~)]*$`)
	nameRE     = regexp.MustCompile(`^(?:[-–—~]\s*)?(?:\p{Lu}[\p{L}'’.-]*|@[\w.]+)(?:\s+(?:\p{Lu}[\p{L}'’.-]*|@[\w.]+|de|da|do|dos|van|von|der|den|di|la|le)){0,3}\s*[.!]?$`)
	contactRE  = regexp.MustCompile(`(?i)https?://|www\.|@[\w.]+|\+?\d[\d ().-]{7,}\d|\||•|·|[\w.+-]+@[\w-]+\.\w+|\b(creator|influencer|manager|management|agency|content|founder|ceo|photographer|blogger|youtuber|ugc|talent|instagram|tiktok|youtube|ig|tel|phone|mobile|whatsapp|booking|inquiries|business)\b`)
	sigDelimRE = regexp.MustCompile(`^(--|-- |—|__|___)$`)
)

// splitSignature takes the creator's unquoted lines and returns their words,
// the closing/signature lines, and client footer lines.
func splitSignature(own []string) (words, sig, footers []string) {
	for _, l := range own {
		if t := strings.TrimSpace(l); footerRE.MatchString(t) || appFooterRE.MatchString(t) {
			footers = append(footers, l)
			continue
		}
		words = append(words, l)
	}
	// "-- " starts the signature ("-- Gordon" too).
	for i, l := range words {
		if t := strings.TrimSpace(l); sigDelimRE.MatchString(t) || (strings.HasPrefix(l, "-- ") && nameRE.MatchString(strings.TrimPrefix(t, "-- "))) {
			sig = append(sig, words[i:]...)
			words = words[:i]
			break
		}
	}
	words = trimBlank(words)
	if c := closingAt(words); c >= 0 || func() bool { c = shortClosingAt(words); return c >= 0 }() {
		sig = append(append([]string{}, words[c:]...), sig...)
		words = words[:c]
	} else {
		// A name, then its links or titles, each after a blank line: peel
		// the signature off from the bottom, a block at a time.
		for range 3 {
			s := trailingSignature(words)
			if s < 0 {
				s = trailingName(words)
			}
			if s < 0 {
				break
			}
			sig = append(append([]string{}, words[s:]...), sig...)
			words = trimBlank(words[:s])
		}
	}
	return trimBlank(words), sig, footers
}

// closingAt finds the sign-off line: a closing phrase (perhaps with the name
// on the same line), followed only by short signature-like lines, below at
// least one line of the reply proper.
func closingAt(lines []string) int {
	start := len(lines) - 12
	if start < 0 {
		start = 0
	}
	for i := start; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == "" || len(l) > 60 || !closingRE.MatchString(l) || negationWordRE.MatchString(l) {
			continue // "Thanks, no." is the answer, not a sign-off
		}
		if !contentAbove(lines[:i]) || !signatureBelow(lines[i+1:]) {
			continue
		}
		return i
	}
	return -1
}

// shortClosingAt finds a sign-off the phrase list does not know ("Ngā
// mihi,", "Cheers mate,"): a line of one to three words ending in a comma,
// with only a name (and contact lines) below it, at the end.
func shortClosingAt(lines []string) int {
	for i := len(lines) - 2; i >= 0 && i >= len(lines)-4; i-- {
		l := strings.TrimSpace(lines[i])
		if !strings.HasSuffix(l, ",") || len(strings.Fields(l)) > 3 || len(l) > 30 || !contentAbove(lines[:i]) {
			continue
		}
		next := strings.TrimSpace(lines[i+1])
		if nameRE.MatchString(next) && signatureBelow(lines[i+1:]) {
			return i
		}
	}
	return -1
}

// contentAbove says whether the lines hold something besides a greeting.
func contentAbove(lines []string) bool {
	n := 0
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" && !greetingRE.MatchString(t) {
			n++
		}
	}
	return n > 0
}

var greetingRE = regexp.MustCompile(`(?i)^(hi|hey|hello|dear|hallo|hi there|liebe[rs]?|sehr geehrte[rs]?|hola|buenas|estimad[oa]s?|bonjour|salut|coucou|cher|chère|olá|ola|oi|prezad[oa]s?|caro|cara|ciao|salve|gentile|beste|hoi|goedemiddag|goedemorgen|good (morning|afternoon|evening))\b.{0,40}[,!:]?$`)

// signatureBelow says whether lines look like a signature: few and short
// (a name, a title, a phone, links), not more of the reply.
func signatureBelow(lines []string) bool {
	n := 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		n++
		if n > 8 || len(t) > 90 {
			return false
		}
		if strings.HasSuffix(t, "?") || (len(strings.Fields(t)) > 7 && !contactRE.MatchString(t)) {
			return false
		}
	}
	return true
}

// trailingSignature finds a signature block with no closing above it: after
// the last blank line, a name, optionally followed by titles and contact
// lines ("Jane Doe / Lifestyle creator | 45k on IG / linktr.ee/jane").
func trailingSignature(lines []string) int {
	blank := -1
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) == "" {
			blank = i
			break
		}
	}
	if blank < 0 || !contentAbove(lines[:blank]) {
		return -1
	}
	block := lines[blank+1:]
	if len(block) == 0 || len(block) > 6 {
		return -1
	}
	first := strings.TrimSpace(block[0])
	if answerLine(first) {
		return -1 // "Yes!" or "But no" on its own line is an answer, not a name
	}
	if !nameRE.MatchString(first) || len(strings.Fields(first)) > 4 {
		if !(contactRE.MatchString(first) && isContactLine(first)) {
			return -1
		}
	}
	for _, l := range block[1:] {
		if t := strings.TrimSpace(l); !isContactLine(t) && !nameRE.MatchString(t) {
			return -1
		}
	}
	return blank + 1
}

// answerLine: a short line that answers rather than signs — a yes or no
// word on its own ("Yes!", "Deal", "But no"), a negation, a question. A name
// that happens to be a word ("Vale Martínez", "Joy Park") is still a name:
// every word capitalised and more than one of them.
func answerLine(t string) bool {
	t = cueText(t)
	if strings.HasSuffix(t, "?") || negationWordRE.MatchString(t) || questionOpenRE.MatchString(t) {
		return true
	}
	if !(declineRE.MatchString(t) || acceptStrongRE.MatchString(t) || acceptWeakRE.MatchString(t)) {
		return false
	}
	f := strings.Fields(t)
	if len(f) < 2 || strings.ContainsAny(t, "!.") {
		return true
	}
	for _, w := range f {
		if !startsUpper(w) {
			return true
		}
	}
	return false
}

// trailingName finds a bare sign-off name on the last line, right under the
// reply ("x mel", "/Elsa", "— Hauke", "T x"): a short line with no sentence
// punctuation and no digits, below a line that ends a sentence.
func trailingName(lines []string) int {
	n := len(lines)
	if n < 2 {
		return -1
	}
	last, prev := strings.TrimSpace(lines[n-1]), strings.TrimSpace(lines[n-2])
	if last == "" || len(last) > 30 || len(strings.Fields(last)) > 4 || strings.ContainsAny(last, "0123456789?:,;") ||
		strings.HasSuffix(last, ".") || !contentAbove(lines[:n-1]) {
		return -1
	}
	if answerLine(last) {
		return -1
	}
	if !nameLike(last) || !endsSentence(prev) {
		return -1
	}
	return n - 1
}

var nameTokenRE = regexp.MustCompile(`^([-–—~/]*\p{L}[\p{L}'’.-]*|x+|xo+|&|\p{So}+|[-–—~/]+)$`)

func nameLike(s string) bool {
	for _, f := range strings.Fields(s) {
		if !nameTokenRE.MatchString(f) {
			return false
		}
	}
	return true
}

func endsSentence(s string) bool {
	if s == "" {
		return true
	}
	r := []rune(s)
	c := r[len(r)-1]
	return strings.ContainsRune(".!?…)", c) || unicode.Is(unicode.So, c) || unicode.Is(unicode.Sk, c) || c > 0x1F000
}

// isContactLine: a short line of a title, a phone or links, not a sentence.
func isContactLine(t string) bool {
	if len(t) > 90 || strings.HasSuffix(t, "?") {
		return false
	}
	if contactRE.MatchString(t) {
		return true
	}
	words := strings.Fields(t)
	return len(words) <= 5 && !strings.HasSuffix(t, ".") && startsUpper(t)
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

func trimBlank(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
