package reply

import (
	"regexp"
	"strings"
)

// Parts is a reply split into what the creator wrote and what they did not.
type Parts struct {
	Words     string   // the creator's own words
	Signature []string // the closing and signature lines (their links are never submissions)
	Quoted    string   // the quoted history, forwarded blocks and client footers
}

var (
	// The verb of an attribution line ("… wrote:") in the languages
	// creators write in, as Gmail, Apple Mail, Outlook, Yahoo and
	// Thunderbird localise it.
	attributionRE = regexp.MustCompile(`(?i)^(.{0,300}[\s,>)])?(wrote|writes|has written|schrieb|hat geschrieben|geschrieben|het volgende geschreven|geschreven|escribió|escribio|ha escrito|a écrit|a ecrit|écrivait|escreveu|ha scritto|scrisse|schreef|heeft geschreven|skrev|napisał\(a\)|napisał|kirjoitti)(\s.{0,200})?:$`)
	// An attribution opens with a date, a sender or the word that
	// introduces them: it is not a sentence of the reply.
	attributionOpenRE = regexp.MustCompile(`(?i)^(on|am|el|le|em|il|op|den|w dniu|às|a las|le \d|\d|\p{L}+[ ,]+\d|"|<)|@|\d{1,2}[:.h]\d{2}`)
	separatorRE       = regexp.MustCompile(`(?i)^(-{2,}|_{2,}|={2,})?\s*(original message|original-nachricht|ursprüngliche nachricht|originalnachricht|mensaje original|message d'origine|message original|messaggio originale|messaggio originario|oorspronkelijk bericht|origineel bericht|mensagem original|forwarded message|weitergeleitete nachricht|mensaje reenviado|message transféré|messaggio inoltrato|doorgestuurd bericht|mensagem encaminhada|mensagem reencaminhada|reply message)\s*(-{2,}|_{2,}|={2,})?\s*$`)
	forwardRE         = regexp.MustCompile(`(?i)^(begin forwarded message|anfang der weitergeleiteten nachricht|inicio del mensaje reenviado|comienzo del mensaje reenviado|début du message réexpédié|début du message transféré|inizio messaggio inoltrato|begin doorgestuurd bericht|início da mensagem reencaminhada|início da mensagem encaminhada)\s*:?\s*$`)
	dividerRE         = regexp.MustCompile(`^\s*(_{10,}|-{10,}|={10,})\s*$`)
	// Outlook's header block: "From:" then, within a few lines, "Sent:",
	// "Date:", "To:" or "Subject:" (bold in HTML, starred in its text part).
	headerFromRE  = regexp.MustCompile(`(?i)^\*?(from|von|de|van|da|från|fra|od|lähettäjä)\s*:\*?\s*\S`)
	headerOtherRE = regexp.MustCompile(`(?i)^\*?(sent|date|gesendet|datum|enviado|enviado el|fecha|envoyé|inviato|data|verzonden|verstuurd|skickat|sendt|to|an|para|à|a|aan|till|til|subject|betreff|asunto|objet|oggetto|onderwerp|assunto|ämne|emne|cc)\s*:`)
	// Lines of the emails we send (every template), recognised when a
	// client quotes them without ">" markers.
	ourLineRE = regexp.MustCompile(`(?i)^(fee: |what we'd ask for:|just reply to this email|i'm reaching out from |posting date: |usage rights: |disclosure: |just following up on our note|thank you for your counter-offer|your draft is approved|once it's live, reply with|a friendly reminder: your draft|please reply with a link to the new version|[\p{L}\p{N}&'’. -]{1,60} partnerships$)`)
)

// Split separates a plain-text reply into the creator's words, their
// closing and signature, and the quoted history. It handles top posting
// (the answer above the quote), bottom posting (below it) and inline
// answers between quoted lines.
func Split(text string) Parts {
	lines := strings.Split(Normalize(text), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " \t")
	}
	quoted := make([]bool, len(lines))
	for i := 0; i < len(lines); i++ {
		if isQuoted(lines[i]) {
			quoted[i] = true
			continue
		}
		if n := attributionAt(lines, i); n > 0 {
			// An attribution before ">" lines introduces that block only
			// (the reply may go on below it); before unmarked history it
			// starts the history.
			for k := i; k < i+n; k++ {
				quoted[k] = true
			}
			if j := nextNonBlank(lines, i+n); j >= 0 && isQuoted(lines[j]) {
				i += n - 1
				continue
			}
			i = markHistory(lines, quoted, i+n)
			continue
		}
		if startsHistory(lines, i) {
			i = markHistory(lines, quoted, i)
		}
	}
	var own, hist []string
	for i, l := range lines {
		if quoted[i] {
			hist = append(hist, l)
			continue
		}
		own = append(own, l)
	}
	words, sig, footers := splitSignature(own)
	hist = append(hist, footers...)
	return Parts{Words: strings.TrimSpace(strings.Join(words, "\n")), Signature: sig,
		Quoted: strings.TrimSpace(strings.Join(hist, "\n"))}
}

