package reply

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// isQuoteContainer: the elements mail clients wrap quoted history (and
// their own signatures) in.
func isQuoteContainer(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if n.Data == "blockquote" {
		return true
	}
	for _, a := range n.Attr {
		v := strings.ToLower(a.Val)
		switch a.Key {
		case "class":
			for _, c := range []string{"gmail_quote", "gmail_attr", "yahoo_quoted", "moz-cite-prefix", "ms-outlook-mobile-reference-message", "protonmail_quote", "zmail_extra", "yandex_quote",
				"applemail-quote", "x_gmail_quote", "ydp_yahoo_quoted"} {
				if strings.Contains(v, c) {
					return true
				}
			}
		case "id":
			if v == "divrplyfwdmsg" || v == "appendonsend" || strings.HasPrefix(v, "x_divrplyfwdmsg") ||
				strings.HasPrefix(v, "yahoo_quoted") ||
				strings.HasPrefix(v, "ydp") && strings.Contains(v, "yahoo_quoted") || v == "mail-editor-reference-message-container" {
				return true
			}
		case "type":
			if v == "cite" {
				return true
			}
		}
	}
	return false
}

func isSignatureContainer(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	for _, a := range n.Attr {
		v := strings.ToLower(a.Val)
		if (a.Key == "class" && (strings.Contains(v, "gmail_signature") || strings.Contains(v, "moz-signature"))) ||
			(a.Key == "id" && (v == "applemailsignature" || v == "signature" || v == "ms-outlook-mobile-signature")) {
			return true
		}
	}
	return false
}

// ends says whether a quote container ends the reply (Outlook's reply
// divider, its "appendonsend" marker) rather than sitting inline.
func ends(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "id" {
			v := strings.ToLower(a.Val)
			if v == "divrplyfwdmsg" || v == "appendonsend" || strings.HasPrefix(v, "x_divrplyfwdmsg") ||
				v == "mail-editor-reference-message-container" {
				return true
			}
		}
	}
	return false
}

var blankRunRE = regexp.MustCompile(`\n{3,}`)

// HTMLToText renders an HTML body as the plain text the reader works on:
// quoted-history containers dropped, block elements on their own lines, a
// link's address kept next to its text.
func HTMLToText(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(n *html.Node, depth int) bool
	walk = func(n *html.Node, depth int) bool { // false: stop, everything after is history
		if depth > 200 {
			return true
		}
		if isSignatureContainer(n) {
			b.WriteString("\n-- \n") // kept, but as a signature: its links are never submissions
		} else if isQuoteContainer(n) {
			return !ends(n)
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
			case "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "table":
				b.WriteByte('\n')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c, depth+1) {
				return false
			}
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "table":
				b.WriteByte('\n')
			case "a":
				for _, a := range n.Attr {
					if a.Key == "href" && strings.HasPrefix(strings.ToLower(a.Val), "http") && !strings.Contains(textOf(n), a.Val) {
						b.WriteString(" (" + a.Val + ") ")
					}
				}
			}
		}
		return true
	}
	walk(doc, 0)
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
