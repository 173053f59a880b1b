package email

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"os"
	"path/filepath"
	"strings"
	texttemplate "text/template"
)

//go:embed templates/*.tmpl
var builtin embed.FS

// Data fills a template: the brief's personal fields for one creator.
type Data struct {
	CreatorName  string
	Brand        string
	CampaignName string
	Fee          string
	Deliverables []string
	PostingDate  string
	UsageRights  string
	Disclosure   string
	Pitch        string
	Feedback     string
	DueBy        string
	// Attribution (terms email): the creator's tracking link and promo code; empty if the brief has none.
	TrackingLink string
	PromoCode    string
	// Counter is the creator's counter-offer (counter_proposal, counter_declined).
	Counter string
}

// Rendered is one email's subject and bodies.
type Rendered struct{ Subject, Text, HTML string }

// Templates renders emails by kind. Each kind is one file, <kind>.tmpl, that
// defines "subject", "text" and "html"; a file of that name in the override
// directory replaces the built-in one.
type Templates struct{ overrideDir string }

// NewTemplates checks that every override in dir parses.
func NewTemplates(overrideDir string) (*Templates, error) {
	t := &Templates{overrideDir: overrideDir}
	if overrideDir == "" {
		return t, nil
	}
	files, err := filepath.Glob(filepath.Join(overrideDir, "*.tmpl"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if _, err := t.Render(strings.TrimSuffix(filepath.Base(f), ".tmpl"), Data{}); err != nil {
			return nil, fmt.Errorf("email template %s: %w", f, err)
		}
	}
	return t, nil
}

var funcs = map[string]any{"join": strings.Join}

// Render fills the template of one kind.
func (t *Templates) Render(kind string, d Data) (Rendered, error) {
	src, err := t.source(kind)
	if err != nil {
		return Rendered{}, err
	}
	txt, err := texttemplate.New(kind).Funcs(funcs).Option("missingkey=error").Parse(src)
	if err != nil {
		return Rendered{}, err
	}
	htm, err := htmltemplate.New(kind).Funcs(funcs).Option("missingkey=error").Parse(src)
	if err != nil {
		return Rendered{}, err
	}
	var subj, text, html bytes.Buffer
	if err := txt.ExecuteTemplate(&subj, "subject", d); err != nil {
		return Rendered{}, err
	}
	if err := txt.ExecuteTemplate(&text, "text", d); err != nil {
		return Rendered{}, err
	}
	if err := htm.ExecuteTemplate(&html, "html", d); err != nil {
		return Rendered{}, err
	}
	return Rendered{Subject: strings.TrimSpace(subj.String()), Text: strings.TrimSpace(text.String()) + "\n", HTML: html.String()}, nil
}

func (t *Templates) source(kind string) (string, error) {
	if t.overrideDir != "" {
		if b, err := os.ReadFile(filepath.Join(t.overrideDir, kind+".tmpl")); err == nil {
			return string(b), nil
		}
	}
	b, err := builtin.ReadFile("templates/" + kind + ".tmpl")
	if err != nil {
		return "", fmt.Errorf("email: no template for %q", kind)
	}
	return string(b), nil
}
