package email

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

var (
	// "On Tue, 3 Nov 2026 at 10:00, Lumen <p@lumen.example> wrote:" and its
	// German, Spanish, French, Dutch, Italian and Portuguese forms.
	attributionRE = regexp.MustCompile(`(?i)^(on\s.+\swrote|am\s.+\sschrieb.*|el\s.+\sescribi[oó]|le\s.+\sa\s+[ée]crit|op\s.+\sschreef.*|il\s.+\sha\s+scritto|em\s.+\sescreveu)\s*:\s*$`)
	separatorRE   = regexp.MustCompile(`(?i)^\s*(-{2,}\s*(original message|ursprüngliche nachricht|mensaje original|message d'origine|messaggio originale|oorspronkelijk bericht)\s*-{2,}|-{3,}\s*forwarded message\s*-{3,}|begin forwarded message:|_{20,})\s*$`)
	// Outlook's header block: "From:" then, within a few lines, "Sent:"/"Date:".
	headerFromRE = regexp.MustCompile(`(?i)^\s*\*?(from|de|von|van|da)\s*:\*?\s`)
	headerSentRE = regexp.MustCompile(`(?i)^\s*\*?(sent|date|gesendet|datum|enviado|fecha|envoyé|inviato|verzonden|data)\s*:`)
	// Mobile and client signatures.
	blankRunRE  = regexp.MustCompile(`\n{3,}`)
	signatureRE = regexp.MustCompile(`(?i)^\s*(sent from my \w+|sent from (mail|outlook) for|get outlook for|sent from yahoo mail|enviado desde mi \w+|von meinem \w+ gesendet|gesendet von meinem \w+|envoyé de mon \w+|inviato da \w+|verzonden vanaf mijn \w+)`)
)

// StripQuoted returns the new part of a plain-text reply: everything before
// the quoted history (an attribution line, an Outlook header block, an
// "Original Message" separator, ">" quoting) and before the signature
// ("-- " or a "Sent from my iPhone" line).
func StripQuoted(text string) string {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(text, "\n")
	cut := len(lines)
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		next := ""
		if i+1 < len(lines) {
			next = strings.TrimSpace(lines[i+1])
		}
		switch {
		case l == "--" || l == "-- ":
		case attributionRE.MatchString(l),
			attributionRE.MatchString(l + " " + next), // attribution wrapped over two lines
			separatorRE.MatchString(l),
			signatureRE.MatchString(l),
			isOutlookHeader(lines, i),
			strings.HasPrefix(strings.TrimSpace(l), ">") && quotedToEnd(lines, i):
		default:
			continue
		}
		cut = i
		break
	}
	kept := lines[:cut]
	var out []string
	for _, l := range kept {
		if strings.HasPrefix(strings.TrimSpace(l), ">") { // an inline quote between answers
			continue
		}
		out = append(out, strings.TrimRight(l, " \t"))
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

func isOutlookHeader(lines []string, i int) bool {
	if !headerFromRE.MatchString(lines[i]) {
		return false
	}
	for j := i + 1; j < len(lines) && j <= i+4; j++ {
		if headerSentRE.MatchString(lines[j]) {
			return true
		}
	}
	return false
}

// quotedToEnd says whether only quoted or blank lines follow line i.
func quotedToEnd(lines []string, i int) bool {
	for _, l := range lines[i:] {
		t := strings.TrimSpace(l)
		if t != "" && !strings.HasPrefix(t, ">") {
			return false
		}
	}
	return true
}

// quoteContainers are the HTML elements mail clients wrap quoted history in.
func isQuoteContainer(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if n.Data == "blockquote" {
		return true
	}
	for _, a := range n.Attr {
		switch {
		case a.Key == "class" && (strings.Contains(a.Val, "gmail_quote") || strings.Contains(a.Val, "yahoo_quoted") ||
			strings.Contains(a.Val, "moz-cite-prefix") || strings.Contains(a.Val, "gmail_signature")),
			a.Key == "id" && (a.Val == "divRplyFwdMsg" || a.Val == "appendonsend" || strings.HasPrefix(a.Val, "x_divRplyFwdMsg") ||
				a.Val == "AppleMailSignature" || a.Val == "Signature"):
			return true
		}
	}
	return false
}

// HTMLToText renders an HTML body as plain text for the classifier: quoted
// history containers dropped, block elements on their own lines, a link's
// address kept next to its text.
func HTMLToText(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool { // false: stop, everything after is history
		if isQuoteContainer(n) {
			return n.Data == "blockquote" // inline blockquotes end nothing; Outlook's reply divider ends the reply
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(strings.Join(strings.Fields(n.Data), " "))
			if strings.HasSuffix(n.Data, " ") || strings.HasSuffix(n.Data, "\n") {
				b.WriteByte(' ')
			}
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "head", "title":
				return true
			case "br":
				b.WriteByte('\n')
			case "hr":
				return false
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "table":
				b.WriteByte('\n')
			case "a":
				for _, a := range n.Attr {
					if a.Key == "href" && strings.HasPrefix(a.Val, "http") && !strings.Contains(textOf(n), a.Val) {
						b.WriteString(" (" + a.Val + ") ")
					}
				}
			}
		}
		return true
	}
	walk(doc)
	lines := strings.Split(b.String(), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.TrimSpace(blankRunRE.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}
