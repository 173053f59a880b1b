package email

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode the charsets mail clients use (ISO-8859-x, Windows-125x, …)
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"

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
	// FromCount is how many addresses the From header names (more than one
	// cannot be matched to one creator).
	FromCount int
	// AuthResults are the Authentication-Results header values, as received.
	AuthResults []string
	// Malformed lists what the message holds that no mail client sends (NUL
	// bytes in the subject, sender name or body). It is removed from the
	// text; the pipeline quarantines such a message rather than act on
	// repaired text.
	Malformed []string
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
	if in.AutoReply == "" && in.Reading.Intent == reply.Auto && len(in.Reading.Why) > 0 {
		// An away notice typed into a responder that adds no header:
		// recorded as an auto-reply like one that does, never signalled.
		in.AutoReply = in.Reading.Why[0]
	}
}

// Limits on one message's MIME structure. Past them the message is not read
// further: ParseInbound reports a *LimitError and the pipeline quarantines it
// with that reason. They keep a crafted message to linear time and bounded
// memory; real replies are nowhere near them.
const (
	MaxDepth = 20      // multipart levels
	MaxParts = 200     // body parts in all
	maxBody  = 1 << 20 // decoded bytes read from one text part
	// Header lists are capped: a reply needs only a few of each.
	maxAddrs = 50
	maxIDs   = 50
	maxID    = 250 // bytes of one Message-ID; longer ones are replaced by a digest
)

// LimitError says a message broke one of the structure limits.
type LimitError struct{ Reason string }

func (e *LimitError) Error() string { return "email: " + e.Reason }

// ParseInbound parses raw MIME in time linear in its size. On an error it
// still returns what it read of the headers (MessageID always set), so the
// pipeline can store and show the message: the error is *LimitError when the
// structure broke a limit, another error when the headers cannot be read. A
// body it cannot decode leaves Text empty (the reply is unclear). Every string
// it returns is valid UTF-8 without NUL bytes.
func ParseInbound(raw []byte) (Inbound, error) {
	rd := bytes.NewReader(raw)
	br := bufio.NewReader(rd)
	th, herr := textproto.ReadHeader(br)
	if errors.Is(herr, io.EOF) { // headers and no body
		herr = nil
	}
	body := raw[len(raw)-rd.Len()-br.Buffered():]
	h := gomail.Header{Header: message.Header{Header: th}}
	in := Inbound{}
	if id, err := h.MessageID(); err == nil && id != "" {
		in.MessageID = cleanID(id)
	} else {
		in.MessageID = DigestID(raw)
	}
	if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
		in.From, in.FromName = cleanAddr(from[0].Address), cleanLine(from[0].Name)
		in.FromCount = len(from)
		if strings.ContainsRune(from[0].Name+from[0].Address, 0) {
			in.Malformed = append(in.Malformed, "NUL bytes in From")
		}
	} else if v := h.Get("From"); v != "" {
		in.From, in.FromCount = cleanAddr(strings.Trim(lastField(v), "<>")), 1
	}
	for _, k := range []string{"To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"} {
		if list, err := h.AddressList(k); err == nil {
			for _, a := range list {
				in.To = appendNew(in.To, cleanAddr(a.Address))
			}
		}
		for _, v := range h.Values(k) { // Delivered-To is often a bare address the parser rejects
			if a := cleanAddr(strings.Trim(lastField(v), "<>")); strings.Contains(a, "@") {
				in.To = appendNew(in.To, a)
			}
		}
	}
	in.To = capList(in.To, maxAddrs)
	subject, err := h.Subject()
	if err != nil {
		subject = h.Get("Subject")
	}
	in.Subject = cleanLine(subject)
	if strings.ContainsRune(subject, 0) {
		in.Malformed = append(in.Malformed, "NUL bytes in the Subject")
	}
	in.Date, _ = h.Date()
	in.InReplyTo = cleanIDs(h.MsgIDList("In-Reply-To"))
	in.References = cleanIDs(h.MsgIDList("References"))
	for _, v := range capList(h.Values("Authentication-Results"), maxAddrs) {
		in.AuthResults = append(in.AuthResults, CleanText(v))
	}
	in.AutoReply = autoReply(h, in.From, in.Subject)
	unread := func(err error) (Inbound, error) {
		in.Reply = campaign.Reply{Intent: campaign.IntentUnclear, MessageID: in.MessageID, From: in.From}
		return in, err
	}
	if herr != nil {
		return unread(fmt.Errorf("email: unreadable message headers: %s", CleanText(herr.Error())))
	}

	var w walker
	if err := w.walk(h.Header, body, 0); err != nil {
		return unread(err)
	}
	if strings.ContainsRune(w.plain, 0) || strings.ContainsRune(w.html, 0) {
		in.Malformed = append(in.Malformed, "NUL bytes in the body")
	}
	plain, html := CleanText(w.plain), CleanText(w.html)
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

// CleanText makes s storable anywhere: valid UTF-8 (bad bytes become U+FFFD)
// and no NUL, which PostgreSQL text refuses.
func CleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return s
}

// cleanLine is CleanText for one-line header values: control characters
// (line breaks, escapes) become spaces, and the value is capped.
func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, CleanText(s))
	return truncateRunes(strings.TrimSpace(s), 998)
}

