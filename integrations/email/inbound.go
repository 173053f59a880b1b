package email

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode the charsets mail clients use (ISO-8859-x, Windows-125x, …)
	gomail "github.com/emersion/go-message/mail"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/reply"
)

// Inbound is one received email as the parser understands it. Both doors —
// the IMAP poller and the provider webhook — hand raw MIME to ParseInbound.
type Inbound struct {
	MessageID  string // without angle brackets; a digest of the raw bytes when the message has none
	From       string // sender address, lower case
	FromName   string
	To         []string // To, Cc, Delivered-To and X-Original-To addresses, lower case
	Subject    string
	Date       time.Time
	InReplyTo  []string
	References []string
	// AutoReply says why the message is an automatic one (out of office,
	// bulk, bounce); empty for a person's reply.
	AutoReply string
	// Body is what the reply reader needs of the message.
	Body reply.Message
	// Reading is what the creator said; Text their own words (quoted
	// history, closing and signature removed); Reply the signal it makes.
	Reading reply.Reading
	Text    string
	Reply   campaign.Reply
}

// Read (re)reads the reply knowing the fee we offered: an amount equal to
// it is not a counter, and a bare "$" or "kr" takes its currency.
func (in *Inbound) Read(offer campaign.Money) {
	in.Body.Offer = offer
	in.Reading = reply.Read(in.Body)
	in.Text = in.Reading.Words
	in.Reply = in.Reading.Reply()
	in.Reply.MessageID, in.Reply.From = in.MessageID, in.From
}

// maxBody bounds how much of one body part is read.
const maxBody = 1 << 20

// ParseInbound parses raw MIME. It fails only when the headers cannot be read
// at all; a body it cannot decode leaves Text empty (the reply is unclear).
func ParseInbound(raw []byte) (Inbound, error) {
	mr, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil && mr == nil {
		return Inbound{}, fmt.Errorf("email: unreadable message: %w", err)
	}
	h := mr.Header
	in := Inbound{}
	if id, err := h.MessageID(); err == nil && id != "" {
		in.MessageID = id
	} else {
		in.MessageID = DigestID(raw)
	}
	if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
		in.From, in.FromName = strings.ToLower(from[0].Address), from[0].Name
	} else if v := h.Get("From"); v != "" {
		in.From = strings.ToLower(strings.Trim(lastField(v), "<>"))
	}
	for _, k := range []string{"To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"} {
		if list, err := h.AddressList(k); err == nil {
			for _, a := range list {
				in.To = appendNew(in.To, strings.ToLower(a.Address))
			}
		}
		for _, v := range h.Values(k) { // Delivered-To is often a bare address the parser rejects
			if a := strings.ToLower(strings.Trim(lastField(v), "<>")); strings.Contains(a, "@") {
				in.To = appendNew(in.To, a)
			}
		}
	}
	in.Subject, _ = h.Subject()
	in.Date, _ = h.Date()
	in.InReplyTo, _ = h.MsgIDList("In-Reply-To")
	in.References, _ = h.MsgIDList("References")
	in.AutoReply = autoReply(h, in.From, in.Subject)

	var plain, html string
	walk(mr, &plain, &html)
	in.Body = reply.Message{Plain: plain, HTML: html, AutoHeader: in.AutoReply}
	in.Read(campaign.Money{})
	return in, nil
}

// DigestID stands in for the Message-ID of a message that has none: the same
// bytes always get the same ID, so a duplicate delivery is still recognised.
func DigestID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return "sha256-" + hex.EncodeToString(sum[:16]) + "@inbound.invalid"
}

func lastField(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// walk takes the first text/plain and the first text/html body that are not attachments.
func walk(mr *gomail.Reader, plain, html *string) {
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil && !message.IsUnknownCharset(err) {
			return
		}
		if p == nil {
			return
		}
		ih, ok := p.Header.(*gomail.InlineHeader)
		if !ok {
			continue
		}
		ct, _, _ := ih.ContentType()
		b, _ := io.ReadAll(io.LimitReader(p.Body, maxBody))
		switch {
		case ct == "text/plain" && *plain == "":
			*plain = string(b)
		case ct == "text/html" && *html == "":
			*html = string(b)
		case ct == "" && *plain == "":
			*plain = string(b)
		}
	}
}

var autoSubjectRE = regexp.MustCompile(`(?i)^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|auto:|autoreply|away from (the )?office|vacation|abwesenheit|abwesend|automatische antwort|respuesta autom[aá]tica|fuera de la oficina|ausente|r[ée]ponse automatique|absence du bureau|absent|delivery status notification|undeliver(ed|able)|mail delivery failed|returned mail)`)

// autoReply recognises machine-sent mail by its headers (RFC 3834
// Auto-Submitted, Precedence, the X-Autoreply family, bounce reports) and by
// the subjects out-of-office replies carry in the common languages.
func autoReply(h gomail.Header, from, subject string) string {
	if v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return "Auto-Submitted: " + v
	}
	switch v := strings.ToLower(strings.TrimSpace(h.Get("Precedence"))); v {
	case "bulk", "auto_reply", "junk", "list":
		return "Precedence: " + v
	}
	for _, k := range []string{"X-Autoreply", "X-Autorespond"} {
		if v := h.Get(k); v != "" {
			return k + ": " + v
		}
	}
	if ct, _, _ := h.ContentType(); ct == "multipart/report" {
		return "delivery report"
	}
	if local, _, _ := strings.Cut(from, "@"); local == "mailer-daemon" || local == "postmaster" {
		return "from " + local
	}
	if autoSubjectRE.MatchString(subject) {
		return "subject: " + subject
	}
	return ""
}
