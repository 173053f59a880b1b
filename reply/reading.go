// Package reply reads a creator's email reply: what they meant (intent, with
// a confidence), in their own words (quoted history, closing and signature
// removed), the money they asked for, the links they sent and what each is
// for, and the language they wrote in. It is pure text work, no I/O: the
// email package hands it the decoded bodies, the inbox decides what to do
// with the reading. Every verdict carries the cues that decided it, so a
// person can see why.
package reply

import (
	"strconv"
	"strings"

	"github.com/creatorflow/creatorflow/campaign"
)

// Intent is what a reply means.
type Intent string

const (
	Accept    Intent = "accept"
	Decline   Intent = "decline"
	Counter   Intent = "counter"   // asks for another fee (Reading.Ask)
	Question  Intent = "question"  // asks something before deciding
	Draft     Intent = "draft"     // sends a draft link for review
	Published Intent = "published" // sends the live post's link
	Unclear   Intent = "unclear"   // none of the above
	Auto      Intent = "auto"      // an automatic reply: recorded, never acted on
)

// Actionable says whether acting on the intent changes a collaboration.
func (i Intent) Actionable() bool {
	switch i {
	case Accept, Decline, Counter, Draft, Published:
		return true
	}
	return false
}

// Link roles.
const (
	RoleDraft     = "draft"
	RolePublished = "published"
	RoleSignature = "signature" // a profile, portfolio or link-in-bio: never a submission
)

// Link is one http(s) link in the creator's text.
type Link struct {
	URL  string `json:"url"`
	Role string `json:"role"`
}

// Amount is one amount of money the creator wrote.
type Amount struct {
	Money campaign.Money `json:"money"`
	// High is the upper bound of a range ("1.2–1.5k"); zero otherwise.
	High int64 `json:"high,omitempty"`
	// For names what the amount is for ("reel", "stories") when the text says.
	For string `json:"for,omitempty"`
	// Count multiplies a per-item price ("3 stories at 100 each").
	Count int `json:"count,omitempty"`
	// Text is the amount as written.
	Text string `json:"text"`
}

// Total is the amount times its count.
func (a Amount) Total() int64 {
	if a.Count > 1 {
		return a.Money.Amount * int64(a.Count)
	}
	return a.Money.Amount
}

// Message is what Read needs of an email.
type Message struct {
	Plain string // the text/plain body, decoded
	HTML  string // the text/html body, decoded (used when Plain is empty)
	// AutoHeader is why the headers mark the mail automatic (empty: they don't).
	AutoHeader string
	// Offer is the fee we offered, when known: an amount equal to it is not a
	// counter, and a bare "$" or "kr" takes its currency.
	Offer campaign.Money
}

// Reading is what a reply says.
type Reading struct {
	Intent     Intent   `json:"intent"`
	Confidence float64  `json:"confidence"`
	Words      string   `json:"words"`
	Language   string   `json:"language"`
	Amounts    []Amount `json:"amounts,omitempty"`
	// Ask is the fee a counter asks for: the sum of per-item prices, or the
	// lower bound of a range.
	Ask   *campaign.Money `json:"ask,omitempty"`
	Range string          `json:"range,omitempty"` // the range as the approver should see it
	Links []Link          `json:"links,omitempty"`
	// Why lists the cues that decided, in order: what a person reads.
	Why []string `json:"why,omitempty"`
	// Problem is set when something in the reply could not be read safely
	// (an amount out of range); the reply is then held for a person.
	Problem string `json:"problem,omitempty"`
}

// MaxText bounds how much of a reply is read, quoted history included;
// maxWords how much of the creator's own words are classified.
const (
	MaxText  = 64 << 10
	maxWords = 8 << 10
)

// Threshold is the confidence below which an actionable reading is held for
// a person instead of acted on.
const Threshold = 0.8

// Sure says whether the reading may be acted on without a person.
func (r Reading) Sure() bool {
	return !r.Intent.Actionable() || (r.Confidence >= Threshold && r.Problem == "")
}

// Link returns the first link of a role, or "".
func (r Reading) Link(role string) string {
	for _, l := range r.Links {
		if l.Role == role {
			return l.URL
		}
	}
	return ""
}

// Read reads one reply.
func Read(m Message) Reading {
	text := m.Plain
	if strings.TrimSpace(text) == "" && m.HTML != "" {
		text = HTMLToText(m.HTML)
	}
	return ReadText(text, m)
}

// ReadText reads a reply already in plain text (m's bodies are ignored).
func ReadText(text string, m Message) Reading {
	long := len(text) > MaxText
	if long { // a reply is a few paragraphs; past this it is a document, read in part and held
		text = strings.ToValidUTF8(text[:MaxText], "")
	}
	parts := Split(text)
	if len(parts.Words) > maxWords { // a person's answer, not a document: read the start, hold for a person
		parts.Words, long = strings.ToValidUTF8(parts.Words[:maxWords], ""), true
	}
	r := Reading{Words: parts.Words, Language: Language(parts.Words)}
	r.Links = links(parts)
	if m.AutoHeader != "" {
		r.Intent, r.Confidence, r.Why = Auto, 0.99, []string{"headers: " + m.AutoHeader}
		return r
	}
	classify(&r, m.Offer)
	if long && r.Problem == "" {
		r.Problem = "the reply is too long to read whole: only its start was read"
	}
	if why := autoBody(cueText(parts.Words)); why != "" {
		// An away notice typed into a responder: never acted on. If it
		// also reads as an answer, a person decides.
		if r.Intent.Actionable() {
			r.Confidence = min(r.Confidence, 0.5)
			r.Why = append(r.Why, "but it reads like an away notice too ("+why+"): a person should look")
			return r
		}
		r.Intent, r.Confidence, r.Why = Auto, 0.9, []string{"automatic reply in the body: " + why}
		r.Amounts, r.Ask, r.Range = nil, nil, ""
	}
	return r
}

// Reply turns a reading into the signal the collaboration workflow takes.
func (r Reading) Reply() campaign.Reply {
	out := campaign.Reply{Text: r.Words, Intent: campaign.IntentUnclear, Confidence: r.Confidence, Language: r.Language,
		CounterRange: r.Range}
	switch r.Intent {
	case Accept:
		out.Intent = campaign.IntentAccept
	case Decline:
		out.Intent = campaign.IntentDecline
	case Counter:
		out.Intent, out.Counter = campaign.IntentCounter, r.Ask
		for _, a := range r.Amounts {
			if a.For != "" {
				out.CounterItems = append(out.CounterItems, itemText(a))
			}
		}
	case Draft:
		out.Intent, out.URL, out.LinkKind = campaign.IntentLink, r.Link(RoleDraft), campaign.LinkDraft
	case Published:
		out.Intent, out.URL, out.LinkKind = campaign.IntentLink, r.Link(RolePublished), campaign.LinkPublished
		if out.URL == "" {
			out.URL = liveProfileLink(&r, r.Words)
		}
	case Question:
		out.Question = true
	}
	return out
}

func itemText(a Amount) string {
	s := a.Money.String()
	if a.Count > 1 {
		s = strings.TrimSuffix(s, " "+a.Money.Currency) + " × " + strconv.Itoa(a.Count) + " " + a.Money.Currency
	}
	return a.For + ": " + s
}

// Classify reads a plain-text reply with no offer known and returns the
// signal it makes: the short path tests and the `starter act` command use.
func Classify(text string) campaign.Reply { return ReadText(text, Message{}).Reply() }
