package campaign

import (
	"regexp"
)

// Intent is what a creator's message means for the collaboration.
type Intent string

const (
	IntentAccept  Intent = "accept"
	IntentDecline Intent = "decline"
	// IntentLink carries a URL: a draft while a draft is awaited, the live
	// post while publication is awaited.
	IntentLink    Intent = "link"
	IntentUnclear Intent = "unclear"
	// IntentCounter proposes another fee (Reply.Counter).
	IntentCounter Intent = "counter"
)

// Reply is a creator's message as the workflow receives it (signal payload).
type Reply struct {
	Text      string `json:"text"`
	Intent    Intent `json:"intent"`
	URL       string `json:"url,omitempty"`
	MessageID string `json:"message_id,omitempty"`
	From      string `json:"from,omitempty"`
	// Counter is the fee a counter-offer asks for; an empty currency means
	// the creator wrote none and the offer's currency applies.
	Counter *Money `json:"counter,omitempty"`
	// LinkKind reads a link as LinkDraft or LinkPublished (the workflow
	// still takes a link by its stage).
	LinkKind string `json:"link_kind,omitempty"`
	// Question marks an unclear reply that asks something: ops should answer.
	Question bool `json:"question,omitempty"`
}

var urlRE = regexp.MustCompile(`https?://[^\s<>"')\]]+`)

// ClassifyReply reads a creator's plain-text reply (quoted history already
// stripped). Declines win over accepts ("yes, but I'll pass" is a decline) and
// a link wins over both, because a link is what the later stages wait for.
// This is the spine's classifier; the inbound-email parser refines it.
func ClassifyReply(text string) Reply { return Classify(text) }
