package campaign

import (
	"encoding/json"
	"fmt"
	"slices"
)

// The compact shortlist: what a campaign workflow carries of its shortlist.
//
// A shortlist travels as one Temporal payload (the ShortlistCreators result,
// the "shortlist" query, the Slack approval request), and a payload may not
// exceed 2 MB (Temporal Cloud's limit, the dev server's default). A full
// Assessment — the creator with audience maps, rate card and follower
// history, five components each with its reason — is 2–3 KB: 5,000 of them
// are 10+ MB. So the activity stores the full shortlist in PostgreSQL (where
// `starter shortlist show` reads it) and the workflow gets Compacted(): the
// first ShortlistDetailTop ranked (and excluded) entries in full, and for
// every other ranked creator one row with what the campaign uses — the
// creator's platform, handle, name, email and followers (the tier follows),
// score, rate and red flags — encoded as a JSON array under named columns
// instead of an object per creator: ≈ 146 B a creator from a realistic roster
// with a flag on a quarter of them (activities.TestShortlistOf5000FitsThePayloadLimit),
// against ≈ 1,700 B in full and ≈ 300 B as a trimmed object.
//
// A compact shortlist encodes to and decodes from that form by itself
// (MarshalJSON/UnmarshalJSON), so workflow code reads Ranked as before; a
// full shortlist (Compact false: the store, the preview, recorded histories)
// encodes as it always did.

// ShortlistDetailTop is how many of the best ranked and excluded entries a
// compact shortlist keeps in full (components and reasons), e.g. for a card.
const ShortlistDetailTop = 10

// compactColumns name the fields of a compact row, in order.
var compactColumns = []string{"platform", "handle", "name", "email", "followers", "score", "rate", "flags"}

// Compacted returns the shortlist as a workflow carries it: the first
// ShortlistDetailTop ranked entries whole, the other ranked entries with only
// what a compact row carries (of the creator: platform, handle, name, email,
// followers; the tier, score, rate and flags — no profile, no components and
// reasons); the first ShortlistDetailTop excluded entries whole and the
// others only counted in ExcludedNotListed.
// A shortlist with nothing to leave out is returned as it is (not Compact).
// The receiver is not changed.
func (s Shortlist) Compacted() Shortlist {
	if len(s.Ranked) <= ShortlistDetailTop && len(s.Excluded) <= ShortlistDetailTop {
		return s
	}
	out := s
	out.Compact = true
	out.Ranked = make([]Assessment, len(s.Ranked))
	for i, a := range s.Ranked {
		if i >= ShortlistDetailTop {
			a = a.compact()
		}
		out.Ranked[i] = a
	}
	if len(s.Excluded) > ShortlistDetailTop {
		out.Excluded = slices.Clone(s.Excluded[:ShortlistDetailTop])
		out.ExcludedNotListed += len(s.Excluded) - ShortlistDetailTop
	}
	return out
}

// compact keeps what a compact row carries: of the creator what a
// collaboration uses (platform, handle, name, email, followers — not the
// averages, country, categories or profile), the score, rate and flags.
func (a Assessment) compact() Assessment {
	c := a.Creator
	return Assessment{Creator: Creator{Platform: c.Platform, Handle: c.Handle, Name: c.Name, Email: c.Email, Followers: c.Followers},
		Tier: a.Tier, Score: a.Score, Flags: a.Flags, Rate: a.Rate}
}

// shortlistJSON is the ordinary encoding (no methods: no recursion).
type shortlistJSON Shortlist

type shortlistWire struct {
	CampaignID        string       `json:"campaign_id"`
	Considered        int          `json:"considered"`
	BeyondSize        int          `json:"beyond_size"`
	ExcludedNotListed int          `json:"excluded_not_listed,omitempty"`
	Compact           *compactWire `json:"compact"`
	Excluded          []Assessment `json:"excluded,omitempty"`
	Detail            []Assessment `json:"detail,omitempty"` // the first ranked, in full
}

// compactWire is the ranked creators after Detail, one row each.
type compactWire struct {
	Columns []string     `json:"columns"`
	Rows    []compactRow `json:"rows"`
}

type compactRow struct{ a Assessment }

