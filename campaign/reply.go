package campaign

import (
	"regexp"
	"strings"
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
)

// Reply is a creator's message as the workflow receives it (signal payload).
type Reply struct {
	Text      string `json:"text"`
	Intent    Intent `json:"intent"`
	URL       string `json:"url,omitempty"`
	MessageID string `json:"message_id,omitempty"`
	From      string `json:"from,omitempty"`
}

var (
	urlRE     = regexp.MustCompile(`https?://[^\s<>"')\]]+`)
	declineRE = regexp.MustCompile(`(?i)\b(not interested|no thanks|no, thanks|not for me|decline|pass on this|i'?ll pass|we'?ll pass|can'?t do|cannot do|unsubscribe|not available)\b`)
	acceptRE  = regexp.MustCompile(`(?i)\b(yes|yep|sure|deal|accept|accepted|agree|agreed|sounds good|i'?m in|count me in|happy to|love to|let'?s do it|works for me)\b`)
)

// ClassifyReply reads a creator's plain-text reply (quoted history already
// stripped). Declines win over accepts ("yes, but I'll pass" is a decline) and
// a link wins over both, because a link is what the later stages wait for.
// This is the spine's classifier; the inbound-email parser refines it.
func ClassifyReply(text string) Reply {
	r := Reply{Text: strings.TrimSpace(text), Intent: IntentUnclear}
	switch {
	case urlRE.MatchString(text):
		r.Intent = IntentLink
		r.URL = strings.TrimRight(urlRE.FindString(text), ".,;:!?")
	case declineRE.MatchString(text):
		r.Intent = IntentDecline
	case acceptRE.MatchString(text):
		r.Intent = IntentAccept
	}
	return r
}
