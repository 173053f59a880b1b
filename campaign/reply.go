package campaign

// Kinds of link a creator sends: the workflow takes a link as a draft while a
// draft is awaited and as the live post while publication is awaited; the
// kind is the reader's guess, shown to ops.
const (
	LinkDraft     = "draft"
	LinkPublished = "published"
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
	// Confidence (0–1) is how sure the reading is; a person confirmed it
	// when ConfirmedBy is set.
	Confidence  float64 `json:"confidence,omitempty"`
	ConfirmedBy string  `json:"confirmed_by,omitempty"`
	Language    string  `json:"language,omitempty"`
	// CounterRange is the range a counter gave ("1,200.00–1,500.00 USD"),
	// shown to the approver; Counter then holds its lower bound.
	CounterRange string `json:"counter_range,omitempty"`
	// CounterItems are per-item prices a counter named ("reel: 800.00 USD"),
	// Counter then holds their sum.
	CounterItems []string `json:"counter_items,omitempty"`
}