// MarshalJSON encodes a compact shortlist in its compact form, any other as usual.
func (s Shortlist) MarshalJSON() ([]byte, error) {
	if !s.Compact {
		return json.Marshal(shortlistJSON(s))
	}
	w := shortlistWire{CampaignID: s.CampaignID, Considered: s.Considered, BeyondSize: s.BeyondSize,
		ExcludedNotListed: s.ExcludedNotListed, Excluded: s.Excluded, Compact: &compactWire{Columns: compactColumns}}
	for i, a := range s.Ranked {
		if i < ShortlistDetailTop {
			w.Detail = append(w.Detail, a)
			continue
		}
		w.Compact.Rows = append(w.Compact.Rows, compactRow{a.compact()})
	}
	if w.Compact.Rows == nil {
		w.Compact.Rows = []compactRow{}
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads both forms; a compact one sets Compact.
func (s *Shortlist) UnmarshalJSON(data []byte) error {
	var probe struct {
		Compact json.RawMessage `json:"compact"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return err
	}
	if len(probe.Compact) == 0 || string(probe.Compact) == "null" {
		var plain shortlistJSON
		if err := json.Unmarshal(data, &plain); err != nil {
			return err
		}
		*s = Shortlist(plain)
		return nil
	}
	var w shortlistWire
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("compact shortlist: %w", err)
	}
	if !slices.Equal(w.Compact.Columns, compactColumns) {
		return fmt.Errorf("compact shortlist: columns %v are not the ones this build reads (%v)", w.Compact.Columns, compactColumns)
	}
	*s = Shortlist{CampaignID: w.CampaignID, Considered: w.Considered, BeyondSize: w.BeyondSize,
		ExcludedNotListed: w.ExcludedNotListed, Excluded: w.Excluded, Compact: true,
		Ranked: make([]Assessment, 0, len(w.Detail)+len(w.Compact.Rows))}
	s.Ranked = append(s.Ranked, w.Detail...)
	for _, r := range w.Compact.Rows {
		s.Ranked = append(s.Ranked, r.a)
	}
	return nil
}

// MarshalJSON writes the row as an array in the order of compactColumns;
// the rate is [amount, currency] or null, a flag [kind, severity, evidence].
func (r compactRow) MarshalJSON() ([]byte, error) {
	c := r.a.Creator
	var rate any
	if r.a.Rate != nil {
		rate = []any{r.a.Rate.Amount, r.a.Rate.Currency}
	}
	flags := make([][3]string, len(r.a.Flags))
	for i, f := range r.a.Flags {
		flags[i] = [3]string{f.Kind, string(f.Severity), f.Evidence}
	}
	return json.Marshal([]any{c.Platform, c.Handle, c.Name, c.Email, c.Followers, r.a.Score, rate, flags})
}

// UnmarshalJSON reads a row written by MarshalJSON.
func (r *compactRow) UnmarshalJSON(data []byte) error {
	var cols []json.RawMessage
	if err := json.Unmarshal(data, &cols); err != nil {
		return fmt.Errorf("a compact shortlist row must be an array: %w", err)
	}
	if len(cols) != len(compactColumns) {
		return fmt.Errorf("a compact shortlist row has %d fields, want %d", len(cols), len(compactColumns))
	}
	var a Assessment
	c := &a.Creator
	var rate []json.RawMessage
	var flags [][3]string
	for i, dst := range []any{&c.Platform, &c.Handle, &c.Name, &c.Email, &c.Followers, &a.Score, &rate, &flags} {
		if err := json.Unmarshal(cols[i], dst); err != nil {
			return fmt.Errorf("compact shortlist row, %s: %w", compactColumns[i], err)
		}
	}
	if len(rate) == 2 {
		var m Money
		if err := json.Unmarshal(rate[0], &m.Amount); err != nil {
			return fmt.Errorf("compact shortlist row, rate amount: %w", err)
		}
		if err := json.Unmarshal(rate[1], &m.Currency); err != nil {
			return fmt.Errorf("compact shortlist row, rate currency: %w", err)
		}
		a.Rate = &m
	}
	for _, f := range flags {
		a.Flags = append(a.Flags, Flag{Kind: f[0], Severity: Severity(f[1]), Evidence: f[2]})
	}
	a.Tier = c.Tier()
	r.a = a
	return nil
}
