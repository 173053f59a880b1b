package campaign

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

var handleRE = regexp.MustCompile(`^[a-z0-9_][a-z0-9._]{0,62}$`)

// ParseRosterJSON reads a JSON array of creators and checks each one; the
// error names every bad entry by its position.
func ParseRosterJSON(data []byte) ([]Creator, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var cs []Creator
	if err := dec.Decode(&cs); err != nil {
		return nil, fmt.Errorf("roster: want a JSON array of creators: %w", err)
	}
	if cs == nil {
		return nil, fmt.Errorf("roster: want a JSON array of creators, not null")
	}
	var problems []string
	for i := range cs {
		c := &cs[i]
		c.Normalize()
		if err := c.Validate(); err != nil {
			problems = append(problems, fmt.Sprintf("entry %d (%s): %v", i+1, c.Handle, err))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("roster: %d bad entries, nothing imported:\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
	return cs, nil
}

// Validate checks what the campaign relies on.
func (c Creator) Validate() error {
	var p []string
	if !isPlatform(c.Platform) {
		p = append(p, fmt.Sprintf("platform must be one of %s (got %q)", strings.Join(Platforms, ", "), c.Platform))
	}
	if !handleRE.MatchString(c.Handle) {
		p = append(p, fmt.Sprintf("handle must be lowercase letters, digits, dots or underscores (got %q)", c.Handle))
	}
	if err := CheckAddress(c.Email); err != nil {
		p = append(p, "email "+err.Error())
	}
	if c.Followers < 0 {
		p = append(p, fmt.Sprintf("followers must be >= 0 (got %d)", c.Followers))
	}
	for _, k := range sortedKeys(c.RateCard) { // a JSON roster gives minor units as they are
		if err := CheckAmount(c.RateCard[k].Amount); err != nil {
			p = append(p, fmt.Sprintf("rate_card: %s: %v", k, err))
		}
	}
	p = c.validateProfile(p)
	if len(p) > 0 {
		return fmt.Errorf("%s", strings.Join(p, "; "))
	}
	return nil
}
