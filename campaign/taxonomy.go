package campaign

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// The category taxonomy (taxonomy.yaml, embedded): a tree of content
// categories with their other spellings, so a skincare creator matches a
// beauty brief and "Skin-Care", "skin care" and "skincare" are one thing.

//go:embed taxonomy.yaml
var taxonomyYAML []byte

// Category is a node of the taxonomy.
type Category struct {
	Name   string
	Path   string // "beauty/skincare"
	Parent *Category
	depth  int
}

// Taxonomy maps spellings to categories.
type Taxonomy struct {
	bySpelling map[string]*Category
	nodes      []*Category
}

type taxNode struct {
	Also  []string           `yaml:"also"`
	Under map[string]taxNode `yaml:"under"`
}

// Categories is the embedded taxonomy; a broken file fails the build's tests
// and the program at start, never a campaign halfway.
var Categories = mustTaxonomy(taxonomyYAML)

func mustTaxonomy(data []byte) *Taxonomy {
	t, err := ParseTaxonomy(data)
	if err != nil {
		panic("campaign/taxonomy.yaml: " + err.Error())
	}
	return t
}

// ParseTaxonomy reads a taxonomy file; a spelling that means two categories is an error.
func ParseTaxonomy(data []byte) (*Taxonomy, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var root map[string]taxNode
	if err := dec.Decode(&root); err != nil {
		return nil, err
	}
	t := &Taxonomy{bySpelling: map[string]*Category{}}
	var add func(name string, n taxNode, parent *Category) error
	add = func(name string, n taxNode, parent *Category) error {
		c := &Category{Name: normCategory(name), Parent: parent}
		c.Path = c.Name
		if parent != nil {
			c.Path, c.depth = parent.Path+"/"+c.Name, parent.depth+1
		}
		t.nodes = append(t.nodes, c)
		for _, s := range append([]string{name}, n.Also...) {
			k := normCategory(s)
			if prev, dup := t.bySpelling[k]; dup && prev != c {
				return fmt.Errorf("%q means both %s and %s", s, prev.Path, c.Path)
			}
			t.bySpelling[k] = c
		}
		for _, child := range sortedKeys(n.Under) {
			if err := add(child, n.Under[child], c); err != nil {
				return err
			}
		}
		return nil
	}
	for _, name := range sortedKeys(root) {
		if err := add(name, root[name], nil); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// normCategory lower-cases and turns separators into single spaces.
func normCategory(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.IndexFunc(s, func(r rune) bool { return strings.ContainsRune("-_/&.+", r) || r == ' ' }) < 0 {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" \t-_/&.+", r) }), " ")
}

// Lookup finds the category a spelling means, or nil.
func (t *Taxonomy) Lookup(s string) *Category {
	if c, ok := t.bySpelling[s]; ok { // the common case: already normal
		return c
	}
	k := normCategory(s)
	if c, ok := t.bySpelling[k]; ok {
		return c
	}
	if c, ok := t.bySpelling[strings.TrimSuffix(k, "s")]; ok {
		return c
	}
	// "makeup tutorials", "skin care routine": the longest known first words.
	ws := strings.Fields(k)
	for n := len(ws) - 1; n >= 1; n-- {
		if c, ok := t.bySpelling[strings.Join(ws[:n], " ")]; ok {
			return c
		}
	}
	return nil
}

// under reports whether c is a or lies under it.
func (c *Category) under(a *Category) bool {
	for x := c; x != nil; x = x.Parent {
		if x == a {
			return true
		}
	}
	return false
}

// Category match strengths (documented in taxonomy.yaml).
const (
	matchSame     = 1.0
	matchBroader  = 0.6
	matchSibling  = 0.4
	matchExactRaw = 1.0
)

// categoryMatch scores a creator's category against a wanted one and names
// the path it matched through ("" when it did not).
func categoryMatch(have string, haveC *Category, want string, wantC *Category) (float64, string) {
	switch {
	case haveC == nil || wantC == nil:
		if normCategory(have) == normCategory(want) {
			return matchExactRaw, normCategory(want)
		}
		return 0, ""
	case haveC.under(wantC):
		return matchSame, haveC.Path
	case wantC.under(haveC):
		return matchBroader, wantC.Path + " (creator broader: " + haveC.Path + ")"
	case haveC.Parent != nil && haveC.Parent == wantC.Parent:
		return matchSibling, haveC.Path + " (sibling of " + wantC.Path + ")"
	}
	return 0, ""
}

// CategoryKeys are what the store indexes of a creator's categories: each
// one's normal spelling and, when the taxonomy knows it, its path. Stored at
// import; MatchKeys gives the keys a brand category matches, so the store can
// filter in SQL what categoryMatch would score above 0.
func CategoryKeys(cats []string) []string {
	out := make([]string, 0, 2*len(cats))
	for _, s := range cats {
		k := normCategory(s)
		if !oneOf(k, out) {
			out = append(out, k)
		}
		if c := Categories.Lookup(s); c != nil && !oneOf(c.Path, out) {
			out = append(out, c.Path)
		}
	}
	return out
}

// MatchKeys are the CategoryKeys that match want at all: its normal
// spelling, and for a known category the path and every spelling of itself,
// what lies under it, its ancestors and its siblings.
func (t *Taxonomy) MatchKeys(want string) []string {
	keys := map[string]bool{normCategory(want): true}
	if c := t.Lookup(want); c != nil {
		for k, n := range t.bySpelling {
			if n.under(c) || c.under(n) || (c.Parent != nil && n.Parent == c.Parent) {
				keys[k], keys[n.Path] = true, true
			}
		}
	}
	return sortedKeys(keys)
}
