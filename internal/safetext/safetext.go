// Package safetext makes text from outside (creators' mail, roster files,
// links) safe to show: on a terminal, where control characters and escape
// sequences would be obeyed (moving the cursor, rewriting earlier lines,
// setting the window title, hiding text), and in Slack mrkdwn, where
// "<!channel>", "<@U123>" and "<url|label>" are commands, not text.
package safetext

import (
	"strings"
	"unicode/utf8"
)

// Terminal returns s fit for a terminal: newlines and tabs are kept; every
// other C0 control, DEL, C1 control (including the 8-bit CSI and OSC),
// bidirectional override (which can make text read backwards) and invalid
// UTF-8 byte becomes a visible escape such as \x1b or \u202e, so nothing is
// hidden and nothing is obeyed. An ESC sequence therefore shows as text:
// "\x1b[2J" prints as `\x1b[2J` and clears nothing.
func Terminal(s string) string { return terminal(s, true) }

// TerminalLine is Terminal for one line of output (a subject, a name in a
// table): newlines and carriage returns show as \n and \r too.
func TerminalLine(s string) string { return terminal(s, false) }

func terminal(s string, keepNewlines bool) string {
	if isPlain(s, keepNewlines) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case (r == '\n' || r == '\t') && keepNewlines:
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case r >= 0x80 && r <= 0x9f, isBidi(r):
			b.WriteString(`\u`)
			b.WriteString(hex4(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isPlain reports whether s needs no escaping (the common case, no allocation).
func isPlain(s string, keepNewlines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 { // decode to look for C1, bidi and invalid bytes
			for _, r := range s[i:] {
				if r == utf8.RuneError || (r >= 0x80 && r <= 0x9f) || isBidi(r) || r < 0x20 && !(keepNewlines && (r == '\n' || r == '\t')) || r == 0x7f {
					return false
				}
			}
			return utf8.ValidString(s[i:])
		}
		if c == 0x7f || c < 0x20 && !(keepNewlines && (c == '\n' || c == '\t')) {
			return false
		}
	}
	return true
}

// isBidi: embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
func isBidi(r rune) bool { return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) }

const hexDigits = "0123456789abcdef"

func hex2(c byte) string { return string([]byte{hexDigits[c>>4], hexDigits[c&15]}) }

func hex4(r rune) string {
	return string([]byte{hexDigits[r>>12&15], hexDigits[r>>8&15], hexDigits[r>>4&15], hexDigits[r&15]})
}

// Slack returns s as literal text in Slack mrkdwn: &, < and > are escaped as
// Slack documents (so "<!channel>", "<@U123>" and "<https://x|label>" show
// as typed and do nothing), and control characters other than newline and
// tab are dropped (invalid UTF-8 becomes U+FFFD).
func Slack(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidi(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SlackLine is Slack for one line: newlines become spaces.
func SlackLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(Slack(s))
}

// SlackLink returns a mrkdwn link <url|label> that stays one link whatever
// url and label hold: in url, "|", "<", ">" and spaces are percent-encoded
// (a "|" would otherwise end the URL and start a label of the sender's
// choosing) and "&" is escaped; in the label, &, <, > are escaped and "|" is
// replaced by "¦". A url that is not http(s) is shown as text, not linked.
func SlackLink(url, label string) string {
	label = strings.ReplaceAll(SlackLine(label), "|", "¦")
	lower := strings.ToLower(url)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") {
		if url == "" {
			return label
		}
		return label + " (" + SlackLine(url) + ")"
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(url, "\uFFFD") {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '|':
			b.WriteString("%7C")
		case r == '<':
			b.WriteString("%3C")
		case r == '>':
			b.WriteString("%3E")
		case r == ' ':
			b.WriteString("%20")
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidi(r):
		default:
			b.WriteRune(r)
		}
	}
	return "<" + b.String() + "|" + label + ">"
}

// SlackQuoted is Slack for text that may use mrkdwn's block quotes: a "> "
// (or ">") at the start of a line stays a quote marker; every other &, <, >
// is escaped. For messages composed by us around outside text, such as alerts.
func SlackQuoted(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, ">"); ok {
			lines[i] = ">" + Slack(rest)
		} else {
			lines[i] = Slack(l)
		}
	}
	return strings.Join(lines, "\n")
}
