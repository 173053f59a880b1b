package campaign

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// Brand safety: labels from data sources, normalised against the documented
// taxonomy in brandsafety.yaml, each with a severity.

//go:embed brandsafety.yaml
var brandSafetyYAML []byte

// Label severities of the brand-safety taxonomy.
const (
	LabelSevere  = "severe"
	LabelWarning = "warning"
	LabelNote    = "note"
)

// SafetyLabel is a label of the brand-safety taxonomy.
type SafetyLabel struct {
	Name     string
	Severity string
}

// SafetyTaxonomy maps label spellings to labels.
type SafetyTaxonomy struct {
	bySpelling map[string]*SafetyLabel
	noise      map[string]bool
}

// SafetyLabels is the embedded brand-safety taxonomy.
var SafetyLabels = mustSafety(brandSafetyYAML)

func mustSafety(data []byte) *SafetyTaxonomy {
	t, err := ParseSafetyTaxonomy(data)
	if err != nil {
		panic("campaign/brandsafety.yaml: " + err.Error())
	}
	return t
}

// ParseSafetyTaxonomy reads a brand-safety taxonomy file.
func ParseSafetyTaxonomy(data []byte) (*SafetyTaxonomy, error) {
	var f struct {
		Noise  []string `yaml:"noise"`
		Labels map[string]struct {
			Severity string   `yaml:"severity"`
			Also     []string `yaml:"also"`
		} `yaml:"labels"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	t := &SafetyTaxonomy{bySpelling: map[string]*SafetyLabel{}, noise: map[string]bool{}}
	for _, n := range f.Noise {
		t.noise[strings.ToLower(n)] = true
	}
	for _, name := range sortedKeys(f.Labels) {
		l := f.Labels[name]
		if l.Severity != LabelSevere && l.Severity != LabelWarning && l.Severity != LabelNote {
			return nil, fmt.Errorf("label %s: severity must be severe, warning or note (got %q)", name, l.Severity)
		}
		sl := &SafetyLabel{Name: name, Severity: l.Severity}
		for _, s := range append([]string{name}, l.Also...) {
			k := strings.Join(t.words(s), " ")
			if prev, dup := t.bySpelling[k]; dup && prev != sl {
				return nil, fmt.Errorf("%q means both %s and %s", s, prev.Name, name)
			}
			t.bySpelling[k] = sl
		}
	}
	return t, nil
}

// words splits a label into its meaningful words: after a "source:" prefix,
// on anything but letters, digits and +, without noise words and numbers.
func (t *SafetyTaxonomy) words(s string) []string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexByte(s, ':'); i >= 0 && i < len(s)-1 {
		s = s[i+1:]
	}
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' }) {
		if t.noise[w] || strings.TrimFunc(w, unicode.IsDigit) == "" {
			continue
		}
		out = append(out, w)
	}
	return out
}

// Normalize finds the label a raw label means, or nil when it is not in the taxonomy.
func (t *SafetyTaxonomy) Normalize(raw string) *SafetyLabel {
	if l, ok := t.bySpelling[raw]; ok {
		return l
	}
	ws := t.words(raw)
	if l, ok := t.bySpelling[strings.Join(ws, " ")]; ok {
		return l
	}
	// Word by word, the most severe wins: "alcohol and drugs" is drugs.
	var best *SafetyLabel
	for _, w := range ws {
		if l, ok := t.bySpelling[w]; ok && (best == nil || severityRank(l.Severity) > severityRank(best.Severity)) {
			best = l
		}
	}
	return best
}

func severityRank(s string) int {
	switch s {
	case LabelSevere:
		return 2
	case LabelWarning:
		return 1
	}
	return 0
}

// brandSafety flags a creator's labels: severe ones (by the taxonomy or the
// brief's brand_safety_exclude) exclude, warnings explain, notes only show.
// It returns the flags and the labels noted (for the alignment reason).
func (v *vetter) brandSafety(c *Creator, ex explain) (flags []Flag, penalised int, notes []string) {
	for _, raw := range c.BrandSafety {
		l := SafetyLabels.Normalize(raw)
		if l == nil {
			penalised++
			flags = append(flags, Flag{Kind: FlagBrandSafety, Severity: Warning,
				Evidence: ex.f("content labelled %q, a label not in the brand-safety taxonomy (campaign/brandsafety.yaml): check it", raw)})
			continue
		}
		sev := l.Severity
		byBrief := v.safetyExclude[l.Name]
		if byBrief {
			sev = LabelSevere
		}
		if sev == LabelNote {
			if ex {
				notes = append(notes, l.Name)
			}
			continue
		}
		penalised++
		f := Flag{Kind: FlagBrandSafety, Severity: Warning}
		if sev == LabelSevere {
			f.Severity = Severe
		}
		if ex {
			f.Evidence = "content labelled " + l.Name
			if raw != l.Name {
				f.Evidence += fmt.Sprintf(" (source label %q)", raw)
			}
			switch {
			case byBrief:
				f.Evidence += " (excluded by the brief)"
			case sev == LabelSevere:
				f.Evidence += " (severe in the brand-safety taxonomy)"
			}
		}
		flags = append(flags, f)
	}
	return flags, penalised, notes
}