func isQuoted(l string) bool { return strings.HasPrefix(strings.TrimLeft(l, " \t"), ">") }

func nextNonBlank(lines []string, from int) int {
	for j := from; j < len(lines); j++ {
		if strings.TrimSpace(lines[j]) != "" {
			return j
		}
	}
	return -1
}

// attributionAt says how many lines (1–3) an attribution starting at line i
// spans; 0 if none does. Clients wrap long ones and indent some.
func attributionAt(lines []string, i int) int {
	first := strings.TrimSpace(lines[i])
	if first == "" || len(first) > 300 {
		return 0
	}
	joined := first
	for n := 1; n <= 3 && i+n <= len(lines); n++ {
		if n > 1 {
			next := strings.TrimSpace(lines[i+n-1])
			if next == "" || isQuoted(lines[i+n-1]) {
				return 0
			}
			joined += " " + next
		}
		if !strings.HasSuffix(joined, ":") || !attributionRE.MatchString(joined) {
			continue
		}
		if attributionOpenRE.MatchString(joined) {
			return n
		}
		// "Lumen wrote:" with nothing else: only when a quote follows.
		if j := nextNonBlank(lines, i+n); j >= 0 && isQuoted(lines[j]) && len(joined) < 80 {
			return n
		}
	}
	return 0
}

// startsHistory says whether unmarked quoted history starts at line i: a
// separator, a forwarded-message marker, an Outlook header block or divider.
func startsHistory(lines []string, i int) bool {
	l := strings.TrimSpace(lines[i])
	switch {
	case l == "":
		return false
	case separatorRE.MatchString(l) && strings.ContainsAny(l, "-_="), forwardRE.MatchString(l):
		return true
	case dividerRE.MatchString(l):
		return isOutlookHeader(lines, nextNonBlank(lines, i+1))
	}
	return isOutlookHeader(lines, i)
}

// isOutlookHeader: a block of mail headers as clients quote them: "From:"
// then "Sent:"/"To:"/"Subject:" within a few lines, or (GMX, web.de,
// Outlook on the web) any order of three such header lines.
func isOutlookHeader(lines []string, i int) bool {
	if i < 0 {
		return false
	}
	first := strings.TrimSpace(lines[i])
	from := headerFromRE.MatchString(first)
	if !from && !headerOtherRE.MatchString(first) {
		return false
	}
	n := 1
	for j := i + 1; j < len(lines) && j <= i+5; j++ {
		t := strings.TrimSpace(lines[j])
		if headerFromRE.MatchString(t) || headerOtherRE.MatchString(t) {
			n++
			if from || n >= 3 {
				return true
			}
		}
	}
	return false
}

// markHistory marks unmarked history from line i on, and returns the last
// line it marked. A reply written below an unmarked quote of one of our
// emails (bottom posting under an Outlook header block) is kept: the
// history ends after our email's sign-off line.
func markHistory(lines []string, quoted []bool, i int) int {
	end := len(lines)
	last := -1
	for j := i; j < len(lines); j++ {
		if ourLineRE.MatchString(strings.TrimSpace(lines[j])) {
			last = j
		}
		if j > i && (startsHistory(lines, j) || attributionAt(lines, j) > 0) && last >= 0 {
			break // a further, older message: the reply cannot be below it
		}
	}
	if last >= 0 && strings.HasSuffix(strings.ToLower(strings.TrimSpace(lines[last])), "partnerships") {
		if j := nextNonBlank(lines, last+1); j >= 0 && !startsHistory(lines, j) && attributionAt(lines, j) == 0 &&
			!isQuoted(lines[j]) && !isOutlookHeader(lines, j) {
			end = last + 1
		}
	}
	for k := i; k < end; k++ {
		quoted[k] = true
	}
	return end - 1
}