func cleanAddr(s string) string { return truncateRunes(strings.ToLower(cleanLine(s)), 320) }

// cleanID keeps a Message-ID as it is when it is printable and short enough
// for the unique index; otherwise a digest of it stands in (still the same
// for the same ID, so duplicates are still recognised).
func cleanID(id string) string {
	if len(id) <= maxID && utf8.ValidString(id) && !strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return "sha256-" + hex.EncodeToString(sum[:16]) + "@message-id.invalid"
}

// cleanIDs drops IDs that cannot be ours (too long, not printable) and keeps
// the first and last of a very long list: our own IDs are the thread's root
// and its latest messages.
func cleanIDs(ids []string, _ error) []string {
	var out []string
	for _, id := range ids {
		if cleanID(id) == id {
			out = append(out, id)
		}
	}
	if len(out) > maxIDs {
		out = append(out[:maxIDs/2:maxIDs/2], out[len(out)-maxIDs/2:]...)
	}
	return out
}

func capList(l []string, n int) []string {
	if len(l) > n {
		return l[:n]
	}
	return l
}

func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if j > n {
			break
		}
		i = j
	}
	return s[:i]
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

// walker takes the first text/plain and the first text/html body that are
// not attachments. It splits multipart bodies itself, on byte slices of the
// raw message, because go-message's reader stacks one reader per nesting
// level, so every byte is read once per level: quadratic in the depth
// (measured: 2,000 levels, 130 KB, took 0.9 s; 50,000 would take hours).
// go-message still parses every header and decodes every body.
type walker struct {
	parts       int
	plain, html string
	havePlain   bool
}

func (w *walker) walk(h message.Header, body []byte, depth int) error {
	ct, params, _ := h.ContentType()
	if strings.HasPrefix(ct, "multipart/") {
		if depth >= MaxDepth {
			return &LimitError{Reason: fmt.Sprintf("MIME parts nested deeper than %d levels; not read", MaxDepth)}
		}
		boundary := params["boundary"]
		if boundary == "" {
			return nil // nothing can be split out of it
		}
		return splitParts(body, boundary, func(part []byte) error {
			if w.parts++; w.parts > MaxParts {
				return &LimitError{Reason: fmt.Sprintf("more than %d MIME parts; not read", MaxParts)}
			}
			ph, pbody, ok := readPart(part)
			if !ok {
				return nil // a part with broken headers is skipped; the others are read
			}
			return w.walk(ph, pbody, depth+1)
		})
	}
	disp, _, _ := h.ContentDisposition()
	if disp == "attachment" || (disp != "inline" && ct != "" && !strings.HasPrefix(ct, "text/")) {
		return nil
	}
	take := func() string {
		e, err := message.New(h, bytes.NewReader(body)) // transfer encoding and charset decoded
		if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
			return ""
		}
		b, _ := io.ReadAll(io.LimitReader(e.Body, maxBody))
		return string(b)
	}
	switch {
	case (ct == "text/plain" || ct == "") && !w.havePlain:
		w.plain, w.havePlain = take(), true
	case ct == "text/html" && w.html == "":
		w.html = take()
	}
	return nil
}

// readPart splits one body part into its header and body.
func readPart(part []byte) (message.Header, []byte, bool) {
	rd := bytes.NewReader(part)
	br := bufio.NewReader(rd)
	th, err := textproto.ReadHeader(br)
	if err != nil && !errors.Is(err, io.EOF) {
		return message.Header{}, nil, false
	}
	return message.Header{Header: th}, part[len(part)-rd.Len()-br.Buffered():], true
}

// splitParts calls fn with each body part of a multipart body (RFC 2046
// 5.1.1), in one pass over the bytes. A delimiter is "--boundary" at the
// start of a line, followed by optional white space and the line end; the
// line break before it belongs to it. A body without the closing delimiter
// ends at the end of the bytes, as mail clients read it.
func splitParts(body []byte, boundary string, fn func([]byte) error) error {
	delim := []byte("--" + boundary)
	start, pos := -1, 0
	for pos < len(body) {
		i := bytes.Index(body[pos:], delim)
		if i < 0 {
			break
		}
		i += pos
		if i > 0 && body[i-1] != '\n' {
			pos = i + 1
			continue
		}
		after := body[i+len(delim):]
		closing := bytes.HasPrefix(after, []byte("--"))
		if closing {
			after = after[2:]
		}
		j := 0
		for j < len(after) && (after[j] == ' ' || after[j] == '\t') {
			j++
		}
		switch {
		case j == len(after):
		case after[j] == '\n':
			j++
		case after[j] == '\r' && j+1 < len(after) && after[j+1] == '\n':
			j += 2
		case !closing: // "--boundaryX": another boundary that starts with ours
			pos = i + 1
			continue
		}
		if start >= 0 {
			end := i
			if end > start && body[end-1] == '\n' {
				end--
				if end > start && body[end-1] == '\r' {
					end--
				}
			}
			if err := fn(body[start:end]); err != nil {
				return err
			}
		}
		if closing {
			return nil
		}
		start = len(body) - len(after) + j
		pos = start
	}
	if start >= 0 {
		return fn(body[start:])
	}
	return nil
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
